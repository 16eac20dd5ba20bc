// /v1/intake: the entry of every sales channel's orders (202 once the delivery is durable), the
// deliveries' state, dead letters and their replay, source health and failure triage.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>
#include <cctype>
#include <chrono>

#include "common/json_fields.hpp"
#include "common/money.hpp"
#include "rules/schedule.hpp"
#include "common/json_write.hpp"
#include "server/api.hpp"

namespace affinity {
namespace json = boost::json;
namespace {

// Headers never kept in the inbox: credentials.
bool IsSecretHeader(std::string_view lower_name) {
  return lower_name == "authorization" || lower_name == "cookie" ||
         lower_name == "proxy-authorization";
}

json::value Time(std::int64_t t) {
  return t ? json::value(FormatIsoTime(t)) : json::value(nullptr);
}

json::object FailureToJson(const IntakeFailure& f) {
  json::object o{{"id", f.id},
                 {"delivery", f.delivery},
                 {"channel", f.channel},
                 {"account", f.account},
                 {"kind", FailureKindName(f.kind)},
                 {"class", IntakeErrorClassName(f.error.error_class)},
                 {"stage", f.error.stage},
                 {"field", f.error.field},
                 {"message", f.error.message},
                 {"attempts", f.attempts},
                 {"first_failure_at", Time(f.first_failure_at)},
                 {"last_failure_at", Time(f.last_failure_at)},
                 {"state", FailureStateName(f.state)}};
  o["order_id"] = f.order_id.empty() ? json::value(nullptr) : json::value(f.order_id);
  if (!f.currency.empty()) {
    o["value"] = FormatMinorUnits(f.value_minor, f.currency);
    o["currency"] = f.currency;
  }
  if (f.state != FailureState::kOpen) {
    o["closed_at"] = Time(f.closed_at);
    o["closed_by"] = f.closed_by;
  }
  return o;
}

json::object DeliveryToJson(const InboxEntry& e) {
  json::object o{{"id", e.id},
                 {"channel", e.delivery.channel},
                 {"account", e.delivery.account},
                 {"source", e.source},
                 {"state", DeliveryStateName(e.state)},
                 {"attempts", e.attempts},
                 {"received_at", Time(e.delivery.received_at)},
                 {"processed_at", Time(e.processed_at)},
                 {"orders_stored", e.stored_orders},
                 {"bytes", e.delivery.body.size()}};
  o["delivery_id"] = e.delivery_id.empty() ? json::value(nullptr) : json::value(e.delivery_id);
  if (e.state == DeliveryState::kPending && e.attempts > 0) {
    o["next_attempt_at"] = Time(e.next_attempt_at);
  }
  return o;
}

// The payload and headers as received, for a dead letter's detail.
void AddPayload(const InboxEntry& e, json::object* o) {
  (*o)["payload"] = e.delivery.body;
  json::object headers;
  for (const auto& [name, value] : e.delivery.headers.values()) headers[name] = value;
  (*o)["headers"] = std::move(headers);
}

// The filter of the dead-letter list and of a replay: channel, account, class, from, to.
Status ReadFilter(JsonFields& f, FailureFilter* filter) {
  if (auto v = f.String("channel")) filter->channel = *v;
  if (auto v = f.String("account")) filter->account = *v;
  if (auto v = f.String("class")) {
    filter->error_class = ParseIntakeErrorClass(*v);
    if (!filter->error_class) {
      f.AddError("class", "must be transient, unresolved or permanent, got '" + *v + "'");
    }
  }
  for (const char* key : {"from", "to"}) {
    if (auto v = f.String(key)) {
      Result<std::int64_t> t = ParseIsoTime(*v);
      if (!t.ok())
        f.AddError(key, t.status().message());
      else
        (std::string_view(key) == "from" ? filter->from : filter->to) = *t;
    }
  }
  return f.status();
}

// Query parameters as a JSON object of strings, for ReadFilter.
json::object QueryObject(const RequestContext& ctx) {
  json::object o;
  for (const auto& [k, v] : ctx.query) o[k] = v;
  return o;
}

}  // namespace

void AddIntakeRoutes(Router& router, ApiContext& api) {
  IntakeService& intake = api.intake;

  router.Add("GET", "/v1/intake/sources", [&intake, &api](RequestContext& ctx) {
    auto sources = intake.Sources();
    if (!sources.ok()) return Problem(sources.status(), ctx.path);
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    json::array items;
    for (const SourceHealth& h : *sources) {
      const SourceStats& s = h.stats;
      json::object o{{"channel", s.channel},
                     {"account", s.account},
                     {"status", h.failing ? "failing" : "ok"},
                     {"reasons", json::value_from(h.reasons)},
                     {"received", s.received},
                     {"backlog", s.backlog},
                     {"retrying", s.retrying},
                     {"parked", s.parked},
                     {"dead_letters", s.dead_letters},
                     {"error_rate", h.error_rate},
                     {"recent_processed", s.recent_processed},
                     {"recent_failed", s.recent_failed},
                     {"last_success_at", Time(s.last_success_at)},
                     {"last_failure_at", Time(s.last_failure_at)},
                     {"signed", api.webhook_secrets.Find(s.channel, s.account).has_value()}};
      o["oldest_dead_letter_at"] = Time(s.oldest_dead_letter_at);
      o["oldest_dead_letter_age_seconds"] =
          s.oldest_dead_letter_at
              ? json::value(std::max<std::int64_t>(0, now - s.oldest_dead_letter_at))
              : json::value(nullptr);
      o["oldest_pending_at"] = Time(s.oldest_pending_at);
      items.push_back(std::move(o));
    }
    return HttpReply::Json(200, {{"items", std::move(items)}});
  });

  router.Add("GET", "/v1/intake/failures", [&intake](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"limit"}); !st.ok()) return Problem(st, ctx.path);
    auto limit = ctx.QueryInt("limit", 50, 1, 1000);
    if (!limit.ok()) return Problem(limit.status(), ctx.path);
    auto groups = intake.Triage();
    if (!groups.ok()) return Problem(groups.status(), ctx.path);
    json::array items;
    for (const FailureGroup& g : *groups) {
      if (items.size() >= static_cast<std::size_t>(*limit)) break;
      json::object value;
      for (const auto& [currency, minor] : g.value_minor) {
        if (!currency.empty()) value[currency] = FormatMinorUnits(minor, currency);
      }
      items.push_back(json::object{{"cause", g.cause},
                                   {"kind", FailureKindName(g.kind)},
                                   {"class", IntakeErrorClassName(g.error_class)},
                                   {"stage", g.stage},
                                   {"field", g.field},
                                   {"example", g.example},
                                   {"orders", g.orders},
                                   {"value", std::move(value)},
                                   {"oldest_at", Time(g.oldest_at)},
                                   {"latest_at", Time(g.latest_at)},
                                   {"sources", json::value_from(g.sources)},
                                   {"failure_ids", json::value_from(g.failure_ids)},
                                   {"impact", g.impact},
                                   {"action", g.action}});
    }
    return HttpReply::Json(200, {{"groups", groups->size()}, {"items", std::move(items)}});
  });

  router.Add("GET", "/v1/intake/replays", [&intake](RequestContext& ctx) {
    auto limit = ctx.QueryInt("limit", 50, 1, 1000);
    if (!limit.ok()) return Problem(limit.status(), ctx.path);
    auto replays = intake.Replays(static_cast<std::size_t>(*limit));
    if (!replays.ok()) return Problem(replays.status(), ctx.path);
    json::array items;
    for (const ReplayRecord& r : *replays) {
      items.push_back(json::object{{"id", r.id},
                                   {"at", Time(r.at)},
                                   {"dry_run", r.dry_run},
                                   {"request", r.request},
                                   {"dead_letters", json::value_from(r.failures)},
                                   {"deliveries", json::value_from(r.deliveries)},
                                   {"summary", r.summary}});
    }
    return HttpReply::Json(200, {{"items", std::move(items)}});
  });

  router.Add("GET", "/v1/intake/dead-letters", [&intake](RequestContext& ctx) {
    if (Status st =
            ctx.RejectUnknownQuery({"channel", "account", "class", "from", "to", "state", "limit"});
        !st.ok()) {
      return Problem(st, ctx.path);
    }
    auto limit = ctx.QueryInt("limit", 100, 1, 1000);
    if (!limit.ok()) return Problem(limit.status(), ctx.path);
    FailureFilter filter;
    filter.kind = FailureKind::kDeadLetter;
    filter.limit = static_cast<std::size_t>(*limit);
    json::object q = QueryObject(ctx);
    q.erase("limit");
    std::optional<std::string> state = ctx.Query("state");
    q.erase("state");
    JsonFields f(q);
    if (Status st = ReadFilter(f, &filter); !st.ok()) return Problem(st, ctx.path);
    if (state && *state == "any") {
      filter.state = std::nullopt;
    } else if (state) {
      filter.state = ParseFailureState(*state);
      if (!filter.state) {
        return Problem(Status::InvalidArgument(fmt::format(
                           "query parameter 'state' must be open, replayed, resolved or any, "
                           "got '{}'",
                           *state)),
                       ctx.path);
      }
    }
    auto failures = intake.Failures(filter);
    if (!failures.ok()) return Problem(failures.status(), ctx.path);
    json::array items;
    for (const IntakeFailure& x : *failures) items.push_back(FailureToJson(x));
    return HttpReply::Json(200, {{"items", std::move(items)}});
  });

  router.Add("GET", "/v1/intake/dead-letters/{id}", [&intake](RequestContext& ctx) {
    auto id = ParsePathId(ctx.params[0], "dead letter");
    if (!id.ok()) return Problem(id.status(), ctx.path);
    FailureFilter filter;
    filter.ids = {static_cast<std::int64_t>(*id)};
    filter.state = std::nullopt;
    filter.kind = FailureKind::kDeadLetter;
    auto found = intake.Failures(filter);
    if (!found.ok()) return Problem(found.status(), ctx.path);
    if (found->empty()) {
      return Problem(Status::NotFound(fmt::format("dead letter {} does not exist", *id)), ctx.path);
    }
    json::object o = FailureToJson(found->front());
    auto delivery = intake.Delivery(found->front().delivery);
    if (!delivery.ok()) return Problem(delivery.status(), ctx.path);
    if (*delivery) AddPayload((*delivery)->entry, &o);
    return HttpReply::Json(200, o);
  });

  router.Add("POST", "/v1/intake/dead-letters:replay", [&intake, &api](RequestContext& ctx) {
    auto body = ctx.JsonObject();
    if (!body.ok()) return Problem(body.status(), ctx.path);
    ReplayRequest request;
    request.request_json = std::string(ctx.body);
    JsonFields f(*body);
    if (auto v = f.Bool("dry_run")) request.dry_run = *v;
    const json::value* ids = f.Raw("ids");
    const json::value* filter = f.Raw("filter");
    f.RejectUnknown();
    if (Status st = f.status(); !st.ok()) return Problem(st, ctx.path);
    if (!ids == !filter) {
      return Problem(Status::InvalidArgument(
                         "give either \"ids\": [dead-letter ids] or \"filter\": {\"channel\", "
                         "\"account\", \"class\", \"from\", \"to\"} ({} selects every open one)"),
                     ctx.path);
    }
    if (ids) {
      if (!ids->is_array() || ids->as_array().empty()) {
        return Problem(Status::InvalidArgument("'ids' must be a non-empty array of integers"),
                       ctx.path);
      }
      for (const json::value& v : ids->as_array()) {
        if (!v.is_int64() || v.as_int64() < 1) {
          return Problem(Status::InvalidArgument(fmt::format(
                             "'ids' must hold positive integers, got {}", DescribeJson(v))),
                         ctx.path);
        }
        request.ids.push_back(v.as_int64());
      }
    } else {
      if (!filter->is_object()) {
        return Problem(Status::InvalidArgument("'filter' must be an object"), ctx.path);
      }
      JsonFields ff(filter->as_object());
      Status st = ReadFilter(ff, &request.filter);
      ff.RejectUnknown();
      if (st.ok()) st = ff.status();
      if (!st.ok()) return Problem(Status::InvalidArgument("filter: " + st.message()), ctx.path);
    }
    auto report = intake.Replay(request);
    if (!report.ok()) return Problem(report.status(), ctx.path);
    json::array items;
    for (const ReplayItem& item : report->items) {
      json::object o{{"dead_letter", item.failure.id},
                     {"delivery", item.failure.delivery},
                     {"outcome", item.outcome}};
      o["order_id"] =
          item.failure.order_id.empty() ? json::value(nullptr) : json::value(item.failure.order_id);
      if (report->dry_run) o["orders"] = item.orders;
      if (!item.error.empty()) o["error"] = item.error;
      items.push_back(std::move(o));
    }
    json::object result{{"replay", report->id},
                        {"dry_run", report->dry_run},
                        {"deliveries_requeued", report->deliveries},
                        {"items", std::move(items)}};
    if (!report->dry_run) {
      // A replay changes what is stored: audited, with what was asked and what it did.
      const AuditEntry entry{.at_ms = NowMillis(),
                             .actor = CurrentAudit().actor,
                             .action = "replay",
                             .entity = "intake_replay",
                             .entity_id = std::to_string(report->id),
                             .before = std::string(ctx.body),
                             .after = ToJsonText(result)};
      if (Status st = api.trust.AppendAudit(entry); !st.ok()) {
        spdlog::warn("replay {} was not audited: {}", report->id, st.message());
      }
    }
    return HttpReply::Json(report->dry_run ? 200 : 202, result);
  });

  router.Add("GET", "/v1/intake/deliveries/{id}", [&intake](RequestContext& ctx) {
    auto id = ParsePathId(ctx.params[0], "delivery");
    if (!id.ok()) return Problem(id.status(), ctx.path);
    auto view = intake.Delivery(static_cast<std::int64_t>(*id));
    if (!view.ok()) return Problem(view.status(), ctx.path);
    if (!*view) {
      return Problem(Status::NotFound(fmt::format("delivery {} does not exist", *id)), ctx.path);
    }
    json::object o = DeliveryToJson((*view)->entry);
    json::array failures;
    for (const IntakeFailure& x : (*view)->failures) failures.push_back(FailureToJson(x));
    o["failures"] = std::move(failures);
    return HttpReply::Json(200, o);
  });

  router.Add("POST", "/v1/intake/{channel}", [&intake](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"account"}); !st.ok()) return Problem(st, ctx.path);
    RawDelivery delivery;
    delivery.channel = ctx.params[0];
    delivery.account = ctx.Query("account").value_or("default");
    delivery.body = std::string(ctx.body);
    ctx.ForEachHeader([&delivery](std::string_view name, std::string_view value) {
      std::string lower(name);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!IsSecretHeader(lower)) delivery.headers.Set(lower, std::string(value));
    });
    auto receipt = intake.Receive(std::move(delivery), "http");
    if (!receipt.ok()) return Problem(receipt.status(), ctx.path);
    json::object o{{"delivery", receipt->delivery},
                   {"status", receipt->duplicate ? "duplicate" : "accepted"}};
    o["delivery_id"] =
        receipt->delivery_id.empty() ? json::value(nullptr) : json::value(receipt->delivery_id);
    const std::string location = fmt::format("/v1/intake/deliveries/{}", receipt->delivery);
    return HttpReply::Json(receipt->duplicate ? 200 : 202, o).Header("Location", location);
  });
}

}  // namespace affinity

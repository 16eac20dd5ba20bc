// The audit trail (GET /v1/audit, filtered and paged, newest first) and the versions it keeps:
// GET /v1/rules/{id}/versions, POST /v1/rules/{id}:restore, GET /v1/relationships/{id}/versions.
#include <fmt/format.h>

#include <boost/json/parse.hpp>

#include "common/json_fields.hpp"
#include "rules/schedule.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

boost::json::value ParsedOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  return ec ? boost::json::value(text) : v;
}

boost::json::object EntryJson(const AuditEntry& e) {
  return {{"id", e.id},
          {"at", FormatMillis(e.at_ms)},
          {"actor", e.actor},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"before", ParsedOrNull(e.before)},
          {"after", ParsedOrNull(e.after)}};
}

// An ISO 8601 time query parameter as Unix milliseconds (0 when absent).
Result<std::int64_t> TimeParam(const RequestContext& ctx, std::string_view key) {
  auto v = ctx.Query(key);
  if (!v) return std::int64_t{0};
  auto t = ParseIsoTime(*v);
  if (!t.ok()) {
    return Status::InvalidArgument(
        fmt::format("query parameter '{}': {}", key, t.status().message()));
  }
  return *t * 1000;
}

// Every audited version of one entity, newest first (at most 1000).
Result<std::vector<AuditEntry>> History(TrustStore& trust, std::string entity, std::string id) {
  AuditQuery q;
  q.entity = std::move(entity);
  q.entity_id = std::move(id);
  q.limit = 1000;
  return trust.QueryAudit(q);
}

HttpReply Versions(TrustStore& trust, RequestContext& ctx, const char* entity, const char* what) {
  auto entries = History(trust, entity, ctx.params[0]);
  if (!entries.ok()) return Problem(entries.status(), ctx.path);
  if (entries->empty()) {
    return Problem(
        Status::NotFound(fmt::format("{} '{}' has no recorded history", what, ctx.params[0])),
        ctx.path);
  }
  boost::json::array items;
  for (const AuditEntry& e : *entries) {
    boost::json::value state = ParsedOrNull(e.after);
    boost::json::object item{{"audit_id", e.id},   {"at", FormatMillis(e.at_ms)},
                             {"actor", e.actor},   {"action", e.action},
                             {"version", nullptr}, {"state", state}};
    if (state.is_object()) {
      if (auto* v = state.as_object().if_contains("version")) item["version"] = *v;
    }
    items.push_back(std::move(item));
  }
  return HttpReply::Json(200, {{"items", std::move(items)}});
}

}  // namespace

void AddHistoryRoutes(Router& router, ApiContext& api) {
  TrustStore& trust = api.trust;

  router.Add("GET", "/v1/audit", [&trust](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery(
            {"entity", "id", "key", "actor", "from", "to", "before", "limit"});
        !st.ok()) {
      return Problem(st, ctx.path);
    }
    AuditQuery q;
    q.entity = ctx.Query("entity").value_or("");
    q.entity_id = ctx.Query("id").value_or("");
    q.actor = ctx.Query("key").value_or(ctx.Query("actor").value_or(""));
    auto from = TimeParam(ctx, "from");
    auto to = TimeParam(ctx, "to");
    auto before = ctx.QueryInt("before", 0, 0, std::numeric_limits<std::int64_t>::max());
    auto limit = ctx.QueryInt("limit", 100, 1, 1000);
    for (const Status* st : {&from.status(), &to.status(), &before.status(), &limit.status()}) {
      if (!st->ok()) return Problem(*st, ctx.path);
    }
    q.from_ms = *from;
    q.to_ms = *to;
    q.before_id = *before;
    q.limit = static_cast<std::size_t>(*limit);
    auto entries = trust.QueryAudit(q);
    if (!entries.ok()) return Problem(entries.status(), ctx.path);
    boost::json::array items;
    for (const AuditEntry& e : *entries) items.push_back(EntryJson(e));
    boost::json::object o{{"items", std::move(items)}, {"next", nullptr}};
    if (entries->size() == q.limit) {
      // The cursor: the next page holds the entries older than the last one here.
      std::string next = fmt::format("/v1/audit?before={}&limit={}", entries->back().id, q.limit);
      for (const char* key : {"entity", "id", "key", "actor", "from", "to"}) {
        if (auto v = ctx.Query(key)) next += fmt::format("&{}={}", key, *v);
      }
      o["next"] = next;
    }
    return HttpReply::Json(200, o);
  });

  router.Add("GET", "/v1/rules/{id}/versions",
             [&trust](RequestContext& ctx) { return Versions(trust, ctx, "rule", "rule"); });

  router.Add("GET", "/v1/relationships/{id}/versions", [&trust](RequestContext& ctx) {
    return Versions(trust, ctx, "relationship", "relationship");
  });

  // Brings back the rule as it was at `version` (the newest audited state with that version
  // number; `audit_id` picks one exactly). The restore is itself a new version, audited as such.
  router.Add("POST", "/v1/rules/{id}:restore", [&api](RequestContext& ctx) {
    auto body = ctx.JsonObject();
    if (!body.ok()) return Problem(body.status(), ctx.path);
    JsonFields f(*body);
    auto version = f.Int("version");
    auto audit_id = f.Int("audit_id");
    f.RejectUnknown();
    if (!version && !audit_id) f.AddError("version", "give the version to restore (or audit_id)");
    if (Status st = f.status(); !st.ok()) return Problem(st, ctx.path);
    auto entries = History(api.trust, "rule", ctx.params[0]);
    if (!entries.ok()) return Problem(entries.status(), ctx.path);
    const AuditEntry* chosen = nullptr;
    std::vector<std::string> known;
    for (const AuditEntry& e : *entries) {
      boost::json::value state = ParsedOrNull(e.after);
      if (!state.is_object()) continue;
      const auto* v = state.as_object().if_contains("version");
      const std::int64_t n = v && v->is_int64() ? v->as_int64() : 0;
      known.push_back(std::to_string(n));
      if (!chosen && ((audit_id && e.id == *audit_id) || (!audit_id && n == *version))) {
        chosen = &e;
      }
    }
    if (!chosen) {
      return Problem(
          Status::NotFound(fmt::format(
              "rule '{}' has no recorded {} {}; recorded versions: {}", ctx.params[0],
              audit_id ? "audit entry" : "version", audit_id ? *audit_id : *version,
              known.empty() ? std::string("none") : fmt::format("{}", fmt::join(known, ", ")))),
          ctx.path);
    }
    boost::json::object state = ParsedOrNull(chosen->after).as_object();
    state.erase("version");
    auto rule = RuleFromJson(state, ctx.params[0]);
    if (!rule.ok()) return Problem(rule.status(), ctx.path);
    AuditScope restore(CurrentAudit().actor, "restore");
    auto report = api.engine.PutRule(std::move(rule).value(), false);
    if (!report.ok()) return Problem(report.status(), ctx.path);
    if (!report->valid) {
      return Problem(422, "invalid_rule",
                     fmt::format("rule '{}' as of audit entry {} no longer passes the checks "
                                 "against today's catalog; nothing was restored",
                                 ctx.params[0], chosen->id),
                     ctx.path);
    }
    boost::json::object o = RuleToJson(report->rule);
    o["restored_from"] = {{"audit_id", chosen->id}, {"at", FormatMillis(chosen->at_ms)}};
    return HttpReply::Json(200, o).Header("ETag", ETag(report->rule.version));
  });
}

}  // namespace affinity

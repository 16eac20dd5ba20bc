// IntakeService: options, replay, source health and triage.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/json_fields.hpp"
#include "intake/intake_service.hpp"

namespace affinity {
namespace {

// A source whose recent deliveries fail at least this often, over at least kMinSample of them.
constexpr double kFailingErrorRate = 0.5;
constexpr std::int64_t kMinSample = 3;
// A backlog whose oldest delivery waits longer than this is stalled.
constexpr std::int64_t kStalledSeconds = 300;

}  // namespace

Result<IntakeOptions> IntakeOptions::FromJson(const boost::json::object& json) {
  IntakeOptions o;
  JsonFields f(json);
  auto object = [&](const char* key) -> const boost::json::object* {
    const boost::json::value* v = f.Raw(key);
    if (!v) return nullptr;
    if (!v->is_object()) f.AddError(key, "must be an object");
    return v->if_object();
  };
  const boost::json::object* profiles = object("profiles");
  const boost::json::object* csv = object("csv_columns");
  const boost::json::object* retry = object("retry");
  if (auto v = f.Int("batch")) {
    if (*v < 1 || *v > 10000)
      f.AddError("batch", "must be between 1 and 10000");
    else
      o.batch = static_cast<std::size_t>(*v);
  }
  if (auto v = f.Int("health_window_seconds")) {
    if (*v < 1)
      f.AddError("health_window_seconds", "must be at least 1");
    else
      o.health_window_seconds = *v;
  }
  f.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(f.status());
  if (profiles) {
    Result<ValidationProfiles> p = ValidationProfiles::FromJson(*profiles);
    if (!p.ok()) return p.status();
    o.profiles = std::move(p).value();
  }
  if (csv) {
    for (const auto& [account, mapping] : *csv) {
      if (!mapping.is_object()) {
        return Status::InvalidArgument(
            fmt::format("csv_columns '{}': must be an object", std::string(account)));
      }
      Result<CsvColumnMapping> m = CsvColumnMapping::FromJson(mapping.as_object());
      if (!m.ok()) {
        return Status::InvalidArgument(
            fmt::format("csv_columns '{}': {}", std::string(account), m.status().message()));
      }
      o.csv_columns.emplace(std::string(account), std::move(m).value());
    }
  }
  if (retry) {
    Result<RetryPolicy> r = RetryPolicy::FromJson(*retry);
    if (!r.ok()) return Status::InvalidArgument("retry: " + r.status().message());
    o.retry = *r;
  }
  return o;
}

Result<std::optional<DeliveryView>> IntakeService::Delivery(std::int64_t id) {
  Result<std::optional<InboxEntry>> entry = inbox_.Get(id);
  if (!entry.ok()) return entry.status();
  if (!*entry) return std::optional<DeliveryView>();
  FailureFilter filter;
  filter.state = std::nullopt;
  filter.delivery = id;
  Result<std::vector<IntakeFailure>> failures = inbox_.Failures(filter);
  if (!failures.ok()) return failures.status();
  return std::optional<DeliveryView>(DeliveryView{std::move(**entry), std::move(*failures)});
}

Result<std::vector<IntakeFailure>> IntakeService::Failures(const FailureFilter& filter) {
  return inbox_.Failures(filter);
}

Result<ReplayReport> IntakeService::Replay(const ReplayRequest& request) {
  FailureFilter filter = request.filter;
  if (!request.ids.empty()) {
    filter = FailureFilter();
    filter.ids = request.ids;
  }
  filter.state = FailureState::kOpen;
  filter.kind = FailureKind::kDeadLetter;
  Result<std::vector<IntakeFailure>> selected = inbox_.Failures(filter);
  if (!selected.ok()) return selected.status();
  if (selected->empty()) {
    return Status::InvalidArgument(
        request.ids.empty()
            ? "no open dead letter matches the filter; GET /v1/intake/dead-letters lists them"
            : "none of the ids is an open dead letter; GET /v1/intake/dead-letters lists them");
  }
  ReplayReport report;
  report.dry_run = request.dry_run;
  ReplayRecord record;
  record.at = Now();
  record.dry_run = request.dry_run;
  record.request = request.request_json;
  for (const IntakeFailure& f : *selected) record.failures.push_back(f.id);

  if (request.dry_run) {
    // Run the pipeline on each delivery once, as it would run now, and read each failure's fate.
    std::map<std::int64_t, DeliveryOutcome> outcomes;
    std::size_t would_store = 0;
    for (const IntakeFailure& f : *selected) {
      if (!outcomes.contains(f.delivery)) {
        Result<std::optional<InboxEntry>> entry = inbox_.Get(f.delivery);
        if (!entry.ok()) return entry.status();
        if (!*entry) return Status::Internal(fmt::format("delivery {} is missing", f.delivery));
        outcomes[f.delivery] = Work(**entry).outcome;
      }
      const DeliveryOutcome& o = outcomes[f.delivery];
      ReplayItem item{f, "would_store", o.accepted.size(), ""};
      for (const IntakeFailure& again : o.failures) {
        if (!f.order_id.empty() && again.order_id != f.order_id) continue;
        item.outcome = again.kind == FailureKind::kParked ? "would_park" : "would_fail";
        item.error = again.error.message;
        break;
      }
      if (item.outcome == "would_store") ++would_store;
      report.items.push_back(std::move(item));
    }
    record.summary = fmt::format("dry run: {} dead letter(s), {} would be stored", selected->size(),
                                 would_store);
    Result<std::int64_t> id = inbox_.RecordReplay(record);
    if (!id.ok()) return id.status();
    report.id = *id;
    return report;
  }

  std::set<std::int64_t> deliveries;
  for (const IntakeFailure& f : *selected) {
    deliveries.insert(f.delivery);
    report.items.push_back(ReplayItem{f, "requeued", 0, ""});
  }
  record.summary =
      fmt::format("{} dead letter(s), {} deliveries requeued", selected->size(), deliveries.size());
  Result<std::int64_t> id = inbox_.Requeue(record.failures, "replay", record.at, record);
  if (!id.ok()) return id.status();
  report.id = *id;
  report.deliveries = deliveries.size();
  {
    std::lock_guard lock(worker_mu_);
    kicked_ = true;
    wake_.notify_one();
  }
  return report;
}

Result<std::vector<ReplayRecord>> IntakeService::Replays(std::size_t limit) {
  return inbox_.Replays(limit);
}

Result<std::vector<SourceHealth>> IntakeService::Sources() {
  const std::int64_t now = Now();
  Result<std::vector<SourceStats>> stats = inbox_.Sources(now - options_.health_window_seconds);
  if (!stats.ok()) return stats.status();
  std::vector<SourceHealth> out;
  for (SourceStats& s : *stats) {
    SourceHealth h;
    if (s.recent_processed > 0) {
      h.error_rate = static_cast<double>(s.recent_failed) / static_cast<double>(s.recent_processed);
    }
    if (s.recent_processed >= kMinSample && h.error_rate >= kFailingErrorRate) {
      h.reasons.push_back(
          fmt::format("{} of the last {} deliveries failed", s.recent_failed, s.recent_processed));
    }
    if (s.retrying > 0 && s.last_failure_at >= s.last_success_at) {
      h.reasons.push_back(
          fmt::format("{} deliveries are being retried after transient errors", s.retrying));
    }
    if (s.oldest_pending_at > 0 && now - s.oldest_pending_at > kStalledSeconds) {
      h.reasons.push_back(fmt::format("the oldest of {} waiting deliveries arrived {} s ago",
                                      s.backlog, now - s.oldest_pending_at));
    }
    h.failing = !h.reasons.empty();
    h.stats = std::move(s);
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<std::string> IntakeService::FailingSources() {
  const std::int64_t now = Now();
  std::lock_guard lock(health_mu_);
  if (health_at_ != now) {
    health_at_ = now;
    failing_.clear();
    Result<std::vector<SourceHealth>> sources = Sources();
    if (!sources.ok()) {
      failing_.push_back("intake inbox: " + sources.status().message());
    } else {
      for (const SourceHealth& h : *sources) {
        if (h.failing) failing_.push_back(h.stats.channel + "/" + h.stats.account);
      }
    }
  }
  return failing_;
}

Result<std::vector<FailureGroup>> IntakeService::Triage() {
  FailureFilter open;
  open.limit = 1'000'000;
  Result<std::vector<IntakeFailure>> failures = inbox_.Failures(open);
  if (!failures.ok()) return failures.status();
  return RankFailures(*failures, Now());
}

}  // namespace affinity

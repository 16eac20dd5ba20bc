#include "intake/memory_inbox_store.hpp"

#include <algorithm>
#include <set>

namespace affinity {
namespace {

bool Matches(const IntakeFailure& f, const FailureFilter& q) {
  if (!q.ids.empty() && std::find(q.ids.begin(), q.ids.end(), f.id) == q.ids.end()) return false;
  if (!q.channel.empty() && f.channel != q.channel) return false;
  if (!q.account.empty() && f.account != q.account) return false;
  if (q.kind && f.kind != *q.kind) return false;
  if (q.error_class && f.error.error_class != *q.error_class) return false;
  if (q.state && f.state != *q.state) return false;
  if (f.last_failure_at < q.from) return false;
  if (q.to != 0 && f.last_failure_at >= q.to) return false;
  if (q.delivery != 0 && f.delivery != q.delivery) return false;
  return true;
}

}  // namespace

void MemoryInboxStore::FailNext(int n, Status status) {
  std::lock_guard lock(mu_);
  fail_next_ = n;
  fail_status_ = std::move(status);
}

std::optional<Status> MemoryInboxStore::TakeFailureLocked() {
  if (fail_next_ <= 0) return std::nullopt;
  --fail_next_;
  return fail_status_;
}

Result<AppendOutcome> MemoryInboxStore::Append(const InboxEntry& entry) {
  std::lock_guard lock(mu_);
  if (auto st = TakeFailureLocked()) return *st;
  if (!entry.delivery_id.empty()) {
    for (const auto& [id, e] : entries_) {
      if (e.delivery_id == entry.delivery_id && e.delivery.channel == entry.delivery.channel &&
          e.delivery.account == entry.delivery.account) {
        return AppendOutcome{id, true};
      }
    }
  }
  const std::int64_t id = entries_.empty() ? 1 : entries_.rbegin()->first + 1;
  InboxEntry stored = entry;
  stored.id = id;
  entries_[id] = std::move(stored);
  return AppendOutcome{id, false};
}

Result<std::optional<InboxEntry>> MemoryInboxStore::Get(std::int64_t id) {
  std::lock_guard lock(mu_);
  if (auto st = TakeFailureLocked()) return *st;
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::optional<InboxEntry>();
  return std::optional<InboxEntry>(it->second);
}

Result<std::vector<InboxEntry>> MemoryInboxStore::Due(std::int64_t now, std::size_t limit) {
  std::lock_guard lock(mu_);
  if (auto st = TakeFailureLocked()) return *st;
  std::vector<InboxEntry> out;
  for (const auto& [id, e] : entries_) {
    if (out.size() >= limit) break;
    if (e.state == DeliveryState::kPending && e.next_attempt_at <= now) out.push_back(e);
  }
  return out;
}

Status MemoryInboxStore::Settle(const std::vector<Settlement>& settlements) {
  std::lock_guard lock(mu_);
  if (auto st = TakeFailureLocked()) return *st;
  for (const Settlement& s : settlements) {
    if (!entries_.contains(s.delivery)) {
      return Status::NotFound("inbox entry " + std::to_string(s.delivery) + " does not exist");
    }
  }
  for (const Settlement& s : settlements) {
    InboxEntry& e = entries_[s.delivery];
    e.state = s.state;
    e.attempts = s.attempts;
    e.next_attempt_at = s.next_attempt_at;
    e.first_failure_at = s.first_failure_at;
    e.last_failure_at = s.last_failure_at;
    e.processed_at = s.processed_at;
    e.failed = s.failed;
    e.stored_orders = s.stored_orders;
    std::map<std::string, IntakeFailure> superseded;  // by order id
    for (auto& [id, f] : failures_) {
      if (f.delivery != s.delivery || f.state != FailureState::kOpen) continue;
      f.state = FailureState::kResolved;
      f.closed_at = s.processed_at;
      f.closed_by = "superseded";
      superseded[f.order_id] = f;
    }
    for (IntakeFailure f : s.failures) {
      f.id = next_failure_++;
      f.delivery = s.delivery;
      f.state = FailureState::kOpen;
      if (auto it = superseded.find(f.order_id); it != superseded.end()) {
        f.first_failure_at = std::min(f.first_failure_at, it->second.first_failure_at);
        f.attempts += it->second.attempts;
      }
      failures_[f.id] = std::move(f);
    }
    const std::set<std::string> stored(s.stored_order_ids.begin(), s.stored_order_ids.end());
    for (auto& [id, f] : failures_) {
      if (f.state != FailureState::kOpen || f.kind != FailureKind::kParked ||
          f.delivery == s.delivery || !stored.contains(f.order_id)) {
        continue;
      }
      f.state = FailureState::kResolved;
      f.closed_at = s.processed_at;
      f.closed_by = "stored by delivery " + std::to_string(s.delivery);
    }
  }
  return Status::Ok();
}

Result<std::vector<IntakeFailure>> MemoryInboxStore::Failures(const FailureFilter& filter) {
  std::lock_guard lock(mu_);
  if (auto st = TakeFailureLocked()) return *st;
  std::vector<IntakeFailure> out;
  for (const auto& [id, f] : failures_) {
    if (out.size() >= filter.limit) break;
    if (Matches(f, filter)) out.push_back(f);
  }
  return out;
}

Result<std::int64_t> MemoryInboxStore::Requeue(const std::vector<std::int64_t>& failure_ids,
                                               const std::string& closed_by, std::int64_t now,
                                               std::optional<ReplayRecord> record) {
  std::lock_guard lock(mu_);
  if (auto st = TakeFailureLocked()) return *st;
  std::set<std::int64_t> deliveries;
  for (std::int64_t id : failure_ids) {
    auto it = failures_.find(id);
    if (it == failures_.end() || it->second.state != FailureState::kOpen) continue;
    it->second.state = FailureState::kReplayed;
    it->second.closed_at = now;
    it->second.closed_by = closed_by;
    deliveries.insert(it->second.delivery);
  }
  for (std::int64_t d : deliveries) {
    InboxEntry& e = entries_[d];
    e.state = DeliveryState::kPending;
    e.attempts = 0;
    e.next_attempt_at = now;
    e.first_failure_at = 0;
    e.last_failure_at = 0;
  }
  if (!record) return std::int64_t{0};
  record->id = static_cast<std::int64_t>(replays_.size()) + 1;
  record->deliveries.assign(deliveries.begin(), deliveries.end());
  replays_.push_back(*record);
  return record->id;
}

Result<std::int64_t> MemoryInboxStore::RecordReplay(const ReplayRecord& record) {
  std::lock_guard lock(mu_);
  if (auto st = TakeFailureLocked()) return *st;
  ReplayRecord r = record;
  r.id = static_cast<std::int64_t>(replays_.size()) + 1;
  replays_.push_back(std::move(r));
  return replays_.back().id;
}

Result<std::vector<ReplayRecord>> MemoryInboxStore::Replays(std::size_t limit) {
  std::lock_guard lock(mu_);
  if (auto st = TakeFailureLocked()) return *st;
  std::vector<ReplayRecord> out;
  for (auto it = replays_.rbegin(); it != replays_.rend() && out.size() < limit; ++it) {
    out.push_back(*it);
  }
  return out;
}

Result<std::vector<SourceStats>> MemoryInboxStore::Sources(std::int64_t since) {
  std::lock_guard lock(mu_);
  if (auto st = TakeFailureLocked()) return *st;
  std::map<std::pair<std::string, std::string>, SourceStats> by_source;
  auto stats = [&](const std::string& channel, const std::string& account) -> SourceStats& {
    SourceStats& s = by_source[{channel, account}];
    s.channel = channel;
    s.account = account;
    return s;
  };
  for (const auto& [id, e] : entries_) {
    SourceStats& s = stats(e.delivery.channel, e.delivery.account);
    ++s.received;
    if (e.state == DeliveryState::kPending) {
      ++s.backlog;
      if (e.attempts > 0) ++s.retrying;
      if (s.oldest_pending_at == 0 || e.delivery.received_at < s.oldest_pending_at) {
        s.oldest_pending_at = e.delivery.received_at;
      }
    }
    if (e.processed_at == 0) continue;
    if (e.failed)
      s.last_failure_at = std::max(s.last_failure_at, e.processed_at);
    else
      s.last_success_at = std::max(s.last_success_at, e.processed_at);
    if (e.processed_at >= since) {
      ++s.recent_processed;
      if (e.failed) ++s.recent_failed;
    }
  }
  for (const auto& [id, f] : failures_) {
    if (f.state != FailureState::kOpen) continue;
    SourceStats& s = stats(f.channel, f.account);
    if (f.kind == FailureKind::kParked) {
      ++s.parked;
    } else {
      ++s.dead_letters;
      if (s.oldest_dead_letter_at == 0 || f.first_failure_at < s.oldest_dead_letter_at) {
        s.oldest_dead_letter_at = f.first_failure_at;
      }
    }
  }
  std::vector<SourceStats> out;
  for (auto& [key, s] : by_source) out.push_back(std::move(s));
  return out;
}

}  // namespace affinity

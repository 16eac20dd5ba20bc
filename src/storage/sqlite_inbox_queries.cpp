// SqliteInboxStore: failure queries, replay records and per-source counts.
#include <fmt/format.h>

#include <map>

#include "storage/sqlite_inbox_rows.hpp"
#include "storage/sqlite_inbox_store.hpp"

namespace affinity {

Result<std::vector<IntakeFailure>> SqliteInboxStore::Failures(const FailureFilter& filter) {
  std::lock_guard lock(db_mu_);
  return QueryFailures(filter);
}

Result<std::vector<IntakeFailure>> SqliteInboxStore::QueryFailures(const FailureFilter& f) {
  std::string sql = std::string(kFailureColumns) + " WHERE 1";
  // Bound in this order: texts first, then integers.
  std::vector<std::string> texts;
  std::vector<std::int64_t> ints;
  auto text = [&](const char* clause, std::string v) {
    sql += clause;
    texts.push_back(std::move(v));
  };
  if (!f.channel.empty()) text(" AND channel = ?", f.channel);
  if (!f.account.empty()) text(" AND account = ?", f.account);
  if (f.kind) text(" AND kind = ?", FailureKindName(*f.kind));
  if (f.error_class) text(" AND class = ?", IntakeErrorClassName(*f.error_class));
  if (f.state) text(" AND state = ?", FailureStateName(*f.state));
  if (f.from != 0) {
    sql += " AND last_failure_at >= ?";
    ints.push_back(f.from);
  }
  if (f.to != 0) {
    sql += " AND last_failure_at < ?";
    ints.push_back(f.to);
  }
  if (f.delivery != 0) {
    sql += " AND delivery = ?";
    ints.push_back(f.delivery);
  }
  if (!f.ids.empty()) {
    sql += " AND id IN (";
    for (std::size_t i = 0; i < f.ids.size(); ++i) {
      sql += i ? ",?" : "?";
      ints.push_back(f.ids[i]);
    }
    sql += ")";
  }
  sql += " ORDER BY id LIMIT ?";
  ints.push_back(static_cast<std::int64_t>(f.limit));
  auto q = db_->Prepare(sql);
  if (!q.ok()) return q.status();
  int i = 1;
  for (const std::string& t : texts) q->Bind(i++, t);
  for (std::int64_t v : ints) q->Bind(i++, v);
  std::vector<IntakeFailure> out;
  Status st;
  while (q->Step(&st)) out.push_back(ReadFailureRow(*q));
  AFFINITY_RETURN_IF_ERROR(st);
  return out;
}

Result<std::int64_t> SqliteInboxStore::InsertReplay(const ReplayRecord& r) {
  auto insert = db_->Prepare(
      "INSERT INTO intake_replays (at, dry_run, request, failures, deliveries, summary) "
      "VALUES (?,?,?,?,?,?)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, r.at).Bind(2, std::int64_t{r.dry_run}).Bind(3, r.request);
  insert->Bind(4, IdsToText(r.failures)).Bind(5, IdsToText(r.deliveries)).Bind(6, r.summary);
  AFFINITY_RETURN_IF_ERROR(insert->Run());
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_->handle()));
}

Result<std::vector<ReplayRecord>> SqliteInboxStore::Replays(std::size_t limit) {
  std::lock_guard lock(db_mu_);
  auto q = db_->Prepare(
      "SELECT id, at, dry_run, request, failures, deliveries, summary FROM intake_replays "
      "ORDER BY id DESC LIMIT ?");
  if (!q.ok()) return q.status();
  q->Bind(1, static_cast<std::int64_t>(limit));
  std::vector<ReplayRecord> out;
  Status st;
  while (q->Step(&st)) {
    ReplayRecord r;
    r.id = q->Int(0);
    r.at = q->Int(1);
    r.dry_run = q->Int(2) != 0;
    r.request = q->Text(3);
    r.failures = IdsFromText(q->Text(4));
    r.deliveries = IdsFromText(q->Text(5));
    r.summary = q->Text(6);
    out.push_back(std::move(r));
  }
  AFFINITY_RETURN_IF_ERROR(st);
  return out;
}

Result<std::vector<SourceStats>> SqliteInboxStore::Sources(std::int64_t since) {
  std::lock_guard lock(db_mu_);
  std::map<std::pair<std::string, std::string>, SourceStats> by_source;
  auto stats = [&](std::string channel, std::string account) -> SourceStats& {
    SourceStats& s = by_source[{channel, account}];
    s.channel = std::move(channel);
    s.account = std::move(account);
    return s;
  };
  auto deliveries = db_->Prepare(
      "SELECT channel, account, COUNT(*), "
      "  SUM(state = 'pending'), SUM(state = 'pending' AND attempts > 0), "
      "  MIN(CASE WHEN state = 'pending' THEN received_at END), "
      "  MAX(CASE WHEN processed_at > 0 AND NOT failed THEN processed_at END), "
      "  MAX(CASE WHEN processed_at > 0 AND failed THEN processed_at END), "
      "  SUM(processed_at >= ?1 AND processed_at > 0), "
      "  SUM(processed_at >= ?1 AND processed_at > 0 AND failed) "
      "FROM inbox GROUP BY channel, account");
  if (!deliveries.ok()) return deliveries.status();
  deliveries->Bind(1, since);
  Status st;
  while (deliveries->Step(&st)) {
    SourceStats& s = stats(deliveries->Text(0), deliveries->Text(1));
    s.received = deliveries->Int(2);
    s.backlog = deliveries->Int(3);
    s.retrying = deliveries->Int(4);
    s.oldest_pending_at = deliveries->Int(5);  // NULL reads as 0
    s.last_success_at = deliveries->Int(6);
    s.last_failure_at = deliveries->Int(7);
    s.recent_processed = deliveries->Int(8);
    s.recent_failed = deliveries->Int(9);
  }
  AFFINITY_RETURN_IF_ERROR(st);
  auto failures = db_->Prepare(
      "SELECT channel, account, SUM(kind = 'parked'), SUM(kind = 'dead_letter'), "
      "  MIN(CASE WHEN kind = 'dead_letter' THEN first_failure_at END) "
      "FROM intake_failures WHERE state = 'open' GROUP BY channel, account");
  if (!failures.ok()) return failures.status();
  while (failures->Step(&st)) {
    SourceStats& s = stats(failures->Text(0), failures->Text(1));
    s.parked = failures->Int(2);
    s.dead_letters = failures->Int(3);
    s.oldest_dead_letter_at = failures->Int(4);
  }
  AFFINITY_RETURN_IF_ERROR(st);
  std::vector<SourceStats> out;
  for (auto& [key, s] : by_source) out.push_back(std::move(s));
  return out;
}

}  // namespace affinity

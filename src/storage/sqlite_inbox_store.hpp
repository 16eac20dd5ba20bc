// SqliteInboxStore: the embedded InboxStore, in <data_dir>/intake.db, a file of its own: a slow
// catalog or order write never delays the append a 202 waits for, and the inbox can be copied or
// inspected on its own. WAL mode, synchronous=FULL: once Append returns OK the delivery survives
// kill -9 and power loss.
//
// Group commit: HTTP handlers call Append concurrently. Callers queue their entry; one of them (the
// leader) writes everything queued in ONE transaction, the others wait for it and get their own
// outcome. So N concurrent deliveries cost one fsync, not N, without an extra thread. When the
// transaction fails, every caller of the group gets the error and none of the group is written.
//
// Schema (CREATE TABLE IF NOT EXISTS on open):
//   inbox(id PK, channel, account, delivery_id, source, headers JSON, body BLOB, received_at,
//         state, attempts, next_attempt_at, first_failure_at, last_failure_at, processed_at,
//         failed, stored_orders)  -- UNIQUE (channel, account, delivery_id) where delivery_id <> ''
//   intake_failures(id PK, delivery, channel, account, order_id, kind, class, stage, field,
//         message, cause, value_minor, currency, attempts, first_failure_at, last_failure_at,
//         state, closed_at, closed_by)
//   intake_replays(id PK, at, dry_run, request, failures JSON, deliveries JSON, summary)
//
// Thread safety: every method may be called from any thread (one connection behind a mutex).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "intake/inbox_store.hpp"
#include "storage/sqlite_db.hpp"

namespace affinity {

class SqliteInboxStore : public InboxStore {
 public:
  static constexpr const char* kFileName = "intake.db";

  // Opens or creates <data_dir>/intake.db. Internal or Unavailable when it cannot be used.
  static Result<std::unique_ptr<SqliteInboxStore>> Open(const std::string& data_dir);

  Result<AppendOutcome> Append(const InboxEntry& entry) override;
  Result<std::optional<InboxEntry>> Get(std::int64_t id) override;
  Result<std::vector<InboxEntry>> Due(std::int64_t now, std::size_t limit) override;
  Status Settle(const std::vector<Settlement>& settlements) override;
  Result<std::vector<IntakeFailure>> Failures(const FailureFilter& filter) override;
  Result<std::int64_t> Requeue(const std::vector<std::int64_t>& failure_ids,
                               const std::string& closed_by, std::int64_t now,
                               std::optional<ReplayRecord> record) override;
  Result<std::int64_t> RecordReplay(const ReplayRecord& record) override;
  Result<std::vector<ReplayRecord>> Replays(std::size_t limit) override;
  Result<std::vector<SourceStats>> Sources(std::int64_t since) override;

  // Transactions Append has committed (for tests of the group commit).
  std::size_t append_commits() const;

 private:
  struct Waiter;  // one Append call waiting in the group-commit queue

  explicit SqliteInboxStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  // REQUIRES: db_mu_ held. Runs `body` in BEGIN IMMEDIATE ... COMMIT, rolling back on error.
  template <typename Fn>
  Status InTransaction(Fn&& body);
  // REQUIRES: db_mu_ held.
  void CommitGroup(const std::vector<Waiter*>& group);
  Status SettleOne(const Settlement& s);
  Status InsertFailure(const IntakeFailure& f);
  Result<std::int64_t> InsertReplay(const ReplayRecord& r);
  Result<std::vector<IntakeFailure>> QueryFailures(const FailureFilter& filter);

  std::unique_ptr<SqliteDb> db_;
  mutable std::mutex db_mu_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<Waiter*> queue_;
  bool committing_ = false;
  std::size_t append_commits_ = 0;  // guarded by db_mu_
};

}  // namespace affinity

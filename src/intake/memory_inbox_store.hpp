// MemoryInboxStore: the InboxStore in memory, for tests and benchmarks of the intake flow. Same
// contract as SqliteInboxStore except durability; a test may make the next calls fail
// (FailNext) to exercise the worker's handling of an unavailable store.
#pragma once

#include <map>
#include <mutex>

#include "intake/inbox_store.hpp"

namespace affinity {

class MemoryInboxStore : public InboxStore {
 public:
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

  // The next `n` calls of any method return `status` (e.g. Unavailable) and change nothing.
  void FailNext(int n, Status status);

 private:
  // REQUIRES: mu_ held. The injected failure, if one is due.
  std::optional<Status> TakeFailureLocked();

  std::mutex mu_;
  std::map<std::int64_t, InboxEntry> entries_;
  std::map<std::int64_t, IntakeFailure> failures_;
  std::vector<ReplayRecord> replays_;
  std::int64_t next_failure_ = 1;
  int fail_next_ = 0;
  Status fail_status_;
};

}  // namespace affinity

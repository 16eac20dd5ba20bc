// MemoryTrustStore: a TrustStore kept in memory, for tests. Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <mutex>

#include "trust/trust_store.hpp"

namespace affinity {

class MemoryTrustStore : public TrustStore {
 public:
  Result<std::vector<ApiKey>> LoadKeys() override;
  Status PutKey(const ApiKey& key, const AuditEntry& audit) override;
  Status TouchKeys(const std::vector<std::pair<std::string, std::int64_t>>& used) override;
  Result<std::vector<WebhookSecret>> LoadSecrets() override;
  Status PutSecret(const WebhookSecret& secret, const AuditEntry& audit) override;
  Status AppendAudit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> QueryAudit(const AuditQuery& query) override;
  std::uint64_t ChangeCounter() override { return changes_.load(); }

  // Simulates a change made by another process (the CLI): bumps the counter.
  void TouchFromOutside() { ++changes_; }

 private:
  void AppendLocked(AuditEntry entry);

  std::mutex mu_;
  std::map<std::string, ApiKey> keys_;
  std::map<std::pair<std::string, std::string>, WebhookSecret> secrets_;
  std::vector<AuditEntry> audit_;
  std::atomic<std::uint64_t> changes_{0};
};

// True when `e` passes the filters of `q` (the cursor and limit aside).
bool AuditMatches(const AuditEntry& e, const AuditQuery& q);

}  // namespace affinity

// TrustStore: the port through which API keys, webhook secrets and the audit trail are kept.
// Adapters: SqliteTrustStore (storage/, in the data directory's affinity.db, beside the catalog
// whose own changes append to the same audit table in their own transactions) and
// MemoryTrustStore (tests). Every change to a key or secret is written together with its audit
// entry, in one transaction.
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/audit.hpp"
#include "common/status.hpp"
#include "trust/api_key.hpp"
#include "trust/webhook_secret.hpp"

namespace affinity {

class TrustStore {
 public:
  virtual ~TrustStore() = default;

  virtual Result<std::vector<ApiKey>> LoadKeys() = 0;
  // Inserts or replaces key `key.name`, with `audit` appended in the same transaction.
  virtual Status PutKey(const ApiKey& key, const AuditEntry& audit) = 0;
  // Records when keys were last used (name, Unix ms); not audited.
  virtual Status TouchKeys(const std::vector<std::pair<std::string, std::int64_t>>& used) = 0;

  virtual Result<std::vector<WebhookSecret>> LoadSecrets() = 0;
  // Sets (replaces) or, with an empty secret, removes a source's secret, with its audit entry.
  virtual Status PutSecret(const WebhookSecret& secret, const AuditEntry& audit) = 0;

  virtual Status AppendAudit(const AuditEntry& entry) = 0;
  // Newest first, filtered and paged by `query`.
  virtual Result<std::vector<AuditEntry>> QueryAudit(const AuditQuery& query) = 0;

  // A number that changes whenever keys or secrets may have been changed by another process (the
  // CLI revoking a key while the server runs). Cheap: a few microseconds at most.
  virtual std::uint64_t ChangeCounter() = 0;
};

}  // namespace affinity

// SqliteTrustStore: the TrustStore in the data directory's affinity.db (tables api_keys,
// webhook_secrets and audit, migrated with the catalog's schema). Each change is one transaction
// with synchronous=FULL, its audit entry included. ChangeCounter() is SQLite's data_version as
// seen by a second connection, so it moves when any other connection or process commits.
//
// Thread-safe: calls are serialised on the connection.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "storage/sqlite_db.hpp"
#include "trust/trust_store.hpp"

namespace affinity {

class SqliteTrustStore : public TrustStore {
 public:
  // Opens (creating and migrating) `data_dir`/affinity.db. Errors as SqliteStore::Open.
  static Result<std::unique_ptr<SqliteTrustStore>> Open(const std::string& data_dir);

  Result<std::vector<ApiKey>> LoadKeys() override;
  Status PutKey(const ApiKey& key, const AuditEntry& audit) override;
  Status TouchKeys(const std::vector<std::pair<std::string, std::int64_t>>& used) override;
  Result<std::vector<WebhookSecret>> LoadSecrets() override;
  Status PutSecret(const WebhookSecret& secret, const AuditEntry& audit) override;
  Status AppendAudit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> QueryAudit(const AuditQuery& query) override;
  std::uint64_t ChangeCounter() override;

 private:
  SqliteTrustStore(std::unique_ptr<SqliteDb> db, std::unique_ptr<SqliteDb> watcher)
      : db_(std::move(db)), watcher_(std::move(watcher)) {}
  // Runs `body` in one immediate transaction.
  Status InTransaction(const std::function<Status()>& body);

  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;
  std::mutex watcher_mu_;
  std::unique_ptr<SqliteDb> watcher_;  // only reads data_version
};

}  // namespace affinity

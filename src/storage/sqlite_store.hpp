// SqliteStore: the embedded Store, one SQLite file (WAL mode) in a data directory. Each ChangeSet is
// one transaction with synchronous=FULL: once Apply returns OK the change survives kill -9 and power
// loss; an interrupted Apply leaves no trace. The schema is versioned (PRAGMA user_version) and
// migrated forward on open.
//
// Thread-compatible: the Engine serialises calls.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/store.hpp"
#include "common/audit.hpp"
#include "storage/sqlite_db.hpp"

namespace affinity {

// Opens (creating) `data_dir`/affinity.db in WAL mode with synchronous=FULL and migrates it to the
// current schema: the catalog, the audit trail, API keys and webhook secrets. Errors as
// SqliteStore::Open.
Result<std::unique_ptr<SqliteDb>> OpenAffinityDb(const std::string& data_dir);
// Appends audit rows. REQUIRES: inside a transaction of `db`.
Status AppendAuditRows(SqliteDb& db, const std::vector<AuditEntry>& entries);

class SqliteStore : public Store {
 public:
  // Opens or creates `data_dir`/affinity.db and migrates it to the current schema. Returns
  // Internal or Unavailable when the directory or file cannot be used, or FailedPrecondition when
  // the file was written by a newer version of affinity.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& data_dir);

  Result<StoredState> Load() override;
  Status Apply(const ChangeSet& changes) override;

  static constexpr const char* kFileName = "affinity.db";

 private:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status ApplyInTransaction(const ChangeSet& changes);

  std::unique_ptr<SqliteDb> db_;
};

}  // namespace affinity

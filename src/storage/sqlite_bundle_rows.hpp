// The bundles table of SqliteStore (internal to src/storage): one row per bundle, its JSON form
// (BundleToJson) in `body`, with version and times in columns of their own:
//   bundles(id PK, body, version, created_ms, updated_ms)
#pragma once

#include <vector>

#include "engine/store.hpp"
#include "storage/sqlite_db.hpp"

namespace affinity {

// Appends every stored bundle, by id. Internal names a bundle whose row cannot be read.
Status LoadBundleRows(SqliteDb& db, std::vector<Bundle>* out);
// Applies the bundle deletions and upserts of `changes`. REQUIRES: inside a transaction of `db`.
Status ApplyBundleRows(SqliteDb& db, const ChangeSet& changes);

}  // namespace affinity

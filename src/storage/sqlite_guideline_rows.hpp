// The guidelines table of SqliteStore (internal to src/storage): one row per brand guideline, its
// JSON form (GuidelineToJson) in `body`, with its version in a column of its own:
//   guidelines(id PK, body, version)
#pragma once

#include <vector>

#include "engine/store.hpp"
#include "storage/sqlite_db.hpp"

namespace affinity {

// Appends every stored guideline, by id. Internal names a guideline whose row cannot be read.
Status LoadGuidelineRows(SqliteDb& db, std::vector<Guideline>* out);
// Applies the guideline deletions and upserts of `changes`. REQUIRES: inside a transaction of `db`.
Status ApplyGuidelineRows(SqliteDb& db, const ChangeSet& changes);

}  // namespace affinity

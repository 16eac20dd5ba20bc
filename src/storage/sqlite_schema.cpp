// The schema of affinity.db (catalog, links, rules, suggestions, bundles, guidelines, keys, webhook
// secrets, the audit trail) as a list of migrations, and opening the file with it applied: WAL,
// synchronous=FULL, every pending migration in its own transaction.
#include <fmt/format.h>

#include <filesystem>

#include "storage/sqlite_store.hpp"

namespace affinity {
namespace {

// Each entry moves the schema from version i to i + 1. Append only; never edit a shipped one.
constexpr const char* kMigrations[] = {
    R"sql(
    CREATE TABLE products (
      sku         TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      price_minor INTEGER NOT NULL,
      currency    TEXT NOT NULL,
      category    TEXT NOT NULL,
      brand       TEXT NOT NULL,
      tags        TEXT NOT NULL,      -- JSON array
      margin      REAL,
      stock       INTEGER,
      attributes  TEXT NOT NULL,      -- JSON object
      version     INTEGER NOT NULL
    );
    CREATE TABLE relation_types (
      name            TEXT PRIMARY KEY,
      weight          REAL NOT NULL,
      directed        INTEGER NOT NULL,
      acyclic         INTEGER NOT NULL,
      max_per_product INTEGER NOT NULL,
      builtin         INTEGER NOT NULL,
      version         INTEGER NOT NULL
    );
    CREATE TABLE relationships (
      id       INTEGER PRIMARY KEY,
      source   TEXT NOT NULL,
      target   TEXT NOT NULL,
      type     TEXT NOT NULL,
      weight   REAL NOT NULL,
      position INTEGER,
      origin   TEXT NOT NULL,
      version  INTEGER NOT NULL
    );
    CREATE INDEX relationships_source ON relationships(source);
    CREATE INDEX relationships_target ON relationships(target);
    )sql",
    R"sql(
    CREATE TABLE rules (
      id      TEXT PRIMARY KEY,
      body    TEXT NOT NULL,        -- the rule's JSON form (RuleToJson)
      version INTEGER NOT NULL
    );
    )sql",
    R"sql(
    CREATE TABLE counters (
      name  TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    );
    INSERT INTO counters (name, value)
      SELECT 'next_relationship_id', COALESCE(MAX(id), 0) + 1 FROM relationships;
    )sql",
    R"sql(
    CREATE TABLE suggestions (
      id              INTEGER PRIMARY KEY,
      source          TEXT NOT NULL,
      target          TEXT NOT NULL,
      type            TEXT NOT NULL,
      job             TEXT NOT NULL,
      reason          TEXT NOT NULL,
      evidence        TEXT NOT NULL,  -- JSON object (PairEvidence)
      status          TEXT NOT NULL,  -- pending | accepted | rejected
      created_at      INTEGER NOT NULL,
      relationship_id INTEGER
    );
    CREATE INDEX suggestions_key ON suggestions(source, target, type);
    )sql",
    R"sql(
    CREATE TABLE audit (
      id        INTEGER PRIMARY KEY AUTOINCREMENT,
      at_ms     INTEGER NOT NULL,
      actor     TEXT NOT NULL,
      action    TEXT NOT NULL,
      entity    TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      before    TEXT NOT NULL,        -- JSON, '' when the entity did not exist
      after     TEXT NOT NULL         -- JSON, '' when it no longer exists
    );
    CREATE INDEX audit_entity ON audit(entity, entity_id, id);
    CREATE INDEX audit_actor ON audit(actor, id);
    CREATE TABLE api_keys (
      name          TEXT PRIMARY KEY,
      role          TEXT NOT NULL,
      hash          TEXT NOT NULL UNIQUE,  -- hex SHA-256 of the secret; the secret is not kept
      prefix        TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL,
      last_used_ms  INTEGER NOT NULL,
      revoked_at_ms INTEGER NOT NULL,
      rate_limit    REAL NOT NULL
    );
    CREATE TABLE webhook_secrets (
      channel       TEXT NOT NULL,
      account       TEXT NOT NULL,
      secret        TEXT NOT NULL,
      header        TEXT NOT NULL,
      updated_at_ms INTEGER NOT NULL,
      PRIMARY KEY (channel, account)
    );
    )sql",
    R"sql(
    ALTER TABLE products ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
    CREATE TABLE bundles (
      id         TEXT PRIMARY KEY,
      body       TEXT NOT NULL,     -- the bundle's JSON form (BundleToJson)
      version    INTEGER NOT NULL,
      created_ms INTEGER NOT NULL,
      updated_ms INTEGER NOT NULL
    );
    )sql",
    R"sql(
    CREATE TABLE guidelines (
      id      TEXT PRIMARY KEY,
      body    TEXT NOT NULL,        -- the guideline's JSON form (GuidelineToJson)
      version INTEGER NOT NULL
    );
    )sql",
};
constexpr int kSchemaVersion = std::size(kMigrations);

Status Migrate(SqliteDb& db) {
  SqliteDb* db_ = &db;
  auto stmt = db_->Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  Status st;
  int version = stmt->Step(&st) ? static_cast<int>(stmt->Int(0)) : 0;
  AFFINITY_RETURN_IF_ERROR(st);
  if (version > kSchemaVersion) {
    return Status::FailedPrecondition(fmt::format(
        "the database has schema version {} but this affinity knows only up to {}; upgrade "
        "affinity",
        version, kSchemaVersion));
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    AFFINITY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
    Status mst = db_->Exec(kMigrations[v]);
    if (mst.ok()) mst = db_->Exec(fmt::format("PRAGMA user_version = {}", v + 1));
    if (!mst.ok()) {
      (void)db_->Exec("ROLLBACK");
      return Status(mst.code(), fmt::format("migrating schema to version {}: {}", v + 1,
                                            mst.message()));
    }
    AFFINITY_RETURN_IF_ERROR(db_->Exec("COMMIT"));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<SqliteDb>> OpenAffinityDb(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return Status::Internal(
        fmt::format("cannot create data directory '{}': {}", data_dir, ec.message()));
  }
  auto opened = SqliteDb::Open((std::filesystem::path(data_dir) / SqliteStore::kFileName).string());
  if (!opened.ok()) return opened.status();
  std::unique_ptr<SqliteDb> db = std::move(opened).value();
  AFFINITY_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL"));
  AFFINITY_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=FULL"));
  AFFINITY_RETURN_IF_ERROR(Migrate(*db));
  return db;
}

}  // namespace affinity

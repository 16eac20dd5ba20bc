// SqliteStore and the schema change that came with brand guidelines (migration 7): guidelines
// round-trip exactly, a guideline and its audit entry commit together or not at all, a row that
// cannot be read is named, and a database from schema version 6 opens and takes guidelines that an
// engine then enforces after a restart. The MemoryStore keeps them alike.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "engine/engine.hpp"
#include "storage/memory_store.hpp"
#include "storage/sqlite_store.hpp"
#include "temp_data_dir.hpp"

namespace affinity {
namespace {

namespace fs = std::filesystem;

Guideline CostsMore() {
  Guideline g;
  g.id = "upsell-costs-more";
  g.description = "Un upsell coûte plus cher";
  g.types = {"upsell", "bundle"};
  g.require = "target.price > source.price && !(source.brand in [\"Stride\"])";
  g.severity = GuidelineSeverity::kWarning;
  g.enabled = false;
  g.version = 4;
  return g;
}

class SqliteGuidelineRowsTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> OpenStore() {
    Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open(dir_.string());
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  Result<StoredState> Load() { return OpenStore()->Load(); }
  void ExecRaw(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / SqliteStore::kFileName).string().c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  TempDataDir temp_;
  const fs::path dir_ = temp_.data();
};

TEST_F(SqliteGuidelineRowsTest, GuidelinesRoundTripExactlyAndDeletesRemove) {
  Guideline plain;
  plain.id = "a-first";
  plain.require = "target.in_stock";
  plain.version = 1;
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ChangeSet c;
    c.put_guidelines = {CostsMore(), plain};
    ASSERT_TRUE(store->Apply(c).ok());
  }
  Result<StoredState> s = Load();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->guidelines.size(), 2u);
  EXPECT_EQ(s->guidelines[0], plain);  // by id
  EXPECT_EQ(s->guidelines[1], CostsMore());
  {
    ChangeSet c;
    c.delete_guidelines = {"a-first"};
    ASSERT_TRUE(OpenStore()->Apply(c).ok());
  }
  s = Load();
  ASSERT_EQ(s->guidelines.size(), 1u);
  EXPECT_EQ(s->guidelines[0].id, "upsell-costs-more");

  MemoryStore memory;
  ChangeSet c;
  c.put_guidelines = {CostsMore(), plain};
  c.delete_guidelines = {"a-first"};  // deletions apply first
  ASSERT_TRUE(memory.Apply(c).ok());
  EXPECT_EQ(memory.Load()->guidelines.size(), 2u);
  c = {};
  c.delete_guidelines = {"a-first"};
  ASSERT_TRUE(memory.Apply(c).ok());
  EXPECT_EQ(memory.Load()->guidelines, s->guidelines);
}

TEST_F(SqliteGuidelineRowsTest, AGuidelineAndItsAuditEntryCommitTogetherOrNotAtAll) {
  ASSERT_NE(OpenStore(), nullptr);
  ExecRaw(
      "CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'injected'); END");
  std::unique_ptr<SqliteStore> store = OpenStore();
  ChangeSet c;
  c.put_guidelines = {CostsMore()};
  c.audit = {{.at_ms = 1,
              .actor = "t",
              .action = "create",
              .entity = "guideline",
              .entity_id = "upsell-costs-more",
              .before = "",
              .after = "{}"}};
  EXPECT_FALSE(store->Apply(c).ok());
  EXPECT_TRUE(Load()->guidelines.empty());
  ExecRaw("DROP TRIGGER no_audit");
  ASSERT_TRUE(store->Apply(c).ok());
  EXPECT_EQ(Load()->guidelines.size(), 1u);
}

TEST_F(SqliteGuidelineRowsTest, ARowThatCannotBeReadIsNamed) {
  ASSERT_NE(OpenStore(), nullptr);
  ExecRaw("INSERT INTO guidelines (id, body, version) VALUES ('broken', '{\"id\":\"broken\"}', 1)");
  Result<StoredState> s = Load();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInternal);
  EXPECT_NE(s.status().message().find("stored guideline 'broken' cannot be read"),
            std::string::npos);
}

// A data directory from before guidelines (schema version 6) opens, migrates, and an engine over
// it saves a guideline that still refuses links after a restart.
TEST_F(SqliteGuidelineRowsTest,
       ADatabaseFromBeforeGuidelinesTakesThemAndEnforcesThemAfterARestart) {
  ASSERT_NE(OpenStore(), nullptr);
  ExecRaw("DROP TABLE guidelines; PRAGMA user_version = 6;");
  ExecRaw(
      "INSERT INTO products (sku, name, price_minor, currency, category, brand, tags, margin, "
      "stock, attributes, version, status) VALUES "
      "('RS-1', 'Shoes', 5999, 'USD', '', '', '[]', NULL, 4, '{}', 1, 'active'), "
      "('RS-PRO', 'Racing Shoes', 18900, 'USD', '', '', '[]', NULL, 4, '{}', 1, 'active')");
  {
    Result<std::unique_ptr<Engine>> engine = Engine::Open(OpenStore());
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    Guideline g = CostsMore();
    g.enabled = true;
    g.severity = GuidelineSeverity::kError;
    Result<GuidelineReport> saved = (*engine)->PutGuideline(g, true);
    ASSERT_TRUE(saved.ok() && saved->valid);
  }
  Result<std::unique_ptr<Engine>> reopened = Engine::Open(OpenStore());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  const CompiledGuideline* g = (*reopened)->snapshot()->guidelines().Find("upsell-costs-more");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->guideline.version, 1);
  Relationship down;
  down.source = "RS-PRO";
  down.target = "RS-1";
  down.type = "upsell";
  Result<Relationship> refused = (*reopened)->CreateRelationship(down);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace affinity

// SqliteStore and the schema change that came with bundles: bundles round-trip exactly, a bundle
// and its audit entry commit together or not at all, product status is stored, and a database
// written before status existed still opens with every product active.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <string>

#include "engine/bundle_checks.hpp"
#include "engine/engine.hpp"
#include "storage/sqlite_store.hpp"
#include "temp_data_dir.hpp"

namespace affinity {
namespace {

namespace fs = std::filesystem;

class SqliteBundleRowsTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> OpenStore() {
    Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open(dir_.string());
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  StoredState LoadAll() {
    std::unique_ptr<SqliteStore> store = OpenStore();
    if (!store) return {};
    Result<StoredState> s = store->Load();
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : StoredState{};
  }
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

Bundle Kit() {
  Bundle b;
  b.id = "kit";
  b.name = "Running kit \"Stride\"";
  b.description = "névé edition";
  b.items = {{"RS-1", 1, false}, {"SK-1", 3, false}, {"CL-1", 1, true}};
  b.price = Money{4250, "KWD"};
  b.active_from = 1796083200;
  b.active_to = 1798761599;
  b.version = 3;
  b.created_ms = 1700000000000;
  b.updated_ms = 1700000000999;
  return b;
}

TEST_F(SqliteBundleRowsTest, BundlesRoundTripExactlyAndDeletesRemove) {
  Bundle discounted = Kit();
  discounted.id = "discounted";
  discounted.price.reset();
  discounted.discount_bp = 1234;
  discounted.active_from.reset();
  discounted.active_to.reset();
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ASSERT_NE(store, nullptr);
    ChangeSet c;
    c.put_bundles = {Kit(), discounted};
    ASSERT_TRUE(store->Apply(c).ok());
  }
  StoredState s = LoadAll();
  ASSERT_EQ(s.bundles.size(), 2u);
  EXPECT_EQ(s.bundles[0], discounted);  // by id
  EXPECT_EQ(s.bundles[1], Kit());
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ChangeSet c;
    c.delete_bundles = {"kit"};
    ASSERT_TRUE(store->Apply(c).ok());
  }
  s = LoadAll();
  ASSERT_EQ(s.bundles.size(), 1u);
  EXPECT_EQ(s.bundles[0].id, "discounted");
}

TEST_F(SqliteBundleRowsTest, ABundleAndItsAuditEntryCommitTogetherOrNotAtAll) {
  ASSERT_NE(OpenStore(), nullptr);
  // A trigger makes the audit insert fail after the bundle row was written: the transaction
  // must take the bundle back too.
  ExecRaw(
      "CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'injected'); END");
  std::unique_ptr<SqliteStore> store = OpenStore();
  ChangeSet c;
  c.put_bundles = {Kit()};
  c.audit = {{.at_ms = 1, .actor = "t", .action = "create", .entity = "bundle", .entity_id = "kit",
              .before = "", .after = "{}"}};
  EXPECT_FALSE(store->Apply(c).ok());
  EXPECT_TRUE(LoadAll().bundles.empty());
  ExecRaw("DROP TRIGGER no_audit");
  ASSERT_TRUE(store->Apply(c).ok());
  EXPECT_EQ(LoadAll().bundles.size(), 1u);
}

TEST_F(SqliteBundleRowsTest, ProductStatusIsStored) {
  Product p;
  p.sku = "OLD-1";
  p.name = "Old Runner";
  p.price_minor = 3900;
  p.status = ProductStatus::kDiscontinued;
  p.version = 2;
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ChangeSet c;
    c.put_products = {p};
    ASSERT_TRUE(store->Apply(c).ok());
  }
  StoredState s = LoadAll();
  ASSERT_EQ(s.products.size(), 1u);
  EXPECT_EQ(s.products[0], p);
  ExecRaw("UPDATE products SET status = 'archived'");
  Result<StoredState> bad = OpenStore()->Load();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInternal);
  EXPECT_EQ(bad.status().message(), "stored product 'OLD-1' has an unknown status 'archived'");
}

// A data directory written before products had a status (schema version 5) opens, migrates, and
// its products are active; the engine then serves, stores and checks bundles over them.
TEST_F(SqliteBundleRowsTest, ADatabaseFromBeforeStatusOpensWithEveryProductActive) {
  ASSERT_NE(OpenStore(), nullptr);
  // Back to schema version 5: undo migrations 6 (bundles, status) and 7 (guidelines).
  ExecRaw(
      "DROP TABLE guidelines; DROP TABLE bundles; ALTER TABLE products DROP COLUMN status; "
      "PRAGMA user_version = 5;");
  ExecRaw(
      "INSERT INTO products (sku, name, price_minor, currency, category, brand, tags, margin, "
      "stock, attributes, version) VALUES ('RS-1', 'Running Shoes', 5999, 'USD', 'Footwear', "
      "'Stride', '[]', NULL, 4, '{}', 1), ('SK-1', 'Socks', 950, 'USD', '', '', '[]', NULL, "
      "NULL, '{}', 1)");
  {
    Result<std::unique_ptr<Engine>> engine = Engine::Open(OpenStore());
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    auto snapshot = (*engine)->snapshot();
    ASSERT_NE(snapshot->Find("RS-1"), nullptr);
    EXPECT_EQ(snapshot->Find("RS-1")->product.status, ProductStatus::kActive);
    Bundle b;
    b.id = "kit";
    b.name = "Kit";
    b.items = {{"RS-1", 1, false}, {"SK-1", 2, false}};
    ASSERT_TRUE((*engine)->PutBundle(b, true).ok());
  }
  Result<std::unique_ptr<Engine>> reopened = Engine::Open(OpenStore());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto snapshot = (*reopened)->snapshot();
  const Bundle* kit = snapshot->FindBundle("kit");
  ASSERT_NE(kit, nullptr);
  EXPECT_EQ(kit->version, 1);
  BundleReport report = CheckBundle(*snapshot, *kit, 0);
  EXPECT_TRUE(report.valid);
  EXPECT_EQ(report.total_minor, 5999 + 1900);
}

}  // namespace
}  // namespace affinity

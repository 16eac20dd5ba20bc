#include "storage/sqlite_store.hpp"

#include <gtest/gtest.h>

#include "temp_data_dir.hpp"
#include <sqlite3.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/recommender.hpp"

namespace affinity {
namespace {

namespace fs = std::filesystem;
using Skus = std::vector<std::string>;

// Each test gets its own data directory under /tmp (TempDataDir), removed afterwards.
class SqliteStoreTest : public ::testing::Test {
 protected:

  std::unique_ptr<SqliteStore> OpenStore() {
    Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open(dir_.string());
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  std::unique_ptr<Engine> OpenEngine() {
    std::unique_ptr<SqliteStore> store = OpenStore();
    if (!store) return nullptr;
    Result<std::unique_ptr<Engine>> e = Engine::Open(std::move(store));
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? std::move(e).value() : nullptr;
  }
  StoredState LoadAll() {
    std::unique_ptr<SqliteStore> store = OpenStore();
    if (!store) return {};
    Result<StoredState> s = store->Load();
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : StoredState{};
  }
  // Runs SQL on the database file through a connection of its own, as another process would.
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

Product RunningShoes() {
  Product p;
  p.sku = "RS-1";
  p.name = "Running Shoes \"Stride\" 2";
  p.price_minor = 5999;
  p.currency = "EUR";
  p.category = "Footwear/Running";
  p.brand = "Stride";
  p.tags = {"running", "road", "névé"};
  p.margin = 0.1 + 0.2;  // not exactly 0.3: a REAL must round-trip every bit
  p.stock = 0;
  p.attributes = boost::json::parse(
                     R"({"color": "blue", "size": 42, "drop_mm": 8.5, "waterproof": false,
                         "widths": ["D", "2E"], "care": {"wash": null}})")
                     .as_object();
  p.version = 3;
  return p;
}

Product CrewSocks() {
  Product p;
  p.sku = "SK-1";
  p.name = "Crew Socks";
  p.price_minor = 950;
  p.version = 1;  // no stock tracked, no margin, no tags, no attributes
  return p;
}

TEST_F(SqliteStoreTest, OpenCreatesTheDirectoryAndTheFile) {
  ASSERT_NE(OpenStore(), nullptr);
  EXPECT_TRUE(fs::exists(dir_ / SqliteStore::kFileName));
  StoredState s = LoadAll();  // reopening migrates nothing and finds nothing
  EXPECT_TRUE(s.products.empty());
  EXPECT_TRUE(s.types.empty());
  EXPECT_TRUE(s.relationships.empty());
}

TEST_F(SqliteStoreTest, ApplyThenReopenLoadsEveryFieldExactly) {
  ChangeSet c;
  c.put_products = {RunningShoes(), CrewSocks()};
  c.put_types = {{.name = "bought_with", .weight = 1.25, .directed = false, .acyclic = false,
                  .max_per_product = 20, .builtin = false, .version = 2},
                 {.name = "upsell", .weight = 3.0, .directed = true, .acyclic = true,
                  .builtin = true, .version = 1}};
  c.put_relationships = {
      {.id = 1, .source = "RS-1", .target = "SK-1", .type = "accessory", .weight = 0.7,
       .position = 2, .origin = "manual", .version = 4},
      {.id = 9, .source = "SK-1", .target = "RS-1", .type = "bought_with", .weight = 1.0,
       .origin = "mined:2024-06", .version = 1}};
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Apply(c).ok());
  }
  StoredState s = LoadAll();
  ASSERT_EQ(s.products.size(), 2u);
  EXPECT_EQ(s.products[0], RunningShoes());
  EXPECT_EQ(s.products[1], CrewSocks());
  EXPECT_EQ(s.products[1].stock, std::nullopt);
  EXPECT_EQ(s.products[0].stock, 0);
  ASSERT_EQ(s.types.size(), 2u);
  EXPECT_EQ(s.types[0], c.put_types[0]);
  EXPECT_EQ(s.types[1], c.put_types[1]);
  ASSERT_EQ(s.relationships.size(), 2u);
  EXPECT_EQ(s.relationships[0], c.put_relationships[0]);
  EXPECT_EQ(s.relationships[1], c.put_relationships[1]);
}

TEST_F(SqliteStoreTest, UpsertsReplaceAndDeletesRemove) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  ASSERT_NE(store, nullptr);
  ChangeSet first;
  first.put_products = {RunningShoes(), CrewSocks()};
  first.put_relationships = {{.id = 1, .source = "RS-1", .target = "SK-1", .type = "accessory"}};
  ASSERT_TRUE(store->Apply(first).ok());
  ChangeSet second;
  Product cheaper = RunningShoes();
  cheaper.price_minor = 4999;
  cheaper.stock.reset();
  cheaper.version = 4;
  second.put_products = {cheaper};
  second.delete_products = {"SK-1"};
  second.delete_relationships = {1};
  ASSERT_TRUE(store->Apply(second).ok());
  Result<StoredState> s = store->Load();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->products.size(), 1u);
  EXPECT_EQ(s->products[0], cheaper);
  EXPECT_TRUE(s->relationships.empty());
}

TEST_F(SqliteStoreTest, ApplyFailingMidwayLeavesNothing) {
  ChangeSet base;
  base.put_products = {RunningShoes(), CrewSocks()};
  base.put_relationships = {{.id = 1, .source = "RS-1", .target = "SK-1", .type = "accessory"}};
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Apply(base).ok());
  }
  // The last statement of the next ChangeSet fails after every earlier one has run.
  ExecRaw(
      "CREATE TRIGGER refuse_mined BEFORE INSERT ON relationships WHEN NEW.origin = 'mined:bad' "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
  std::unique_ptr<SqliteStore> store = OpenStore();
  ASSERT_NE(store, nullptr);
  Result<StoredState> before = store->Load();
  ASSERT_TRUE(before.ok());

  ChangeSet bad;
  bad.delete_products = {"SK-1"};
  bad.delete_relationships = {1};
  Product renamed = RunningShoes();
  renamed.name = "Renamed";
  bad.put_products = {renamed, Product{.sku = "IN-1", .name = "Gel Insoles", .price_minor = 1999}};
  bad.put_types = {{.name = "bought_with", .weight = 2.0, .version = 1}};
  bad.put_relationships = {
      {.id = 2, .source = "RS-1", .target = "IN-1", .type = "accessory"},
      {.id = 3, .source = "IN-1", .target = "RS-1", .type = "bought_with", .origin = "mined:bad"}};
  Status st = store->Apply(bad);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("injected failure"), std::string::npos) << st.ToString();

  auto expect_before = [&](const StoredState& s) {
    EXPECT_EQ(s.products, before->products);
    EXPECT_EQ(s.types, before->types);
    EXPECT_EQ(s.relationships, before->relationships);
  };
  Result<StoredState> after = store->Load();
  ASSERT_TRUE(after.ok());
  expect_before(*after);
  // No transaction was left open: the next ChangeSet commits, and alone.
  ChangeSet good;
  good.put_types = {{.name = "bought_with", .weight = 2.0, .version = 1}};
  ASSERT_TRUE(store->Apply(good).ok()) << "a failed Apply left the connection in a transaction";
  store.reset();
  StoredState reopened = LoadAll();
  EXPECT_EQ(reopened.products, before->products);
  EXPECT_EQ(reopened.relationships, before->relationships);
  ASSERT_EQ(reopened.types.size(), 1u);
  EXPECT_EQ(reopened.types[0].name, "bought_with");
}

TEST_F(SqliteStoreTest, EngineRestartRestoresProductsTypesAndRelationships) {
  Skus before_recommended;
  std::vector<RelationType> before_types;
  std::vector<Relationship> before_links;
  RelationshipId last_id = 0;
  {
    std::unique_ptr<Engine> engine = OpenEngine();
    ASSERT_NE(engine, nullptr);
    Product shoes = RunningShoes();
    shoes.stock = 12;
    ASSERT_TRUE(engine->PutProduct(shoes).ok());
    ASSERT_TRUE(engine->PutProduct(CrewSocks()).ok());
    ASSERT_TRUE(engine->PutProduct(Product{.sku = "RS-PRO", .name = "Carbon Racer",
                                           .price_minor = 18900}).ok());
    ASSERT_TRUE(engine->PutProduct(Product{.sku = "CL-1", .name = "Shoe Cleaner",
                                           .price_minor = 749, .stock = 0}).ok());
    ASSERT_TRUE(engine->PutProduct(Product{.sku = "TMP-1", .name = "Temporary",
                                           .price_minor = 1}).ok());
    ASSERT_TRUE(engine
                    ->PutType("bought_with",
                              [](const RelationType& c) {
                                RelationType t = c;
                                t.weight = 0.9;
                                t.directed = false;
                                t.max_per_product = 10;
                                return Result<RelationType>(t);
                              })
                    .ok());
    ASSERT_TRUE(engine
                    ->PutType("upsell",
                              [](const RelationType& c) {
                                RelationType t = c;
                                t.weight = 2.5;
                                return Result<RelationType>(t);
                              })
                    .ok());
    auto link = [&](std::string s, std::string t, std::string type, double w,
                    std::optional<std::int32_t> pos = std::nullopt) {
      Result<Relationship> r = engine->CreateRelationship(
          {.source = s, .target = t, .type = type, .weight = w, .position = pos});
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (r.ok()) last_id = std::max(last_id, r->id);
    };
    link("RS-1", "SK-1", "accessory", 0.3, 1);
    link("RS-1", "RS-PRO", "upsell", 1.1);
    link("CL-1", "RS-1", "bought_with", 1.7);
    link("RS-1", "CL-1", "accessory", 5.0);
    link("TMP-1", "RS-1", "cross_sell", 1.0);
    ASSERT_TRUE(engine->DeleteProduct("TMP-1").ok());

    Result<Recommendations> r = Recommend(
        *engine->snapshot(), {.sku = "RS-1", .include_out_of_stock = true});
    ASSERT_TRUE(r.ok());
    for (const auto& item : r->items) before_recommended.push_back(item.product->product.sku);
    before_types = engine->Types();
    before_links = *engine->ListRelationships("RS-1", "", LinkDirection::kBoth);
  }
  EXPECT_EQ(before_recommended, (Skus{"SK-1", "CL-1", "RS-PRO"}));

  std::unique_ptr<Engine> engine = OpenEngine();
  ASSERT_NE(engine, nullptr);
  std::shared_ptr<const Snapshot> s = engine->snapshot();
  EXPECT_EQ(s->product_count(), 4u);
  EXPECT_EQ(s->Find("TMP-1"), nullptr);
  ASSERT_NE(s->Find("RS-1"), nullptr);
  Product expected = RunningShoes();
  expected.stock = 12;
  expected.version = 1;
  EXPECT_EQ(s->Find("RS-1")->product, expected);
  EXPECT_EQ(s->Find("SK-1")->product.stock, std::nullopt);
  EXPECT_EQ(s->Find("SK-1")->product.margin, std::nullopt);
  EXPECT_EQ(s->Find("CL-1")->product.stock, 0);
  EXPECT_EQ(engine->Types(), before_types);
  EXPECT_EQ(*engine->ListRelationships("RS-1", "", LinkDirection::kBoth), before_links);
  Result<Recommendations> r =
      Recommend(*s, {.sku = "RS-1", .include_out_of_stock = true});
  ASSERT_TRUE(r.ok());
  Skus after_recommended;
  for (const auto& item : r->items) after_recommended.push_back(item.product->product.sku);
  EXPECT_EQ(after_recommended, before_recommended);
  // The symmetric custom type still recommends both ways, and its cap is still enforced.
  Result<Recommendations> cleaner = Recommend(*s, {.sku = "RS-1", .types = {"bought_with"},
                                                   .include_out_of_stock = true});
  ASSERT_TRUE(cleaner.ok());
  ASSERT_EQ(cleaner->items.size(), 1u);
  EXPECT_EQ(cleaner->items[0].product->product.sku, "CL-1");
  EXPECT_FLOAT_EQ(static_cast<float>(cleaner->items[0].score), 0.9f * 1.7f);
  // Upsell is still acyclic; the link to it survived with its weight.
  EXPECT_EQ(engine->CreateRelationship({.source = "RS-PRO", .target = "RS-1", .type = "upsell"})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  Result<Relationship> next =
      engine->CreateRelationship({.source = "SK-1", .target = "CL-1", .type = "cross_sell"});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_GT(next->id, before_links.back().id);
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerVersion) {
  ASSERT_NE(OpenStore(), nullptr);
  ExecRaw("PRAGMA user_version = 99");
  Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open(dir_.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.status().message().find("schema version 99"), std::string::npos);
}

TEST_F(SqliteStoreTest, UnusableDataDirectoryIsAnError) {
  fs::create_directories(temp_.root());
  std::ofstream(temp_.root() / "a-file") << "not a directory";
  Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open((temp_.root() / "a-file" / "data").string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInternal);
  EXPECT_NE(s.status().message().find("cannot create data directory"), std::string::npos);
}

}  // namespace
}  // namespace affinity

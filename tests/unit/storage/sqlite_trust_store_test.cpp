#include "storage/sqlite_trust_store.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite_store.hpp"
#include "temp_data_dir.hpp"
#include "trust/keyring.hpp"

namespace affinity {
namespace {

TEST(SqliteTrustStoreTest, KeysSecretsAndAuditSurviveAReopen) {
  TempDataDir dir;
  std::string secret;
  {
    auto store = SqliteTrustStore::Open(dir.data().string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto ring = Keyring::Open(**store);
    secret = (*ring)->Create("kept", Role::kIntake)->secret;
    ASSERT_TRUE(
        (*store)
            ->PutSecret({"ebay", "x", "0123456789abcdef", "X-Sig", 5}, {.at_ms = 5,
                                                                        .actor = "t",
                                                                        .action = "create",
                                                                        .entity = "webhook_secret",
                                                                        .entity_id = "ebay/x"})
            .ok());
  }
  auto store = SqliteTrustStore::Open(dir.data().string());
  ASSERT_TRUE(store.ok());
  auto ring = Keyring::Open(**store);
  EXPECT_EQ((*ring)->Authenticate(secret).role, Role::kIntake);
  auto secrets = (*store)->LoadSecrets();
  ASSERT_EQ(secrets->size(), 1u);
  EXPECT_EQ((*secrets)[0].header, "X-Sig");
  auto audit = (*store)->QueryAudit({});
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].entity, "webhook_secret");  // newest first
  EXPECT_EQ((*audit)[1].entity, "key");
}

TEST(SqliteTrustStoreTest, AuditQueriesFilterAndPage) {
  TempDataDir dir;
  auto store = SqliteTrustStore::Open(dir.data().string());
  ASSERT_TRUE(store.ok());
  for (int i = 1; i <= 10; ++i) {
    ASSERT_TRUE((*store)
                    ->AppendAudit({.at_ms = i * 1000,
                                   .actor = i % 2 ? "odd" : "even",
                                   .action = "update",
                                   .entity = "product",
                                   .entity_id = "P" + std::to_string(i % 3)})
                    .ok());
  }
  auto odd = (*store)->QueryAudit({.actor = "odd"});
  EXPECT_EQ(odd->size(), 5u);
  auto p1 = (*store)->QueryAudit({.entity = "product", .entity_id = "P1"});
  EXPECT_EQ(p1->size(), 4u);  // 1, 4, 7, 10
  auto window = (*store)->QueryAudit({.from_ms = 3000, .to_ms = 6000});
  EXPECT_EQ(window->size(), 3u);
  auto page = (*store)->QueryAudit({.limit = 4});
  ASSERT_EQ(page->size(), 4u);
  auto next = (*store)->QueryAudit({.before_id = page->back().id, .limit = 4});
  ASSERT_EQ(next->size(), 4u);
  EXPECT_LT(next->front().id, page->back().id);
}

TEST(SqliteTrustStoreTest, TheChangeCounterMovesWhenAnotherConnectionWrites) {
  TempDataDir dir;
  auto a = SqliteTrustStore::Open(dir.data().string());
  auto b = SqliteTrustStore::Open(dir.data().string());
  const std::uint64_t before = (*a)->ChangeCounter();
  EXPECT_EQ((*a)->ChangeCounter(), before);
  ASSERT_TRUE((*b)->AppendAudit({.at_ms = 1, .actor = "b", .action = "x", .entity = "y"}).ok());
  EXPECT_NE((*a)->ChangeCounter(), before);
}

TEST(SqliteTrustStoreTest, TheCatalogStoreWritesItsAuditRowsInTheSameTable) {
  TempDataDir dir;
  auto catalog = SqliteStore::Open(dir.data().string());
  ASSERT_TRUE(catalog.ok());
  ChangeSet changes;
  Product p;
  p.sku = "A";
  p.name = "A";
  p.version = 1;
  changes.put_products.push_back(p);
  changes.audit.push_back({.at_ms = 7,
                           .actor = "m",
                           .action = "create",
                           .entity = "product",
                           .entity_id = "A",
                           .after = R"({"sku":"A"})"});
  ASSERT_TRUE((*catalog)->Apply(changes).ok());
  auto trust = SqliteTrustStore::Open(dir.data().string());
  auto audit = (*trust)->QueryAudit({.entity = "product"});
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].after, R"({"sku":"A"})");
}

}  // namespace
}  // namespace affinity

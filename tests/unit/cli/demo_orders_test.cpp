#include "cli/demo_orders.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "cli/demo_catalog.hpp"
#include "engine/engine.hpp"
#include "engine/mining_service.hpp"
#include "storage/memory_store.hpp"

namespace affinity {
namespace {

constexpr std::int64_t kNow = 1796220000;  // 2026-12-02

class DemoOrdersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Open(std::make_unique<MemoryStore>());
    ASSERT_TRUE(engine.ok());
    engine_ = std::move(engine).value();
    DemoCatalog demo = MakeDemoCatalog(600);
    ASSERT_TRUE(engine_->ImportProducts(demo.products_ndjson, RecordFormat::kNdjson)->errors.empty());
    ASSERT_TRUE(
        engine_->ImportRelationships(demo.relationships_ndjson, RecordFormat::kNdjson)->errors.empty());
  }
  std::unique_ptr<Engine> engine_;
};

TEST_F(DemoOrdersTest, OrdersNameCatalogProductsWithinTheLastYear) {
  auto snapshot = engine_->snapshot();
  std::vector<Order> orders = MakeDemoOrders(*snapshot, kNow, 500, 100);
  ASSERT_EQ(orders.size(), 500u);
  std::set<std::string> ids, customers;
  for (const Order& o : orders) {
    EXPECT_TRUE(ids.insert(o.id).second) << o.id;
    EXPECT_LE(o.placed_at, kNow);
    EXPECT_GT(o.placed_at, kNow - 366 * 24 * 3600);
    ASSERT_FALSE(o.lines.empty());
    std::int64_t total = 0;
    for (const OrderLine& line : o.lines) {
      const ProductNode* n = snapshot->Find(line.sku);
      ASSERT_NE(n, nullptr) << line.sku;
      EXPECT_EQ(line.unit_price_minor, n->product.price_minor);
      EXPECT_EQ(n->product.currency, o.currency);
      total += line.TotalMinor();
    }
    EXPECT_EQ(o.total_minor, total);
    if (!o.customer_id.empty()) customers.insert(o.customer_id);
  }
  EXPECT_GT(customers.size(), 50u);  // returning customers, not one order each
  EXPECT_LE(customers.size(), 100u);
}

TEST_F(DemoOrdersTest, SameInputsSameOrders) {
  auto snapshot = engine_->snapshot();
  std::vector<Order> a = MakeDemoOrders(*snapshot, kNow, 200);
  std::vector<Order> b = MakeDemoOrders(*snapshot, kNow, 200);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << i;
}

TEST_F(DemoOrdersTest, MiningThemSuggestsLinksNotAlreadyThere) {
  std::vector<Order> orders = MakeDemoOrders(*engine_->snapshot(), kNow);
  MiningService mining(*engine_, [&orders](const std::function<void(const Order&)>& fn) {
    for (const Order& o : orders) fn(o);
    return Status::Ok();
  });
  auto params = MiningParams::FromJson({});
  ASSERT_TRUE(params.ok());
  MiningJob job = mining.Run(*params, [](const MiningJob&) {});
  ASSERT_EQ(job.state, "succeeded") << job.error;
  EXPECT_GE(job.suggestions, 10u);
}

TEST(DemoOrdersEmptyTest, AnEmptyCatalogHasNoOrders) {
  auto engine = Engine::Open(std::make_unique<MemoryStore>());
  ASSERT_TRUE(engine.ok());
  EXPECT_TRUE(MakeDemoOrders(*(*engine)->snapshot(), kNow).empty());
}

}  // namespace
}  // namespace affinity

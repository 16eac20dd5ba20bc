#include "cli/demo_catalog.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/recommender.hpp"
#include "storage/memory_store.hpp"

namespace affinity {
namespace {

std::vector<boost::json::object> Lines(const std::string& ndjson) {
  std::vector<boost::json::object> out;
  std::istringstream in(ndjson);
  for (std::string line; std::getline(in, line);) {
    out.push_back(boost::json::parse(line).as_object());
  }
  return out;
}

std::string Describe(const ImportReport& report) {
  std::string out;
  for (const auto& e : report.errors)
    out += "line " + std::to_string(e.line) + ": " + e.message + "\n";
  return out;
}

// Imports the catalog into a fresh engine; fails the test on any error.
std::unique_ptr<Engine> Load(const DemoCatalog& demo) {
  auto engine = Engine::Open(std::make_unique<MemoryStore>());
  EXPECT_TRUE(engine.ok()) << engine.status().ToString();
  if (!engine.ok()) return nullptr;
  auto products = (*engine)->ImportProducts(demo.products_ndjson, RecordFormat::kNdjson);
  EXPECT_TRUE(products.ok()) << products.status().ToString();
  if (!products.ok()) return nullptr;
  EXPECT_TRUE(products->errors.empty()) << Describe(*products);
  EXPECT_EQ(products->created, demo.product_count);
  auto links = (*engine)->ImportRelationships(demo.relationships_ndjson, RecordFormat::kNdjson);
  EXPECT_TRUE(links.ok()) << links.status().ToString();
  if (!links.ok()) return nullptr;
  EXPECT_TRUE(links->errors.empty()) << Describe(*links);
  EXPECT_EQ(links->created, demo.relationship_count);
  return std::move(engine).value();
}

// The first recommendation of `sku` restricted to `type`.
std::string FirstRecommended(const Engine& engine, const std::string& sku,
                             const std::string& type) {
  auto recs = Recommend(*engine.snapshot(), {.sku = sku, .types = {type}, .limit = 10});
  EXPECT_TRUE(recs.ok()) << recs.status().ToString();
  if (!recs.ok() || recs->items.empty()) return "";
  return recs->items.front().product->product.sku;
}

class DemoCatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = new DemoCatalog(MakeDemoCatalog());
    engine_ = Load(*demo_).release();
  }
  static void TearDownTestSuite() {
    delete engine_;
    delete demo_;
  }
  static DemoCatalog* demo_;
  static Engine* engine_;
};
DemoCatalog* DemoCatalogTest::demo_ = nullptr;
Engine* DemoCatalogTest::engine_ = nullptr;

TEST_F(DemoCatalogTest, ImportsWithoutErrors) {
  ASSERT_NE(engine_, nullptr);
  EXPECT_EQ(demo_->product_count, 3000u);
  EXPECT_EQ(Lines(demo_->products_ndjson).size(), demo_->product_count);
  EXPECT_EQ(Lines(demo_->relationships_ndjson).size(), demo_->relationship_count);
  EXPECT_EQ(engine_->snapshot()->product_count(), demo_->product_count);
}

TEST_F(DemoCatalogTest, SeedExamplesAreRecommended) {
  ASSERT_NE(engine_, nullptr);
  auto snapshot = engine_->snapshot();
  const ProductNode* shoe = snapshot->Find("RUN-SHOE-001");
  ASSERT_NE(shoe, nullptr);
  EXPECT_EQ(shoe->product.name, "Running Shoes");
  EXPECT_EQ(shoe->product.category, "Footwear/Running");
  EXPECT_EQ(shoe->product.price_minor, 8999);
  const ProductNode* socks = snapshot->Find("RUN-SOCK-001");
  ASSERT_NE(socks, nullptr);
  EXPECT_EQ(socks->product.name, "Running Socks");
  EXPECT_EQ(socks->product.category, "Accessories/Socks");
  EXPECT_EQ(socks->product.price_minor, 1299);
  const ProductNode* standard = snapshot->Find("STD-MODEL-001");
  ASSERT_NE(standard, nullptr);
  EXPECT_EQ(standard->product.name, "Standard Model");
  EXPECT_EQ(standard->product.category, "Electronics/Phones");
  EXPECT_EQ(standard->product.price_minor, 49900);
  const ProductNode* performance = snapshot->Find("PERF-MODEL-001");
  ASSERT_NE(performance, nullptr);
  EXPECT_EQ(performance->product.name, "Performance Model");
  EXPECT_EQ(performance->product.price_minor, 79900);

  // The seed links are pinned, so they lead even among the generated ones; cross_sell goes both
  // ways.
  EXPECT_EQ(FirstRecommended(*engine_, "RUN-SHOE-001", "cross_sell"), "RUN-SOCK-001");
  EXPECT_EQ(FirstRecommended(*engine_, "RUN-SOCK-001", "cross_sell"), "RUN-SHOE-001");
  EXPECT_EQ(FirstRecommended(*engine_, "STD-MODEL-001", "upsell"), "PERF-MODEL-001");

  auto all = Recommend(*snapshot, {.sku = "STD-MODEL-001", .types = {}, .limit = 10});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_FALSE(all->items.empty());
  EXPECT_EQ(all->items.front().product->product.sku, "PERF-MODEL-001");
  EXPECT_EQ(all->items.front().type->name, "upsell");
}

TEST_F(DemoCatalogTest, MostProductsAreLinkedAndRecommendSomething) {
  ASSERT_NE(engine_, nullptr);
  auto snapshot = engine_->snapshot();
  std::size_t linked = 0, recommending = 0;
  for (const auto& p : Lines(demo_->products_ndjson)) {
    std::string sku(p.at("sku").as_string());
    auto links = engine_->ListRelationships(sku, "", LinkDirection::kBoth);
    ASSERT_TRUE(links.ok()) << links.status().ToString();
    if (!links->empty()) ++linked;
    if (!snapshot->Find(sku)->edges.empty()) ++recommending;
  }
  const double n = static_cast<double>(demo_->product_count);
  EXPECT_GT(linked / n, 0.85);
  EXPECT_GT(recommending / n, 0.85);
  const double links_per_product = demo_->relationship_count / n;
  EXPECT_GE(links_per_product, 3.0);
  EXPECT_LE(links_per_product, 8.0);
}

TEST_F(DemoCatalogTest, CatalogLooksLikeARealOne) {
  std::set<std::string> categories, brands;
  std::size_t out_of_stock = 0;
  for (const auto& p : Lines(demo_->products_ndjson)) {
    categories.emplace(p.at("category").as_string());
    brands.emplace(p.at("brand").as_string());
    if (p.at("stock").as_int64() == 0) ++out_of_stock;
    double margin = p.at("margin").as_double();
    EXPECT_GE(margin, 0.1);
    EXPECT_LE(margin, 0.6);
  }
  EXPECT_GE(categories.size(), 20u);
  EXPECT_GE(brands.size(), 25u);
  EXPECT_GT(out_of_stock, 0u);
  EXPECT_LT(out_of_stock, demo_->product_count / 10);
}

TEST_F(DemoCatalogTest, UpsellsGoToAStrictlyPricierItemOfTheSameCategory) {
  ASSERT_NE(engine_, nullptr);
  auto snapshot = engine_->snapshot();
  std::map<std::string, std::size_t> per_type;
  std::size_t pinned = 0;
  for (const auto& r : Lines(demo_->relationships_ndjson)) {
    std::string type(r.at("type").as_string());
    ++per_type[type];
    if (r.contains("position")) ++pinned;
    if (type != "upsell") continue;
    const Product& source = snapshot->Find(r.at("source").as_string())->product;
    const Product& target = snapshot->Find(r.at("target").as_string())->product;
    EXPECT_LT(source.price_minor, target.price_minor) << source.sku << " -> " << target.sku;
    EXPECT_EQ(source.category, target.category) << source.sku << " -> " << target.sku;
  }
  EXPECT_GT(per_type["cross_sell"], 0u);
  EXPECT_GT(per_type["upsell"], 0u);
  EXPECT_GT(per_type["accessory"], 0u);
  EXPECT_GT(pinned, 2u);
}

TEST(DemoCatalogDeterminismTest, TwoCallsProduceTheSameCatalog) {
  DemoCatalog a = MakeDemoCatalog();
  DemoCatalog b = MakeDemoCatalog();
  EXPECT_EQ(a.products_ndjson, b.products_ndjson);
  EXPECT_EQ(a.relationships_ndjson, b.relationships_ndjson);
  EXPECT_EQ(a.product_count, b.product_count);
  EXPECT_EQ(a.relationship_count, b.relationship_count);
}

TEST(DemoCatalogSizeTest, SmallCatalogsStillImportAndKeepTheSeeds) {
  for (std::size_t count : {0u, 4u, 60u, 500u}) {
    SCOPED_TRACE("product_count " + std::to_string(count));
    DemoCatalog demo = MakeDemoCatalog(count);
    EXPECT_EQ(demo.product_count, std::max<std::size_t>(count, 4));
    std::unique_ptr<Engine> engine = Load(demo);
    ASSERT_NE(engine, nullptr);
    EXPECT_EQ(FirstRecommended(*engine, "STD-MODEL-001", "upsell"), "PERF-MODEL-001");
  }
}

}  // namespace
}  // namespace affinity

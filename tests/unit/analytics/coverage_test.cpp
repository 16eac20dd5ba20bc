// ComputeCoverage over snapshots the Engine builds: an empty catalog, the counts overall, by type
// alone, by category (at any depth) and by brand, the uncovered SKUs ranked by revenue and paged,
// one SKU alone, the time of the request, and bad options.
#include "analytics/coverage.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "engine/engine_fixture.hpp"
#include "engine/random_catalog.hpp"

namespace affinity {
namespace {

constexpr std::int64_t kWinter = 1796083200;  // 2026-12-01T00:00:00Z
constexpr std::int64_t kSummer = 1782864000;  // 2026-07-01T00:00:00Z

Product Item(std::string sku, std::string category, std::string brand, std::int64_t price,
             std::optional<std::int64_t> stock = 10) {
  Product p = MakeProduct(std::move(sku), "Item", price, stock);
  p.category = std::move(category);
  p.brand = std::move(brand);
  return p;
}

Order Bought(std::string id, std::vector<std::pair<std::string, std::int64_t>> lines) {
  Order o;
  o.id = std::move(id);
  o.external_id = o.id;
  o.placed_at = kSummer;
  for (auto& [sku, minor] : lines) o.lines.push_back({sku, sku, 1, minor, 0, false});
  return o;
}

class CoverageTest : public EngineFixture {
 protected:
  Result<CoverageReport> Run(CoverageOptions options = {}) {
    snapshot_ = engine_->snapshot();
    if (options.now == 0) options.now = kWinter;
    return ComputeCoverage(*snapshot_, options);
  }
  CoverageReport Ok(CoverageOptions options = {}) {
    Result<CoverageReport> r = Run(std::move(options));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : CoverageReport{};
  }
  static std::vector<std::string> Uncovered(const CoverageReport& r) {
    std::vector<std::string> out;
    for (const UncoveredSku& u : r.uncovered) out.push_back(u.product->product.sku);
    return out;
  }
  static std::size_t ByType(const CoverageReport& r, std::string_view type) {
    for (const auto& [name, covered] : r.by_type) {
      if (name == type) return covered;
    }
    ADD_FAILURE() << "no type " << type;
    return 0;
  }

  // Coats (two linked, one not), a sold-out scarf, gloves, an unbranded tea towel.
  void PutStore() {
    Put(Item("CO-1", "Apparel/Outerwear/Coats", "Stride", 20000));
    Put(Item("CO-2", "Apparel/Outerwear/Coats", "Stride", 32000));
    Put(Item("CO-3", "Apparel/Outerwear/Coats", "Peak", 41000));
    Put(Item("SC-1", "Accessories/Scarves", "Stride", 4000, 0));
    Put(Item("GL-1", "Accessories/Gloves", "Peak", 3000));
    Put(Item("TT-1", "", "", 900));
    Link("CO-1", "CO-2", "upsell");
    Link("CO-1", "GL-1", "accessory");
    Link("CO-2", "SC-1", "accessory");   // sold out: does not cover CO-2
    Link("CO-3", "GL-1", "cross_sell");  // symmetric: covers GL-1 too
  }

  std::shared_ptr<const Snapshot> snapshot_;
};

TEST_F(CoverageTest, AnEmptyCatalogHasCoverageZeroAndNothingElse) {
  CoverageReport r = Ok();
  EXPECT_EQ(r.all.total_skus, 0u);
  EXPECT_EQ(r.all.covered_skus, 0u);
  EXPECT_EQ(r.all.coverage(), 0.0);
  EXPECT_FALSE(std::isnan(r.all.coverage()));
  EXPECT_FALSE(r.meets_goal());
  ASSERT_EQ(r.by_type.size(), 3u);
  for (const auto& [type, covered] : r.by_type) EXPECT_EQ(covered, 0u) << type;
  EXPECT_TRUE(r.by_category.empty());
  EXPECT_TRUE(r.by_brand.empty());
  EXPECT_TRUE(r.uncovered.empty());
  EXPECT_TRUE(r.next_cursor.empty());
  EXPECT_EQ(r.goal, 0.85);
}

TEST_F(CoverageTest, CountsCoveredSkusOverallByTypeAloneByCategoryAndByBrand) {
  PutStore();
  CoverageReport r = Ok();
  // Covered: CO-1 (upsell, accessory), CO-3 and GL-1 (cross_sell both ways). Not: CO-2 (its only
  // target is sold out), SC-1 and TT-1 (no links).
  EXPECT_EQ(r.all.total_skus, 6u);
  EXPECT_EQ(r.all.covered_skus, 3u);
  EXPECT_DOUBLE_EQ(r.all.coverage(), 0.5);
  EXPECT_FALSE(r.meets_goal());
  EXPECT_EQ(ByType(r, "upsell"), 1u);
  EXPECT_EQ(ByType(r, "accessory"), 1u);
  EXPECT_EQ(ByType(r, "cross_sell"), 2u);
  ASSERT_EQ(r.by_category.size(), 3u);
  EXPECT_EQ(r.by_category.at("Apparel").total_skus, 3u);
  EXPECT_EQ(r.by_category.at("Apparel").covered_skus, 2u);
  EXPECT_EQ(r.by_category.at("Accessories").covered_skus, 1u);
  EXPECT_EQ(r.by_category.at(kNoGroup).total_skus, 1u);
  EXPECT_EQ(r.by_brand.at("Stride").total_skus, 3u);
  EXPECT_EQ(r.by_brand.at("Stride").covered_skus, 1u);
  EXPECT_DOUBLE_EQ(r.by_brand.at("Peak").coverage(), 1.0);
  EXPECT_EQ(r.by_brand.at(kNoGroup).covered_skus, 0u);
  EXPECT_FALSE(r.ranked_by_revenue);
  EXPECT_EQ(Uncovered(r), (Skus{"CO-2", "SC-1", "TT-1"})) << "by SKU without order history";

  CoverageOptions lenient;
  lenient.goal = 0.5;
  EXPECT_TRUE(Ok(lenient).meets_goal());

  CoverageOptions deep;
  deep.category_depth = 2;
  EXPECT_EQ(Ok(deep).by_category.count("Apparel/Outerwear"), 1u);
  deep.category_depth = CoverageOptions::kFullPath;
  CoverageReport full = Ok(deep);
  EXPECT_EQ(full.by_category.at("Apparel/Outerwear/Coats").total_skus, 3u);
  EXPECT_EQ(full.by_category.at("Accessories/Gloves").covered_skus, 1u);
}

TEST_F(CoverageTest, UncoveredSkusAreRankedByRevenueAndPagedWithACursor) {
  PutStore();
  Put(Item("CO-4", "Apparel/Outerwear/Coats", "Peak", 50000));
  Put(Item("CO-5", "Apparel/Outerwear/Coats", "Peak", 50000));
  SkuRevenue revenue;
  revenue.Add(Bought("o1", {{"TT-1", 900}, {"CO-5", 50000}}));
  revenue.Add(Bought("o2", {{"TT-1", 900}, {"CO-2", 32000}}));
  Order cancelled = Bought("o3", {{"SC-1", 999999}});
  cancelled.status = OrderStatus::kCancelled;
  revenue.Add(cancelled);
  CoverageOptions options;
  options.revenue = &revenue;
  options.limit = 2;
  CoverageReport first = Ok(options);
  EXPECT_TRUE(first.ranked_by_revenue);
  EXPECT_EQ(Uncovered(first), (Skus{"CO-5", "CO-2"}));
  EXPECT_EQ(first.uncovered[0].revenue_minor, 50000);
  ASSERT_FALSE(first.next_cursor.empty());
  options.cursor = first.next_cursor;
  CoverageReport second = Ok(options);
  EXPECT_EQ(Uncovered(second), (Skus{"TT-1", "CO-4"})) << "then no revenue, by SKU";
  EXPECT_EQ(second.all.total_skus, 8u) << "every page counts the whole catalog";
  options.cursor = second.next_cursor;
  CoverageReport last = Ok(options);
  EXPECT_EQ(Uncovered(last), (Skus{"SC-1"}));
  EXPECT_TRUE(last.next_cursor.empty());

  SkuRevenue none;
  options = {};
  options.revenue = &none;
  EXPECT_FALSE(Ok(options).ranked_by_revenue) << "no orders: by SKU";
}

TEST_F(CoverageTest, OneSkuSaysWhetherAndByWhichTypesItIsCovered) {
  PutStore();
  CoverageOptions options;
  options.sku = "CO-1";
  CoverageReport r = Ok(options);
  EXPECT_EQ(r.all.total_skus, 1u);
  EXPECT_EQ(r.all.covered_skus, 1u);
  EXPECT_EQ(ByType(r, "upsell"), 1u);
  EXPECT_EQ(ByType(r, "accessory"), 1u);
  EXPECT_EQ(ByType(r, "cross_sell"), 0u);
  options.sku = "CO-2";
  EXPECT_EQ(Uncovered(Ok(options)), (Skus{"CO-2"}));
  options.sku = "NOPE";
  Result<CoverageReport> unknown = Run(options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().message(), "product 'NOPE' does not exist");
}

TEST_F(CoverageTest, ARequestIsAsOfItsTimeAndAnonymous) {
  PutStore();
  Rule winter;
  winter.id = "winter-scarves";
  winter.type = "cross_sell";
  winter.when = "source.sku == \"TT-1\"";
  winter.then = "target.sku == \"CO-3\"";
  winter.schedule = *Schedule::FromJson(boost::json::parse(R"({"recurring":"11-01/02-28"})"));
  Rule vip;
  vip.id = "vip-gloves";
  vip.type = "accessory";
  vip.when = "source.sku == \"CO-2\"";
  vip.then = "target.sku == \"GL-1\"";
  vip.context = "customer.segment == \"high_value\"";
  for (const Rule& rule : {winter, vip}) {
    Result<RuleReport> saved = engine_->PutRule(rule, false);
    ASSERT_TRUE(saved.ok() && saved->valid) << rule.id;
  }
  CoverageOptions options;
  options.now = kWinter;
  CoverageReport in_season = Ok(options);
  EXPECT_EQ(in_season.all.covered_skus, 4u) << "TT-1 by the seasonal rule; CO-2 not: no customer";
  options.now = kSummer;
  EXPECT_EQ(Ok(options).all.covered_skus, 3u);
}

TEST_F(CoverageTest, BadOptionsAreRefusedWithTheFix) {
  PutStore();
  CoverageOptions options;
  options.goal = 1.5;
  EXPECT_NE(Run(options).status().message().find("between 0 and 1"), std::string::npos);
  options.goal = std::nan("");
  EXPECT_EQ(Run(options).status().code(), StatusCode::kInvalidArgument);
  options = {};
  options.limit = 0;
  EXPECT_EQ(Run(options).status().code(), StatusCode::kInvalidArgument);
  options = {};
  options.cursor = "not-a-cursor";
  EXPECT_NE(Run(options).status().message().find("is not one this report gave out"),
            std::string::npos);
}

// The pass runs in parts on threads of their own (parallel_scan.hpp); the report is the same
// however many.
TEST_F(CoverageTest, TheReportIsTheSameHoweverManyPartsMakeIt) {
  RandomCatalog gen(42);
  std::vector<std::string> skus;
  for (int i = 0; i < 300; ++i) skus.push_back(Put(gen.NewProduct("R-" + std::to_string(i))).sku);
  const std::vector<std::string> types = {"cross_sell", "upsell", "accessory"};
  for (int i = 0; i < 400; ++i) {
    const std::string& from = gen.Pick(skus);
    const std::string& to = gen.Pick(skus);
    if (from != to) (void)TryLink(from, to, gen.Pick(types));
  }
  SkuRevenue revenue;
  for (int i = 0; i < 50; ++i)
    revenue.Add(Bought("o" + std::to_string(i), {{gen.Pick(skus), 100 * i}}));
  auto run = [&](std::size_t parts, std::string cursor) {
    CoverageOptions options;
    options.parts = parts;
    options.limit = 7;
    options.revenue = &revenue;
    options.cursor = std::move(cursor);
    return Ok(options);
  };
  const CoverageReport one = run(1, "");
  EXPECT_GT(one.all.covered_skus, 0u);
  EXPECT_LT(one.all.covered_skus, 300u);
  for (std::size_t parts : {2u, 3u, 7u}) {
    std::string cursor;
    std::string single_cursor;
    for (int page = 0; page < 3; ++page) {
      const CoverageReport single = run(1, single_cursor);
      const CoverageReport many = run(parts, cursor);
      EXPECT_EQ(many.all.total_skus, single.all.total_skus);
      EXPECT_EQ(many.all.covered_skus, single.all.covered_skus);
      EXPECT_EQ(many.by_type, single.by_type);
      ASSERT_EQ(many.by_category.size(), single.by_category.size());
      for (const auto& [key, count] : single.by_category) {
        EXPECT_EQ(many.by_category.at(key).covered_skus, count.covered_skus) << key;
      }
      EXPECT_EQ(many.by_brand.size(), single.by_brand.size());
      EXPECT_EQ(Uncovered(many), Uncovered(single)) << parts << " parts, page " << page;
      EXPECT_EQ(many.next_cursor, single.next_cursor);
      cursor = many.next_cursor;
      single_cursor = single.next_cursor;
    }
  }
}

}  // namespace
}  // namespace affinity

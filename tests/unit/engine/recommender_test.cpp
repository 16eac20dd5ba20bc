#include "engine/recommender.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <boost/json/parse.hpp>

#include "engine/engine_fixture.hpp"
#include "engine/random_catalog.hpp"

namespace affinity {
namespace {

// Recommend() reads a Snapshot; the Engine builds realistic ones from links.
class RecommenderTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    PutCatalog();
  }
  Result<Recommendations> Run(RecommendRequest request) {
    snapshot_ = engine_->snapshot();  // keeps the result's pointers valid
    return Recommend(*snapshot_, request);
  }
  std::shared_ptr<const Snapshot> snapshot_;
};

TEST_F(RecommenderTest, RanksPinnedFirstThenByScoreThenBySku) {
  Link("RS-1", "SK-1", "cross_sell");           // 1.0, created before its tie
  Link("RS-1", "IN-1", "cross_sell");           // 1.0
  Link("RS-1", "CL-1", "accessory");            // 0.8
  Link("RS-1", "RS-PRO", "upsell");             // 1.2
  Link("RS-1", "TR-1", "cross_sell", 2.0);      // 2.0
  Link("RS-1", "LC-1", "accessory", 1.0, 1);    // pinned first despite 0.8
  Result<Recommendations> r = Run({.sku = "RS-1"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->product->product.sku, "RS-1");
  std::vector<std::string> skus;
  for (const auto& item : r->items) skus.push_back(item.product->product.sku);
  EXPECT_EQ(skus, (Skus{"LC-1", "TR-1", "RS-PRO", "IN-1", "SK-1", "CL-1"}));
  ASSERT_EQ(r->items.size(), 6u);
  EXPECT_EQ(r->items[0].position, 1);
  EXPECT_FLOAT_EQ(static_cast<float>(r->items[0].score), 0.8f);
  EXPECT_EQ(r->items[1].position, std::nullopt);
  EXPECT_FLOAT_EQ(static_cast<float>(r->items[1].score), 2.0f);
  EXPECT_FLOAT_EQ(static_cast<float>(r->items[2].score), 1.2f);  // type weight x link weight
  EXPECT_EQ(r->items[2].type->name, "upsell");
  EXPECT_TRUE(r->items[0].reasons.empty());  // not asked to explain
}

TEST_F(RecommenderTest, PinnedPositionsAscendBeforeAnyScore) {
  Link("RS-1", "TR-1", "cross_sell", 50.0);
  Link("RS-1", "SK-1", "accessory", 1.0, 2);
  Link("RS-1", "CL-1", "accessory", 0.1, 1);
  EXPECT_EQ(Recommended("RS-1"), (Skus{"CL-1", "SK-1", "TR-1"}));
}

TEST_F(RecommenderTest, TypeWeightTimesLinkWeightDecides) {
  Link("RS-1", "RS-PRO", "upsell", 0.8);   // 1.2 x 0.8 = 0.96
  Link("RS-1", "SK-1", "accessory", 1.25);  // 0.8 x 1.25 = 1.0
  EXPECT_EQ(Recommended("RS-1"), (Skus{"SK-1", "RS-PRO"}));
}

TEST_F(RecommenderTest, TiesAreBrokenByTargetSkuWhateverTheInsertionOrder) {
  for (const char* sku : {"SK-1", "CL-1", "LC-1", "IN-1"}) Link("TR-1", sku, "accessory");
  EXPECT_EQ(Recommended("TR-1"), (Skus{"CL-1", "IN-1", "LC-1", "SK-1"}));
}

TEST_F(RecommenderTest, FiltersByType) {
  Link("RS-1", "SK-1", "accessory");
  Link("RS-1", "TR-1", "cross_sell");
  Link("RS-1", "RS-PRO", "upsell");
  Link("RS-1", "CL-1", "accessory", 2.0);
  EXPECT_EQ(Recommended("RS-1", {.types = {"accessory"}}), (Skus{"CL-1", "SK-1"}));
  EXPECT_EQ(Recommended("RS-1", {.types = {"upsell", "cross_sell"}}), (Skus{"RS-PRO", "TR-1"}));
  EXPECT_EQ(Recommended("RS-1", {}), (Skus{"CL-1", "RS-PRO", "TR-1", "SK-1"}));
}

TEST_F(RecommenderTest, UnknownTypeIsAnErrorWithSuggestion) {
  Link("RS-1", "SK-1", "accessory");
  Result<Recommendations> r = Run({.sku = "RS-1", .types = {"accessory", "upsel"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "unknown relation type 'upsel' (did you mean 'upsell'?); known types: accessory, "
            "cross_sell, upsell");
}

TEST_F(RecommenderTest, UnknownProductIsNotFound) {
  Result<Recommendations> r = Run({.sku = "RS-404"});
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "product 'RS-404' does not exist");
  ASSERT_TRUE(engine_->DeleteProduct("SK-1").ok());
  EXPECT_EQ(Run({.sku = "SK-1"}).status().code(), StatusCode::kNotFound);
}

TEST_F(RecommenderTest, LimitMustBeBetweenOneAndMax) {
  Link("RS-1", "SK-1", "accessory");
  Link("RS-1", "IN-1", "accessory");
  Link("RS-1", "CL-1", "accessory");
  Result<Recommendations> zero = Run({.sku = "RS-1", .limit = 0});
  EXPECT_EQ(zero.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(zero.status().message(), "limit must be between 1 and 1000, got 0");
  EXPECT_EQ(Run({.sku = "RS-1", .limit = 1001}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Recommended("RS-1", {.limit = 1000}).size(), 3u);
  EXPECT_EQ(Recommended("RS-1", {.limit = 2}), (Skus{"CL-1", "IN-1"}));
  EXPECT_EQ(Recommended("RS-1", {.limit = 1}), Skus{"CL-1"});
}

TEST_F(RecommenderTest, OutOfStockIsExcludedUnlessAskedFor) {
  Link("RS-1", "SK-1", "accessory", 3.0);
  Link("RS-1", "IN-1", "accessory", 2.0);  // stock not tracked: always available
  Link("RS-1", "CL-1", "accessory");
  Put(MakeProduct("SK-1", "Crew Socks", 950, 0));
  EXPECT_EQ(Recommended("RS-1"), (Skus{"IN-1", "CL-1"}));
  EXPECT_EQ(Recommended("RS-1", {.include_out_of_stock = true}), (Skus{"SK-1", "IN-1", "CL-1"}));
  // The limit counts only what is shown.
  EXPECT_EQ(Recommended("RS-1", {.limit = 1}), Skus{"IN-1"});
}

TEST_F(RecommenderTest, TargetsNotForSaleAreNeverRecommendedEvenWithOutOfStock) {
  Link("RS-1", "SK-1", "accessory", 3.0);
  Link("RS-1", "IN-1", "accessory", 2.0);
  Link("RS-1", "CL-1", "accessory");
  Link("RS-1", "LC-1", "accessory", 0.5);
  Product paused = MakeProduct("SK-1", "Crew Socks", 950, 100);
  paused.status = ProductStatus::kInactive;
  Put(paused);
  Product gone = MakeProduct("IN-1", "Gel Insoles", 1999);
  gone.status = ProductStatus::kDiscontinued;
  Put(gone);
  Put(MakeProduct("CL-1", "Shoe Cleaner", 749, 0));  // out of stock but active
  EXPECT_EQ(Recommended("RS-1"), Skus{"LC-1"});
  EXPECT_EQ(Recommended("RS-1", {.include_out_of_stock = true}), (Skus{"CL-1", "LC-1"}));
  EXPECT_EQ(Recommended("RS-1", {.limit = 1}), Skus{"LC-1"});  // the limit counts what is shown
  // A cart skips them too, and a product back on sale is recommended again.
  EXPECT_EQ(Recommended("", {.cart = {"RS-1"}}), Skus{"LC-1"});
  paused.status = ProductStatus::kActive;
  Put(paused);
  EXPECT_EQ(Recommended("RS-1"), (Skus{"SK-1", "LC-1"}));
}

TEST_F(RecommenderTest, ProductLinkedByTwoTypesAppearsOnceWithBothReasons) {
  Link("RS-1", "SK-1", "accessory");   // 0.8
  Link("RS-1", "SK-1", "cross_sell");  // 1.0: the best link to SK-1
  Link("RS-1", "IN-1", "accessory", 1.1);  // 0.88, between the two
  Result<Recommendations> r = Run({.sku = "RS-1", .explain = true});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->items.size(), 2u);
  const RecommendedItem& socks = r->items[0];
  EXPECT_EQ(socks.product->product.sku, "SK-1");
  EXPECT_EQ(socks.type->name, "cross_sell");
  EXPECT_FLOAT_EQ(static_cast<float>(socks.score), 1.0f);
  ASSERT_EQ(socks.reasons.size(), 2u);
  EXPECT_EQ(socks.reasons[0].type->name, "cross_sell");
  EXPECT_EQ(socks.reasons[1].type->name, "accessory");
  EXPECT_FLOAT_EQ(socks.reasons[1].edge->score, 0.8f);
  EXPECT_EQ(snapshot_->origin(socks.reasons[1].edge->origin), "manual");
  EXPECT_EQ(r->items[1].reasons.size(), 1u);

  Result<Recommendations> plain = Run({.sku = "RS-1"});
  ASSERT_EQ(plain->items.size(), 2u);
  EXPECT_TRUE(plain->items[0].reasons.empty());
}

TEST_F(RecommenderTest, ExplainCollectsReasonsBeyondTheLimit) {
  Link("RS-1", "RS-PRO", "upsell");                  // 1.2
  Link("RS-1", "SK-1", "accessory");                 // 0.8
  Link("RS-1", "RS-PRO", "cross_sell", 0.5);         // 0.5: a later reason for RS-PRO
  Result<Recommendations> r = Run({.sku = "RS-1", .limit = 1, .explain = true});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].product->product.sku, "RS-PRO");
  ASSERT_EQ(r->items[0].reasons.size(), 2u);
  EXPECT_EQ(r->items[0].reasons[1].type->name, "cross_sell");
}

TEST_F(RecommenderTest, ReasonNamesTheRelationship) {
  Relationship link = Link("RS-1", "SK-1", "accessory", 1.5);
  Result<Recommendations> r = Run({.sku = "RS-1", .explain = true});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->items.size(), 1u);
  const RankedEdge* edge = r->items[0].reasons.at(0).edge;
  EXPECT_EQ(edge->relationship, link.id);
  EXPECT_DOUBLE_EQ(edge->score / r->items[0].reasons.at(0).type->weight, 1.5);  // link weight
  EXPECT_FLOAT_EQ(edge->score, 1.2f);
  EXPECT_EQ(edge->position, RankedEdge::kUnpinned);
}

TEST_F(RecommenderTest, ProductWithoutLinksHasNoItems) {
  Result<Recommendations> r = Run({.sku = "LC-1"});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->items.empty());
}

TEST_F(RecommenderTest, WeightOverridesRerankEveryCandidateAndKeepPins) {
  Link("RS-1", "RS-PRO", "upsell");            // 1.2
  Link("RS-1", "SK-1", "accessory");           // 0.8
  Link("RS-1", "CL-1", "accessory", 0.5);      // 0.4
  Link("RS-1", "LC-1", "accessory", 0.1, 1);   // pinned
  Relationship trail = Link("RS-1", "TR-1", "cross_sell", 0.2);  // 0.2
  WeightOverrides weights;
  weights.types["accessory"] = 3.0;  // SK-1 3.0, CL-1 1.5
  weights.links[trail.id] = 10.0;    // TR-1 1.0 x 10
  Result<Recommendations> r = Run({.sku = "RS-1", .limit = 3, .explain = true, .weights = &weights});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> skus;
  for (const auto& item : r->items) skus.push_back(item.product->product.sku);
  // The cut comes after ranking: TR-1 was last in the saved order.
  EXPECT_EQ(skus, (Skus{"LC-1", "TR-1", "SK-1"}));
  EXPECT_DOUBLE_EQ(r->items[1].score, 10.0);
  ASSERT_FALSE(r->items[2].reasons.empty());
  EXPECT_DOUBLE_EQ(r->items[2].reasons[0].type_weight, 3.0);
  EXPECT_DOUBLE_EQ(r->items[2].reasons[0].own_weight, 1.0);
  // The snapshot itself is unchanged.
  EXPECT_EQ(Recommended("RS-1"), (Skus{"LC-1", "RS-PRO", "SK-1", "CL-1", "TR-1"}));
}

TEST_F(RecommenderTest, CoveredMeansARequestWouldReturnSomething) {
  Link("RS-1", "SK-1", "accessory");
  Link("TR-1", "RS-PRO", "upsell");
  ASSERT_TRUE(engine_->PutProduct(MakeProduct("RS-PRO", "Carbon Racing Shoes", 18900, 0)).ok());
  snapshot_ = engine_->snapshot();
  EXPECT_TRUE(IsCovered(*snapshot_, *snapshot_->Find("RS-1"), 0));
  EXPECT_FALSE(IsCovered(*snapshot_, *snapshot_->Find("TR-1"), 0));  // its only target is sold out
  EXPECT_FALSE(IsCovered(*snapshot_, *snapshot_->Find("LC-1"), 0));
}

// CoveringTypes is what coverage reports count: on a random catalog (links of every type, stock
// in and out, inactive products, a scheduled rule and a rule only a known customer sees) a product
// is covered by type t exactly when Recommend restricted to t returns an item, and covered at all
// exactly when IsCovered says so.
TEST_F(RecommenderTest, CoveringTypesAgreesWithRecommendPerTypeOnARandomCatalog) {
  RandomCatalog gen(20261202);
  std::vector<std::string> skus;
  for (int i = 0; i < 60; ++i) {
    Product p = gen.NewProduct("P-" + std::to_string(i));
    if (gen.Chance(10)) p.status = ProductStatus::kDiscontinued;
    skus.push_back(Put(p).sku);
  }
  const std::vector<std::string> types = {"cross_sell", "upsell", "accessory"};
  for (int i = 0; i < 120; ++i) {
    const std::string& from = gen.Pick(skus);
    const std::string& to = gen.Pick(skus);
    if (from != to) (void)TryLink(from, to, gen.Pick(types));  // cycles and repeats are refused
  }
  Rule seasonal = MakeRule("winter", "cross_sell", "source.category startsWith \"Footwear\"",
                           "target.category startsWith \"Apparel\"", 3, 1);
  seasonal.schedule = *Schedule::FromJson(boost::json::parse(R"({"recurring":"12-01/02-28"})"));
  Rule vip = MakeRule("vip", "accessory", "source.category startsWith \"Apparel\"",
                      "target.category startsWith \"Accessories\"", 3, 2);
  vip.context = "customer.segment == \"high_value\"";
  for (const Rule& rule : {seasonal, vip}) {
    Result<RuleReport> saved = engine_->PutRule(rule, false);
    ASSERT_TRUE(saved.ok() && saved->valid) << rule.id;
  }
  snapshot_ = engine_->snapshot();
  std::vector<std::uint8_t> covered;
  std::size_t any = 0;
  for (std::int64_t now : {1767225600 /* 2026-01-01: winter */, 1782864000 /* 2026-07-01 */}) {
    for (const std::string& sku : skus) {
      const ProductNode& node = *snapshot_->Find(sku);
      const bool covering = CoveringTypes(*snapshot_, node, now, &covered);
      EXPECT_EQ(covering, IsCovered(*snapshot_, node, now)) << sku << " at " << now;
      any += covering;
      ASSERT_EQ(covered.size(), snapshot_->types().size());
      for (std::size_t t = 0; t < covered.size(); ++t) {
        RecommendRequest request;
        request.sku = sku;
        request.types = {snapshot_->types()[t].name};
        request.limit = 1;
        request.now = now;
        Result<Recommendations> r = Recommend(*snapshot_, request);
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(covered[t] == 1, !r->items.empty())
            << sku << " by " << snapshot_->types()[t].name << " at " << now;
      }
    }
  }
  EXPECT_GT(any, 10u) << "the catalog should cover something";
}

}  // namespace
}  // namespace affinity

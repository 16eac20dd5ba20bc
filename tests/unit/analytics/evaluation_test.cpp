// EvaluateTimeSplit: trains co-purchase partners on the purchases before the split, then asks for
// each product of each later basket and scores the list against the rest of that basket, beside a
// best-seller baseline.
#include "analytics/evaluation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace affinity {
namespace {

constexpr std::int64_t kSplit = 1000;

Order Basket(int n, std::int64_t at, std::vector<std::string> skus) {
  Order o;
  o.id = "o" + std::to_string(n);
  o.external_id = o.id;
  o.placed_at = at;
  for (const std::string& sku : skus) o.lines.push_back({sku, sku, 1, 100, 0, false});
  return o;
}

std::vector<Order> History() {
  std::vector<Order> orders;
  int n = 0;
  // Before the split: shoes go with socks, tents with pegs; water bottles sell on their own most.
  for (int i = 0; i < 4; ++i) orders.push_back(Basket(++n, i, {"SHOE", "SOCK"}));
  for (int i = 0; i < 3; ++i) orders.push_back(Basket(++n, i, {"TENT", "PEG"}));
  for (int i = 0; i < 9; ++i) orders.push_back(Basket(++n, i, {"BOTTLE"}));
  // After: the pairs again, and a basket with a product never seen before.
  orders.push_back(Basket(++n, kSplit, {"SHOE", "SOCK"}));
  orders.push_back(Basket(++n, kSplit + 1, {"TENT", "PEG"}));
  orders.push_back(Basket(++n, kSplit + 2, {"NEW", "BOTTLE"}));
  Order cancelled = Basket(++n, kSplit + 3, {"SHOE", "PEG"});
  cancelled.status = OrderStatus::kCancelled;
  orders.push_back(cancelled);
  return orders;
}

TEST(EvaluateTimeSplitTest, MinedPartnersFindTheRestOfTheBasketAndTheBaselineIsScoredAlike) {
  EvaluationOptions options;
  options.split = kSplit;
  options.k = 1;
  Result<EvaluationReport> r = EvaluateTimeSplit(History(), options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->train_baskets, 16u);
  EXPECT_EQ(r->products, 5u);
  EXPECT_EQ(r->test_baskets, 2u) << "NEW was not seen in training; the cancellation is no purchase";
  EXPECT_EQ(r->queries, 4u);
  EXPECT_EQ(r->queries_with_recommendations, 4u);
  EXPECT_EQ(r->mined.hits, 4u);
  EXPECT_DOUBLE_EQ(r->mined.hit_rate, 1.0);
  EXPECT_DOUBLE_EQ(r->mined.precision, 1.0);
  // The best seller, BOTTLE, is in no test basket.
  EXPECT_EQ(r->popularity.hits, 0u);
  EXPECT_DOUBLE_EQ(r->popularity.hit_rate, 0.0);
  EXPECT_DOUBLE_EQ(r->blended.hit_rate, 1.0);
}

TEST(EvaluateTimeSplitTest, NothingToTrainOrTestOnIsAnError) {
  EvaluationOptions options;
  options.split = 0;
  EXPECT_NE(EvaluateTimeSplit(History(), options).status().message().find("nothing to train on"),
            std::string::npos);
  options.split = 1'000'000;
  EXPECT_NE(EvaluateTimeSplit(History(), options).status().message().find("nothing to test"),
            std::string::npos);
  options.split = kSplit;
  options.k = 0;
  EXPECT_EQ(EvaluateTimeSplit(History(), options).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace affinity

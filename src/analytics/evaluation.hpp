// EvaluateTimeSplit: how well co-purchase recommendations predict what customers buy later. Orders
// before `split` train the miner (the same PairMiner and thresholds a mining job uses); every later
// purchase basket with at least two products the training saw is a test case: each of its products
// in turn is the viewed product, and a recommendation list of k products is asked for it. A hit is
// a list holding at least one other product of that basket.
//   hit_rate@k   = queries with a hit / queries
//   precision@k  = recommended products in the basket / (k x queries)
// A popularity baseline (the k best sellers of the training period, minus the viewed product) is
// scored on the same queries. Pure: no I/O.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.hpp"
#include "mining/pair_miner.hpp"
#include "orders/order.hpp"

namespace affinity {

struct EvaluationOptions {
  std::int64_t split = 0;  // Unix seconds: train on [.., split), test on [split, ..)
  std::size_t k = 10;
  std::uint32_t min_pair_count = 2;
  std::size_t max_basket_items = 200;
  std::size_t max_queries_per_basket = 20;  // bounds the cost of very large baskets
  mining::PairMeasure measure = mining::PairMeasure::kConfidence;  // how partners are ranked
};

struct EvaluationScores {
  std::uint64_t hits = 0;
  std::uint64_t relevant_recommended = 0;
  double hit_rate = 0;
  double precision = 0;
};

struct EvaluationReport {
  std::uint64_t train_baskets = 0, test_baskets = 0, queries = 0, products = 0;
  std::uint64_t queries_with_recommendations = 0;  // the miner had partners for the product
  EvaluationScores mined;       // co-purchase partners by lift
  EvaluationScores blended;     // mined, topped up with best sellers to k
  EvaluationScores popularity;  // best sellers only
};

// InvalidArgument when there is nothing to train on or nothing to test.
Result<EvaluationReport> EvaluateTimeSplit(const std::vector<Order>& orders,
                                           const EvaluationOptions& options);

}  // namespace affinity

#include "analytics/evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "mining/pair_miner.hpp"
#include "mining/transactions.hpp"

namespace affinity {
namespace {

void Score(EvaluationScores& s, const std::vector<mining::ItemId>& recommended,
           const std::unordered_set<mining::ItemId>& others) {
  std::uint64_t found = 0;
  for (mining::ItemId r : recommended) found += others.contains(r);
  s.hits += found > 0;
  s.relevant_recommended += found;
}

void Finish(EvaluationScores& s, std::uint64_t queries, std::size_t k) {
  s.hit_rate = queries ? static_cast<double>(s.hits) / static_cast<double>(queries) : 0;
  s.precision = queries ? static_cast<double>(s.relevant_recommended) /
                              (static_cast<double>(queries) * static_cast<double>(k))
                        : 0;
}

}  // namespace

Result<EvaluationReport> EvaluateTimeSplit(const std::vector<Order>& orders,
                                           const EvaluationOptions& options) {
  if (options.k == 0) return Status::InvalidArgument("k must be at least 1");
  EvaluationReport report;
  std::unordered_map<std::string, mining::ItemId> item_of;
  auto basket_of = [&](const Order& order, bool add_new) {
    std::vector<mining::ItemId> items;
    for (const OrderLine& line : order.lines) {
      if (line.sku.empty() || line.quantity <= 0) continue;
      auto it = item_of.find(line.sku);
      if (it == item_of.end()) {
        if (!add_new) continue;
        it = item_of.emplace(line.sku, static_cast<mining::ItemId>(item_of.size())).first;
      }
      items.push_back(it->second);
    }
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return items;
  };

  // Train.
  mining::TransactionSet train;
  for (const Order& order : orders) {
    if (order.placed_at >= options.split || !CountsAsPurchase(order)) continue;
    auto items = basket_of(order, true);
    if (items.empty()) continue;
    AFFINITY_RETURN_IF_ERROR(train.AddBasket(items));
  }
  report.train_baskets = train.size();
  report.products = item_of.size();
  if (train.empty()) {
    return Status::InvalidArgument("no purchases before the split time: nothing to train on");
  }
  mining::PairMinerOptions pair_options;
  pair_options.max_basket_items = options.max_basket_items;
  mining::PairMiner miner(train, pair_options);
  mining::TopPartnersOptions top;
  top.k = options.k;
  top.measure = options.measure;
  top.min_pair_count = options.min_pair_count;
  auto partners = miner.FindTopPartners(top);
  if (!partners.ok()) return partners.status();
  std::vector<mining::ItemId> popular(item_of.size());
  std::iota(popular.begin(), popular.end(), 0);
  std::stable_sort(popular.begin(), popular.end(), [&](mining::ItemId a, mining::ItemId b) {
    return miner.ItemCount(a) > miner.ItemCount(b);
  });
  auto best_sellers = [&](mining::ItemId viewed, const std::vector<mining::ItemId>& already) {
    std::vector<mining::ItemId> out = already;
    for (mining::ItemId p : popular) {
      if (out.size() >= options.k) break;
      if (p != viewed && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    }
    return out;
  };

  // Test.
  for (const Order& order : orders) {
    if (order.placed_at < options.split || !CountsAsPurchase(order)) continue;
    auto items = basket_of(order, false);
    if (items.size() < 2) continue;
    ++report.test_baskets;
    std::unordered_set<mining::ItemId> basket(items.begin(), items.end());
    const std::size_t queries = std::min(items.size(), options.max_queries_per_basket);
    for (std::size_t q = 0; q < queries; ++q) {
      const mining::ItemId viewed = items[q];
      basket.erase(viewed);
      std::vector<mining::ItemId> mined;
      for (const mining::Partner& p : partners->Of(viewed)) mined.push_back(p.item);
      report.queries_with_recommendations += !mined.empty();
      Score(report.mined, mined, basket);
      Score(report.blended, best_sellers(viewed, mined), basket);
      Score(report.popularity, best_sellers(viewed, {}), basket);
      basket.insert(viewed);
      ++report.queries;
    }
  }
  if (report.queries == 0) {
    return Status::InvalidArgument(
        "no purchase after the split time holds two products seen before it: nothing to test");
  }
  Finish(report.mined, report.queries, options.k);
  Finish(report.blended, report.queries, options.k);
  Finish(report.popularity, report.queries, options.k);
  return report;
}

}  // namespace affinity

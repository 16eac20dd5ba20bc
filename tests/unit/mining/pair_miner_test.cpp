#include "mining/pair_miner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <utility>

#include "mining/association.hpp"
#include "mining_test_util.hpp"

namespace affinity::mining {
namespace {

using testing::Baskets;
using testing::RandomBaskets;

TransactionSet Make(const Baskets& baskets) {
  auto ts = TransactionSet::FromBaskets(baskets);
  EXPECT_TRUE(ts.ok());
  return std::move(ts).value();
}

// Pair counts by direct enumeration of every basket's pairs, with the same basket cap.
std::map<std::pair<ItemId, ItemId>, std::uint32_t> BrutePairs(const TransactionSet& ts,
                                                              std::size_t cap, bool skip,
                                                              std::vector<std::uint32_t>* items) {
  std::map<std::pair<ItemId, ItemId>, std::uint32_t> out;
  items->assign(ts.item_limit(), 0);
  for (std::size_t t = 0; t < ts.size(); ++t) {
    auto b = ts.basket(t);
    if (b.size() > cap) {
      if (skip) continue;
      b = b.first(cap);
    }
    for (std::size_t i = 0; i < b.size(); ++i) {
      ++(*items)[b[i]];
      for (std::size_t j = i + 1; j < b.size(); ++j) ++out[{b[i], b[j]}];
    }
  }
  return out;
}

TEST(PairMinerTest, MatchesBruteForceOnRandomSets) {
  for (std::uint32_t seed = 1; seed <= 100; ++seed) {
    TransactionSet ts = Make(RandomBaskets(seed, 20 + seed % 50, 4 + seed % 20, 2 + seed % 14));
    std::size_t cap = 2 + seed % 10;
    bool skip = seed % 2 == 0;
    PairMinerOptions options{.max_basket_items = cap,
                             .oversized = skip ? OversizedBasket::kSkip : OversizedBasket::kTruncate};
    PairMiner miner(ts, options);
    std::vector<std::uint32_t> item_counts;
    auto expected = BrutePairs(ts, cap, skip, &item_counts);
    auto pairs = miner.AllPairs(1 << 20);
    ASSERT_TRUE(pairs.ok());
    ASSERT_EQ(pairs->size(), expected.size()) << "seed " << seed;
    auto it = expected.begin();
    for (const ItemPair& p : *pairs) {  // both ordered by (a, b)
      ASSERT_EQ(std::make_pair(p.a, p.b), it->first) << "seed " << seed;
      ASSERT_EQ(p.count, it->second);
      std::uint32_t ca = item_counts[p.a], cb = item_counts[p.b];
      EXPECT_EQ(miner.ItemCount(p.a), ca);
      EXPECT_DOUBLE_EQ(p.support, static_cast<double>(p.count) / ts.size());
      EXPECT_DOUBLE_EQ(p.confidence_ab, static_cast<double>(p.count) / ca);
      EXPECT_DOUBLE_EQ(p.confidence_ba, static_cast<double>(p.count) / cb);
      EXPECT_DOUBLE_EQ(p.lift, static_cast<double>(p.count) * ts.size() / (1.0 * ca * cb));
      ++it;
    }
  }
}

// Top-k per item against sorting every partner of the item by the measure.
TEST(PairMinerTest, TopPartnersAreTheBestKInOrder) {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    TransactionSet ts = Make(RandomBaskets(seed, 200, 25, 10));
    PairMiner miner(ts, {});
    auto all = miner.AllPairs(1 << 20);
    ASSERT_TRUE(all.ok());
    for (PairMeasure measure : {PairMeasure::kLift, PairMeasure::kConfidence, PairMeasure::kCount}) {
      TopPartnersOptions options{.k = 1 + seed % 6, .measure = measure, .min_pair_count = 2};
      std::size_t streamed = 0;
      auto top = miner.FindTopPartners(options, [&](const ItemPair&) { ++streamed; });
      ASSERT_TRUE(top.ok());
      EXPECT_EQ(streamed, all->size());
      for (ItemId x = 0; x < ts.item_limit(); ++x) {
        struct Cand {
          double score;
          std::uint32_t count;
          ItemId item;
        };
        std::vector<Cand> cands;
        for (const ItemPair& p : *all) {
          if (p.count < 2 || (p.a != x && p.b != x)) continue;
          ItemId other = p.a == x ? p.b : p.a;
          double conf = p.a == x ? p.confidence_ab : p.confidence_ba;
          double score = measure == PairMeasure::kLift         ? p.lift
                         : measure == PairMeasure::kConfidence ? conf
                                                               : p.count;
          cands.push_back({score, p.count, other});
        }
        std::sort(cands.begin(), cands.end(), [](const Cand& u, const Cand& v) {
          if (u.score != v.score) return u.score > v.score;
          if (u.count != v.count) return u.count > v.count;
          return u.item < v.item;
        });
        if (cands.size() > options.k) cands.resize(options.k);
        auto got = top->Of(x);
        ASSERT_EQ(got.size(), cands.size()) << "seed " << seed << " item " << x;
        for (std::size_t r = 0; r < got.size(); ++r) {
          EXPECT_EQ(got[r].item, cands[r].item) << "seed " << seed << " item " << x << " rank " << r;
          EXPECT_EQ(got[r].count, cands[r].count);
        }
      }
    }
  }
}

TEST(PairMinerTest, RanksByLiftWithTiesBrokenByCountThenId) {
  // 1 and 2 always come with 0; 3 only sometimes. Lift(0,1) = Lift(0,2) = 5/4, 3 is lower.
  TransactionSet ts = Make({{0, 1, 2}, {0, 1, 2}, {0, 3}, {0, 3}, {3}});
  PairMiner miner(ts, {});
  auto top = miner.FindTopPartners({.k = 2, .measure = PairMeasure::kLift, .min_pair_count = 1});
  ASSERT_TRUE(top.ok());
  auto of0 = top->Of(0);
  ASSERT_EQ(of0.size(), 2u);
  EXPECT_EQ(of0[0].item, 1u);
  EXPECT_EQ(of0[1].item, 2u);
  EXPECT_DOUBLE_EQ(of0[0].lift, 5.0 * 2 / (4 * 2));
  EXPECT_DOUBLE_EQ(of0[0].confidence, 0.5);  // P(1 | 0)
  auto of1 = top->Of(1);
  ASSERT_EQ(of1.size(), 2u);
  EXPECT_EQ(of1[0].item, 2u);  // lift 5/2 beats 0's 5/4
  EXPECT_TRUE(top->Of(99).empty());
}

TEST(PairMinerTest, HugeBasketsAreTruncatedOrSkipped) {
  std::vector<ItemId> huge;
  for (ItemId i = 0; i < 1000; ++i) huge.push_back(i);
  TransactionSet ts = Make({huge, {0, 1}, {998, 999}});

  PairMiner truncating(ts, {.max_basket_items = 10});
  EXPECT_EQ(truncating.baskets_truncated(), 1u);
  auto t = truncating.AllPairs(1000);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->size(), 45u + 1u);  // C(10, 2) from the first 10 items, plus 998-999
  EXPECT_EQ(truncating.ItemCount(0), 2u);
  EXPECT_EQ(truncating.ItemCount(500), 0u);

  PairMiner skipping(ts, {.max_basket_items = 10, .oversized = OversizedBasket::kSkip});
  EXPECT_EQ(skipping.baskets_skipped(), 1u);
  auto s = skipping.AllPairs(1000);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ(s->front().count, 1u);
  EXPECT_DOUBLE_EQ(s->front().support, 1.0 / 3);  // skipped baskets still count in n
}

TEST(PairMinerTest, PairCapAndMinCountAndCancellation) {
  TransactionSet ts = Make(RandomBaskets(3, 300, 30, 10));
  PairMiner miner(ts, {});
  auto capped = miner.AllPairs(5);
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(capped.status().message().find("max_pairs = 5"), std::string::npos);

  PairMiner frequent(ts, {.min_pair_count = 10});
  auto pairs = frequent.AllPairs(1 << 20);
  ASSERT_TRUE(pairs.ok());
  for (const ItemPair& p : *pairs) EXPECT_GE(p.count, 10u);

  std::atomic<bool> cancel{true};
  PairMiner cancelled(ts, {.cancel = &cancel});
  EXPECT_EQ(cancelled.ForEachPair([](const ItemPair&) {}).code(), StatusCode::kAborted);
  EXPECT_EQ(cancelled.FindTopPartners({}).status().code(), StatusCode::kAborted);
}

TEST(PairMinerTest, OnlineRetailPairsAgreeWithFpGrowth) {
  std::vector<std::string> codes;
  TransactionSet ts = Make(testing::OnlineRetailBaskets(&codes));
  PairMiner miner(ts, {.max_basket_items = 10'000, .min_pair_count = 3});
  auto pairs = miner.AllPairs(1 << 20);
  ASSERT_TRUE(pairs.ok());
  auto itemsets = CollectFrequentItemsets(ts, {.min_support = 3, .max_length = 2});
  ASSERT_TRUE(itemsets.ok());
  std::map<std::pair<ItemId, ItemId>, std::uint64_t> from_fp;
  for (const auto& s : *itemsets) {
    if (s.items.size() == 2) from_fp[{s.items[0], s.items[1]}] = s.support;
  }
  ASSERT_EQ(pairs->size(), from_fp.size());
  ASSERT_GT(pairs->size(), 100u);
  for (const ItemPair& p : *pairs) EXPECT_EQ(p.count, (from_fp[{p.a, p.b}]));
}

}  // namespace
}  // namespace affinity::mining

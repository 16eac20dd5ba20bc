#include "mining/fp_growth.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>

#include "mining_test_util.hpp"

namespace affinity::mining {
namespace {

using testing::Baskets;
using testing::BruteForceItemsets;
using testing::RandomBaskets;

TransactionSet Make(const Baskets& baskets) {
  auto ts = TransactionSet::FromBaskets(baskets);
  EXPECT_TRUE(ts.ok()) << ts.status().ToString();
  return std::move(ts).value();
}

// Han, Pei & Yin (2000), table 1: f=0 c=1 a=2 b=3 m=4 p=5, other letters 6..; min support 3.
Baskets HanExample() {
  enum : ItemId { f, c, a, b, m, p, d, g, i, l, o, h, j, k, s, e, n };
  return {{f, a, c, d, g, i, m, p}, {a, b, c, f, l, m, o}, {b, f, h, j, o}, {b, c, k, s, p},
          {a, f, c, e, l, p, m, n}};
}

TEST(FpGrowthTest, FindsTheTextbookPatterns) {
  TransactionSet ts = Make(HanExample());
  FpGrowthOptions options{.min_support = 3};
  auto found = CollectFrequentItemsets(ts, options);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  // f c a b m p; fc fa fm ca cm cp am; fca fcm fam cam; fcam.
  std::vector<FrequentItemset> expected = {
      {{0}, 4}, {{1}, 4}, {{2}, 3}, {{3}, 3}, {{4}, 3}, {{5}, 3},
      {{0, 1}, 3}, {{0, 2}, 3}, {{0, 4}, 3}, {{1, 2}, 3}, {{1, 4}, 3}, {{1, 5}, 3}, {{2, 4}, 3},
      {{0, 1, 2}, 3}, {{0, 1, 4}, 3}, {{0, 2, 4}, 3}, {{1, 2, 4}, 3},
      {{0, 1, 2, 4}, 3}};
  EXPECT_EQ(*found, expected);

  auto counts = CountFrequentItemsets(ts, options);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->total, 18u);
  EXPECT_EQ(counts->by_length, (std::vector<std::uint64_t>{0, 6, 7, 4, 1}));
}

// The property that matters: on many random sets, FP-growth finds exactly the itemsets (with
// exactly the supports) that a brute-force search finds, in both modes.
TEST(FpGrowthTest, MatchesBruteForceOnRandomSets) {
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    std::size_t n = 5 + seed % 60;
    std::uint32_t items = 3 + seed % 12;
    TransactionSet ts = Make(RandomBaskets(seed, n, items, 2 + seed % 9));
    std::uint64_t min_support = 1 + seed % 5;
    auto expected = BruteForceItemsets(ts, min_support);
    auto found = CollectFrequentItemsets(ts, {.min_support = min_support});
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    ASSERT_EQ(*found, expected) << "seed " << seed;

    auto counts = CountFrequentItemsets(ts, {.min_support = min_support});
    ASSERT_TRUE(counts.ok());
    std::vector<std::uint64_t> by_length;
    for (const auto& s : expected) {
      if (by_length.size() <= s.items.size()) by_length.resize(s.items.size() + 1, 0);
      ++by_length[s.items.size()];
    }
    EXPECT_EQ(counts->total, expected.size()) << "seed " << seed;
    EXPECT_EQ(counts->by_length, by_length) << "seed " << seed;
  }
}

TEST(FpGrowthTest, MatchesBruteForceWithSparseIdsAndLongBaskets) {
  for (std::uint32_t seed = 1000; seed < 1040; ++seed) {
    Baskets baskets = RandomBaskets(seed, 40, 20, 16);
    for (auto& b : baskets) {
      for (auto& id : b) id = id * 7 + 3;  // gaps in the id range, duplicates kept
      if (!b.empty()) b.push_back(b.front());
    }
    TransactionSet ts = Make(baskets);
    for (std::uint64_t min_support : {2u, 4u, 9u}) {
      auto found = CollectFrequentItemsets(ts, {.min_support = min_support});
      ASSERT_TRUE(found.ok());
      ASSERT_EQ(*found, BruteForceItemsets(ts, min_support)) << "seed " << seed;
    }
  }
}

TEST(FpGrowthTest, MaxLengthLimitsBothModes) {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    TransactionSet ts = Make(RandomBaskets(seed, 50, 10, 9));
    for (std::size_t max_length : {1u, 2u, 3u}) {
      FpGrowthOptions options{.min_support = 2, .max_length = max_length};
      auto found = CollectFrequentItemsets(ts, options);
      ASSERT_TRUE(found.ok());
      auto expected = BruteForceItemsets(ts, 2, max_length);
      ASSERT_EQ(*found, expected) << "seed " << seed << " max_length " << max_length;
      auto counts = CountFrequentItemsets(ts, options);
      ASSERT_TRUE(counts.ok());
      EXPECT_EQ(counts->total, expected.size());
    }
  }
}

TEST(FpGrowthTest, SinglePathTreeIsCountedByCombinatorics) {
  // Ten identical baskets of 20 items: one path, 2^20 - 1 itemsets, each with support 10.
  std::vector<ItemId> all;
  for (ItemId i = 0; i < 20; ++i) all.push_back(i);
  TransactionSet ts = Make(Baskets(10, all));
  auto counts = CountFrequentItemsets(ts, {.min_support = 10});
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->total, (1u << 20) - 1);
  EXPECT_EQ(counts->by_length[10], 184756u);  // C(20, 10)

  std::uint64_t streamed = 0;
  Status st = EnumerateFrequentItemsets(ts, {.min_support = 10},
                                        [&](std::span<const ItemId> items, std::uint64_t support) {
                                          EXPECT_EQ(support, 10u);
                                          EXPECT_TRUE(std::is_sorted(items.begin(), items.end()));
                                          ++streamed;
                                        });
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(streamed, (1u << 20) - 1);
}

TEST(FpGrowthTest, EmptyAndTooHighSupportGiveNothing) {
  auto none = CountFrequentItemsets(TransactionSet(), {.min_support = 1});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->total, 0u);
  EXPECT_TRUE(none->by_length.empty());
  auto high = CountFrequentItemsets(Make(HanExample()), {.min_support = 6});
  ASSERT_TRUE(high.ok());
  EXPECT_EQ(high->total, 0u);
}

TEST(FpGrowthTest, ItemsetCapReturnsResourceExhausted) {
  TransactionSet ts = Make(RandomBaskets(7, 200, 14, 12));
  FpGrowthOptions options{.min_support = 2, .max_itemsets = 50};
  auto counts = CountFrequentItemsets(ts, options);
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(counts.status().message().find("max_itemsets = 50"), std::string::npos);
  EXPECT_NE(counts.status().message().find("raise the min support"), std::string::npos);

  std::size_t streamed = 0;
  Status st = EnumerateFrequentItemsets(ts, options,
                                        [&](std::span<const ItemId>, std::uint64_t) { ++streamed; });
  EXPECT_EQ(st.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(streamed, 50u);  // exactly the cap, never beyond

  // The combinatorial single-path count honours the cap too, without overflowing.
  std::vector<ItemId> all;
  for (ItemId i = 0; i < 100; ++i) all.push_back(i);
  auto path = CountFrequentItemsets(Make(Baskets(3, all)), {.min_support = 3});
  EXPECT_EQ(path.status().code(), StatusCode::kResourceExhausted);
}

TEST(FpGrowthTest, NodeCapReturnsResourceExhausted) {
  TransactionSet ts = Make(RandomBaskets(11, 500, 14, 12));
  auto counts = CountFrequentItemsets(ts, {.min_support = 2, .max_nodes = 100});
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(counts.status().message().find("max_nodes = 100"), std::string::npos);
  // Enough nodes: the same run succeeds.
  EXPECT_TRUE(CountFrequentItemsets(ts, {.min_support = 2, .max_nodes = 1 << 20}).ok());
}

TEST(FpGrowthTest, CancellationStopsWithAborted) {
  TransactionSet ts = Make(RandomBaskets(5, 300, 14, 12));
  std::atomic<bool> cancel{true};
  auto before = CountFrequentItemsets(ts, {.min_support = 2, .cancel = &cancel});
  EXPECT_EQ(before.status().code(), StatusCode::kAborted);

  // Cancelled from the progress callback after the first top-level item.
  cancel = false;
  std::size_t calls = 0;
  FpGrowthOptions options{.min_support = 2, .cancel = &cancel};
  options.progress = [&](const FpGrowthProgress& p) {
    ++calls;
    EXPECT_LE(p.items_done, p.items_total);
    cancel = true;
  };
  auto during = CountFrequentItemsets(ts, options);
  EXPECT_EQ(during.status().code(), StatusCode::kAborted);
  EXPECT_EQ(calls, 1u);
}

TEST(FpGrowthTest, ProgressReachesEveryTopLevelItem) {
  TransactionSet ts = Make(RandomBaskets(9, 300, 14, 12));
  FpGrowthProgress last;
  FpGrowthOptions options{.min_support = 3};
  options.progress = [&](const FpGrowthProgress& p) { last = p; };
  auto counts = CountFrequentItemsets(ts, options);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(last.items_done, last.items_total);
  EXPECT_EQ(last.items_total, counts->by_length[1]);
  EXPECT_EQ(last.itemsets_found, counts->total);
}

TEST(FpGrowthTest, MinSupportFromFractionRoundsUp) {
  EXPECT_EQ(MinSupportFromFraction(0.0001, 88162), 9u);
  EXPECT_EQ(MinSupportFromFraction(0.001, 88162), 89u);
  EXPECT_EQ(MinSupportFromFraction(0.001, 100000), 100u);
  EXPECT_EQ(MinSupportFromFraction(0.01, 100000), 1000u);
  EXPECT_EQ(MinSupportFromFraction(0.0, 100), 1u);
  EXPECT_EQ(MinSupportFromFraction(1.0, 100), 100u);
}

TEST(FpGrowthTest, MatchesBruteForceOnOnlineRetailSample) {
  TransactionSet ts = Make(testing::OnlineRetailBaskets());
  ASSERT_GT(ts.size(), 90u);
  for (std::uint64_t min_support : {5u, 8u}) {
    auto found = CollectFrequentItemsets(ts, {.min_support = min_support});
    ASSERT_TRUE(found.ok());
    auto expected = BruteForceItemsets(ts, min_support);
    EXPECT_EQ(*found, expected) << "min support " << min_support;
    EXPECT_GE(expected.size(), 20u) << "min support " << min_support;
  }
}

}  // namespace
}  // namespace affinity::mining

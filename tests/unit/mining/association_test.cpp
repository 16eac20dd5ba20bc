#include "mining/association.hpp"

#include <gtest/gtest.h>

#include "mining_test_util.hpp"

namespace affinity::mining {
namespace {

TEST(AssociationTest, MetricsFollowTheDefinitions) {
  EXPECT_DOUBLE_EQ(Support(25, 100), 0.25);
  EXPECT_DOUBLE_EQ(Support(1, 0), 0.0);
  EXPECT_DOUBLE_EQ(Confidence(20, 40), 0.5);
  EXPECT_DOUBLE_EQ(Confidence(0, 0), 0.0);
  // 20 of 100 baskets hold both; X in 40, Y in 25: conf 0.5 against a base rate of 0.25.
  EXPECT_DOUBLE_EQ(Lift(20, 40, 25, 100), 2.0);
  EXPECT_DOUBLE_EQ(Lift(20, 0, 25, 100), 0.0);
}

TEST(AssociationTest, DerivesSingleConsequentRulesAboveMinConfidence) {
  // Han et al.'s example (f=0 c=1 a=2 m=4 p=5 ...), min support 3.
  enum : ItemId { f, c, a, b, m, p, d, g, i, l, o, h, j, k, s, e, n };
  auto ts = TransactionSet::FromBaskets({{f, a, c, d, g, i, m, p}, {a, b, c, f, l, m, o},
                                         {b, f, h, j, o}, {b, c, k, s, p},
                                         {a, f, c, e, l, p, m, n}});
  ASSERT_TRUE(ts.ok());
  auto itemsets = CollectFrequentItemsets(*ts, {.min_support = 3});
  ASSERT_TRUE(itemsets.ok());
  auto rules = DeriveRules(*itemsets, ts->size(), {.min_confidence = 1.0});
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  // Every rule with confidence 1: e.g. {a} -> m (a in 3 baskets, all with m), never f -> c (3/4).
  bool saw_a_to_m = false;
  for (const AssociationRule& r : *rules) {
    EXPECT_DOUBLE_EQ(r.confidence, 1.0);
    EXPECT_EQ(r.support_count, 3u);
    EXPECT_FALSE(r.antecedent == std::vector<ItemId>{f} && r.consequent == c);
    if (r.antecedent == std::vector<ItemId>{a} && r.consequent == m) {
      saw_a_to_m = true;
      EXPECT_DOUBLE_EQ(r.lift, 5.0 / 3.0);
      EXPECT_DOUBLE_EQ(r.support, 0.6);
    }
  }
  EXPECT_TRUE(saw_a_to_m);

  // Against brute force: count every (antecedent, consequent) split by hand.
  std::size_t expected = 0;
  for (const auto& set : *itemsets) {
    for (std::size_t drop = 0; drop < set.items.size() && set.items.size() >= 2; ++drop) {
      std::vector<ItemId> ante;
      for (std::size_t q = 0; q < set.items.size(); ++q) {
        if (q != drop) ante.push_back(set.items[q]);
      }
      if (set.support >= 0.75 * testing::CountContaining(*ts, ante)) ++expected;
    }
  }
  auto loose = DeriveRules(*itemsets, ts->size(), {.min_confidence = 0.75});
  ASSERT_TRUE(loose.ok());
  EXPECT_EQ(loose->size(), expected);
  for (std::size_t q = 1; q < loose->size(); ++q) {
    EXPECT_GE((*loose)[q - 1].confidence, (*loose)[q].confidence);
  }
}

TEST(AssociationTest, MissingSubsetAndRuleCapAreErrors) {
  std::vector<FrequentItemset> broken = {{{1}, 5}, {{1, 2}, 3}};  // {2} missing
  auto r = DeriveRules(broken, 10, {.min_confidence = 0});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("{2}"), std::string::npos) << r.status().message();

  std::vector<FrequentItemset> ok = {{{1}, 5}, {{2}, 4}, {{1, 2}, 3}};
  auto capped = DeriveRules(ok, 10, {.min_confidence = 0, .max_rules = 1});
  EXPECT_EQ(capped.status().code(), StatusCode::kResourceExhausted);
  auto both = DeriveRules(ok, 10, {.min_confidence = 0});
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[0].antecedent, std::vector<ItemId>{2});  // 3/4 before 3/5
  EXPECT_EQ((*both)[0].consequent, 1u);
}

}  // namespace
}  // namespace affinity::mining

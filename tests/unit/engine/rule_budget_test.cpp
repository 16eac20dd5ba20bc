// The evaluation budget of a rule save (evaluation_budget.hpp): a rule whose materialisation passes
// it is refused with a diagnostic that says the budget, the sources and candidates it compares and
// how to narrow `then`; a rule the target index narrows stays well under it.
#include <gtest/gtest.h>

#include <string>

#include "engine/random_catalog.hpp"
#include "engine/rule_runtime.hpp"
#include "rules/vector_catalog.hpp"

namespace affinity {
namespace {

class RuleBudgetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 200; ++i) {
      catalog_.Add(
          MakeRuleProduct("SH-" + std::to_string(1000 + i), "Apparel/Shirts", "Peak", 1000 + i, 5));
    }
    for (int i = 0; i < 3; ++i) {
      catalog_.Add(MakeRuleProduct("SO-" + std::to_string(i), "Accessories/Socks", "Peak", 500, 5));
    }
  }
  VectorCatalog catalog_;
  RelationGraph graph_;
};

TEST_F(RuleBudgetTest, ARuleOverTheBudgetIsRefusedWithWhatItComparesAndHowToNarrowIt) {
  RuleRuntime rt(catalog_, graph_);
  rt.Load({}, AttributeCatalog{});
  rt.set_evaluation_budget(10'000);
  // No hint: every one of the 203 products is compared with the 203 candidates (~41,000).
  RulePlan plan =
      rt.PlanPut(MakeRule("pricier", "upsell", "true", "target.price > source.price", 1000, 0),
                 AttributeCatalog{});
  EXPECT_FALSE(plan.valid);
  EXPECT_TRUE(plan.results.empty());
  ASSERT_EQ(plan.diagnostics.size(), 1u);
  const RuleDiagnostic& d = plan.diagnostics[0];
  EXPECT_EQ(d.code, kEvaluationBudgetCode);
  EXPECT_EQ(d.field, "then");
  EXPECT_FALSE(d.warning);
  EXPECT_EQ(d.message.rfind("materialising rule 'pricier' needs more than the budget of 10,000 "
                            "condition evaluations per rule save (it stopped after ",
                            0),
            0u)
      << d.message;
  EXPECT_NE(d.message.find("'when' selects 203 sources and 'then' leaves 203 candidate targets "
                           "for each, about 41,209 comparisons; narrow 'then' with a condition "
                           "the target index can use (target.category == \"...\""),
            std::string::npos)
      << d.message;
  EXPECT_EQ(RuleDiagnosticToJson(d).at("code").as_string(), "evaluation_budget");
  EXPECT_EQ(rt.Find("pricier"), nullptr);
}

TEST_F(RuleBudgetTest, TheSameRuleFitsALargerBudgetAndAnIndexedRuleFitsTheSmallOne) {
  RuleRuntime rt(catalog_, graph_);
  rt.Load({}, AttributeCatalog{});
  rt.set_evaluation_budget(100'000);
  RulePlan wide =
      rt.PlanPut(MakeRule("pricier", "upsell", "true", "target.price > source.price", 1000, 0),
                 AttributeCatalog{});
  EXPECT_TRUE(wide.valid) << (wide.diagnostics.empty() ? "" : wide.diagnostics[0].message);

  rt.set_evaluation_budget(10'000);
  // The category hint leaves 3 candidates per source: 203 + 203 x 3 evaluations.
  RulePlan narrow =
      rt.PlanPut(MakeRule("socks", "accessory", "source.category == \"Apparel/Shirts\"",
                          "target.category == \"Accessories/Socks\"", 5, 0),
                 AttributeCatalog{});
  EXPECT_TRUE(narrow.valid) << (narrow.diagnostics.empty() ? "" : narrow.diagnostics[0].message);
  EXPECT_EQ(narrow.edges, 600u);
}

TEST_F(RuleBudgetTest, MaterialisationStopsSoonAfterTheBudgetIsSpent) {
  VectorCatalog big;
  for (int i = 0; i < 5000; ++i) {
    big.Add(MakeRuleProduct("P-" + std::to_string(10000 + i), "Apparel", "Peak", 1000 + i, 5));
  }
  Rule rule = MakeRule("all", "cross_sell", "true", "target.price < 0", 10, 0);
  std::vector<RuleDiagnostic> diagnostics;
  std::optional<CompiledRule> compiled = CompileRule(rule, AttributeCatalog{}, true, &diagnostics);
  ASSERT_TRUE(compiled);
  TargetIndex index(big);
  Materializer materializer(big, index, nullptr);
  EvaluationBudget budget(20'000);
  (void)materializer.Run(*compiled, 2, &budget);
  EXPECT_TRUE(budget.exhausted());
  // 25 M evaluations without a budget; a batch and a source's scan per thread past it with one.
  EXPECT_LT(budget.used(), 20'000u + 2 * (4096u + 5000u));
  MaterializeCost cost = materializer.Cost(*compiled);
  EXPECT_EQ(cost.sources, 5000u);
  EXPECT_EQ(cost.candidates, 5000u);
  EXPECT_EQ(cost.comparisons, 25e6);
}

}  // namespace
}  // namespace affinity

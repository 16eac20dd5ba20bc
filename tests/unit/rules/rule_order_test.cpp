#include "rules/rule_order.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

namespace affinity {
namespace {

// Owns the compiled rules that StratifyRules orders by pointer.
class RuleOrderTest : public ::testing::Test {
 protected:
  // A rule producing `type` that reads `reads` through related() (none when empty).
  const CompiledRule* Add(std::string id, std::string type, std::string reads = "",
                          bool enabled = true) {
    Rule rule;
    rule.id = std::move(id);
    rule.type = std::move(type);
    rule.when = reads.empty() ? "true" : "count(related(source, \"" + reads + "\")) > 0";
    rule.then = "target.category == source.category";
    rule.enabled = enabled;
    std::vector<RuleDiagnostic> diagnostics;
    auto compiled = CompileRule(rule, AttributeCatalog{}, true, &diagnostics);
    EXPECT_TRUE(compiled.has_value()) << rule.id;
    rules_.push_back(std::move(*compiled));
    all_.push_back(&rules_.back());
    return &rules_.back();
  }

  std::vector<std::string> OrderedIds() {
    Result<std::vector<const CompiledRule*>> order = StratifyRules(all_);
    EXPECT_TRUE(order.ok()) << order.status().ToString();
    std::vector<std::string> ids;
    if (order.ok()) {
      for (const CompiledRule* r : *order) ids.push_back(r->rule.id);
    }
    return ids;
  }

  std::string CycleMessage() {
    Result<std::vector<const CompiledRule*>> order = StratifyRules(all_);
    EXPECT_FALSE(order.ok());
    if (order.ok()) return "";
    EXPECT_EQ(order.status().code(), StatusCode::kFailedPrecondition);
    return std::string(order.status().message());
  }

  std::deque<CompiledRule> rules_;  // stable addresses
  std::vector<const CompiledRule*> all_;
};

TEST_F(RuleOrderTest, IndependentRulesComeInIdOrder) {
  Add("gamma", "upsell");
  Add("alpha", "accessory");
  Add("beta", "cross_sell");
  EXPECT_EQ(OrderedIds(), (std::vector<std::string>{"alpha", "beta", "gamma"}));
}

TEST_F(RuleOrderTest, ProducersComeBeforeTheRulesThatReadTheirType) {
  // a-top reads upsell from m-mid, which reads accessory from z-base: the reverse of id order.
  Add("a-top", "cross_sell", "upsell");
  Add("m-mid", "upsell", "accessory");
  Add("z-base", "accessory");
  Add("b-free", "accessory");  // also produces accessory, so m-mid waits for it too
  std::vector<std::string> ids = OrderedIds();
  ASSERT_EQ(ids.size(), 4u);
  auto pos = [&](const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) - ids.begin();
  };
  EXPECT_LT(pos("z-base"), pos("m-mid"));
  EXPECT_LT(pos("b-free"), pos("m-mid"));
  EXPECT_LT(pos("m-mid"), pos("a-top"));
  EXPECT_EQ(ids, (std::vector<std::string>{"b-free", "z-base", "m-mid", "a-top"}));
}

TEST_F(RuleOrderTest, ReadingATypeNoRuleProducesIsNoDependency) {
  Add("reader", "upsell", "similar");
  Add("other", "accessory");
  EXPECT_EQ(OrderedIds(), (std::vector<std::string>{"other", "reader"}));
}

TEST_F(RuleOrderTest, DisabledRulesAreLeftOutAndBreakNoCycle) {
  Add("r1", "upsell", "accessory");
  Add("r2", "accessory", "upsell", /*enabled=*/false);
  EXPECT_EQ(OrderedIds(), std::vector<std::string>{"r1"});
}

TEST_F(RuleOrderTest, NamesATwoRuleCycle) {
  Add("r2", "accessory", "upsell");
  Add("r1", "upsell", "accessory");
  EXPECT_EQ(CycleMessage(),
            "rules depend on each other in a cycle: rule 'r1' reads 'accessory' (related()), "
            "produced by rule 'r2'; rule 'r2' reads 'upsell' (related()), produced by rule 'r1'; "
            "related() may only read types produced by rules that do not read back");
}

TEST_F(RuleOrderTest, NamesAThreeRuleCycleInOrder) {
  Add("c3", "cross_sell", "upsell");
  Add("c1", "upsell", "accessory");
  Add("c2", "accessory", "cross_sell");
  Add("c0", "accessory");  // a producer outside the cycle is not named
  const std::string message = CycleMessage();
  EXPECT_NE(message.find("rule 'c1' reads 'accessory' (related()), produced by rule 'c2'; "
                         "rule 'c2' reads 'cross_sell' (related()), produced by rule 'c3'; "
                         "rule 'c3' reads 'upsell' (related()), produced by rule 'c1'"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("'c0'"), std::string::npos) << message;
}

TEST_F(RuleOrderTest, ARuleReadingItsOwnTypeIsACycle) {
  Add("self", "upsell", "upsell");
  EXPECT_NE(CycleMessage().find("rule 'self' reads 'upsell' (related()), produced by rule 'self'"),
            std::string::npos);
}

}  // namespace
}  // namespace affinity

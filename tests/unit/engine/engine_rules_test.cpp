// Engine: saving, validating, deleting and serving rules (engine_rules.cpp and the rule runtime
// behind it), over a FaultyStore around a MemoryStore.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "engine/engine_fixture.hpp"

namespace affinity {
namespace {

Product Shoe(std::string sku, std::int64_t price, std::string category = "Footwear/Running") {
  Product p = MakeProduct(std::move(sku), "Shoe", price, 5);
  p.category = std::move(category);
  p.brand = "Stride";
  return p;
}

Product Accessory(std::string sku, std::string category, std::int64_t price,
                  std::optional<std::int64_t> stock = 10) {
  Product p = MakeProduct(std::move(sku), "Accessory", price, stock);
  p.category = std::move(category);
  p.brand = "Stride";
  return p;
}

Rule SocksRule(std::string id = "socks-for-shoes") {
  Rule r;
  r.id = std::move(id);
  r.type = "accessory";
  r.when = "source.category startsWith \"Footwear\"";
  r.then = "target.category == \"Accessories/Socks\"";
  r.limit = 5;
  return r;
}

Rule UpsellRule(std::string id, std::string from, std::string to) {
  Rule r;
  r.id = std::move(id);
  r.type = "upsell";
  r.when = "source.sku == \"" + from + "\"";
  r.then = "target.sku == \"" + to + "\"";
  return r;
}

class EngineRulesTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    Put(Shoe("RS-1", 5999));
    Put(Shoe("RS-PRO", 18900));
    Put(Shoe("TR-1", 8900, "Footwear/Trail"));
    Put(Accessory("SK-1", "Accessories/Socks", 950));
    Put(Accessory("SK-2", "Accessories/Socks", 1250, 0));
    Put(Accessory("LC-1", "Accessories/Laces", 499));
  }

  RuleReport Save(Rule rule) {
    Result<RuleReport> r = engine_->PutRule(std::move(rule), /*create_only=*/false);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    EXPECT_TRUE(r->valid) << (r->diagnostics.empty() ? "" : r->diagnostics[0].message);
    return *r;
  }

  static std::string Messages(const RuleReport& report) {
    std::string out;
    for (const RuleDiagnostic& d : report.diagnostics) {
      out += (d.warning ? "warning: " : "error: ") + d.message + "\n";
    }
    return out;
  }

  // The explained recommendation of `target` for `sku` (every reason), or none.
  std::optional<std::vector<std::string>> Origins(const std::string& sku,
                                                  const std::string& target) {
    RecommendRequest request;
    request.sku = sku;
    request.explain = true;
    request.include_out_of_stock = true;
    std::shared_ptr<const Snapshot> s = engine_->snapshot();
    Result<Recommendations> r = Recommend(*s, request);
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return std::nullopt;
    for (const RecommendedItem& item : r->items) {
      if (item.product->product.sku != target) continue;
      std::vector<std::string> origins;
      for (const Reason& why : item.reasons) origins.push_back(s->origin(why.edge->origin));
      return origins;
    }
    return std::nullopt;
  }
};

TEST_F(EngineRulesTest, SavedRuleIsServedAndReported) {
  RuleReport report = Save(SocksRule());
  EXPECT_TRUE(report.created);
  EXPECT_EQ(report.rule.version, 1);
  EXPECT_EQ(report.sources, 3u);
  EXPECT_EQ(report.targets, 2u);
  EXPECT_EQ(report.edges, 6u);
  // In-stock socks first.
  EXPECT_EQ(Recommended("RS-1", {.include_out_of_stock = true}), (Skus{"SK-1", "SK-2"}));
  EXPECT_EQ(Recommended("RS-1"), Skus{"SK-1"});
  std::vector<RuleView> rules = engine_->Rules();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].edges, 6u);
  ASSERT_EQ(Persisted().rules.size(), 1u);
  EXPECT_EQ(Origins("TR-1", "SK-1"), std::vector<std::string>{"rule:socks-for-shoes"});
}

TEST_F(EngineRulesTest, ValidateRuleWritesNothing) {
  const std::uint64_t generation = engine_->snapshot()->generation();
  const int applies = faults_->applies;
  RuleReport report = engine_->ValidateRule(SocksRule());
  EXPECT_TRUE(report.valid) << Messages(report);
  EXPECT_EQ(report.edges, 6u);
  EXPECT_EQ(report.sample.front(), (std::pair<std::string, std::string>{"RS-1", "SK-1"}));
  EXPECT_TRUE(engine_->Rules().empty());
  EXPECT_EQ(faults_->applies, applies);
  EXPECT_EQ(engine_->snapshot()->generation(), generation);
  EXPECT_TRUE(Recommended("RS-1").empty());
}

TEST_F(EngineRulesTest, CreateOnlyAndIfMatchAreChecked) {
  Save(SocksRule());
  Result<RuleReport> again = engine_->PutRule(SocksRule(), /*create_only=*/true);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  Result<RuleReport> stale = engine_->PutRule(SocksRule(), false, /*if_match=*/7);
  EXPECT_EQ(stale.status().code(), StatusCode::kAborted);
  Result<RuleReport> ok = engine_->PutRule(SocksRule(), false, /*if_match=*/1);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_FALSE(ok->created);
  EXPECT_EQ(ok->rule.version, 2);
}

TEST_F(EngineRulesTest, RuleClosingACycleWithAManualLinkIsRejectedAndNothingIsStored) {
  const Relationship manual = Link("RS-1", "RS-PRO", "upsell");
  const std::uint64_t generation = engine_->snapshot()->generation();
  const int applies = faults_->applies;
  Result<RuleReport> r =
      engine_->PutRule(UpsellRule("downsell", "RS-PRO", "RS-1"), /*create_only=*/false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->valid);
  const std::string messages = Messages(*r);
  EXPECT_NE(messages.find("error: contradiction: upsell"), std::string::npos) << messages;
  EXPECT_NE(messages.find("RS-1 -> RS-PRO (manual link #" + std::to_string(manual.id) + ")"),
            std::string::npos)
      << messages;
  EXPECT_NE(messages.find("RS-PRO -> RS-1 (rule:downsell)"), std::string::npos) << messages;
  EXPECT_NE(messages.find("'upsell' links must not point both ways"), std::string::npos)
      << messages;
  EXPECT_TRUE(engine_->Rules().empty());
  EXPECT_TRUE(Persisted().rules.empty());
  EXPECT_EQ(faults_->applies, applies);
  EXPECT_EQ(engine_->snapshot()->generation(), generation);
  EXPECT_TRUE(Recommended("RS-PRO").empty());
  EXPECT_EQ(engine_->GetRule("downsell").status().code(), StatusCode::kNotFound);
}

TEST_F(EngineRulesTest, RuleClosingALongerCycleNamesEveryStep) {
  Link("RS-1", "TR-1", "upsell");
  Link("TR-1", "RS-PRO", "upsell");
  Result<RuleReport> r = engine_->PutRule(UpsellRule("loop", "RS-PRO", "RS-1"), false);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->valid);
  const std::string messages = Messages(*r);
  EXPECT_NE(messages.find("upsell edges would form the cycle"), std::string::npos) << messages;
  EXPECT_NE(messages.find("RS-PRO -> RS-1 (rule:loop)"), std::string::npos) << messages;
  EXPECT_NE(messages.find("TR-1 -> RS-PRO (manual link #"), std::string::npos) << messages;
  EXPECT_TRUE(engine_->Rules().empty());
}

TEST_F(EngineRulesTest, AManualLinkClosingACycleWithARuleEdgeIsRefused) {
  Save(UpsellRule("pro", "RS-1", "RS-PRO"));
  Result<Relationship> back = TryLink("RS-PRO", "RS-1", "upsell");
  EXPECT_FALSE(back.ok());
  EXPECT_EQ(Recommended("RS-PRO"), Skus{});
  EXPECT_EQ(Recommended("RS-1"), Skus{"RS-PRO"});
}

TEST_F(EngineRulesTest, AManualLinkWinsOverTheSameRuleEdge) {
  Save(SocksRule());
  const Relationship manual = Link("RS-1", "SK-1", "accessory", 2.0);
  EXPECT_EQ(Origins("RS-1", "SK-1"), std::vector<std::string>{"manual"});
  std::shared_ptr<const Snapshot> s = engine_->snapshot();
  RecommendRequest request;
  request.sku = "RS-1";
  request.explain = true;
  Result<Recommendations> r = Recommend(*s, request);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->items.empty());
  const RecommendedItem& top = r->items[0];
  EXPECT_EQ(top.product->product.sku, "SK-1");
  ASSERT_EQ(top.reasons.size(), 1u);
  EXPECT_EQ(top.reasons[0].edge->relationship, manual.id);
  EXPECT_EQ(top.reasons[0].edge->rule, 0u);
  EXPECT_DOUBLE_EQ(top.score, 0.8 * 2.0);
  // The rule still serves the other shoes, and serves RS-1 again once the link goes.
  EXPECT_EQ(Origins("TR-1", "SK-1"), std::vector<std::string>{"rule:socks-for-shoes"});
  ASSERT_TRUE(engine_->DeleteRelationship(manual.id).ok());
  EXPECT_EQ(Origins("RS-1", "SK-1"), std::vector<std::string>{"rule:socks-for-shoes"});
}

TEST_F(EngineRulesTest, DeletingARuleRemovesItsEdges) {
  Save(SocksRule());
  Save(UpsellRule("pro", "RS-1", "RS-PRO"));
  const std::size_t with_rules = engine_->snapshot()->edge_count();
  ASSERT_TRUE(engine_->DeleteRule("socks-for-shoes").ok());
  EXPECT_EQ(Recommended("RS-1", {.include_out_of_stock = true}), Skus{"RS-PRO"});
  EXPECT_TRUE(Recommended("TR-1", {.include_out_of_stock = true}).empty());
  EXPECT_LT(engine_->snapshot()->edge_count(), with_rules);
  ASSERT_EQ(engine_->Rules().size(), 1u);
  ASSERT_EQ(Persisted().rules.size(), 1u);
  EXPECT_EQ(Persisted().rules[0].id, "pro");
  EXPECT_EQ(engine_->DeleteRule("socks-for-shoes").code(), StatusCode::kNotFound);
  EXPECT_EQ(engine_->DeleteRule("pro", /*if_match=*/3).code(), StatusCode::kAborted);
  // A product change after the delete does not bring the edges back.
  Put(Accessory("SK-3", "Accessories/Socks", 700));
  EXPECT_TRUE(Recommended("TR-1", {.include_out_of_stock = true}).empty());
}

TEST_F(EngineRulesTest, DisablingARuleRemovesItsEdgesButKeepsTheRule) {
  Save(SocksRule());
  Rule off = SocksRule();
  off.enabled = false;
  RuleReport report = Save(off);
  EXPECT_EQ(report.rule.version, 2);
  EXPECT_TRUE(Recommended("RS-1", {.include_out_of_stock = true}).empty());
  std::vector<RuleView> rules = engine_->Rules();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_FALSE(rules[0].rule.enabled);
  EXPECT_EQ(rules[0].edges, 0u);
  Put(Shoe("RS-2", 6999));
  EXPECT_TRUE(Recommended("RS-2", {.include_out_of_stock = true}).empty());
  // And enabling it again brings them back, for the new shoe too.
  Save(SocksRule());
  EXPECT_EQ(Recommended("RS-2", {.include_out_of_stock = true}), (Skus{"SK-1", "SK-2"}));
}

TEST_F(EngineRulesTest, RecommendAppliesARuleEdgesScheduleAndContext) {
  Rule seasonal = SocksRule("winter-socks");
  seasonal.schedule =
      Schedule::FromJson(boost::json::parse(R"({"from":"2026-11-01","to":"2026-11-30"})")).value();
  seasonal.context = "customer.segment == \"high_value\"";
  Save(seasonal);
  const std::int64_t november = ParseIsoTime("2026-11-15T12:00:00Z").value();
  const std::int64_t december = ParseIsoTime("2026-12-15T12:00:00Z").value();
  CustomerProfile vip;
  vip.segment = "high_value";
  CustomerProfile newcomer;
  EXPECT_EQ(Recommended("RS-1", {.now = november, .customer = &vip}), Skus{"SK-1"});
  EXPECT_TRUE(Recommended("RS-1", {.now = december, .customer = &vip}).empty());
  EXPECT_TRUE(Recommended("RS-1", {.now = november, .customer = &newcomer}).empty());
  EXPECT_TRUE(Recommended("RS-1", {.now = november}).empty());
  // A manual link is not gated.
  Link("RS-1", "LC-1", "accessory");
  EXPECT_EQ(Recommended("RS-1", {.now = december}), Skus{"LC-1"});
}

TEST_F(EngineRulesTest, AStoreFailureDuringPutRuleChangesNothing) {
  Save(SocksRule());
  const std::uint64_t generation = engine_->snapshot()->generation();
  Rule laces = SocksRule();
  laces.then = "target.category == \"Accessories/Laces\"";
  faults_->fail_apply = true;
  Result<RuleReport> r = engine_->PutRule(laces, false);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  Result<RuleReport> added = engine_->PutRule(UpsellRule("pro", "RS-1", "RS-PRO"), false);
  EXPECT_EQ(added.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(engine_->DeleteRule("socks-for-shoes").code(), StatusCode::kUnavailable);
  faults_->fail_apply = false;

  EXPECT_EQ(engine_->snapshot()->generation(), generation);
  std::vector<RuleView> rules = engine_->Rules();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].rule.version, 1);
  EXPECT_EQ(rules[0].rule.then, SocksRule().then);
  EXPECT_EQ(rules[0].edges, 6u);
  EXPECT_EQ(Recommended("RS-1", {.include_out_of_stock = true}), (Skus{"SK-1", "SK-2"}));
  // The runtime kept the old definition: a later product write materialises the socks rule.
  Put(Accessory("SK-3", "Accessories/Socks", 700));
  EXPECT_EQ(Recommended("RS-1", {.include_out_of_stock = true}), (Skus{"SK-1", "SK-2", "SK-3"}));
  EXPECT_EQ(Persisted().rules.size(), 1u);
  EXPECT_EQ(Persisted().rules[0].version, 1);
}

TEST_F(EngineRulesTest, RulesSurviveReopen) {
  Save(SocksRule());
  Rule seasonal = UpsellRule("pro", "RS-1", "RS-PRO");
  seasonal.schedule =
      Schedule::FromJson(boost::json::parse(R"({"recurring":"11-01/02-28"})")).value();
  seasonal.priority = 7;
  Save(seasonal);
  Save(SocksRule());  // version 2
  const std::vector<RuleView> before = engine_->Rules();
  const Skus served = Recommended("RS-1", {.include_out_of_stock = true});
  const std::int64_t january = ParseIsoTime("2027-01-10").value();
  const Skus in_season = Recommended("RS-1", {.include_out_of_stock = true, .now = january});
  ASSERT_EQ(in_season.size(), 3u);

  ASSERT_TRUE(Reopen().ok());
  const std::vector<RuleView> after = engine_->Rules();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].rule.id, before[i].rule.id);
    EXPECT_EQ(after[i].rule.version, before[i].rule.version);
    EXPECT_EQ(after[i].rule.priority, before[i].rule.priority);
    EXPECT_EQ(after[i].rule.schedule.ToJson(), before[i].rule.schedule.ToJson());
    EXPECT_EQ(after[i].edges, before[i].edges) << after[i].rule.id;
  }
  EXPECT_EQ(Recommended("RS-1", {.include_out_of_stock = true}), served);
  EXPECT_EQ(Recommended("RS-1", {.include_out_of_stock = true, .now = january}), in_season);
}

// related() reads manual links: a rule reading a type must follow changes to its links.
TEST_F(EngineRulesTest, ARuleReadingManualLinksFollowsTheirChanges) {
  Rule bundle;
  bundle.id = "laces-bundle";
  bundle.type = "cross_sell";
  bundle.when = "source.category startsWith \"Footwear\"";
  bundle.then = "target.sku in related(source, \"accessory\")";
  Save(bundle);
  EXPECT_TRUE(Recommended("RS-1").empty());

  // The cross_sell edge (1.0) ranks above the accessory link (0.8).
  const std::vector<std::string> both = {"rule:laces-bundle", "manual"};
  const Relationship link = Link("RS-1", "LC-1", "accessory");
  EXPECT_EQ(Origins("RS-1", "LC-1"), both);
  EXPECT_EQ(Origins("LC-1", "RS-1"), std::vector<std::string>{"rule:laces-bundle"});  // symmetric
  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(Origins("RS-1", "LC-1"), both);

  ASSERT_TRUE(engine_->DeleteRelationship(link.id).ok());
  EXPECT_EQ(Origins("RS-1", "LC-1"), std::nullopt);
  EXPECT_EQ(Origins("LC-1", "RS-1"), std::nullopt);
  EXPECT_EQ(engine_->Rules()[0].edges, 0u);

  // Links imported in bulk count too.
  Result<ImportReport> imported =
      engine_->ImportRelationships("source,target,type\nTR-1,SK-1,accessory\n", RecordFormat::kCsv);
  ASSERT_TRUE(imported.ok());
  ASSERT_TRUE(imported->errors.empty()) << imported->errors[0].message;
  EXPECT_EQ(Origins("SK-1", "TR-1"), std::vector<std::string>{"rule:laces-bundle"});
}

}  // namespace
}  // namespace affinity

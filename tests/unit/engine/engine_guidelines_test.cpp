// Engine: brand guidelines (engine_guidelines.cpp): saving, validating, deleting and persisting
// them, and the checks they put on every way a link is saved (create, update, import, accepting a
// suggestion) and on rules, over a FaultyStore around a MemoryStore.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/audit.hpp"
#include "engine/engine_fixture.hpp"

namespace affinity {
namespace {

Guideline Make(std::string id, std::string require, std::vector<std::string> types = {},
               GuidelineSeverity severity = GuidelineSeverity::kError) {
  Guideline g;
  g.id = std::move(id);
  g.require = std::move(require);
  g.types = std::move(types);
  g.severity = severity;
  return g;
}

Guideline CostsMore() {
  Guideline g = Make("upsell-costs-more", "target.price > source.price", {"upsell"});
  g.description = "An upsell costs more than its source";
  return g;
}

Guideline SellableTargets(GuidelineSeverity severity = GuidelineSeverity::kError) {
  return Make("sellable-targets", "target.in_stock && target.status == \"active\"", {}, severity);
}

class EngineGuidelinesTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    PutCatalog();  // RS-1 59.99 (12), RS-PRO 189.00 (3), SK-1 9.50 (100), IN-1 19.99 (untracked)
    Put(MakeProduct("SOLD-OUT", "Sold-out Socks", 1200, 0));
  }

  static std::string Messages(const RuleReport& report) {
    std::string out;
    for (const RuleDiagnostic& d : report.diagnostics) out += d.message + "\n";
    return out;
  }

  GuidelineReport Save(Guideline g, bool create_only = false,
                       std::optional<std::int64_t> if_match = std::nullopt) {
    Result<GuidelineReport> r = engine_->PutGuideline(std::move(g), create_only, if_match);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    EXPECT_TRUE(r->valid) << (r->diagnostics.empty() ? "" : r->diagnostics[0].message);
    return *r;
  }

  Relationship Probe(std::string source, std::string target, std::string type) {
    Relationship r;
    r.source = std::move(source);
    r.target = std::move(target);
    r.type = std::move(type);
    return r;
  }

  std::size_t Audited(std::string_view entity) const {
    std::size_t n = 0;
    for (const AuditEntry& e : memory_->audit()) n += e.entity == entity;
    return n;
  }
};

TEST_F(EngineGuidelinesTest, SaveReplaceDeleteAreVersionedPersistedAndAudited) {
  AuditScope who("merch-1");
  GuidelineReport created = Save(CostsMore(), /*create_only=*/true);
  EXPECT_TRUE(created.created);
  EXPECT_EQ(created.guideline.version, 1);
  ASSERT_NE(engine_->snapshot()->guidelines().Find("upsell-costs-more"), nullptr);

  Result<GuidelineReport> again = engine_->PutGuideline(CostsMore(), /*create_only=*/true);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  Result<GuidelineReport> stale = engine_->PutGuideline(CostsMore(), false, 7);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kAborted);
  EXPECT_NE(stale.status().message().find("at version 1, not 7"), std::string::npos);

  Guideline warning = CostsMore();
  warning.severity = GuidelineSeverity::kWarning;
  GuidelineReport replaced = Save(warning, false, 1);
  EXPECT_FALSE(replaced.created);
  EXPECT_EQ(replaced.guideline.version, 2);
  ASSERT_EQ(Persisted().guidelines.size(), 1u);
  EXPECT_EQ(Persisted().guidelines[0].severity, GuidelineSeverity::kWarning);
  EXPECT_EQ(Persisted().guidelines[0].version, 2);

  ASSERT_TRUE(Reopen().ok());
  const CompiledGuideline* reopened = engine_->snapshot()->guidelines().Find("upsell-costs-more");
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->guideline, replaced.guideline);
  EXPECT_TRUE(reopened->enforced());

  EXPECT_EQ(engine_->DeleteGuideline("upsell-costs-more", 1).code(), StatusCode::kAborted);
  EXPECT_TRUE(engine_->DeleteGuideline("upsell-costs-more", 2).ok());
  EXPECT_EQ(engine_->DeleteGuideline("upsell-costs-more").code(), StatusCode::kNotFound);
  EXPECT_TRUE(Persisted().guidelines.empty());
  EXPECT_TRUE(engine_->snapshot()->guidelines().all().empty());
  EXPECT_EQ(Audited("guideline"), 3u);
  EXPECT_EQ(memory_->audit().back().actor, "merch-1");
  EXPECT_EQ(memory_->audit().back().after, "");
}

TEST_F(EngineGuidelinesTest, AnUnsoundGuidelineIsNotSavedAndEveryProblemIsNamed) {
  const int applies = faults_->applies;
  Guideline bad = Make("bad", "target.prise > source.price || customer.order_count > 1", {"upsel"});
  Result<GuidelineReport> r = engine_->PutGuideline(bad, false);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->valid);
  ASSERT_EQ(r->diagnostics.size(), 3u);
  EXPECT_EQ(r->diagnostics[0].field, "types");
  EXPECT_NE(
      r->diagnostics[0].message.find("unknown relation type 'upsel' (did you mean 'upsell'?)"),
      std::string::npos);
  EXPECT_EQ(r->diagnostics[1].message, "unknown attribute 'prise' (did you mean 'price'?)");
  EXPECT_EQ(r->diagnostics[1].column, 8);
  EXPECT_NE(r->diagnostics[2].message.find("customer is not available in a guideline"),
            std::string::npos);
  EXPECT_EQ(faults_->applies, applies) << "nothing written";
  EXPECT_EQ(engine_->snapshot()->guidelines().Find("bad"), nullptr);

  GuidelineReport dry = engine_->ValidateGuideline(Make("ok", "target.price > 0", {"bundle"}));
  EXPECT_TRUE(dry.valid);
  ASSERT_TRUE(dry.compiled.has_value());
  EXPECT_EQ(faults_->applies, applies) << "a dry run writes nothing";
}

TEST_F(EngineGuidelinesTest, ALinkThatBreaksAnErrorGuidelineIsRefusedWithTheGuidelineNamed) {
  Save(CostsMore());
  const int applies = faults_->applies;
  std::vector<GuidelineFinding> findings;
  Result<Relationship> refused =
      engine_->CreateRelationship(Probe("RS-PRO", "RS-1", "upsell"), &findings);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "upsell RS-PRO -> RS-1 breaks guideline 'upsell-costs-more' (An upsell costs more "
            "than its source): it requires target.price > source.price; link other products, or "
            "change or disable the guideline");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].guideline, "upsell-costs-more");
  EXPECT_EQ(findings[0].description, "An upsell costs more than its source");
  EXPECT_EQ(faults_->applies, applies);
  EXPECT_TRUE(Links("RS-PRO").empty());

  findings.clear();
  Result<Relationship> fine =
      engine_->CreateRelationship(Probe("RS-1", "RS-PRO", "upsell"), &findings);
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  EXPECT_TRUE(findings.empty());
  EXPECT_TRUE(TryLink("RS-PRO", "RS-1", "cross_sell").ok()) << "the guideline is for upsells";

  Guideline off = CostsMore();
  off.enabled = false;
  Save(off);
  EXPECT_TRUE(TryLink("RS-PRO", "TR-1", "upsell").ok()) << "a disabled guideline is not enforced";
}

TEST_F(EngineGuidelinesTest, AWarningGuidelineLetsTheLinkThroughAndSaysSo) {
  Save(SellableTargets(GuidelineSeverity::kWarning));
  std::vector<GuidelineFinding> findings;
  Result<Relationship> r =
      engine_->CreateRelationship(Probe("RS-1", "SOLD-OUT", "accessory"), &findings);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, GuidelineSeverity::kWarning);
  EXPECT_EQ(findings[0].target, "SOLD-OUT");
  EXPECT_EQ(Links("RS-1").size(), 1u);
}

TEST_F(EngineGuidelinesTest, ASymmetricLinkMustObeyBothWays) {
  Save(SellableTargets());
  // SOLD-OUT -> RS-1 is fine, but a cross-sell is served both ways and RS-1 -> SOLD-OUT is not.
  std::vector<GuidelineFinding> findings;
  Result<Relationship> r =
      engine_->CreateRelationship(Probe("SOLD-OUT", "RS-1", "cross_sell"), &findings);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].source, "RS-1");
  EXPECT_EQ(findings[0].target, "SOLD-OUT");
  EXPECT_TRUE(TryLink("SOLD-OUT", "RS-1", "upsell").ok()) << "directed: only SOLD-OUT -> RS-1";
  EXPECT_TRUE(TryLink("IN-1", "RS-1", "cross_sell").ok()) << "an untracked stock is in stock";
}

TEST_F(EngineGuidelinesTest, UpdatesImportsAndAcceptedSuggestionsAreCheckedToo) {
  const Relationship before = Link("RS-PRO", "RS-1", "upsell");
  Save(CostsMore());
  // A link made before the guideline cannot be changed without being fixed.
  std::vector<GuidelineFinding> findings;
  Result<Relationship> patched = engine_->UpdateRelationship(
      before.id,
      [](Relationship* r) {
        r->weight = 2;
        return Status::Ok();
      },
      std::nullopt, &findings);
  ASSERT_FALSE(patched.ok());
  EXPECT_EQ(patched.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(findings.size(), 1u);
  EXPECT_EQ(engine_->GetRelationship(before.id)->weight, 1.0);

  Result<ImportReport> bad = engine_->ImportRelationships(
      "source,target,type\nRS-1,TR-1,upsell\nRS-PRO,IN-1,upsell\n", RecordFormat::kCsv);
  ASSERT_TRUE(bad.ok());
  ASSERT_EQ(bad->errors.size(), 1u);
  EXPECT_EQ(bad->errors[0].line, 3u);
  EXPECT_NE(bad->errors[0].message.find("breaks guideline 'upsell-costs-more'"), std::string::npos);
  EXPECT_EQ(bad->imported, 0u);

  Save(SellableTargets(GuidelineSeverity::kWarning));
  Result<ImportReport> warned = engine_->ImportRelationships(
      "source,target,type\nRS-1,SOLD-OUT,accessory\nRS-1,SK-1,accessory\n", RecordFormat::kCsv);
  ASSERT_TRUE(warned.ok());
  EXPECT_TRUE(warned->errors.empty());
  EXPECT_EQ(warned->imported, 2u);
  ASSERT_EQ(warned->warnings.size(), 1u);
  EXPECT_EQ(warned->warnings[0].line, 2u);

  // Mining never proposes a pair an error guideline refuses; accepting one that turned bad fails.
  Suggestion good;
  good.source = "TR-1";
  good.target = "RS-PRO";
  good.type = "upsell";
  Suggestion refused = good;
  refused.source = "RS-PRO";
  refused.target = "TR-1";
  Result<std::size_t> kept = engine_->ReplaceSuggestions("job-1", {good, refused});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, 1u);
  std::vector<Suggestion> pending = engine_->ListSuggestions({});
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].source, "TR-1");
  Product cheaper = *Get("RS-PRO");
  cheaper.price_minor = 100;
  Put(cheaper);
  findings.clear();
  Result<Suggestion> accepted = engine_->AcceptSuggestion(pending[0].id, &findings);
  ASSERT_FALSE(accepted.ok());
  EXPECT_EQ(accepted.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(HasErrorFinding(findings));
  EXPECT_EQ(engine_->GetSuggestion(pending[0].id)->status, SuggestionStatus::kPending);
}

TEST_F(EngineGuidelinesTest, ARuleWhoseEdgesBreakAnErrorGuidelineIsUnsoundWithCountsAndExamples) {
  Save(CostsMore());
  Save(Make("same-brand-warning", "target.brand == \"Nobody\"", {"upsell"},
            GuidelineSeverity::kWarning));
  Rule rule;
  rule.id = "shoes-upsell-shoes";
  rule.type = "upsell";
  rule.when = "source.sku in [\"RS-1\", \"RS-PRO\"]";
  rule.then = "target.sku in [\"TR-1\", \"IN-1\"]";
  const int applies = faults_->applies;
  RuleReport dry = engine_->ValidateRule(rule);
  EXPECT_FALSE(dry.valid);
  ASSERT_EQ(dry.guidelines.size(), 2u) << Messages(dry);
  const GuidelineTally& costs = dry.guidelines[0];
  EXPECT_EQ(costs.guideline, "upsell-costs-more");
  EXPECT_EQ(costs.severity, GuidelineSeverity::kError);
  // RS-1 59.99, RS-PRO 189.00 -> TR-1 89.00, IN-1 19.99: only RS-1 -> TR-1 costs more.
  EXPECT_EQ(costs.count, 3u);
  EXPECT_EQ(costs.examples, (std::vector<std::pair<std::string, std::string>>{
                                {"RS-1", "IN-1"}, {"RS-PRO", "IN-1"}, {"RS-PRO", "TR-1"}}));
  EXPECT_EQ(dry.guidelines[1].count, 4u);
  bool error_named = false;
  for (const RuleDiagnostic& d : dry.diagnostics) {
    if (d.code != kGuidelineViolationCode) continue;
    EXPECT_EQ(d.field, "then");
    if (!d.warning) {
      error_named = true;
      EXPECT_NE(d.message.find("3 of the rule's 4 edges break error guideline 'upsell-costs-more'"),
                std::string::npos)
          << d.message;
      EXPECT_NE(d.message.find("add it to 'then' (... && (target.price > source.price))"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(error_named);

  Result<RuleReport> saved = engine_->PutRule(rule, false);
  ASSERT_TRUE(saved.ok());
  EXPECT_FALSE(saved->valid);
  EXPECT_EQ(faults_->applies, applies) << "an unsound rule is not saved";
  EXPECT_EQ(engine_->GetRule(rule.id).status().code(), StatusCode::kNotFound);

  rule.then += " && target.price > source.price";
  Result<RuleReport> fixed = engine_->PutRule(rule, false);
  ASSERT_TRUE(fixed.ok());
  EXPECT_TRUE(fixed->valid);
  ASSERT_EQ(fixed->guidelines.size(), 1u) << "only the warning is left";
  EXPECT_EQ(fixed->guidelines[0].guideline, "same-brand-warning");
  EXPECT_EQ(fixed->guidelines[0].count, 1u);
  EXPECT_EQ(fixed->edges, 1u);
}

TEST_F(EngineGuidelinesTest, AFailedStoreWriteLeavesTheGuidelinesAsTheyWere) {
  faults_->fail_apply = true;
  Result<GuidelineReport> r = engine_->PutGuideline(CostsMore(), true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  faults_->fail_apply = false;
  EXPECT_TRUE(engine_->snapshot()->guidelines().all().empty());
  EXPECT_TRUE(TryLink("RS-PRO", "RS-1", "upsell").ok()) << "nothing enforces it";

  Save(SellableTargets());
  faults_->fail_apply = true;
  EXPECT_EQ(engine_->DeleteGuideline("sellable-targets").code(), StatusCode::kUnavailable);
  faults_->fail_apply = false;
  EXPECT_FALSE(TryLink("RS-1", "SOLD-OUT", "accessory").ok()) << "still enforced";
}

TEST_F(EngineGuidelinesTest, AStoredGuidelineThatNoLongerCompilesIsKeptButNotEnforced) {
  Product socks = *Get("SK-1");
  socks.attributes["colour"] = "red";
  Put(socks);
  Product other = *Get("LC-1");
  other.attributes["color"] = "red";
  Put(other);
  Save(Make("red-only", "target.colour == \"red\"", {"accessory"}));
  EXPECT_FALSE(TryLink("RS-1", "IN-1", "accessory").ok());
  socks.attributes.erase("colour");
  Put(socks);  // no product has 'colour' now; 'color' is its nearest name
  ASSERT_TRUE(Reopen().ok());
  const CompiledGuideline* kept = engine_->snapshot()->guidelines().Find("red-only");
  ASSERT_NE(kept, nullptr);
  EXPECT_FALSE(kept->enforced());
  ASSERT_FALSE(kept->warnings.empty());
  EXPECT_EQ(kept->warnings[0].message,
            "not enforced: unknown attribute 'colour' (did you mean 'color'?)");
  EXPECT_TRUE(TryLink("RS-1", "IN-1", "accessory").ok());
}

}  // namespace
}  // namespace affinity

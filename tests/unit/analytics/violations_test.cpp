// FindViolations over snapshots the Engine builds: every edge that breaks an enforced guideline
// (manual links made before the guideline, accepted suggestions, rule edges, each way of a
// symmetric link, links a product change made bad), with its origin; counts per guideline; the
// filters, paging and errors.
#include "analytics/violations.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "engine/engine_fixture.hpp"
#include "engine/random_catalog.hpp"

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

class ViolationsTest : public EngineFixture {
 protected:
  Result<ViolationsReport> Run(ViolationQuery query = {}) {
    snapshot_ = engine_->snapshot();
    return FindViolations(*snapshot_, snapshot_->guidelines(), query);
  }
  ViolationsReport Ok(ViolationQuery query = {}) {
    Result<ViolationsReport> r = Run(std::move(query));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ViolationsReport{};
  }
  void SaveGuideline(Guideline g) {
    Result<GuidelineReport> r = engine_->PutGuideline(std::move(g), false);
    ASSERT_TRUE(r.ok() && r->valid);
  }
  // "guideline: type source -> target (origin)" for each item.
  static std::vector<std::string> Lines(const ViolationsReport& r) {
    std::vector<std::string> out;
    for (const Violation& v : r.items) {
      out.push_back(v.guideline->guideline.id + ": " + v.type->name + " " + v.source->product.sku +
                    " -> " + v.target->product.sku + " (" + *v.origin + ")");
    }
    return out;
  }
  std::size_t Count(const ViolationsReport& r, std::string_view id) {
    for (const auto& [g, n] : r.counts) {
      if (g->guideline.id == id) return n;
    }
    ADD_FAILURE() << "no count for " << id;
    return 0;
  }

  // Links made before any guideline: a cheaper upsell, a sold-out cross-sell, a mined accessory
  // and a rule's upsells.
  void PutGraph() {
    PutCatalog();  // RS-1 59.99, RS-PRO 189.00, TR-1 89.00, SK-1 9.50, IN-1 19.99, CL-1, LC-1
    Put(MakeProduct("SOLD-OUT", "Sold-out Socks", 1200, 0));
    Link("RS-PRO", "TR-1", "upsell");
    Link("RS-1", "SOLD-OUT", "cross_sell");
    Suggestion s;
    s.source = "TR-1";
    s.target = "IN-1";
    s.type = "accessory";
    ASSERT_TRUE(engine_->ReplaceSuggestions("job-7", {s}).ok());
    ASSERT_TRUE(engine_->AcceptSuggestion(engine_->ListSuggestions({})[0].id).ok());
    Rule rule;
    rule.id = "laces-upsell";
    rule.type = "upsell";
    rule.when = "source.sku == \"LC-1\"";
    rule.then = "target.sku in [\"CL-1\", \"SK-1\"]";
    Result<RuleReport> saved = engine_->PutRule(rule, false);
    ASSERT_TRUE(saved.ok() && saved->valid);
  }

  std::shared_ptr<const Snapshot> snapshot_;
};

TEST_F(ViolationsTest, AnEmptyCatalogOrNoGuidelineHasNone) {
  ViolationsReport none = Ok();
  EXPECT_EQ(none.total, 0u);
  EXPECT_TRUE(none.counts.empty());
  SaveGuideline(Make("anything", "target.price > 0"));
  ViolationsReport empty = Ok();
  EXPECT_EQ(empty.total, 0u);
  EXPECT_EQ(empty.edges_checked, 0u);
  ASSERT_EQ(empty.counts.size(), 1u);
  EXPECT_EQ(empty.counts[0].second, 0u);
  EXPECT_TRUE(empty.items.empty());
  EXPECT_TRUE(empty.next_cursor.empty());
}

TEST_F(ViolationsTest, ListsEveryBrokenEdgeWithItsOrigin) {
  PutGraph();
  SaveGuideline(Make("upsell-costs-more", "target.price > source.price", {"upsell"}));
  SaveGuideline(Make("sellable", "target.in_stock", {}, GuidelineSeverity::kWarning));
  SaveGuideline(Make("accessory-half", "target.price <= source.price * 0.5", {"accessory"}));
  Guideline off = Make("disabled", "false");
  off.enabled = false;
  SaveGuideline(off);

  ViolationsReport r = Ok();
  // LC-1 4.99 -> CL-1 7.49 and SK-1 9.50 cost more: the rule is fine. RS-PRO -> TR-1 is not; the
  // cross-sell to SOLD-OUT breaks `sellable` one way only; the mined accessory IN-1 19.99 is not
  // at most half of TR-1 89.00... it is (44.50): fine.
  EXPECT_EQ(Lines(r), (Skus{"sellable: cross_sell RS-1 -> SOLD-OUT (manual)",
                            "upsell-costs-more: upsell RS-PRO -> TR-1 (manual)"}));
  EXPECT_EQ(r.total, 2u);
  EXPECT_EQ(r.counts.size(), 3u) << "enforced guidelines only";
  EXPECT_EQ(Count(r, "sellable"), 1u);
  EXPECT_EQ(Count(r, "accessory-half"), 0u);
  EXPECT_EQ(r.items[1].edge->relationship,
            engine_->ListRelationships("RS-PRO", "upsell", LinkDirection::kOutgoing)->front().id);
  EXPECT_EQ(r.items[1].message,
            "upsell RS-PRO -> TR-1 breaks guideline 'upsell-costs-more': it requires "
            "target.price > source.price");

  // Products change after their links were saved: the report sees it.
  Product laces = *Get("LC-1");
  laces.price_minor = 5000;
  Put(laces);
  Product insoles = *Get("IN-1");
  insoles.price_minor = 8000;
  Put(insoles);
  ViolationsReport later = Ok();
  EXPECT_EQ(Lines(later), (Skus{"upsell-costs-more: upsell LC-1 -> CL-1 (rule:laces-upsell)",
                                "upsell-costs-more: upsell LC-1 -> SK-1 (rule:laces-upsell)",
                                "sellable: cross_sell RS-1 -> SOLD-OUT (manual)",
                                "upsell-costs-more: upsell RS-PRO -> TR-1 (manual)",
                                "accessory-half: accessory TR-1 -> IN-1 (mined:job-7)"}));
  EXPECT_EQ(later.items[0].edge->relationship, 0u) << "a rule edge has no link id";
  EXPECT_NE(later.items[4].edge->relationship, 0u) << "an accepted suggestion is a link";
}

TEST_F(ViolationsTest, FiltersAndPagesAndRefusesWhatItDoesNotKnow) {
  PutGraph();
  SaveGuideline(Make("nothing-goes", "false"));
  SaveGuideline(Make("warn-all", "false", {}, GuidelineSeverity::kWarning));
  ViolationsReport all = Ok();
  // 2 links each way for the cross-sell + 1 upsell + 1 accessory + 2 rule edges = 6 edges, each
  // breaking both guidelines.
  EXPECT_EQ(all.edges_checked, 6u);
  EXPECT_EQ(all.total, 12u);

  ViolationQuery q;
  q.guideline = "warn-all";
  EXPECT_EQ(Ok(q).total, 6u);
  q = {};
  q.severity = GuidelineSeverity::kError;
  ViolationsReport errors = Ok(q);
  EXPECT_EQ(errors.total, 6u);
  EXPECT_EQ(errors.counts.size(), 1u);
  q = {};
  q.type = "cross_sell";
  EXPECT_EQ(Ok(q).total, 4u);
  q = {};
  q.sku = "SOLD-OUT";
  EXPECT_EQ(Ok(q).total, 4u) << "as source or target";

  std::vector<std::string> paged;
  q = {};
  q.limit = 5;
  for (int page = 0; page < 10; ++page) {
    ViolationsReport r = Ok(q);
    for (const std::string& line : Lines(r)) paged.push_back(line);
    EXPECT_EQ(r.total, 12u);
    if (r.next_cursor.empty()) break;
    q.cursor = r.next_cursor;
  }
  q = {};
  q.limit = 100;
  EXPECT_EQ(paged, Lines(Ok(q)));
  EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), 12u);

  q = {};
  q.guideline = "nope";
  EXPECT_EQ(Run(q).status().code(), StatusCode::kNotFound);
  q = {};
  q.type = "upsel";
  EXPECT_NE(Run(q).status().message().find("did you mean 'upsell'"), std::string::npos);
  q = {};
  q.sku = "NOPE";
  EXPECT_EQ(Run(q).status().message(), "product 'NOPE' does not exist");
  q = {};
  q.cursor = "!!";
  EXPECT_EQ(Run(q).status().code(), StatusCode::kInvalidArgument);
  q = {};
  q.limit = 0;
  EXPECT_EQ(Run(q).status().code(), StatusCode::kInvalidArgument);
}

// The pass runs in parts on threads of their own (parallel_scan.hpp); every page is the same
// however many.
TEST_F(ViolationsTest, TheReportIsTheSameHoweverManyPartsMakeIt) {
  RandomCatalog gen(7);
  std::vector<std::string> skus;
  for (int i = 0; i < 200; ++i) skus.push_back(Put(gen.NewProduct("R-" + std::to_string(i))).sku);
  const std::vector<std::string> types = {"cross_sell", "upsell", "accessory"};
  for (int i = 0; i < 400; ++i) {
    const std::string& from = gen.Pick(skus);
    const std::string& to = gen.Pick(skus);
    if (from != to) (void)TryLink(from, to, gen.Pick(types));
  }
  SaveGuideline(Make("dearer-upsells", "target.price > source.price", {"upsell"}));
  SaveGuideline(
      Make("same-brand", "target.brand == source.brand", {}, GuidelineSeverity::kWarning));
  SaveGuideline(Make("in-stock", "target.in_stock"));
  auto pages = [&](std::size_t parts) {
    std::vector<std::string> lines;
    ViolationQuery q;
    q.parts = parts;
    q.limit = 9;
    for (int page = 0; page < 100; ++page) {
      ViolationsReport r = Ok(q);
      for (std::string& line : Lines(r)) lines.push_back(std::move(line));
      if (r.next_cursor.empty()) break;
      q.cursor = r.next_cursor;
    }
    return lines;
  };
  const std::vector<std::string> one = pages(1);
  ViolationQuery all;
  all.limit = 10000;
  EXPECT_EQ(one.size(), Ok(all).total);
  EXPECT_GT(one.size(), 20u);
  for (std::size_t parts : {2u, 3u, 8u}) EXPECT_EQ(pages(parts), one) << parts << " parts";
}

}  // namespace
}  // namespace affinity

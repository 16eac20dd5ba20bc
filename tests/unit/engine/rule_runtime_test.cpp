#include "engine/rule_runtime.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/random_catalog.hpp"
#include "rules/vector_catalog.hpp"

namespace affinity {
namespace {

RelationType BundleType() {
  RelationType t;
  t.name = "bundle";
  t.weight = 0.5;
  return t;
}

// Every generated edge a recommendation for `id` would follow, as (rule, target sku).
std::set<std::pair<std::string, std::string>> EdgesOf(const RuleRuntime& rt,
                                                      const CatalogView& catalog, ProductId id) {
  std::set<std::pair<std::string, std::string>> out;
  rt.ForEachEdgeFrom(id, [&](const CompiledRule& rule, ProductId target) {
    out.emplace(rule.rule.id, catalog.Get(target)->sku);
  });
  return out;
}

// A rule result as SKUs, with the reverse map sorted, so two runtimes can be compared.
struct ResultBySku {
  std::vector<std::string> matched;
  std::map<std::string, std::vector<std::string>> targets;     // in the rule's order
  std::map<std::string, std::vector<std::string>> sources_of;  // sorted
  std::size_t edge_count = 0;
  bool operator==(const ResultBySku&) const = default;
};

ResultBySku BySku(const RuleResult& r, const CatalogView& catalog) {
  ResultBySku out;
  auto sku = [&](ProductId id) { return catalog.Get(id)->sku; };
  for (ProductId id : r.edges.matched) out.matched.push_back(sku(id));
  std::sort(out.matched.begin(), out.matched.end());
  for (const auto& [s, ts] : r.edges.targets) {
    for (ProductId t : ts) out.targets[sku(s)].push_back(sku(t));
  }
  for (const auto& [t, ss] : r.sources_of) {
    auto& list = out.sources_of[sku(t)];
    for (ProductId s : ss) list.push_back(sku(s));
    std::sort(list.begin(), list.end());
  }
  out.edge_count = r.edges.edge_count;
  return out;
}

class RuleRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override { graph_.PutType(BundleType()); }

  void AddLink(const std::string& source, const std::string& target, const std::string& type) {
    Relationship r;
    r.id = next_link_++;
    r.source = source;
    r.target = target;
    r.type = type;
    graph_.Insert(r);
  }

  // Compares every rule's result in `live` with a runtime that loads the same rules from scratch.
  void ExpectSameAsFresh(const RuleRuntime& live, const std::vector<Rule>& rules,
                         const std::string& step) {
    RuleRuntime fresh(catalog_, graph_);
    fresh.Load(rules, AttributeCatalog{});
    for (const Rule& rule : rules) {
      const RuleResult* a = live.Result(rule.id);
      const RuleResult* b = fresh.Result(rule.id);
      ASSERT_EQ(a != nullptr, b != nullptr) << step << " rule " << rule.id;
      if (!a) continue;
      EXPECT_EQ(BySku(*a, catalog_), BySku(*b, catalog_)) << step << " rule " << rule.id;
    }
  }

  VectorCatalog catalog_;
  RelationGraph graph_;
  RelationshipId next_link_ = 1;
};

// The core promise of ProductsChanged: recomputing only the sources a change can affect gives the
// same edges as materialising every rule again, and every product whose generated edges changed
// is reported dirty (so its snapshot node is rebuilt).
TEST_F(RuleRuntimeTest, IncrementalProductChangesEqualAFullRecompute) {
  RandomCatalog gen(20240611);
  std::vector<std::string> skus;
  for (int i = 0; i < 300; ++i) {
    skus.push_back("P-" + std::to_string(1000 + i));
    catalog_.Add(gen.NewProduct(skus.back()));
  }
  // Manual accessory links from shoes to socks and laces, for related().
  for (int i = 0; i < 60; ++i) {
    const Product* a = catalog_.Get(gen.Uniform(0, 299));
    const Product* b = catalog_.Get(gen.Uniform(0, 299));
    if (!a->category.starts_with("Footwear") || !b->category.starts_with("Accessories")) continue;
    Relationship probe{.source = a->sku, .target = b->sku, .type = "accessory"};
    if (!graph_.FindByKey(probe)) AddLink(a->sku, b->sku, "accessory");
  }
  const std::vector<Rule> rules = PropertyRules();
  RuleRuntime live(catalog_, graph_);
  live.Load(rules, AttributeCatalog{});
  for (const Rule& rule : rules) {
    ASSERT_TRUE(live.Compiled(rule.id)) << rule.id;
    ASSERT_TRUE(live.Result(rule.id)) << rule.id;
    EXPECT_GT(live.Result(rule.id)->edges.edge_count, 0u) << rule.id;
  }
  ExpectSameAsFresh(live, rules, "initial");

  int next_sku = 5000;
  std::size_t dirty_total = 0;
  for (int step = 0; step < 300 && !HasFailure(); ++step) {
    std::vector<std::set<std::pair<std::string, std::string>>> before;
    for (ProductId id = 0; id < catalog_.id_limit(); ++id) {
      before.push_back(catalog_.Get(id) ? EdgesOf(live, catalog_, id)
                                        : std::set<std::pair<std::string, std::string>>{});
    }
    std::vector<ProductId> changed;
    const int changes = gen.Chance(10) ? gen.Uniform(2, 8) : 1;
    for (int c = 0; c < changes; ++c) {
      const int roll = gen.Uniform(1, 100);
      ProductId id = static_cast<ProductId>(gen.Uniform(0, catalog_.id_limit() - 1));
      if (roll <= 10) {
        id = catalog_.Add(gen.NewProduct("N-" + std::to_string(next_sku++)));
      } else if (!catalog_.Get(id) || std::count(changed.begin(), changed.end(), id)) {
        continue;
      } else if (roll <= 20) {
        for (const Relationship* r : graph_.Touching(catalog_.Get(id)->sku)) graph_.Erase(r->id);
        catalog_.Erase(id);
      } else {
        gen.Mutate(catalog_.At(id));
      }
      changed.push_back(id);
    }
    if (changed.empty()) continue;
    std::set<ProductId> dirty;
    live.ProductsChanged(changed, &dirty);
    dirty_total += dirty.size();
    const std::string where = "step " + std::to_string(step);
    ExpectSameAsFresh(live, rules, where);
    for (ProductId id = 0; id < catalog_.id_limit(); ++id) {
      if (!catalog_.Get(id)) continue;
      const auto after = EdgesOf(live, catalog_, id);
      if (id < before.size() && after == before[id]) continue;
      if (id >= before.size() && after.empty()) continue;
      EXPECT_TRUE(dirty.contains(id))
          << where << ": the edges of " << catalog_.Get(id)->sku << " changed but it is not dirty";
    }
  }
  EXPECT_GT(dirty_total, 0u);

  // A batch larger than max(1000, products / 50) takes the full-recompute path.
  std::vector<ProductId> batch;
  for (int i = 0; i < 1100; ++i) {
    batch.push_back(catalog_.Add(gen.NewProduct("B-" + std::to_string(10000 + i))));
  }
  for (ProductId id = 0; id < 300; id += 7) {
    if (catalog_.Get(id)) {
      gen.Mutate(catalog_.At(id));
      batch.push_back(id);
    }
  }
  std::set<ProductId> dirty;
  live.ProductsChanged(batch, &dirty);
  ExpectSameAsFresh(live, rules, "large batch");
  EXPECT_GT(dirty.size(), 300u);

  // And small changes after it are incremental again, against the rebuilt index.
  for (int step = 0; step < 10; ++step) {
    const ProductId id = static_cast<ProductId>(gen.Uniform(0, catalog_.id_limit() - 1));
    if (!catalog_.Get(id)) continue;
    gen.Mutate(catalog_.At(id));
    std::set<ProductId> ignored;
    live.ProductsChanged({id}, &ignored);
  }
  ExpectSameAsFresh(live, rules, "after the large batch");
}

class SmallRuntimeTest : public RuleRuntimeTest {
 protected:
  void SetUp() override {
    RuleRuntimeTest::SetUp();
    shoe_ = catalog_.Add(MakeRuleProduct("RS-1", "Footwear/Running", "Stride", 5999, 4));
    sock_ = catalog_.Add(MakeRuleProduct("SO-1", "Accessories/Socks", "Stride", 999, 10));
    other_ = catalog_.Add(MakeRuleProduct("SO-2", "Accessories/Socks", "Peak", 899, 10));
    shirt_ = catalog_.Add(MakeRuleProduct("SH-1", "Apparel/Shirts", "Peak", 2999, 3));
  }
  ProductId shoe_, sock_, other_, shirt_;
};

TEST_F(SmallRuntimeTest, AChangedTargetDirtiesItsSourceAndMovesTheEdge) {
  RuleRuntime rt(catalog_, graph_);
  rt.Load(
      {MakeRule("socks", "accessory", "source.category startsWith \"Footwear\"",
                "target.category == \"Accessories/Socks\" && target.brand == source.brand", 5, 0)},
      AttributeCatalog{});
  EXPECT_EQ(rt.Result("socks")->edges.targets.at(shoe_), std::vector<ProductId>{sock_});

  catalog_.At(sock_).brand = "Peak";
  catalog_.At(other_).brand = "Stride";
  std::set<ProductId> dirty;
  rt.ProductsChanged({sock_, other_}, &dirty);
  EXPECT_EQ(rt.Result("socks")->edges.targets.at(shoe_), std::vector<ProductId>{other_});
  EXPECT_TRUE(dirty.contains(shoe_));
  EXPECT_FALSE(dirty.contains(shirt_));
  EXPECT_EQ(rt.Result("socks")->sources_of.count(sock_), 0u);
  EXPECT_EQ(rt.Result("socks")->sources_of.at(other_), std::vector<ProductId>{shoe_});
}

TEST_F(SmallRuntimeTest, ASymmetricRuleDirtiesBothEndsAndServesTheEdgeFromTheTarget) {
  RuleRuntime rt(catalog_, graph_);
  rt.Load({MakeRule("shirts", "cross_sell", "source.category startsWith \"Footwear\"",
                    "target.category == \"Apparel/Shirts\"", 5, 0)},
          AttributeCatalog{});
  EXPECT_EQ(EdgesOf(rt, catalog_, shirt_),
            (std::set<std::pair<std::string, std::string>>{{"shirts", "RS-1"}}));
  catalog_.At(shirt_).category = "Apparel/Jackets";
  std::set<ProductId> dirty;
  rt.ProductsChanged({shirt_}, &dirty);
  EXPECT_TRUE(EdgesOf(rt, catalog_, shirt_).empty());
  EXPECT_TRUE(EdgesOf(rt, catalog_, shoe_).empty());
  EXPECT_TRUE(dirty.contains(shoe_));
  EXPECT_TRUE(dirty.contains(shirt_));
}

TEST_F(SmallRuntimeTest, PlansChangeNothingUntilApplied) {
  RuleRuntime rt(catalog_, graph_);
  rt.Load({}, AttributeCatalog{});
  const Rule rule = MakeRule("socks", "accessory", "source.category startsWith \"Footwear\"",
                             "target.category == \"Accessories/Socks\"", 5, 0);
  RulePlan plan = rt.PlanPut(rule, AttributeCatalog{});
  ASSERT_TRUE(plan.valid) << (plan.diagnostics.empty() ? "" : plan.diagnostics[0].message);
  EXPECT_EQ(plan.sources, 1u);
  EXPECT_EQ(plan.targets, 2u);
  EXPECT_EQ(plan.edges, 2u);
  EXPECT_EQ(plan.sample,
            (std::vector<std::pair<ProductId, ProductId>>{{shoe_, sock_}, {shoe_, other_}}));
  EXPECT_EQ(rt.Find("socks"), nullptr);
  EXPECT_EQ(rt.Result("socks"), nullptr);

  std::set<ProductId> dirty;
  rt.Apply(std::move(plan), &dirty);
  EXPECT_EQ(dirty, (std::set<ProductId>{shoe_}));
  ASSERT_NE(rt.Result("socks"), nullptr);
  EXPECT_EQ(rt.Result("socks")->edges.edge_count, 2u);

  RulePlan removal = rt.PlanDelete("socks");
  ASSERT_TRUE(removal.valid);
  EXPECT_NE(rt.Result("socks"), nullptr);
  dirty.clear();
  rt.Apply(std::move(removal), &dirty);
  EXPECT_EQ(rt.Find("socks"), nullptr);
  EXPECT_EQ(rt.Result("socks"), nullptr);
  EXPECT_EQ(dirty, (std::set<ProductId>{shoe_}));
  EXPECT_TRUE(EdgesOf(rt, catalog_, shoe_).empty());
}

TEST_F(SmallRuntimeTest, ARuleReadingAChangedTypeIsRecomputedWithThePlan) {
  RuleRuntime rt(catalog_, graph_);
  const Rule bundle =
      MakeRule("bundle", "bundle", "true", "target.sku in related(source, \"accessory\")", 5, 0);
  rt.Load({bundle}, AttributeCatalog{});
  EXPECT_EQ(rt.Result("bundle")->edges.edge_count, 0u);
  RulePlan plan =
      rt.PlanPut(MakeRule("socks", "accessory", "source.category startsWith \"Footwear\"",
                          "target.category == \"Accessories/Socks\"", 5, 0),
                 AttributeCatalog{});
  ASSERT_TRUE(plan.valid);
  EXPECT_TRUE(plan.results.contains("bundle")) << "the reader of 'accessory' is part of the plan";
  std::set<ProductId> dirty;
  rt.Apply(std::move(plan), &dirty);
  EXPECT_EQ(rt.Result("bundle")->edges.targets.at(shoe_), (std::vector<ProductId>{sock_, other_}));
}

TEST_F(SmallRuntimeTest, ARuleThatNoLongerCompilesIsKeptWithItsErrors) {
  RuleRuntime rt(catalog_, graph_);
  rt.Load({MakeRule("gone", "no_such_type", "true", "target.brand == source.brand", 5, 0)},
          AttributeCatalog{});
  ASSERT_NE(rt.Find("gone"), nullptr);
  EXPECT_EQ(rt.Compiled("gone"), nullptr);
  EXPECT_EQ(rt.Result("gone"), nullptr);
  ASSERT_FALSE(rt.warnings("gone").empty());
  EXPECT_NE(rt.warnings("gone")[0].message.find("unknown relation type 'no_such_type'"),
            std::string::npos);
}

}  // namespace
}  // namespace affinity

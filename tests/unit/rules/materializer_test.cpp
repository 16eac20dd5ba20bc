#include "rules/materializer.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "rules/compiled_rule.hpp"
#include "rules/vector_catalog.hpp"

namespace affinity {
namespace {

using Skus = std::vector<std::string>;

CompiledRule Compile(std::string when, std::string then, std::int64_t limit = 10) {
  Rule rule;
  rule.id = "test-rule";
  rule.type = "accessory";
  rule.when = std::move(when);
  rule.then = std::move(then);
  rule.limit = limit;
  std::vector<RuleDiagnostic> diagnostics;
  std::optional<CompiledRule> compiled = CompileRule(rule, AttributeCatalog{}, true, &diagnostics);
  EXPECT_TRUE(compiled.has_value()) << (diagnostics.empty() ? "" : diagnostics[0].message);
  return std::move(*compiled);
}

// Answers related() from a fixed set of (from, type, to) triples.
class FixedRelated : public RelatedLookup {
 public:
  std::set<std::tuple<std::string, std::string, std::string>> links;
  bool Contains(std::string_view from, std::string_view type, std::string_view to) const override {
    return links.contains({std::string(from), std::string(type), std::string(to)});
  }
  std::size_t Count(std::string_view from, std::string_view type) const override {
    std::size_t n = 0;
    for (const auto& [f, t, _] : links) n += f == from && t == type;
    return n;
  }
};

class MaterializerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shoe_ = catalog_.Add(MakeRuleProduct("RS-1", "Footwear/Running", "Stride", 5999, 4));
    // Socks in an order that is neither by SKU nor by stock.
    catalog_.Add(MakeRuleProduct("SO-B", "Accessories/Socks", "Stride", 900, 0));
    catalog_.Add(MakeRuleProduct("SO-D", "Accessories/Socks", "Stride", 900, 7));
    catalog_.Add(MakeRuleProduct("SO-A", "Accessories/Socks", "Peak", 900, 2));
    catalog_.Add(MakeRuleProduct("SO-C", "Accessories/Socks", "Peak", 900, 0));
    catalog_.Add(MakeRuleProduct("SO-E", "Accessories/Socks", "Loop", 900));  // not tracked
  }

  Skus TargetsOf(const CompiledRule& rule, ProductId source, bool* matched = nullptr) {
    TargetIndex index(catalog_);
    Materializer m(catalog_, index, related_ptr_);
    bool ignored = false;
    Skus out;
    for (ProductId id : m.TargetsFor(rule, source, matched ? matched : &ignored)) {
      out.push_back(catalog_.Get(id)->sku);
    }
    return out;
  }

  VectorCatalog catalog_;
  ProductId shoe_ = 0;
  const RelatedLookup* related_ptr_ = nullptr;
};

TEST_F(MaterializerTest, KeepsInStockTargetsFirstThenSkuOrderUpToTheLimit) {
  const std::string when = "source.category startsWith \"Footwear\"";
  const std::string then = "target.category == \"Accessories/Socks\"";
  EXPECT_EQ(TargetsOf(Compile(when, then, 10), shoe_),
            (Skus{"SO-A", "SO-D", "SO-E", "SO-B", "SO-C"}));
  EXPECT_EQ(TargetsOf(Compile(when, then, 3), shoe_), (Skus{"SO-A", "SO-D", "SO-E"}));
  EXPECT_EQ(TargetsOf(Compile(when, then, 4), shoe_), (Skus{"SO-A", "SO-D", "SO-E", "SO-B"}));
  EXPECT_EQ(TargetsOf(Compile(when, then, 1), shoe_), (Skus{"SO-A"}));
}

TEST_F(MaterializerTest, ALimitPicksAnOutOfStockTargetOnlyWhenTooFewAreInStock) {
  catalog_.At(3).stock = 0;  // SO-A
  catalog_.At(2).stock = 0;  // SO-D
  // Only SO-E is in stock among the socks: it comes first, then out-of-stock ones by SKU.
  EXPECT_EQ(TargetsOf(Compile("true", "target.category == \"Accessories/Socks\"", 3), shoe_),
            (Skus{"SO-E", "SO-A", "SO-B"}));
}

TEST_F(MaterializerTest, ATargetNotForSaleTakesNoPlaceFromOneThatIs) {
  catalog_.At(3).status = ProductStatus::kDiscontinued;  // SO-A, in stock
  catalog_.At(2).status = ProductStatus::kInactive;      // SO-D, in stock
  // Serving skips them, so they rank with the out-of-stock ones, after every sellable target.
  EXPECT_EQ(TargetsOf(Compile("true", "target.category == \"Accessories/Socks\"", 2), shoe_),
            (Skus{"SO-E", "SO-A"}));
  EXPECT_EQ(TargetsOf(Compile("true", "target.category == \"Accessories/Socks\"", 10), shoe_),
            (Skus{"SO-E", "SO-A", "SO-B", "SO-C", "SO-D"}));
}

TEST_F(MaterializerTest, NeverTargetsTheSourceItself) {
  const CompiledRule same_category =
      Compile("true", "target.category == source.category && target.brand == source.brand");
  EXPECT_EQ(TargetsOf(same_category, 1), Skus{"SO-D"});  // SO-B's only Stride sibling
  EXPECT_EQ(TargetsOf(same_category, 2), Skus{"SO-B"});
  EXPECT_EQ(TargetsOf(same_category, 5), Skus{});  // SO-E: the only Loop sock
  EXPECT_EQ(TargetsOf(same_category, shoe_), Skus{});
}

TEST_F(MaterializerTest, ASourceThatWhenRejectsIsNotMatched) {
  bool matched = true;
  EXPECT_TRUE(TargetsOf(Compile("source.price > 100", "target.brand == source.brand"), 1, &matched)
                  .empty());
  EXPECT_FALSE(matched);
  EXPECT_EQ(
      TargetsOf(Compile("source.price > 50", "target.brand == source.brand"), shoe_, &matched),
      (Skus{"SO-D", "SO-B"}));
  EXPECT_TRUE(matched);
}

TEST_F(MaterializerTest, RunListsSourcesWithoutTargetsAsMatchedOnly) {
  // Socks are sources; only the Stride socks have a target (each other).
  const CompiledRule rule = Compile("source.category == \"Accessories/Socks\"",
                                    "target.category == source.category && "
                                    "target.brand == source.brand");
  TargetIndex index(catalog_);
  Materializer m(catalog_, index, nullptr);
  RuleEdges edges = m.Run(rule, 1);
  EXPECT_EQ(edges.matched, (std::vector<ProductId>{1, 2, 3, 4, 5}));
  EXPECT_EQ(edges.targets.size(), 4u);  // SO-B, SO-D, SO-A, SO-C; not SO-E
  EXPECT_FALSE(edges.targets.contains(5));
  EXPECT_FALSE(edges.targets.contains(shoe_));
  EXPECT_EQ(edges.targets.at(1), (std::vector<ProductId>{2}));
  EXPECT_EQ(edges.targets.at(3), (std::vector<ProductId>{4}));
  EXPECT_EQ(edges.edge_count, 4u);
}

TEST_F(MaterializerTest, DeletedProductsAreNeitherSourcesNorTargets) {
  catalog_.Erase(3);  // SO-A
  const CompiledRule rule = Compile("source.category startsWith \"Footwear\"",
                                    "target.category == \"Accessories/Socks\"");
  EXPECT_EQ(TargetsOf(rule, shoe_), (Skus{"SO-D", "SO-E", "SO-B", "SO-C"}));
  bool matched = true;
  EXPECT_TRUE(TargetsOf(rule, 3, &matched).empty());
  EXPECT_FALSE(matched);
  catalog_.Erase(shoe_);
  TargetIndex index(catalog_);
  RuleEdges edges = Materializer(catalog_, index, nullptr).Run(rule, 1);
  EXPECT_TRUE(edges.matched.empty());
  EXPECT_EQ(edges.edge_count, 0u);
}

TEST_F(MaterializerTest, RelatedReadsTheLookupItIsGiven) {
  FixedRelated related;
  related.links = {
      {"RS-1", "accessory", "SO-C"}, {"RS-1", "accessory", "SO-E"}, {"RS-1", "upsell", "SO-A"}};
  const CompiledRule rule = Compile("true", "target.sku in related(source, \"accessory\")");
  EXPECT_EQ(TargetsOf(rule, shoe_), Skus{});  // no lookup: related() is empty
  related_ptr_ = &related;
  EXPECT_EQ(TargetsOf(rule, shoe_), (Skus{"SO-E", "SO-C"}));
}

TEST_F(MaterializerTest, RunOverThreadsEqualsOneThreadAndTargetsFor) {
  // Enough products for Run to split the id range (one thread per 1024 ids).
  VectorCatalog big;
  const char* categories[] = {"Footwear/Running", "Footwear/Trail", "Accessories/Socks"};
  const char* brands[] = {"Stride", "Peak", "Loop", "Arc"};
  for (int i = 0; i < 3500; ++i) {
    std::optional<std::int64_t> stock;
    if (i % 3 == 0) stock = i % 2;
    big.Add(MakeRuleProduct("P-" + std::to_string(100000 + (i * 7919) % 3500), categories[i % 3],
                            brands[(i / 3) % 4], 1000 + (i * 37) % 9000, stock));
  }
  const CompiledRule rule = Compile("source.category startsWith \"Footwear\"",
                                    "target.category == \"Accessories/Socks\" && "
                                    "target.brand == source.brand && target.price < source.price",
                                    7);
  TargetIndex index(big);
  Materializer m(big, index, nullptr);
  RuleEdges one = m.Run(rule, 1);
  RuleEdges four = m.Run(rule, 4);
  EXPECT_EQ(one.matched, four.matched);
  EXPECT_EQ(one.edge_count, four.edge_count);
  EXPECT_EQ(one.targets, four.targets);
  EXPECT_GT(one.edge_count, 1000u);
  for (ProductId source : {0u, 1u, 1700u, 3499u}) {
    bool matched = false;
    std::vector<ProductId> targets = m.TargetsFor(rule, source, &matched);
    auto it = one.targets.find(source);
    EXPECT_EQ(targets, it == one.targets.end() ? std::vector<ProductId>{} : it->second) << source;
  }
}

}  // namespace
}  // namespace affinity

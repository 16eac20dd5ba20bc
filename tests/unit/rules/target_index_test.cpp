#include "rules/target_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "rules/condition.hpp"
#include "rules/vector_catalog.hpp"

namespace affinity {
namespace {

using Ids = std::vector<ProductId>;

// The candidates as a set (ascending ids), for membership checks; SkuOrder() checks the order.
Ids Of(const CandidateList& c) {
  Ids ids(c.items().begin(), c.items().end());
  std::sort(ids.begin(), ids.end());
  return ids;
}

TargetHint Hint(TargetHint::Kind kind, std::vector<std::string> values = {}) {
  return TargetHint{kind, std::move(values)};
}

// Five pairs of socks (two of them Stride), one Stride shoe, two Peak shoes, one trail shoe.
class TargetIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_.Add(MakeRuleProduct("SO-1", "Accessories/Socks", "Stride", 999, 5, {"running"}));  // 0
    catalog_.Add(MakeRuleProduct("SO-2", "Accessories/Socks", "Peak", 899, 5));                 // 1
    catalog_.Add(MakeRuleProduct("SO-3", "Accessories/Socks", "Stride", 1299, 0, {"trail"}));   // 2
    catalog_.Add(MakeRuleProduct("SO-4", "Accessories/Socks", "Loop", 799));                    // 3
    catalog_.Add(MakeRuleProduct("SO-5", "Accessories/Socks", "Loop", 699));                    // 4
    catalog_.Add(MakeRuleProduct("RS-1", "Footwear/Running", "Stride", 5999, 3, {"running"}));  // 5
    catalog_.Add(MakeRuleProduct("RS-2", "Footwear/Running", "Peak", 6999));                    // 6
    catalog_.Add(MakeRuleProduct("RS-3", "Footwear/Running", "Peak", 7999));                    // 7
    catalog_.Add(MakeRuleProduct("TR-1", "Footwear/Trail", "Peak", 8999, 1, {"trail"}));        // 8
  }
  const Product& P(ProductId id) const { return *catalog_.Get(id); }

  VectorCatalog catalog_;
};

TEST_F(TargetIndexTest, CandidatesComeInSkuOrder) {
  TargetIndex index(catalog_);
  CandidateList all = index.Candidates({}, P(5));
  EXPECT_EQ(Ids(all.items().begin(), all.items().end()), (Ids{5, 6, 7, 0, 1, 2, 3, 4, 8}));
  CandidateList union_of_two =
      index.Candidates({Hint(TargetHint::Kind::kBrandIn, {"Stride", "Loop"})}, P(5));
  EXPECT_EQ(Ids(union_of_two.items().begin(), union_of_two.items().end()), (Ids{5, 0, 2, 3, 4}));
}

TEST_F(TargetIndexTest, WithoutHintsEveryProductIsACandidate) {
  TargetIndex index(catalog_);
  EXPECT_EQ(index.product_count(), 9u);
  EXPECT_EQ(Of(index.Candidates({}, P(5))), (Ids{0, 1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(TargetIndexTest, CandidatesPicksTheSmallestHintSetWhateverTheHintOrder) {
  TargetIndex index(catalog_);
  const TargetHint socks = Hint(TargetHint::Kind::kCategoryIn, {"Accessories/Socks"});  // 5 ids
  const TargetHint stride = Hint(TargetHint::Kind::kBrandIn, {"Stride"});               // 3 ids
  const TargetHint running = Hint(TargetHint::Kind::kTagIn, {"running"});               // 2 ids
  EXPECT_EQ(Of(index.Candidates({socks}, P(5))), (Ids{0, 1, 2, 3, 4}));
  // A brand and a category together select through the (brand, category) lists.
  EXPECT_EQ(Of(index.Candidates({socks, stride}, P(5))), (Ids{0, 2}));
  EXPECT_EQ(Of(index.Candidates({stride, socks}, P(5))), (Ids{0, 2}));
  EXPECT_EQ(Of(index.Candidates({socks, stride, running}, P(5))), (Ids{0, 5}));
  EXPECT_EQ(Of(index.Candidates({running, socks}, P(5))), (Ids{0, 5}));
}

TEST_F(TargetIndexTest, AHintSelectingNothingGivesNoCandidates) {
  TargetIndex index(catalog_);
  EXPECT_TRUE(index
                  .Candidates({Hint(TargetHint::Kind::kBrandIn, {"Nobody"}),
                               Hint(TargetHint::Kind::kCategoryIn, {"Accessories/Socks"})},
                              P(5))
                  .empty());
}

TEST_F(TargetIndexTest, SourceRelativeHintsUseTheSourcesValues) {
  TargetIndex index(catalog_);
  const TargetHint same_brand = Hint(TargetHint::Kind::kBrandIsSource);
  const TargetHint same_category = Hint(TargetHint::Kind::kCategoryIsSource);
  EXPECT_EQ(Of(index.Candidates({same_brand}, P(5))), (Ids{0, 2, 5}));     // Stride
  EXPECT_EQ(Of(index.Candidates({same_brand}, P(6))), (Ids{1, 6, 7, 8}));  // Peak
  EXPECT_EQ(Of(index.Candidates({same_category}, P(8))), (Ids{8}));        // Footwear/Trail
  EXPECT_EQ(Of(index.Candidates({same_brand, same_category}, P(6))), (Ids{6, 7}));
}

TEST_F(TargetIndexTest, CategoryUnderIsAPlainPrefixAndListsUnionAscending) {
  catalog_.Add(MakeRuleProduct("FX-1", "Footwearables", "Loop", 100));  // 9
  TargetIndex index(catalog_);
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kCategoryUnder, {"Footwear/"})}, P(0))),
            (Ids{5, 6, 7, 8}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kCategoryUnder, {"Footwear"})}, P(0))),
            (Ids{5, 6, 7, 8, 9}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kCategoryIn,
                                      {"Footwear/Trail", "Accessories/Socks", "Nowhere"})},
                                P(0))),
            (Ids{0, 1, 2, 3, 4, 8}));
  EXPECT_EQ(Of(index.Candidates(
                {Hint(TargetHint::Kind::kSkuIn, {"TR-1", "SO-2", "XX-9", "SO-2"})}, P(0))),
            (Ids{1, 8}));
}

TEST_F(TargetIndexTest, HintsReadOffACompiledThenCondition) {
  Result<CompiledCondition> then = CompileCondition(
      "target.category == \"Accessories/Socks\" && target.brand == source.brand && "
      "target.price < source.price",
      ConditionRole::kThen, AttributeCatalog{});
  ASSERT_TRUE(then.ok()) << then.status().ToString();
  TargetIndex index(catalog_);
  // Socks of the source's brand (Stride): the (brand, category) list.
  EXPECT_EQ(Of(index.Candidates(then->info().target_hints, P(5))), (Ids{0, 2}));
}

TEST_F(TargetIndexTest, UpdateMovesAChangedProductBetweenLists) {
  TargetIndex index(catalog_);
  Product moved = P(6);  // RS-2: Peak running shoe
  moved.category = "Accessories/Socks";
  moved.brand = "Stride";
  moved.tags = {"running", "sale"};
  catalog_.Replace(6, moved);
  index.Update(6);
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kCategoryIn, {"Accessories/Socks"})}, P(0))),
            (Ids{0, 1, 2, 3, 4, 6}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kCategoryIn, {"Footwear/Running"})}, P(0))),
            (Ids{5, 7}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kBrandIn, {"Peak"})}, P(0))), (Ids{1, 7, 8}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kBrandIn, {"Stride"})}, P(0))),
            (Ids{0, 2, 5, 6}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kTagIn, {"sale"})}, P(0))), (Ids{6}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kTagIn, {"running"})}, P(0))), (Ids{0, 5, 6}));
  EXPECT_EQ(index.product_count(), 9u);

  // Dropping the tag again empties its list.
  moved.tags = {};
  catalog_.Replace(6, moved);
  index.Update(6);
  EXPECT_TRUE(index.Candidates({Hint(TargetHint::Kind::kTagIn, {"sale"})}, P(0)).empty());
}

TEST_F(TargetIndexTest, UpdateDropsADeletedProductAndAddsANewOneInIdOrder) {
  TargetIndex index(catalog_);
  catalog_.Erase(2);  // SO-3
  index.Update(2);
  const ProductId added = catalog_.Add(MakeRuleProduct("SO-6", "Accessories/Socks", "Stride", 5));
  index.Update(added);
  EXPECT_EQ(index.product_count(), 9u);
  EXPECT_EQ(Of(index.Candidates({}, P(0))), (Ids{0, 1, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kBrandIn, {"Stride"})}, P(0))), (Ids{0, 5, 9}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kTagIn, {"trail"})}, P(0))), (Ids{8}));
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kSkuIn, {"SO-3", "SO-6"})}, P(0))), (Ids{9}));
  // Updating an id twice, or a deleted id again, changes nothing.
  index.Update(added);
  index.Update(2);
  EXPECT_EQ(Of(index.Candidates({Hint(TargetHint::Kind::kCategoryIn, {"Accessories/Socks"})}, P(0))),
            (Ids{0, 1, 3, 4, 9}));
}

TEST_F(TargetIndexTest, AnUpdatedIndexEqualsOneBuiltFromScratch) {
  TargetIndex index(catalog_);
  Product p = P(0);
  p.brand = "Peak";
  p.category = "Footwear/Trail";
  catalog_.Replace(0, p);
  index.Update(0);
  catalog_.Erase(7);
  index.Update(7);
  TargetIndex fresh(catalog_);
  const std::vector<std::vector<TargetHint>> probes = {
      {},
      {Hint(TargetHint::Kind::kBrandIn, {"Peak", "Stride", "Loop"})},
      {Hint(TargetHint::Kind::kCategoryUnder, {"Footwear", "Accessories"})},
      {Hint(TargetHint::Kind::kTagIn, {"running", "trail"})},
      {Hint(TargetHint::Kind::kBrandIsSource)},
      {Hint(TargetHint::Kind::kCategoryIsSource)}};
  for (std::size_t i = 0; i < probes.size(); ++i) {
    for (ProductId source : {0u, 5u, 8u}) {
      // The same products in the same (SKU) order.
      CandidateList a = index.Candidates(probes[i], P(source));
      CandidateList b = fresh.Candidates(probes[i], P(source));
      EXPECT_EQ(Ids(a.items().begin(), a.items().end()), Ids(b.items().begin(), b.items().end()))
          << "probe " << i << " source " << source;
    }
  }
}

TEST(TargetIndexCouldBeTargetTest, ChecksOnlyHintsThatDoNotReferToTheSource) {
  const Product sock = MakeRuleProduct("SO-1", "Accessories/Socks", "Stride", 999, 5, {"running"});
  using K = TargetHint::Kind;
  EXPECT_TRUE(TargetIndex::CouldBeTarget({}, sock));
  EXPECT_TRUE(TargetIndex::CouldBeTarget({Hint(K::kCategoryIn, {"Accessories/Socks"})}, sock));
  EXPECT_FALSE(TargetIndex::CouldBeTarget({Hint(K::kCategoryIn, {"Accessories"})}, sock));
  EXPECT_TRUE(TargetIndex::CouldBeTarget({Hint(K::kCategoryUnder, {"Shoes", "Acc"})}, sock));
  EXPECT_FALSE(TargetIndex::CouldBeTarget({Hint(K::kCategoryUnder, {"Footwear"})}, sock));
  EXPECT_FALSE(TargetIndex::CouldBeTarget({Hint(K::kBrandIn, {"Peak"})}, sock));
  EXPECT_TRUE(TargetIndex::CouldBeTarget({Hint(K::kTagIn, {"trail", "running"})}, sock));
  EXPECT_FALSE(TargetIndex::CouldBeTarget({Hint(K::kTagIn, {"trail"})}, sock));
  EXPECT_FALSE(TargetIndex::CouldBeTarget({Hint(K::kSkuIn, {"SO-2"})}, sock));
  EXPECT_TRUE(
      TargetIndex::CouldBeTarget({Hint(K::kBrandIsSource), Hint(K::kCategoryIsSource)}, sock));
  // Every hint must hold.
  EXPECT_FALSE(TargetIndex::CouldBeTarget(
      {Hint(K::kCategoryIn, {"Accessories/Socks"}), Hint(K::kBrandIn, {"Peak"})}, sock));
}

}  // namespace
}  // namespace affinity

#include "mining/transactions.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace affinity::mining {
namespace {

std::vector<ItemId> Items(std::span<const ItemId> s) { return {s.begin(), s.end()}; }

TEST(TransactionSetTest, SortsAndDeduplicatesEachBasket) {
  auto ts = TransactionSet::FromBaskets({{5, 1, 5, 3}, {}, {2, 2}});
  ASSERT_TRUE(ts.ok());
  ASSERT_EQ(ts->size(), 3u);
  EXPECT_EQ(Items(ts->basket(0)), (std::vector<ItemId>{1, 3, 5}));
  EXPECT_TRUE(ts->basket(1).empty());
  EXPECT_EQ(Items(ts->basket(2)), (std::vector<ItemId>{2}));
  EXPECT_EQ(ts->item_limit(), 6u);
  EXPECT_EQ(ts->total_items(), 4u);
  EXPECT_EQ(ts->ItemCounts(), (std::vector<std::uint32_t>{0, 1, 1, 1, 0, 1}));
}

TEST(TransactionSetTest, RejectsIdsBeyondTheDenseLimit) {
  TransactionSet ts;
  std::vector<ItemId> bad = {1, kMaxItemId + 1};
  Status st = ts.AddBasket(bad);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("remap"), std::string::npos);
  EXPECT_EQ(ts.size(), 0u);  // unchanged
  std::vector<ItemId> ok = {kMaxItemId};
  EXPECT_TRUE(ts.AddBasket(ok).ok());
}

TEST(ParseFimiTest, ReadsTrailingSpacesCrLfAndSkipsBlankLines) {
  auto ts = ParseFimi("0 1 2 \n3 4 \r\n\n  \n7\t3 3\n9");
  ASSERT_TRUE(ts.ok()) << ts.status().ToString();
  ASSERT_EQ(ts->size(), 4u);
  EXPECT_EQ(Items(ts->basket(0)), (std::vector<ItemId>{0, 1, 2}));
  EXPECT_EQ(Items(ts->basket(1)), (std::vector<ItemId>{3, 4}));
  EXPECT_EQ(Items(ts->basket(2)), (std::vector<ItemId>{3, 7}));
  EXPECT_EQ(Items(ts->basket(3)), (std::vector<ItemId>{9}));
}

TEST(ParseFimiTest, NamesLineAndColumnOfABadToken) {
  auto ts = ParseFimi("1 2\n3 x4 5\n");
  ASSERT_FALSE(ts.ok());
  EXPECT_EQ(ts.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ts.status().message().find("line 2 column 3: 'x4'"), std::string::npos)
      << ts.status().message();
  EXPECT_FALSE(ParseFimi("1 -2\n").ok());
  EXPECT_FALSE(ParseFimi("12a\n").ok());
  auto big = ParseFimi("1 99999999999\n");
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("exceeds"), std::string::npos);
}

TEST(ParseFimiTest, EmptyTextIsAnEmptySet) {
  auto ts = ParseFimi("");
  ASSERT_TRUE(ts.ok());
  EXPECT_TRUE(ts->empty());
  EXPECT_EQ(ts->item_limit(), 0u);
}

}  // namespace
}  // namespace affinity::mining

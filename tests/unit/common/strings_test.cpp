#include "common/strings.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <unordered_set>
#include <vector>

namespace affinity {
namespace {

TEST(StringsTest, TrimRemovesSurroundingWhitespaceOnly) {
  EXPECT_EQ(Trim("  Running Shoes \t\r\n"), "Running Shoes");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("a b"), "a b");
}

TEST(StringsTest, ToLowerLowersAsciiLetters) {
  EXPECT_EQ(ToLower("Cross_Sell-2"), "cross_sell-2");
}

TEST(StringsTest, EditDistanceCountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("upsell", "upsel"), 1u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("same", "same"), 0u);
}

TEST(StringsTest, NearestNameFindsLikelyTyposCaseInsensitively) {
  std::vector<std::string_view> types = {"accessory", "cross_sell", "upsell"};
  EXPECT_EQ(NearestName("upsel", types), "upsell");
  EXPECT_EQ(NearestName("CROSS_SELL", types), "cross_sell");
  EXPECT_EQ(NearestName("acessory", types), "accessory");
  EXPECT_EQ(NearestName("bundle", types), "");
  EXPECT_EQ(NearestName("x", std::vector<std::string_view>{}), "");
}

TEST(StringsTest, NearestNameSkipsCandidatesTooFarInLength) {
  // Found by fuzz/json_fields_fuzzer: a long unknown JSON key made every "did you mean" compare
  // length x length characters. A candidate whose length alone rules it out is not compared.
  std::vector<std::string_view> fields = {"sku", "name", "price"};
  const std::string huge(1 << 20, 'p');
  EXPECT_EQ(NearestName(huge, fields), "");
  EXPECT_EQ(NearestName(std::string(1 << 20, 'x') + "price", fields), "");
  EXPECT_EQ(NearestName("pricee", fields), "price");
}

TEST(StringsTest, StringHashLooksUpByStringView) {
  std::unordered_set<std::string, StringHash, std::equal_to<>> set = {"RS-1"};
  EXPECT_TRUE(set.contains(std::string_view("RS-1")));
  EXPECT_FALSE(set.contains(std::string_view("RS-2")));
}

}  // namespace
}  // namespace affinity

#include "catalog/product.hpp"

#include <gtest/gtest.h>

#include <string>

namespace affinity {
namespace {

Product RunningShoes() {
  Product p;
  p.sku = "RS-1";
  p.name = "Running Shoes";
  p.price_minor = 5999;
  p.currency = "USD";
  p.category = "Footwear/Running";
  p.brand = "Stride";
  p.tags = {"running"};
  p.margin = 0.35;
  p.stock = 12;
  return p;
}

TEST(ProductTest, ValidSkusAreAccepted) {
  EXPECT_TRUE(ValidateSku("RS-1").ok());
  EXPECT_TRUE(ValidateSku("apparel/tee_01.v2").ok());
  EXPECT_TRUE(ValidateSku(std::string(128, 'A')).ok());
}

TEST(ProductTest, InvalidSkusAreRejectedWithTheReason) {
  EXPECT_EQ(ValidateSku("").message(), "sku must not be empty");
  Status too_long = ValidateSku(std::string(129, 'A'));
  EXPECT_EQ(too_long.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(too_long.message().find("longer than 128 characters"), std::string::npos);
  for (const char* bad : {"RS 1", "RS-1\n", "\tRS", "RS\x7f"}) {
    Status st = ValidateSku(bad);
    EXPECT_FALSE(st.ok()) << bad;
    EXPECT_NE(st.message().find("space or control character"), std::string::npos);
  }
}

TEST(ProductTest, ValidProductPasses) {
  EXPECT_TRUE(ValidateProduct(RunningShoes()).ok());
}

TEST(ProductTest, ValidationListsEveryBadField) {
  Product p = RunningShoes();
  p.name = "   ";
  p.currency = "usd";
  p.price_minor = -1;
  p.margin = 1.5;
  p.tags = {"running", " "};
  Status st = ValidateProduct(p);
  ASSERT_EQ(st.code(), StatusCode::kInvalidArgument);
  const std::string& m = st.message();
  EXPECT_TRUE(m.starts_with("product 'RS-1': ")) << m;
  EXPECT_NE(m.find("field 'name' must not be empty"), std::string::npos) << m;
  EXPECT_NE(m.find("field 'currency' must be an ISO 4217 code such as \"USD\", got \"usd\""),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("field 'price' must not be negative"), std::string::npos) << m;
  EXPECT_NE(m.find("field 'margin' must be a fraction between -1 and 1"), std::string::npos) << m;
  EXPECT_NE(m.find("field 'tags' must not contain empty tags"), std::string::npos) << m;
}

TEST(ProductTest, MarginBoundsAreInclusive) {
  Product p = RunningShoes();
  p.margin = -1.0;
  EXPECT_TRUE(ValidateProduct(p).ok());
  p.margin = 1.0;
  EXPECT_TRUE(ValidateProduct(p).ok());
  p.margin = -1.01;
  EXPECT_FALSE(ValidateProduct(p).ok());
}

TEST(ProductTest, InStockUnlessStockIsTrackedAndNotPositive) {
  Product p = RunningShoes();
  p.stock.reset();
  EXPECT_TRUE(p.InStock());
  p.stock = 1;
  EXPECT_TRUE(p.InStock());
  p.stock = 0;
  EXPECT_FALSE(p.InStock());
  p.stock = -3;
  EXPECT_FALSE(p.InStock());
}

TEST(ProductTest, CategoryIsUnderMatchesWholeSegments) {
  EXPECT_TRUE(CategoryIsUnder("Footwear/Running", "Footwear"));
  EXPECT_TRUE(CategoryIsUnder("Footwear/Running", "Footwear/Running"));
  EXPECT_TRUE(CategoryIsUnder("Footwear", ""));
  EXPECT_FALSE(CategoryIsUnder("Footwearables", "Footwear"));
  EXPECT_FALSE(CategoryIsUnder("Footwear", "Footwear/Running"));
  EXPECT_FALSE(CategoryIsUnder("Apparel/Footwear", "Footwear"));
}

TEST(ProductTest, NormalizeCategoryTrimsSegmentsAndDropsEmptyOnes) {
  EXPECT_EQ(NormalizeCategory(" Footwear / Running/ "), "Footwear/Running");
  EXPECT_EQ(NormalizeCategory("//Apparel//Outerwear/Coats/"), "Apparel/Outerwear/Coats");
  EXPECT_EQ(NormalizeCategory(""), "");
  EXPECT_EQ(NormalizeCategory(" / "), "");
}

}  // namespace
}  // namespace affinity

#include "catalog/product_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

namespace affinity {
namespace {

boost::json::object Obj(std::string_view text) { return boost::json::parse(text).as_object(); }

Product Parse(std::string_view text, ProductSource source = ProductSource::kJson,
              std::string_view path_sku = {}) {
  Result<Product> p = ProductFromJson(Obj(text), source, path_sku);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? *p : Product{};
}

std::string ParseError(std::string_view text, ProductSource source = ProductSource::kJson,
                       std::string_view path_sku = {}) {
  Result<Product> p = ProductFromJson(Obj(text), source, path_sku);
  if (p.ok()) return "";
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  return p.status().message();
}

TEST(ProductJsonTest, ReadsEveryField) {
  Product p = Parse(R"({
    "sku": "RS-1", "name": "  Running Shoes ", "price": "59.99", "currency": "EUR",
    "category": "Footwear / Running", "brand": " Stride ", "tags": ["running", " road "],
    "margin": 0.35, "stock": 12, "attributes": {"color": "blue", "size": 42}})");
  EXPECT_EQ(p.sku, "RS-1");
  EXPECT_EQ(p.name, "Running Shoes");
  EXPECT_EQ(p.price_minor, 5999);
  EXPECT_EQ(p.currency, "EUR");
  EXPECT_EQ(p.category, "Footwear/Running");
  EXPECT_EQ(p.brand, "Stride");
  EXPECT_EQ(p.tags, (std::vector<std::string>{"running", "road"}));
  EXPECT_EQ(p.margin, 0.35);
  EXPECT_EQ(p.stock, 12);
  EXPECT_EQ(p.attributes, Obj(R"({"color": "blue", "size": 42})"));
  EXPECT_EQ(p.version, 0);
}

TEST(ProductJsonTest, OptionalFieldsDefault) {
  Product p = Parse(R"({"sku": "SK-1", "name": "Crew Socks", "price": "9.5"})");
  EXPECT_EQ(p.price_minor, 950);
  EXPECT_EQ(p.currency, "USD");
  EXPECT_EQ(p.category, "");
  EXPECT_TRUE(p.tags.empty());
  EXPECT_EQ(p.margin, std::nullopt);
  EXPECT_EQ(p.stock, std::nullopt);
  EXPECT_TRUE(p.attributes.empty());
}

TEST(ProductJsonTest, PriceAsJsonNumberKeepsItsCents) {
  EXPECT_EQ(Parse(R"({"sku": "RS-1", "name": "Shoes", "price": 59.99})").price_minor, 5999);
  EXPECT_EQ(Parse(R"({"sku": "RS-1", "name": "Shoes", "price": 0.29})").price_minor, 29);
  EXPECT_EQ(Parse(R"({"sku": "RS-1", "name": "Shoes", "price": 60})").price_minor, 6000);
}

TEST(ProductJsonTest, PriceUsesTheCurrencyExponent) {
  EXPECT_EQ(Parse(R"({"sku": "JP-1", "name": "Tabi", "price": "500", "currency": "JPY"})")
                .price_minor,
            500);
  std::string error =
      ParseError(R"({"sku": "JP-1", "name": "Tabi", "price": "500.5", "currency": "JPY"})");
  EXPECT_NE(error.find("field 'price'"), std::string::npos) << error;
  EXPECT_NE(error.find("0 decimal places at most for JPY"), std::string::npos) << error;
  EXPECT_EQ(Parse(R"({"sku": "KW-1", "name": "Dates", "price": "1.25", "currency": "KWD"})")
                .price_minor,
            1250);
}

TEST(ProductJsonTest, ErrorListsEveryBadField) {
  std::string error = ParseError(
      R"({"sku": "RS-1", "price": "abc", "stock": "twelve", "tags": "running", "margin": "high"})");
  EXPECT_NE(error.find("field 'name' is required"), std::string::npos) << error;
  EXPECT_NE(error.find("field 'price'"), std::string::npos) << error;
  EXPECT_NE(error.find("field 'stock' must be an integer, got \"twelve\""), std::string::npos)
      << error;
  EXPECT_NE(error.find("field 'tags' must be an array of strings"), std::string::npos) << error;
  EXPECT_NE(error.find("field 'margin' must be a number"), std::string::npos) << error;
}

TEST(ProductJsonTest, MissingSkuAndPriceAreRequired) {
  std::string error = ParseError(R"({"name": "Running Shoes"})");
  EXPECT_NE(error.find("field 'sku' is required"), std::string::npos) << error;
  EXPECT_NE(error.find("field 'price' is required"), std::string::npos) << error;
}

TEST(ProductJsonTest, InvalidValuesAreReportedByValidation) {
  std::string error = ParseError(
      R"({"sku": "RS 1", "name": "Shoes", "price": "-1.00", "currency": "usd", "margin": 2})");
  EXPECT_NE(error.find("space or control character"), std::string::npos) << error;
  EXPECT_NE(error.find("field 'currency' must be an ISO 4217 code"), std::string::npos) << error;
  EXPECT_NE(error.find("field 'margin' must be a fraction"), std::string::npos) << error;
  error = ParseError(R"({"sku": "RS-1", "name": "Shoes", "price": "-1.00"})");
  EXPECT_NE(error.find("field 'price' must not be negative"), std::string::npos) << error;
}

TEST(ProductJsonTest, UnknownFieldIsRejectedWithSuggestion) {
  std::string error = ParseError(R"({"sku": "RS-1", "name": "Shoes", "price": "1", "brnad": "X"})");
  EXPECT_NE(error.find("unknown field 'brnad' (did you mean 'brand'?)"), std::string::npos)
      << error;
}

TEST(ProductJsonTest, ReadOnlyFieldsOfAGetBodyAreAccepted) {
  Product p = Parse(
      R"({"sku": "RS-1", "name": "Shoes", "price": "1", "version": 7, "in_stock": true})");
  EXPECT_EQ(p.version, 0);  // the engine assigns versions
}

TEST(ProductJsonTest, PathSkuFillsAMissingSku) {
  Product p = Parse(R"({"name": "Running Shoes", "price": "59.99"})", ProductSource::kJson, "RS-1");
  EXPECT_EQ(p.sku, "RS-1");
  p = Parse(R"({"sku": "RS-1", "name": "Running Shoes", "price": "59.99"})", ProductSource::kJson,
            "RS-1");
  EXPECT_EQ(p.sku, "RS-1");
}

TEST(ProductJsonTest, PathSkuMustAgreeWithTheBody) {
  std::string error = ParseError(R"({"sku": "RS-2", "name": "Running Shoes", "price": "59.99"})",
                                 ProductSource::kJson, "RS-1");
  EXPECT_NE(error.find("field 'sku' is 'RS-2' but the URL names 'RS-1'"), std::string::npos)
      << error;
}

TEST(ProductJsonTest, JsonTagsMustBeAnArrayOfStrings) {
  EXPECT_NE(ParseError(R"({"sku": "A", "name": "A", "price": "1", "tags": "a|b"})")
                .find("field 'tags' must be an array"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"sku": "A", "name": "A", "price": "1", "tags": ["a", 3]})")
                .find("field 'tags' must hold only strings, got 3"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"sku": "A", "name": "A", "price": "1", "attributes": "red"})")
                .find("field 'attributes' must be a JSON object"),
            std::string::npos);
}

// ------------------------------------------------------------------------------ CSV rows

TEST(ProductJsonTest, CsvRowReadsTextValues) {
  Product p = Parse(R"({"sku": "RS-1", "name": "Running Shoes", "price": "59.99", "currency": "",
                        "margin": "0.35", "stock": "12", "category": "Footwear/Running"})",
                    ProductSource::kCsv);
  EXPECT_EQ(p.price_minor, 5999);
  EXPECT_EQ(p.currency, "USD");  // an empty cell is absent
  EXPECT_EQ(p.margin, 0.35);
  EXPECT_EQ(p.stock, 12);
}

TEST(ProductJsonTest, CsvEmptyStockMeansUntracked) {
  Product p = Parse(R"({"sku": "RS-1", "name": "Shoes", "price": "1", "stock": "", "margin": ""})",
                    ProductSource::kCsv);
  EXPECT_EQ(p.stock, std::nullopt);
  EXPECT_EQ(p.margin, std::nullopt);
}

TEST(ProductJsonTest, CsvTagsAreBarSeparated) {
  Product p = Parse(R"({"sku": "RS-1", "name": "Shoes", "price": "1", "tags": "a|b"})",
                    ProductSource::kCsv);
  EXPECT_EQ(p.tags, (std::vector<std::string>{"a", "b"}));
  p = Parse(R"({"sku": "RS-1", "name": "Shoes", "price": "1", "tags": " running | trail ||road|"})",
            ProductSource::kCsv);
  EXPECT_EQ(p.tags, (std::vector<std::string>{"running", "trail", "road"}));
}

TEST(ProductJsonTest, CsvExtraColumnsBecomeAttributes) {
  Product p = Parse(R"({"sku": "RS-1", "name": "Shoes", "price": "59.99", "color": "blue",
                        "size": "42", "fit": ""})",
                    ProductSource::kCsv);
  EXPECT_EQ(p.attributes, Obj(R"({"color": "blue", "size": "42"})"));
}

TEST(ProductJsonTest, CsvAttributesColumnHoldsJsonAndMergesWithExtraColumns) {
  Product p = Parse(R"({"sku": "RS-1", "name": "Shoes", "price": "1",
                        "attributes": "{\"drop_mm\": 8}", "color": "blue"})",
                    ProductSource::kCsv);
  EXPECT_EQ(p.attributes, Obj(R"({"drop_mm": 8, "color": "blue"})"));
  std::string error = ParseError(
      R"({"sku": "RS-1", "name": "Shoes", "price": "1", "attributes": "color=blue"})",
      ProductSource::kCsv);
  EXPECT_NE(error.find("field 'attributes' must be a JSON object"), std::string::npos) << error;
}

TEST(ProductJsonTest, CsvRowStillReportsBadText) {
  std::string error =
      ParseError(R"({"sku": "RS-1", "name": "", "price": "59.999", "stock": "a dozen"})",
                 ProductSource::kCsv);
  EXPECT_NE(error.find("field 'name' is required"), std::string::npos) << error;
  EXPECT_NE(error.find("field 'price'"), std::string::npos) << error;
  EXPECT_NE(error.find("field 'stock' must be an integer"), std::string::npos) << error;
}

// ------------------------------------------------------------------------------ status

TEST(ProductJsonTest, StatusDefaultsToActiveAndReadsEachValue) {
  EXPECT_EQ(Parse(R"({"sku": "A", "name": "A", "price": "1"})").status, ProductStatus::kActive);
  EXPECT_TRUE(Parse(R"({"sku": "A", "name": "A", "price": "1"})").Active());
  EXPECT_EQ(Parse(R"({"sku": "A", "name": "A", "price": "1", "status": "inactive"})").status,
            ProductStatus::kInactive);
  Product gone = Parse(R"({"sku": "A", "name": "A", "price": "1", "status": "discontinued"})");
  EXPECT_EQ(gone.status, ProductStatus::kDiscontinued);
  EXPECT_FALSE(gone.Active());
  EXPECT_EQ(Parse(R"({"sku": "A", "name": "A", "price": "1", "status": null})").status,
            ProductStatus::kActive);
}

TEST(ProductJsonTest, UnknownStatusIsRefusedNamingTheValuesAndTheNearest) {
  EXPECT_EQ(ParseError(R"({"sku": "A", "name": "A", "price": "1", "status": "archived"})"),
            "field 'status' must be \"active\", \"inactive\" or \"discontinued\", got "
            "\"archived\"");
  EXPECT_EQ(ParseError(R"({"sku": "A", "name": "A", "price": "1", "status": "discontinud"})"),
            "field 'status' must be \"active\", \"inactive\" or \"discontinued\", got "
            "\"discontinud\" (did you mean \"discontinued\"?)");
  // An API body is exact: "Active" is a typo there, with its fix named.
  std::string error = ParseError(R"({"sku": "A", "name": "A", "price": "1", "status": "Active"})");
  EXPECT_NE(error.find("(did you mean \"active\"?)"), std::string::npos) << error;
  error = ParseError(R"({"sku": "A", "name": "A", "price": "1", "status": false})");
  EXPECT_EQ(error, "field 'status' must be a string, got false");
}

TEST(ProductJsonTest, CsvStatusIsReadAsTypedByPeopleAndNotKeptAsAnAttribute) {
  Product p = Parse(R"({"sku": "A", "name": "A", "price": "1", "status": " Discontinued "})",
                    ProductSource::kCsv);
  EXPECT_EQ(p.status, ProductStatus::kDiscontinued);
  EXPECT_FALSE(p.attributes.contains("status"));
  EXPECT_EQ(Parse(R"({"sku": "A", "name": "A", "price": "1", "status": ""})", ProductSource::kCsv)
                .status,
            ProductStatus::kActive);
  std::string error = ParseError(R"({"sku": "A", "name": "A", "price": "1", "status": "sold out"})",
                                 ProductSource::kCsv);
  EXPECT_NE(error.find("field 'status' must be"), std::string::npos) << error;
}

TEST(ProductJsonTest, StatusNamesRoundTrip) {
  for (ProductStatus s :
       {ProductStatus::kActive, ProductStatus::kInactive, ProductStatus::kDiscontinued}) {
    EXPECT_EQ(ParseProductStatus(ProductStatusName(s)), s);
  }
  EXPECT_EQ(ParseProductStatus("ACTIVE"), std::nullopt);
  EXPECT_EQ(ParseProductStatus(""), std::nullopt);
}

// ------------------------------------------------------------------------------ ToJson

TEST(ProductJsonTest, ToJsonWritesEveryField) {
  Product p;
  p.sku = "RS-1";
  p.name = "Running Shoes";
  p.price_minor = 5999;
  p.category = "Footwear/Running";
  p.brand = "Stride";
  p.tags = {"running"};
  p.stock = 0;
  p.version = 3;
  boost::json::object o = ProductToJson(p);
  EXPECT_EQ(o.at("price"), "59.99");
  EXPECT_EQ(o.at("currency"), "USD");
  EXPECT_EQ(o.at("tags"), boost::json::parse(R"(["running"])"));
  EXPECT_TRUE(o.at("margin").is_null());
  EXPECT_EQ(o.at("stock"), 0);
  EXPECT_EQ(o.at("in_stock"), false);
  EXPECT_EQ(o.at("version"), 3);
  EXPECT_EQ(o.at("status"), "active");
  p.status = ProductStatus::kInactive;
  EXPECT_EQ(ProductToJson(p).at("status"), "inactive");
  p.stock.reset();
  EXPECT_TRUE(ProductToJson(p).at("stock").is_null());
  EXPECT_EQ(ProductToJson(p).at("in_stock"), true);
}

TEST(ProductJsonTest, ToJsonThenFromJsonRoundTrips) {
  Product p;
  p.sku = "KW-7";
  p.name = "Medjool Dates 1kg";
  p.price_minor = 4250;
  p.currency = "KWD";
  p.category = "Grocery/Dried Fruit";
  p.brand = "Oasis";
  p.tags = {"dates", "gift"};
  p.margin = 0.125;
  p.stock = 40;
  p.attributes = Obj(R"({"origin": "Saudi Arabia", "weight_g": 1000, "organic": true})");
  p.status = ProductStatus::kDiscontinued;
  p.version = 5;
  Result<Product> back = ProductFromJson(ProductToJson(p), ProductSource::kJson);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  p.version = 0;  // read-only on input
  EXPECT_EQ(*back, p);
}

}  // namespace
}  // namespace affinity

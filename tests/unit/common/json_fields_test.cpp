#include "common/json_fields.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstdint>
#include <limits>
#include <string>

namespace affinity {
namespace {

boost::json::object Obj(std::string_view text) { return boost::json::parse(text).as_object(); }

TEST(JsonFieldsTest, ReadsTypedFields) {
  auto o = Obj(R"({"name": "Running Shoes", "stock": 12, "margin": 0.35, "featured": true})");
  JsonFields f(o);
  EXPECT_EQ(f.String("name"), "Running Shoes");
  EXPECT_EQ(f.Int("stock"), 12);
  EXPECT_EQ(f.Number("margin"), 0.35);
  EXPECT_EQ(f.Bool("featured"), true);
  f.RejectUnknown();
  EXPECT_TRUE(f.status().ok()) << f.status().ToString();
}

TEST(JsonFieldsTest, AbsentOrNullIsNulloptAndOnlyRequiredIsAnError) {
  auto o = Obj(R"({"brand": null})");
  JsonFields f(o);
  EXPECT_EQ(f.String("brand"), std::nullopt);
  EXPECT_EQ(f.Int("stock"), std::nullopt);
  EXPECT_TRUE(f.status().ok());
  EXPECT_EQ(f.String("name", /*required=*/true), std::nullopt);
  EXPECT_EQ(f.Int("version", /*required=*/true), std::nullopt);
  EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(f.status().message(), "field 'name' is required; field 'version' is required");
}

TEST(JsonFieldsTest, WrongTypeNamesFieldExpectationAndValue) {
  auto o = Obj(R"({"stock": "twelve", "name": 42, "featured": "maybe", "margin": [1]})");
  JsonFields f(o);
  EXPECT_EQ(f.Int("stock"), std::nullopt);
  EXPECT_EQ(f.String("name"), std::nullopt);
  EXPECT_EQ(f.Bool("featured"), std::nullopt);
  EXPECT_EQ(f.Number("margin"), std::nullopt);
  EXPECT_EQ(f.status().message(),
            "field 'stock' must be an integer, got \"twelve\"; "
            "field 'name' must be a string, got 42; "
            "field 'featured' must be true or false, got \"maybe\"; "
            "field 'margin' must be a number, got [1]");
}

TEST(JsonFieldsTest, IntAcceptsOnlyWholeNumbers) {
  auto o = Obj(R"({"a": 12.0, "b": 12.5, "c": -3, "d": 18446744073709551615})");
  JsonFields f(o);
  EXPECT_EQ(f.Int("a"), 12);
  EXPECT_EQ(f.Int("b"), std::nullopt);
  EXPECT_EQ(f.Int("c"), -3);
  EXPECT_EQ(f.Int("d"), std::nullopt);  // beyond int64
  std::string message = f.status().message();
  EXPECT_NE(message.find("field 'b' must be an integer, got "), std::string::npos) << message;
  EXPECT_NE(message.find("field 'd' must be an integer"), std::string::npos) << message;
}

TEST(JsonFieldsTest, IntRefusesWholeDoublesBeyondInt64) {
  auto o = Obj(R"({"a": 1e300, "b": -1e19, "c": 9223372036854775808.0, "d": -9223372036854775808.0})");
  JsonFields f(o);
  EXPECT_EQ(f.Int("a"), std::nullopt);
  EXPECT_EQ(f.Int("b"), std::nullopt);
  EXPECT_EQ(f.Int("c"), std::nullopt);  // 2^63
  EXPECT_EQ(f.Int("d"), std::numeric_limits<std::int64_t>::min());  // -2^63
  EXPECT_NE(f.status().message().find("field 'a' must be an integer"), std::string::npos);
}

TEST(JsonFieldsTest, StrictModeDoesNotReadNumbersFromText) {
  auto o = Obj(R"({"stock": "12", "featured": "true"})");
  JsonFields f(o);
  EXPECT_EQ(f.Int("stock"), std::nullopt);
  EXPECT_EQ(f.Bool("featured"), std::nullopt);
  EXPECT_FALSE(f.status().ok());
}

TEST(JsonFieldsTest, LenientModeReadsCsvText) {
  auto o = Obj(R"({"stock": " 12 ", "margin": "0.35", "a": "yes", "b": "FALSE", "c": "1",
                   "d": "no", "price": " 59.99 "})");
  JsonFields f(o, /*lenient=*/true);
  EXPECT_EQ(f.Int("stock"), 12);
  EXPECT_EQ(f.Number("margin"), 0.35);
  EXPECT_EQ(f.Bool("a"), true);
  EXPECT_EQ(f.Bool("b"), false);
  EXPECT_EQ(f.Bool("c"), true);
  EXPECT_EQ(f.Bool("d"), false);
  EXPECT_EQ(f.Decimal("price"), "59.99");
  EXPECT_TRUE(f.status().ok()) << f.status().ToString();
}

TEST(JsonFieldsTest, LenientModeTreatsAnEmptyCellAsAbsent) {
  auto o = Obj(R"({"stock": "", "margin": "   ", "name": ""})");
  JsonFields f(o, /*lenient=*/true);
  EXPECT_EQ(f.Int("stock"), std::nullopt);
  EXPECT_EQ(f.Number("margin"), std::nullopt);
  EXPECT_TRUE(f.status().ok());
  EXPECT_EQ(f.String("name", /*required=*/true), std::nullopt);
  EXPECT_EQ(f.status().message(), "field 'name' is required");
}

TEST(JsonFieldsTest, StrictModeKeepsAnEmptyString) {
  auto o = Obj(R"({"brand": ""})");
  JsonFields f(o);
  EXPECT_EQ(f.String("brand"), "");
  EXPECT_TRUE(f.Has("brand"));
}

TEST(JsonFieldsTest, LenientModeStillRejectsText) {
  auto o = Obj(R"({"stock": "12 units", "margin": "35%", "featured": "sometimes"})");
  JsonFields f(o, /*lenient=*/true);
  EXPECT_EQ(f.Int("stock"), std::nullopt);
  EXPECT_EQ(f.Number("margin"), std::nullopt);
  EXPECT_EQ(f.Bool("featured"), std::nullopt);
  std::string message = f.status().message();
  EXPECT_NE(message.find("field 'stock' must be an integer, got \"12 units\""), std::string::npos);
  EXPECT_NE(message.find("field 'margin' must be a number"), std::string::npos);
  EXPECT_NE(message.find("field 'featured' must be true or false"), std::string::npos);
}

TEST(JsonFieldsTest, DecimalKeepsTheTextTheSenderWrote) {
  auto o = Obj(R"({"a": 59.99, "b": "59.90", "c": 59, "d": 0.1, "e": true, "f": 1e2})");
  JsonFields f(o);
  EXPECT_EQ(f.Decimal("a"), "59.99");
  EXPECT_EQ(f.Decimal("b"), "59.90");
  EXPECT_EQ(f.Decimal("c"), "59");
  EXPECT_EQ(f.Decimal("d"), "0.1");
  EXPECT_EQ(f.Decimal("e"), std::nullopt);
  EXPECT_EQ(f.Decimal("f"), "100");
  EXPECT_EQ(f.status().message(), "field 'e' must be a decimal string such as \"59.99\", got true");
}

TEST(JsonFieldsTest, UnknownFieldSuggestsTheNearestKnownName) {
  auto o = Obj(R"({"name": "Tee", "prise": "9.99", "colour": "red"})");
  JsonFields f(o);
  (void)f.String("name");
  (void)f.Decimal("price");
  (void)f.String("color");
  f.RejectUnknown();
  std::string message = f.status().message();
  EXPECT_NE(message.find("unknown field 'prise' (did you mean 'price'?)"), std::string::npos)
      << message;
  EXPECT_NE(message.find("unknown field 'colour' (did you mean 'color'?)"), std::string::npos)
      << message;
}

TEST(JsonFieldsTest, UnknownFieldWithNothingCloseHasNoSuggestion) {
  auto o = Obj(R"({"name": "Tee", "warehouse_bin": "B7"})");
  JsonFields f(o);
  (void)f.String("name");
  f.RejectUnknown();
  EXPECT_EQ(f.status().message(), "unknown field 'warehouse_bin'");
}

TEST(JsonFieldsTest, UnknownKeysListsTheFieldsNobodyAskedFor) {
  auto o = Obj(R"({"sku": "RS-1", "color": "blue", "size": "42"})");
  JsonFields f(o);
  (void)f.String("sku");
  (void)f.Raw("size");
  EXPECT_EQ(f.UnknownKeys(), std::vector<std::string>{"color"});
}

TEST(JsonFieldsTest, AddErrorIsJoinedWithTheOthers) {
  auto o = Obj(R"({})");
  JsonFields f(o);
  f.AddError("tags", "must be an array");
  (void)f.String("sku", true);
  EXPECT_EQ(f.status().message(), "field 'tags' must be an array; field 'sku' is required");
}

TEST(JsonFieldsTest, StatusReportsTheFirstErrorsAndCountsTheRest) {
  boost::json::object o;
  for (int i = 0; i < 500; ++i) o["field_" + std::to_string(1000 + i)] = i;
  JsonFields f(o);
  (void)f.String("sku");
  f.RejectUnknown();
  const std::string message = f.status().message();
  EXPECT_TRUE(message.starts_with("unknown field 'field_1000'; unknown field 'field_1001'; "))
      << message.substr(0, 100);
  EXPECT_TRUE(message.ends_with("; unknown field 'field_1019'; and 480 more errors")) << message;
}

TEST(JsonFieldsTest, ANestedReaderNamesItsFieldsByPathAndHandsItsErrorsOver) {
  auto o = Obj(R"({"name": 5, "items": [{"sku": "A", "qty": 2, "quantity": "two"}]})");
  JsonFields f(o);
  (void)f.String("name");
  (void)f.Raw("items");
  JsonFields item(o.at("items").as_array()[0].as_object(), false, "items[0].");
  EXPECT_EQ(item.String("sku"), "A");
  (void)item.Int("quantity");
  (void)item.Int("price", true);
  item.RejectUnknown();
  EXPECT_EQ(item.status().message(),
            "field 'items[0].quantity' must be an integer, got \"two\"; field 'items[0].price' is "
            "required; unknown field 'items[0].qty'");
  f.Absorb(item);
  f.RejectUnknown();
  EXPECT_EQ(f.status().message(),
            "field 'name' must be a string, got 5; field 'items[0].quantity' must be an integer, "
            "got \"two\"; field 'items[0].price' is required; unknown field 'items[0].qty'");
}

TEST(JsonFieldsTest, DescribeJsonQuotesStringsAndCutsLongValues) {
  EXPECT_EQ(DescribeJson(boost::json::value("twelve")), "\"twelve\"");
  EXPECT_EQ(DescribeJson(boost::json::value(nullptr)), "null");
  std::string described = DescribeJson(boost::json::value(std::string(100, 'x')));
  EXPECT_EQ(described.size(), 40u);
  EXPECT_TRUE(described.ends_with("...")) << described;
}

}  // namespace
}  // namespace affinity

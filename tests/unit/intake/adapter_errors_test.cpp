// Malformed, truncated and wrongly shaped deliveries: every adapter answers with a kPermanent
// IntakeError that says what and where, never a crash or an exception.
#include <gtest/gtest.h>

#include "payloads.hpp"

namespace affinity {
namespace {

IntakeError MapError(const std::string& channel, const std::string& body) {
  auto r = testing::MapBody(channel, body);
  EXPECT_FALSE(r.ok()) << channel << ": mapped " << body.substr(0, 80);
  if (r.ok()) return {};
  return IntakeError::FromStatus(r.status());
}

TEST(AdapterErrorsTest, MalformedJsonNamesLineAndColumn) {
  IntakeError e = MapError("shopify", "{\"order\": {\"id\": 1,,}}");
  EXPECT_EQ(e.error_class, IntakeErrorClass::kPermanent);
  EXPECT_EQ(e.stage, "parse");
  EXPECT_NE(e.message.find("malformed JSON"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("line 1, column 20"), std::string::npos) << e.message;

  e = MapError("woocommerce", "");
  EXPECT_EQ(e.stage, "parse");
  EXPECT_NE(e.message.find("empty"), std::string::npos);
  e = MapError("magento", "{\"increment_id\":\"1\"} trailing");
  EXPECT_NE(e.message.find("text after the JSON document"), std::string::npos) << e.message;
}

TEST(AdapterErrorsTest, PayloadsNestedDeeperThanTheLimitAreRefusedWithThePlace) {
  // 10,000 nested arrays: the parser stops at the limit, and no walk over the value recurses.
  const std::string deep = "{\"order\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  for (const char* channel : {"shopify", "woocommerce", "bigcommerce", "magento", "amazon", "ebay"}) {
    IntakeError e = MapError(channel, deep);
    EXPECT_EQ(e.error_class, IntakeErrorClass::kPermanent) << channel;
    EXPECT_EQ(e.stage, "parse") << channel;
    EXPECT_NE(e.message.find("the JSON nests deeper than 64 levels at byte 72 (line 1, column 73)"),
              std::string::npos)
        << channel << ": " << e.message;
  }
}

struct Corpus {
  const char* file;
  const char* channel;
};
constexpr Corpus kPayloads[] = {
    {"shopify-1.json", "shopify"},         {"shopify-2.json", "shopify"},
    {"shopify-3.json", "shopify"},         {"woocommerce-1.json", "woocommerce"},
    {"woocommerce-2.json", "woocommerce"}, {"woocommerce-3.json", "woocommerce"},
    {"bigcommerce-1.json", "bigcommerce"}, {"bigcommerce-2.json", "bigcommerce"},
    {"magento-1.json", "magento"},         {"magento-2.json", "magento"},
    {"magento-3.json", "magento"},         {"amazon-1.json", "amazon"},
    {"amazon-2.json", "amazon"},           {"amazon-3.json", "amazon"},
    {"ebay-1.json", "ebay"},               {"ebay-2.json", "ebay"},
};

TEST(AdapterErrorsTest, EveryPayloadCutInHalfIsAPermanentParseError) {
  int checked = 0;
  for (const Corpus& c : kPayloads) {
    auto body = testing::ReadPayload(c.file);
    if (!body) continue;
    const std::string half = body->substr(0, body->size() / 2);
    IntakeError e = MapError(c.channel, half);
    EXPECT_EQ(e.error_class, IntakeErrorClass::kPermanent) << c.file;
    EXPECT_EQ(e.stage, "parse") << c.file;
    EXPECT_NE(e.message.find("was it truncated?"), std::string::npos) << c.file << ": " << e.message;
    EXPECT_NE(e.message.find("byte " + std::to_string(half.size())), std::string::npos) << e.message;
    ++checked;
  }
  EXPECT_GE(checked, 6);  // the committed fixtures at least
}

TEST(AdapterErrorsTest, CsvCutInHalfNamesTheLine) {
  LOAD_PAYLOAD_OR_SKIP(body, "pos-1.csv");
  IntakeError e = MapError("csv", body.substr(0, body.size() / 2));
  EXPECT_EQ(e.error_class, IntakeErrorClass::kPermanent);
  EXPECT_EQ(e.stage, "map");
  EXPECT_EQ(e.field.rfind("line ", 0), 0u) << e.field;
  EXPECT_NE(e.message.find("the header has 79"), std::string::npos) << e.message;
}

TEST(AdapterErrorsTest, WrongShapesNameTheField) {
  IntakeError e = MapError("shopify", R"({"order":{"id":1.5,"line_items":[]}})");
  EXPECT_EQ(e.stage, "map");
  EXPECT_EQ(e.field, "order.id");
  EXPECT_NE(e.message.find("cannot be an exact id"), std::string::npos) << e.message;

  e = MapError("shopify", R"({"order":{"id":1,"currency":"USD","created_at":"2020-01-01T00:00:00Z",
      "line_items":[{"sku":"A","quantity":1,"price":"12,50"}]}})");
  EXPECT_EQ(e.field, "order.line_items[0].price");
  EXPECT_NE(e.message.find("\"12,50\""), std::string::npos) << e.message;

  e = MapError("woocommerce", R"([{"id":5,"currency":"EUR","date_created_gmt":"yesterday",
      "line_items":[]}])");
  EXPECT_EQ(e.field, "[0].date_created_gmt");

  e = MapError("magento", R"({"increment_id":"7","order_currency_code":"USD",
      "created_at":"2020-04-24 15:50:17","items":{"sku":"x"}})");
  EXPECT_EQ(e.field, "items");
  EXPECT_NE(e.message.find("expected an array"), std::string::npos);

  e = MapError("ebay", R"({"orders":"none"})");
  EXPECT_EQ(e.field, "orders");
  e = MapError("amazon", R"([1,2,3])");
  EXPECT_NE(e.message.find("expected an object"), std::string::npos) << e.message;
  e = MapError("bigcommerce", R"({"order":{"id":1},"products":{"url":"x"}})");
  EXPECT_EQ(e.field, "products");
  e = MapError("csv", "Name,Created at\n#1,2020-01-01\n");
  EXPECT_EQ(e.field, "Lineitem quantity");
  EXPECT_NE(e.message.find("column not found"), std::string::npos);
}

TEST(AdapterErrorsTest, MissingCurrencyWithoutAccountDefaultIsPermanent) {
  RawDelivery d = testing::Delivery("shopify", R"({"order":{"id":1,"currency":null,
      "created_at":"2020-01-01T00:00:00Z","line_items":[{"sku":"A","quantity":1,"price":"1.00"}]}})");
  d.default_currency.clear();
  auto r = ShopifyAdapter().Map(d);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no default currency"), std::string::npos);
  d.default_currency = "EUR";
  r = ShopifyAdapter().Map(d);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].order.currency, "EUR");
  EXPECT_EQ((*r)[0].attributes.at(kAttrCurrencySource), "account_default");
}

TEST(AdapterErrorsTest, IdsBeyondTwoToThe53AreExact) {
  MAP_OR_FAIL(orders, "shopify", R"({"order":{"id":9007199254740993,"currency":"USD",
      "created_at":"2020-01-01T00:00:00Z","customer":{"id":18446744073709551615},
      "line_items":[{"sku":"A","quantity":1,"price":"1.00"}]}})");
  EXPECT_EQ(orders[0].order.external_id, "9007199254740993");  // a double would give ...992
  EXPECT_EQ(orders[0].order.customer_id, "18446744073709551615");
}

TEST(AdapterErrorsTest, FourDecimalAndNumberMoneyIsRoundedOnTheText) {
  MAP_OR_FAIL(orders, "bigcommerce", R"({"order":{"id":1,"status_id":11,"currency_code":"USD",
      "date_created":"Tue, 05 Mar 2019 21:40:11 +0000","total_inc_tax":"10.0050"},
      "products":[{"sku":"A","quantity":1,"price_ex_tax":"62.6793"},
                  {"sku":"B","quantity":1,"price_ex_tax":0.29}]})");
  const Order& o = orders[0].order;
  EXPECT_EQ(o.total_minor, 1001);                 // half-up
  EXPECT_EQ(o.lines[0].unit_price_minor, 6268);   // 62.6793 -> 62.68
  EXPECT_EQ(o.lines[1].unit_price_minor, 29);     // 0.29 (a double 0.28999...) -> "0.29"
  EXPECT_TRUE(testing::HasNoteContaining(orders[0], "rounded half-up to 62.68"));
}

}  // namespace
}  // namespace affinity

namespace affinity {
namespace {

// Every payload through every adapter: another channel's shape maps to orders or fails with a
// kPermanent error; nothing throws or crashes.
TEST(AdapterErrorsTest, ForeignShapesNeverCrash) {
  int failures = 0;
  for (const Corpus& c : kPayloads) {
    auto body = testing::ReadPayload(c.file);
    if (!body) continue;
    for (const ChannelAdapter* a : ChannelAdapters()) {
      auto r = a->Map(testing::Delivery(std::string(a->name()), *body));
      if (r.ok()) continue;
      ++failures;
      IntakeError e = IntakeError::FromStatus(r.status());
      EXPECT_EQ(e.error_class, IntakeErrorClass::kPermanent) << a->name() << " " << c.file;
      EXPECT_FALSE(e.message.empty());
    }
  }
  EXPECT_GT(failures, 0);
}

}  // namespace
}  // namespace affinity

#include "orders/order.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "order_test_util.hpp"

namespace affinity {
namespace {

namespace json = boost::json;
using testing_orders::MakeOrder;
using testing_orders::T;

json::object Parse(std::string_view text) { return json::parse(text).as_object(); }

constexpr std::string_view kShopifyOrder = R"({
  "channel":"shopify", "account":"eu-store", "external_id":"1001", "customer_id":"c-42",
  "placed_at":"2026-11-01T10:00:00Z", "currency":"EUR", "status":"paid",
  "lines":[{"sku":"BOOT-1","name":"Trail boot","quantity":1,"unit_price":"119.90"},
           {"sku":"SOCK-2","quantity":3,"unit_price":"4.95","discount":"1.50"},
           {"sku":"","name":"Gift wrap","quantity":1,"unit_price":2}]})";

TEST(OrderStatusTest, NamesRoundTrip) {
  for (OrderStatus s : {OrderStatus::kPlaced, OrderStatus::kPaid, OrderStatus::kFulfilled,
                        OrderStatus::kCancelled, OrderStatus::kRefunded}) {
    EXPECT_EQ(ParseOrderStatus(OrderStatusName(s)), s);
  }
  EXPECT_EQ(ParseOrderStatus("shipped"), std::nullopt);
  EXPECT_STREQ(OrderStatusName(OrderStatus::kCancelled), "cancelled");
}

TEST(OrderTest, CanonicalIdJoinsChannelAccountAndExternalId) {
  EXPECT_EQ(CanonicalOrderId("shopify", "eu-store", "1001"), "shopify:eu-store:1001");
}

TEST(OrderTest, CountsAsPurchaseNeedsAPositiveLineAndALiveStatus) {
  Order o = MakeOrder("1", "c", "2026-01-01", {{"A", 2, 100}, {"B", -1, 50}});
  EXPECT_TRUE(CountsAsPurchase(o));
  o.status = OrderStatus::kCancelled;
  EXPECT_FALSE(CountsAsPurchase(o));
  o.status = OrderStatus::kRefunded;
  EXPECT_FALSE(CountsAsPurchase(o));
  Order returns = MakeOrder("2", "c", "2026-01-01", {{"A", -2, 100}});
  EXPECT_FALSE(CountsAsPurchase(returns));
}

TEST(OrderJsonTest, ParsesTheDocumentedFormWithDefaults) {
  Result<Order> o = OrderFromJson(Parse(kShopifyOrder));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->id, "shopify:eu-store:1001");
  EXPECT_EQ(o->placed_at, T("2026-11-01T10:00:00Z"));
  EXPECT_EQ(o->status, OrderStatus::kPaid);
  ASSERT_EQ(o->lines.size(), 3u);
  EXPECT_EQ(o->lines[0].unit_price_minor, 11990);
  EXPECT_EQ(o->lines[1].discount_minor, 150);
  EXPECT_EQ(o->lines[2].unit_price_minor, 200);  // an integer is whole units
  EXPECT_EQ(o->lines[2].sku, "");
  // total defaults to the sum of line totals: 119.90 + 3 x 4.95 - 1.50 + 2.00
  EXPECT_EQ(o->total_minor, 11990 + 1485 - 150 + 200);
}

TEST(OrderJsonTest, RoundTripsThroughJson) {
  Result<Order> o = OrderFromJson(Parse(kShopifyOrder));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  o->total_minor = 13000;  // as charged, different from the line sum
  o->source_version = 7;
  o->version = 3;
  o->lines[0].unresolved = true;
  o->status = OrderStatus::kFulfilled;
  json::object j = OrderToJson(*o);
  EXPECT_EQ(j.at("total").as_string(), "130.00");
  EXPECT_EQ(j.at("placed_at").as_string(), "2026-11-01T10:00:00Z");
  EXPECT_EQ(j.at("lines").as_array()[1].at("unit_price").as_string(), "4.95");
  Result<Order> back = OrderFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, *o);
}

TEST(OrderJsonTest, ZeroDecimalCurrenciesKeepWholeUnits) {
  Result<Order> o = OrderFromJson(Parse(R"({"external_id":"7","placed_at":"2026-01-02",
      "currency":"JPY","status":"paid","lines":[{"sku":"A","quantity":2,"unit_price":"1500"}]})"));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->total_minor, 3000);
  EXPECT_EQ(OrderToJson(*o).at("total").as_string(), "3000");
  EXPECT_EQ(o->id, "import:default:7");
}

TEST(OrderJsonTest, RejectsUnknownFieldsWithSuggestions) {
  Result<Order> o = OrderFromJson(Parse(R"({"external_id":"1","placed_at":"2026-01-02",
      "currency":"USD","status":"paid","custmer_id":"c1",
      "lines":[{"sku":"A","quantity":1,"unit_price":"1.00","qty":2}]})"));
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(o.status().message().find("unknown field 'custmer_id' (did you mean 'customer_id'?)"),
            std::string::npos)
      << o.status().message();
  EXPECT_NE(o.status().message().find("lines[0]: unknown field 'qty'"), std::string::npos)
      << o.status().message();
}

TEST(OrderJsonTest, RefusesMoneyThatWentThroughADouble) {
  Result<Order> o = OrderFromJson(Parse(R"({"external_id":"1","placed_at":"2026-01-02",
      "currency":"USD","status":"paid","lines":[{"sku":"A","quantity":1,"unit_price":19.99}]})"));
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("field 'unit_price' must be a decimal string"),
            std::string::npos)
      << o.status().message();
}

TEST(OrderJsonTest, NamesEveryMissingOrMalformedField) {
  Result<Order> o = OrderFromJson(Parse(R"({"placed_at":"2026-13-01","currency":"usd",
      "status":"shipped","lines":[{"sku":"A","unit_price":"1.999"}]})"));
  ASSERT_FALSE(o.ok());
  const std::string& m = o.status().message();
  EXPECT_NE(m.find("field 'external_id' is required"), std::string::npos) << m;
  EXPECT_NE(m.find("field 'placed_at'"), std::string::npos) << m;
  EXPECT_NE(m.find("month must be 01-12"), std::string::npos) << m;
  EXPECT_NE(m.find("field 'status' must be one of"), std::string::npos) << m;
  EXPECT_NE(m.find("lines[0]: field 'quantity' is required"), std::string::npos) << m;
}

TEST(ValidateOrderTest, AcceptsAValidOrder) {
  EXPECT_TRUE(ValidateOrder(MakeOrder("1", "c", "2026-01-01", {{"A", 1, 100}})).ok());
}

TEST(ValidateOrderTest, NamesEachBadField) {
  Order o = MakeOrder("1", "c", "2026-01-01", {{"A", 0, 100}, {"B", 1, -5}});
  o.currency = "Euro";
  o.placed_at = 0;
  o.lines[1].discount_minor = -1;
  Status st = ValidateOrder(o);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  const std::string& m = st.message();
  EXPECT_NE(m.find("order 'import:default:1'"), std::string::npos) << m;
  EXPECT_NE(m.find("field 'currency' must be an ISO 4217 code"), std::string::npos) << m;
  EXPECT_NE(m.find("field 'placed_at' is not set"), std::string::npos) << m;
  EXPECT_NE(m.find("lines[0].quantity must not be 0"), std::string::npos) << m;
  EXPECT_NE(m.find("lines[1].unit_price must be >= 0, got -0.05"), std::string::npos) << m;
  EXPECT_NE(m.find("lines[1].discount must be >= 0"), std::string::npos) << m;
}

TEST(ValidateOrderTest, RequiresIdsLinesAndAChannelWithoutColons) {
  Order o;
  o.placed_at = T("2026-01-01");
  o.channel = "a:b";
  Status st = ValidateOrder(o);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("'external_id' is required"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("'id' is empty"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("'channel' must be a non-empty name without ':'"),
            std::string::npos);
  EXPECT_NE(st.message().find("'lines' must hold at least one line"), std::string::npos);
}

TEST(ValidateOrderTest, RejectsALineTotalThatOverflows) {
  Order o = MakeOrder("1", "c", "2026-01-01", {{"A", 1, 1}});
  o.lines[0].quantity = INT64_MAX / 2;
  o.lines[0].unit_price_minor = 3;
  Status st = ValidateOrder(o);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("too large"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace affinity

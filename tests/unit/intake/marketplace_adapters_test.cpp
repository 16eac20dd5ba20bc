// Marketplace adapters (Amazon SP-API, eBay Fulfillment) against real payloads.
#include <gtest/gtest.h>

#include "intake/validation_profile.hpp"
#include "payloads.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace {

using testing::HasNoteContaining;

std::int64_t Utc(const char* iso) { return ParseIsoTime(iso).value(); }

TEST(AmazonAdapterTest, FrappeWrapperJoinsOrdersAndItems) {
  LOAD_PAYLOAD_OR_SKIP(body, "amazon-1.json");
  MAP_OR_FAIL(orders, "amazon", body);
  ASSERT_EQ(orders.size(), 2u);
  const MappedOrder& m = orders[0];
  EXPECT_EQ(m.order.external_id, "902-1845936-5435065");
  EXPECT_EQ(m.order.currency, "INR");  // as sent, although the marketplace is Amazon.com
  EXPECT_TRUE(HasNoteContaining(m, "differs from marketplace ATVPDKIKX0DER (USD)"));
  EXPECT_EQ(m.order.total_minor, 1101);
  EXPECT_EQ(m.order.status, OrderStatus::kPaid);  // Unshipped
  EXPECT_EQ(m.order.placed_at, Utc("1970-01-19T03:58:30Z"));
  EXPECT_EQ(m.order.customer_id, "");
  ASSERT_EQ(m.order.lines.size(), 1u);
  EXPECT_EQ(m.order.lines[0].sku, "WNDR3400-N600");
  EXPECT_EQ(m.order.lines[0].quantity, 1);
  EXPECT_EQ(m.order.lines[0].unit_price_minor, 1000);
  EXPECT_TRUE(m.awaiting.empty());
  // The second order has no items in the wrapper.
  EXPECT_EQ(orders[1].order.external_id, "902-8745147-1934268");
  EXPECT_EQ(orders[1].awaiting, "items: GET /orders/v0/orders/902-8745147-1934268/orderItems");
}

TEST(AmazonAdapterTest, PendingOrderWithoutTotalTakesMarketplaceCurrency) {
  LOAD_PAYLOAD_OR_SKIP(body, "amazon-2.json");
  MAP_OR_FAIL(orders, "amazon", body);
  ASSERT_EQ(orders.size(), 1u);
  const MappedOrder& m = orders[0];
  EXPECT_EQ(m.order.external_id, "902-3159896-1390916");
  EXPECT_EQ(m.order.status, OrderStatus::kPlaced);  // Pending
  EXPECT_EQ(m.order.currency, "USD");
  EXPECT_EQ(m.order.placed_at, Utc("2017-01-20T19:49:35Z"));
  EXPECT_FALSE(m.awaiting.empty());
  Status st = Validate(m, ValidationProfile::DefaultFor("amazon"));
  EXPECT_EQ(IntakeError::FromStatus(st).error_class, IntakeErrorClass::kUnresolved);
}

TEST(AmazonAdapterTest, ItemsAloneWithStringBooleans) {
  LOAD_PAYLOAD_OR_SKIP(body, "amazon-3.json");
  MAP_OR_FAIL(orders, "amazon", body);
  ASSERT_EQ(orders.size(), 1u);
  const MappedOrder& m = orders[0];
  EXPECT_EQ(m.order.external_id, "902-1845936-5435065");
  EXPECT_EQ(m.order.currency, "USD");
  EXPECT_EQ(m.order.total_minor, 1101);  // 10.00 + 1.01 tax
  ASSERT_EQ(m.order.lines.size(), 1u);
  EXPECT_EQ(m.order.lines[0].sku, "NABetaASINB00551Q3CS");
  EXPECT_EQ(m.order.lines[0].unit_price_minor, 1000);
  EXPECT_TRUE(HasNoteContaining(m, "buyer requested cancel"));
  EXPECT_EQ(m.awaiting.rfind("order: GET /orders/v0/orders/902-1845936-5435065", 0), 0u);
}

TEST(AmazonAdapterTest, CombinedBodyCompletesTheOrder) {
  LOAD_PAYLOAD_OR_SKIP(items, "amazon-3.json");
  const std::string orders_page = R"({"payload":{"Orders":[{"AmazonOrderId":"902-1845936-5435065",
      "PurchaseDate":"2017-01-20T19:49:35Z","LastUpdateDate":"2017-01-21T10:00:00Z",
      "OrderStatus":"Shipped","MarketplaceId":"ATVPDKIKX0DER","IsBusinessOrder":"false",
      "BuyerInfo":{"BuyerEmail":"buyer@marketplace.amazon.com","PurchaseOrderNumber":"PO-7"}}]}})";
  MAP_OR_FAIL(orders, "amazon",
              R"({"orders":)" + orders_page + R"(,"items":{"902-1845936-5435065":)" + items + "}}");
  ASSERT_EQ(orders.size(), 1u);
  const MappedOrder& m = orders[0];
  EXPECT_TRUE(m.awaiting.empty());
  EXPECT_EQ(m.order.status, OrderStatus::kFulfilled);
  EXPECT_EQ(m.order.currency, "USD");  // no OrderTotal: from the items
  EXPECT_EQ(m.order.total_minor, 1101);
  EXPECT_EQ(m.order.customer_id, "buyer@marketplace.amazon.com");
  EXPECT_EQ(m.attributes.at(kAttrPoNumber), "PO-7");
  EXPECT_TRUE(Validate(m, ValidationProfile::DefaultFor("amazon")).ok());

  // Items keyed under another order are refused, naming both ids.
  auto wrong = testing::MapBody(
      "amazon", R"({"orders":{"payload":{"Orders":[{"AmazonOrderId":"111-1","PurchaseDate":
      "2017-01-20T19:49:35Z","OrderStatus":"Shipped"}]}},"items":{"111-1":)" + items + "}}");
  ASSERT_FALSE(wrong.ok());
  IntakeError e = IntakeError::FromStatus(wrong.status());
  EXPECT_EQ(e.error_class, IntakeErrorClass::kPermanent);
  EXPECT_NE(e.message.find("902-1845936-5435065, not 111-1"), std::string::npos) << e.message;
}

TEST(EbayAdapterTest, CancelledAndFullyRefundedIsCancelled) {
  LOAD_PAYLOAD_OR_SKIP(body, "ebay-1.json");
  MAP_OR_FAIL(orders, "ebay", body);
  ASSERT_EQ(orders.size(), 1u);
  const MappedOrder& m = orders[0];
  EXPECT_EQ(m.order.external_id, "07-07160-44920343");
  EXPECT_EQ(m.order.status, OrderStatus::kCancelled);
  EXPECT_EQ(m.order.currency, "USD");  // converted from EUR
  EXPECT_EQ(m.attributes.at("original_currency"), "EUR");
  EXPECT_EQ(m.order.total_minor, 1063);
  EXPECT_EQ(m.order.customer_id, "nfc21-consumer-01");
  EXPECT_EQ(m.order.placed_at, Utc("2021-06-04T08:51:06Z"));
  EXPECT_EQ(m.order.source_version, Utc("2021-06-09T12:47:54Z"));
  ASSERT_EQ(m.order.lines.size(), 1u);
  EXPECT_EQ(m.order.lines[0].sku, "68929");
  EXPECT_EQ(m.order.lines[0].name, "2 NFC Anhänger Polyamid, blau & schwarz");
  EXPECT_EQ(m.order.lines[0].unit_price_minor, 1063);
  EXPECT_EQ(m.attributes.at(kAttrRefundedTotal), "1.53");
  EXPECT_FALSE(CountsAsPurchase(m.order));
}

TEST(EbayAdapterTest, TwoFulfilledItems) {
  LOAD_PAYLOAD_OR_SKIP(body, "ebay-2.json");
  MAP_OR_FAIL(orders, "ebay", body);
  const MappedOrder& m = orders.at(0);
  EXPECT_EQ(m.order.external_id, "18-07223-32423");
  EXPECT_EQ(m.order.status, OrderStatus::kFulfilled);
  EXPECT_EQ(m.order.total_minor, 931);  // as charged; the lines sum to 9.32 (conversion rounding)
  EXPECT_EQ(m.order.customer_id, "test-consumer-2");
  EXPECT_EQ(m.attributes.at(kAttrBuyerEmail), "54545d8d343434tddd@members.ebay.com");
  ASSERT_EQ(m.order.lines.size(), 2u);
  EXPECT_EQ(m.order.lines[0].sku, "68423407");
  EXPECT_EQ(m.order.lines[0].unit_price_minor, 466);
  EXPECT_EQ(m.order.lines[1].sku, "68324508");
  EXPECT_EQ(m.order.lines[1].quantity, 1);
  EXPECT_TRUE(HasNoteContaining(m, "fulfillmentHrefs[0] points at another order"));
}

}  // namespace
}  // namespace affinity

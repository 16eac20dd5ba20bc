// Web-store adapters against real payloads. Expected values were read by hand from the payloads.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "intake/csv_adapter.hpp"
#include "payloads.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace {

using testing::HasNoteContaining;

std::int64_t Utc(const char* iso) { return ParseIsoTime(iso).value(); }

void ExpectLine(const OrderLine& l, std::string_view sku, std::int64_t qty, std::int64_t unit,
                std::int64_t discount = 0) {
  EXPECT_EQ(l.sku, sku);
  EXPECT_EQ(l.quantity, qty) << l.sku << " " << l.name;
  EXPECT_EQ(l.unit_price_minor, unit) << l.sku << " " << l.name;
  EXPECT_EQ(l.discount_minor, discount) << l.sku << " " << l.name;
}

TEST(ShopifyAdapterTest, MapsRestOrderWithDiscountCodesAndTax) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-1.json");
  MAP_OR_FAIL(orders, "shopify", body);
  ASSERT_EQ(orders.size(), 1u);
  const Order& o = orders[0].order;
  EXPECT_EQ(o.id, "shopify:acme:450789469");
  EXPECT_EQ(o.external_id, "450789469");
  EXPECT_EQ(o.currency, "USD");
  EXPECT_EQ(o.total_minor, 40994);  // total_price "409.94"
  EXPECT_EQ(o.status, OrderStatus::kPlaced);  // financial_status authorized
  EXPECT_EQ(o.customer_id, "207119551");
  EXPECT_EQ(o.placed_at, Utc("2008-01-10T16:00:00Z"));  // 11:00 -05:00
  EXPECT_EQ(o.source_version, Utc("2008-01-10T16:00:00Z"));
  ASSERT_EQ(o.lines.size(), 3u);
  ExpectLine(o.lines[0], "IPOD2008GREEN", 1, 19900);
  ExpectLine(o.lines[1], "IPOD2008RED", 1, 19900);
  ExpectLine(o.lines[2], "IPOD2008BLACK", 1, 19900);
  EXPECT_EQ(orders[0].attributes.at(kAttrBuyerEmail), "bob.norman@hostmail.com");
  EXPECT_EQ(orders[0].attributes.at(kAttrShipState), "KY");
}

TEST(ShopifyAdapterTest, PartialRefundBecomesNegativeLine) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-2.json");
  MAP_OR_FAIL(orders, "shopify", body);
  ASSERT_EQ(orders.size(), 1u);
  const Order& o = orders[0].order;
  EXPECT_EQ(o.external_id, "762815840312");  // beyond 2^32, read as an integer
  EXPECT_EQ(o.customer_id, "929937489976");
  EXPECT_EQ(o.status, OrderStatus::kPaid);  // partially_refunded
  EXPECT_EQ(o.total_minor, 45774);          // as charged: 398.00 + 51.74 tax + 8.00 shipping
  EXPECT_EQ(o.placed_at, Utc("2018-12-28T13:26:29Z"));  // processed_at 08:26:29 -05:00
  ASSERT_EQ(o.lines.size(), 2u);
  ExpectLine(o.lines[0], "GD802-025", 2, 19900);
  ExpectLine(o.lines[1], "GD802-025", -1, 19900);
  EXPECT_EQ(orders[0].attributes.at(kAttrRefundedTotal), "224.87");
  EXPECT_TRUE(CountsAsPurchase(o));
}

TEST(ShopifyAdapterTest, TipWithNullSkuIsALineWithoutSku) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-3.json");
  MAP_OR_FAIL(orders, "shopify", body);
  const Order& o = orders.at(0).order;
  EXPECT_EQ(o.currency, "CAD");
  EXPECT_EQ(o.total_minor, 4940);
  EXPECT_EQ(o.external_id, "4359400227009");
  EXPECT_EQ(o.customer_id, "5927039631553");
  EXPECT_EQ(o.status, OrderStatus::kPaid);
  EXPECT_EQ(o.placed_at, Utc("2022-04-07T01:28:17Z"));
  ASSERT_EQ(o.lines.size(), 2u);
  ExpectLine(o.lines[0], "", 1, 450);   // "Tip", sku null
  ExpectLine(o.lines[1], "", 2, 1500);  // "Mug", sku ""
  EXPECT_EQ(o.lines[0].name, "Tip");
  EXPECT_TRUE(HasNoteContaining(orders[0], "tip of 4.50 CAD"));
}

TEST(WooCommerceAdapterTest, MapsRestOrderUsingGmtDates) {
  LOAD_PAYLOAD_OR_SKIP(body, "woocommerce-1.json");
  MAP_OR_FAIL(orders, "woocommerce", body);
  ASSERT_EQ(orders.size(), 1u);
  const Order& o = orders[0].order;
  EXPECT_EQ(o.id, "woocommerce:acme:727");
  EXPECT_EQ(o.currency, "USD");
  EXPECT_EQ(o.total_minor, 2935);
  EXPECT_EQ(o.status, OrderStatus::kPaid);  // processing, date_paid set
  EXPECT_EQ(o.customer_id, "john.doe@example.com");  // customer_id 0: the email identifies
  EXPECT_EQ(o.placed_at, Utc("2017-03-22T19:28:02Z"));  // date_created_gmt
  EXPECT_EQ(o.source_version, Utc("2017-03-22T19:28:08Z"));
  ASSERT_EQ(o.lines.size(), 2u);
  ExpectLine(o.lines[0], "", 2, 300);  // price is the JSON number 3; subtotal "6.00"
  ExpectLine(o.lines[1], "Bar3", 1, 1200);
}

TEST(WooCommerceAdapterTest, MapsListWithRefundedOrder) {
  LOAD_PAYLOAD_OR_SKIP(body, "woocommerce-2.json");
  MAP_OR_FAIL(orders, "woocommerce", body);
  ASSERT_EQ(orders.size(), 2u);
  EXPECT_EQ(orders[0].order.external_id, "727");
  const Order& o = orders[1].order;
  EXPECT_EQ(o.external_id, "723");
  EXPECT_EQ(o.customer_id, "26");
  EXPECT_EQ(o.status, OrderStatus::kFulfilled);  // completed
  EXPECT_EQ(o.total_minor, 3900);
  EXPECT_EQ(o.placed_at, Utc("2017-03-21T19:16:00Z"));
  ASSERT_EQ(o.lines.size(), 2u);
  ExpectLine(o.lines[0], "", 1, 900);
  ExpectLine(o.lines[1], "", 1, 2000);
  EXPECT_EQ(orders[1].attributes.at(kAttrRefundedTotal), "19.00");  // -10.00 and -9.00
  EXPECT_EQ(orders[1].attributes.at(kAttrShipState), "RJ");
}

TEST(WooCommerceAdapterTest, UnpaidCashOnDeliveryWebhookIsPlaced) {
  LOAD_PAYLOAD_OR_SKIP(body, "woocommerce-3.json");
  MAP_OR_FAIL(orders, "woocommerce", body);
  const Order& o = orders.at(0).order;
  EXPECT_EQ(o.currency, "PEN");
  EXPECT_EQ(o.total_minor, 3330);
  EXPECT_EQ(o.status, OrderStatus::kPlaced);
  EXPECT_EQ(o.customer_id, "mail@gmail.com");  // guest (customer_id 0) with an email
  EXPECT_EQ(o.placed_at, Utc("2024-06-05T23:36:48Z"));
  ASSERT_EQ(o.lines.size(), 3u);
  ExpectLine(o.lines[0], "12437", 1, 860);  // "price": 8.6 as a number
  ExpectLine(o.lines[1], "13681", 1, 1000);
  ExpectLine(o.lines[2], "18767", 1, 470);
  EXPECT_EQ(o.lines[1].name, "TEMPERA EN ESTUCHE ARTESCO  X 6 METALICA");  // double space kept
}

TEST(BigCommerceAdapterTest, OrderWithoutProductsAwaitsThem) {
  LOAD_PAYLOAD_OR_SKIP(body, "bigcommerce-1.json");
  MAP_OR_FAIL(orders, "bigcommerce", body);
  ASSERT_EQ(orders.size(), 1u);
  const MappedOrder& m = orders[0];
  EXPECT_EQ(m.order.external_id, "100");
  EXPECT_EQ(m.order.customer_id, "1");
  EXPECT_EQ(m.order.total_minor, 1);  // "0.0100"
  EXPECT_EQ(m.order.status, OrderStatus::kPaid);  // Awaiting Fulfillment
  EXPECT_EQ(m.order.placed_at, Utc("2012-03-02T21:36:24Z"));  // RFC 2822
  EXPECT_EQ(m.order.source_version, Utc("2012-03-12T21:40:16Z"));
  EXPECT_TRUE(m.order.lines.empty());
  EXPECT_EQ(m.awaiting, "products: GET /orders/100/products");
}

TEST(BigCommerceAdapterTest, CombinedOrderAndProducts) {
  LOAD_PAYLOAD_OR_SKIP(order, "bigcommerce-2.json");
  LOAD_PAYLOAD_OR_SKIP(products, "bigcommerce-2-products.json");
  MAP_OR_FAIL(orders, "bigcommerce", "{\"order\":" + order + ",\"products\":" + products + "}");
  ASSERT_EQ(orders.size(), 1u);
  const MappedOrder& m = orders[0];
  const Order& o = m.order;
  EXPECT_TRUE(m.awaiting.empty());
  EXPECT_EQ(o.external_id, "218");
  EXPECT_EQ(o.customer_id, "11");
  EXPECT_EQ(o.status, OrderStatus::kPlaced);  // Awaiting Payment
  EXPECT_EQ(o.total_minor, 6984);            // total_inc_tax "69.8400"
  EXPECT_EQ(o.placed_at, Utc("2019-03-05T21:40:11Z"));
  ASSERT_EQ(o.lines.size(), 4u);
  ExpectLine(o.lines[0], "S-ORAN", 1, 5599, 159);  // manual discount "1.5900"
  ExpectLine(o.lines[1], "ABS", 1, 0);
  ExpectLine(o.lines[2], "", 1, 1230);  // fee A: cost_exc_tax "12.3000"
  ExpectLine(o.lines[3], "", 1, 400);   // fee B: cost_ex_tax "4.0000"
  EXPECT_TRUE(HasNoteContaining(m, "cost_exc_tax"));
  EXPECT_TRUE(HasNoteContaining(m, "order_id 149 differs"));  // the doc's examples disagree
}

TEST(MagentoAdapterTest, ConfigurableParentAndChildCountOnce) {
  LOAD_PAYLOAD_OR_SKIP(body, "magento-1.json");
  MAP_OR_FAIL(orders, "magento", body);
  const Order& o = orders.at(0).order;
  EXPECT_EQ(o.external_id, "000000013");
  EXPECT_EQ(o.customer_id, "1");
  EXPECT_EQ(o.currency, "USD");
  EXPECT_EQ(o.total_minor, 39687);  // grand_total 396.87 (a JSON number)
  EXPECT_EQ(o.status, OrderStatus::kPlaced);  // state new
  EXPECT_EQ(o.placed_at, Utc("2020-04-24T15:50:17Z"));
  ASSERT_EQ(o.lines.size(), 2u);
  ExpectLine(o.lines[0], "MH09-XS-Blue", 2, 6900);
  ExpectLine(o.lines[1], "RACER", 1, 22400);
}

TEST(MagentoAdapterTest, OrderCurrencyAndCartRuleDiscount) {
  LOAD_PAYLOAD_OR_SKIP(body, "magento-2.json");
  MAP_OR_FAIL(orders, "magento", body);
  const Order& o = orders.at(0).order;
  EXPECT_EQ(o.external_id, "000000015");
  EXPECT_EQ(o.currency, "EUR");
  EXPECT_EQ(o.total_minor, 25374);
  EXPECT_EQ(o.placed_at, Utc("2020-04-25T07:23:37Z"));
  ASSERT_EQ(o.lines.size(), 2u);
  ExpectLine(o.lines[0], "MH09-XS-Blue", 1, 6900, 1380);
  ExpectLine(o.lines[1], "RACER", 1, 22400, 4480);
  EXPECT_TRUE(HasNoteContaining(orders[0], "differs from base currency USD"));
}

TEST(MagentoAdapterTest, EditedOrderReplacesTheOriginal) {
  LOAD_PAYLOAD_OR_SKIP(body, "magento-3.json");
  MAP_OR_FAIL(orders, "magento", body);
  const MappedOrder& m = orders.at(0);
  EXPECT_EQ(m.order.external_id, "000000013-1");
  EXPECT_EQ(m.order.id, "magento:acme:000000013-1");
  EXPECT_EQ(m.replaces, "000000013");
  EXPECT_EQ(m.order.total_minor, 32217);
  ASSERT_EQ(m.order.lines.size(), 2u);
  ExpectLine(m.order.lines[0], "MH09-XS-Blue", 1, 6900);
  ExpectLine(m.order.lines[1], "RACER", 1, 22400);
}

TEST(CsvAdapterTest, ShopifyOrdersExportWithContinuationRows) {
  LOAD_PAYLOAD_OR_SKIP(body, "pos-1.csv");
  MAP_OR_FAIL(orders, "csv", body);
  ASSERT_EQ(orders.size(), 19u);  // #1001 .. #1019
  const Order& first = orders[0].order;
  EXPECT_EQ(first.external_id, "#1001");
  EXPECT_EQ(first.currency, "EUR");
  EXPECT_EQ(first.total_minor, 165995);
  EXPECT_EQ(first.status, OrderStatus::kFulfilled);
  EXPECT_EQ(first.customer_id, "");  // no email: walk-in
  EXPECT_EQ(first.placed_at, Utc("2025-05-11T13:55:16Z"));  // 09:55:16 -0400
  ASSERT_EQ(first.lines.size(), 4u);  // one order row + three continuation rows
  ExpectLine(first.lines[0], "", 1, 1000);  // Gift Card - $10
  ExpectLine(first.lines[1], "", 1, 2495);
  ExpectLine(first.lines[2], "", 1, 60000);
  ExpectLine(first.lines[3], "", 1, 102500);
  const Order& o6 = orders[5].order;
  EXPECT_EQ(o6.external_id, "#1006");
  ASSERT_EQ(o6.lines.size(), 3u);
  ExpectLine(o6.lines[1], "sku-untracked-1", 1, 94995);
  const Order& o13 = orders[12].order;
  EXPECT_EQ(o13.external_id, "#1013");
  EXPECT_EQ(o13.status, OrderStatus::kPlaced);  // pending, Net 7
  EXPECT_EQ(o13.customer_id, "karine.ruby@example.com");
  EXPECT_EQ(o13.total_minor, 12759);
}

TEST(CsvAdapterTest, ConfigurableColumnMappingForAnotherPos) {
  auto mapping = CsvColumnMapping::FromJson(
      boost::json::parse(R"({"order_id":"Receipt","created_at":"Date","quantity":"Qty",
        "unit_price":"Price","sku":"Item","line_name":null,"currency":"Cur","total":null,
        "email":null,"financial_status":null,"fulfillment_status":null,"cancelled_at":null,
        "refunded_amount":null,"ship_country":null,"ship_state":null,"line_discount":null,
        "delimiter":";"})")
          .as_object());
  ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
  auto adapter = NewCsvAdapter(*mapping, "pos");
  RawDelivery d = testing::Delivery("pos", "Receipt;Date;Item;Qty;Price;Cur\n"
                                           "R1;2026-01-05 10:00:00;A1;2;1.25;EUR\n"
                                           "R1;2026-01-05 10:00:00;B2;-1;3.00;EUR\n");
  auto r = adapter->Map(d);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  const Order& o = (*r)[0].order;
  EXPECT_EQ(o.id, "pos:acme:R1");
  EXPECT_EQ(o.total_minor, 2 * 125 - 300);  // no total column: the sum of the lines
  ExpectLine(o.lines[0], "A1", 2, 125);
  ExpectLine(o.lines[1], "B2", -1, 300);
  EXPECT_TRUE(HasNoteContaining((*r)[0], "has no zone; taken as UTC"));

  auto bad = CsvColumnMapping::FromJson(boost::json::parse(R"({"order_idd":"X"})").as_object());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("order_idd"), std::string::npos);
}

}  // namespace
}  // namespace affinity

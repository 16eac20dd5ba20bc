#include "orders/order_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>

#include "order_test_util.hpp"

namespace affinity {
namespace {

namespace json = boost::json;
using testing_orders::ReadFixture;
using testing_orders::T;

const Order* Find(const OrderBatch& b, std::string_view external_id) {
  for (const Order& o : b.orders) {
    if (o.external_id == external_id) return &o;
  }
  return nullptr;
}

std::string ErrorsText(const OrderBatch& b) {
  std::string s;
  for (const RecordError& e : b.errors) s += "line " + std::to_string(e.line) + ": " + e.message + "\n";
  return s;
}

constexpr std::string_view kHeader =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

TEST(ParseRoundedMinorUnitsTest, RoundsHalfUpOnTheText) {
  EXPECT_EQ(ParseRoundedMinorUnits("0.001", "GBP").value(), 0);
  EXPECT_EQ(ParseRoundedMinorUnits("0.005", "GBP").value(), 1);
  EXPECT_EQ(ParseRoundedMinorUnits("2.555", "GBP").value(), 256);
  EXPECT_EQ(ParseRoundedMinorUnits("2.5549999", "GBP").value(), 255);
  EXPECT_EQ(ParseRoundedMinorUnits("-0.005", "GBP").value(), -1);
  EXPECT_EQ(ParseRoundedMinorUnits("2.55", "GBP").value(), 255);
  EXPECT_EQ(ParseRoundedMinorUnits("1500.5", "JPY").value(), 1501);
  EXPECT_EQ(ParseRoundedMinorUnits(".4", "JPY").value(), 0);
  EXPECT_FALSE(ParseRoundedMinorUnits("1.2.3", "GBP").ok());
  EXPECT_FALSE(ParseRoundedMinorUnits("1.23x", "GBP").ok());
  EXPECT_FALSE(ParseRoundedMinorUnits("", "GBP").ok());
}

TEST(OrderImportTest, ImportsTheOnlineRetailSample) {
  const std::string csv = ReadFixture("online_retail_sample.csv");
  ASSERT_FALSE(csv.empty()) << "fixture missing";
  OrderBatch b = ParseOrdersCsv(csv);
  ASSERT_TRUE(b.ok()) << ErrorsText(b);
  EXPECT_EQ(b.records, 1999u);
  EXPECT_EQ(b.orders.size(), 97u);  // distinct InvoiceNo values in the sample
  std::size_t lines = 0;
  for (const Order& o : b.orders) lines += o.lines.size();
  EXPECT_EQ(lines, 1999u);

  const Order& first = b.orders.front();  // invoices keep their order of first appearance
  EXPECT_EQ(first.id, "import:default:536365");
  EXPECT_EQ(first.external_id, "536365");
  EXPECT_EQ(first.customer_id, "17850");
  EXPECT_EQ(first.currency, "GBP");
  EXPECT_EQ(first.status, OrderStatus::kPaid);
  EXPECT_EQ(first.placed_at, T("2010-12-01T08:26:00Z"));
  ASSERT_EQ(first.lines.size(), 7u);
  EXPECT_EQ(first.lines[0].sku, "85123A");
  EXPECT_EQ(first.lines[0].name, "WHITE HANGING HEART T-LIGHT HOLDER");
  EXPECT_EQ(first.lines[0].quantity, 6);
  EXPECT_EQ(first.lines[0].unit_price_minor, 255);
  EXPECT_EQ(first.total_minor, 13912);  // 139.12 GBP
  EXPECT_TRUE(CountsAsPurchase(first));
}

TEST(OrderImportTest, CancellationsKeepTheirNegativeQuantitiesAndAreNoPurchase) {
  OrderBatch b = ParseOrdersCsv(ReadFixture("online_retail_sample.csv"));
  ASSERT_TRUE(b.ok()) << ErrorsText(b);
  const Order* c = Find(b, "C536379");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, OrderStatus::kCancelled);
  ASSERT_EQ(c->lines.size(), 1u);
  EXPECT_EQ(c->lines[0].sku, "D");
  EXPECT_EQ(c->lines[0].quantity, -1);
  EXPECT_EQ(c->total_minor, -2750);
  EXPECT_FALSE(CountsAsPurchase(*c));
  std::size_t cancelled = std::count_if(b.orders.begin(), b.orders.end(), [](const Order& o) {
    return o.status == OrderStatus::kCancelled;
  });
  EXPECT_EQ(cancelled, 6u);
}

TEST(OrderImportTest, EmptyCustomerIdIsAGuestOrder) {
  OrderBatch b = ParseOrdersCsv(ReadFixture("online_retail_sample.csv"));
  ASSERT_TRUE(b.ok()) << ErrorsText(b);
  const Order* guest = Find(b, "536414");
  ASSERT_NE(guest, nullptr);
  EXPECT_EQ(guest->customer_id, "");
  EXPECT_EQ(guest->lines[0].name, "");  // a missing Description
  EXPECT_EQ(guest->lines[0].unit_price_minor, 0);
}

TEST(OrderImportTest, GroupsRowsThatAreNotContiguousAndTakesTheEarliestTime) {
  std::string csv(kHeader);
  csv += "5001,A,Mug,1,2011-01-05 10:01:00,1.50,12,UK\n";
  csv += "5002,B,Cup,2,2011-01-05 10:00:00,2.00,13,UK\n";
  csv += "5001,C,Plate,3,2011-01-05 09:59:00,0.001,12,UK\n";
  OrderBatch b = ParseOrdersCsv(csv);
  ASSERT_TRUE(b.ok()) << ErrorsText(b);
  ASSERT_EQ(b.orders.size(), 2u);
  const Order& o = b.orders[0];
  EXPECT_EQ(o.external_id, "5001");
  ASSERT_EQ(o.lines.size(), 2u);
  EXPECT_EQ(o.lines[0].sku, "A");  // file order
  EXPECT_EQ(o.lines[1].sku, "C");
  EXPECT_EQ(o.lines[1].unit_price_minor, 0);  // 0.001 rounds to 0.00
  EXPECT_EQ(o.placed_at, T("2011-01-05T09:59:00Z"));
  EXPECT_EQ(o.total_minor, 150);
}

TEST(OrderImportTest, AcceptsTheOriginalUsDateFormat) {
  std::string csv(kHeader);
  csv += "536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,UK\n";
  csv += "536366,22633,WARMER,6,1/10/2011 17:05:09,1.85,17850,UK\n";
  OrderBatch b = ParseOrdersCsv(csv);
  ASSERT_TRUE(b.ok()) << ErrorsText(b);
  EXPECT_EQ(b.orders[0].placed_at, T("2010-12-01T08:26:00Z"));
  EXPECT_EQ(b.orders[1].placed_at, T("2011-01-10T17:05:09Z"));
}

TEST(OrderImportTest, NegativePricesBecomeReturnsOrAreRejected) {
  std::string csv(kHeader);
  csv += "A563186,B,Adjust bad debt,1,2011-08-12 14:51:00,-11062.06,,United Kingdom\n";
  OrderBatch b = ParseOrdersCsv(csv);
  ASSERT_TRUE(b.ok()) << ErrorsText(b);
  EXPECT_EQ(b.orders[0].lines[0].quantity, -1);
  EXPECT_EQ(b.orders[0].lines[0].unit_price_minor, 1106206);
  EXPECT_EQ(b.orders[0].total_minor, -1106206);
  EXPECT_FALSE(CountsAsPurchase(b.orders[0]));

  OrderColumns strict;
  strict.negative_price = NegativePrice::kReject;
  OrderBatch rejected = ParseOrdersCsv(csv, strict);
  ASSERT_EQ(rejected.errors.size(), 1u);
  EXPECT_EQ(rejected.errors[0].line, 2u);
  EXPECT_NE(rejected.errors[0].message.find("is negative"), std::string::npos);
}

TEST(OrderImportTest, BadRowsAreReportedByLineAndNothingIsImported) {
  std::string csv(kHeader);
  csv += "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,UK\n";      // line 2: fine
  csv += "536366,22633,WARMER,six,2010-12-01 08:28:00,1.85,17850,UK\n";    // line 3
  csv += "536367,84879,BIRD,32,2010-12-01 08:34:00,1.69.5,13047,UK\n";     // line 4
  csv += "536368,22960,JAM,6,2010-31-12 08:34:00,4.25,13047,UK\n";         // line 5
  csv += "536365,22961,JAM,1,2010-12-01 08:26:00,1.45,99999,UK\n";         // line 6: other customer
  csv += "536369,21756,BATH,0,2010-12-01 08:35:00,5.95,13047,UK\n";        // line 7
  csv += "536370,22728,ALARM,24,2010-12-01 08:45:00,3.75,12583\n";         // line 8: 7 fields
  OrderBatch b = ParseOrdersCsv(csv);
  EXPECT_TRUE(b.orders.empty());
  ASSERT_EQ(b.errors.size(), 6u) << ErrorsText(b);
  EXPECT_EQ(b.errors[0].line, 3u);
  EXPECT_NE(b.errors[0].message.find("Quantity 'six' is not an integer"), std::string::npos);
  EXPECT_EQ(b.errors[1].line, 4u);
  EXPECT_NE(b.errors[1].message.find("UnitPrice"), std::string::npos);
  EXPECT_EQ(b.errors[2].line, 5u);
  EXPECT_NE(b.errors[2].message.find("InvoiceDate"), std::string::npos);
  EXPECT_EQ(b.errors[3].line, 6u);
  EXPECT_NE(b.errors[3].message.find("customer '99999' here but '17850' on line 2"),
            std::string::npos)
      << b.errors[3].message;
  EXPECT_EQ(b.errors[4].line, 7u);
  EXPECT_NE(b.errors[4].message.find("Quantity is 0"), std::string::npos);
  EXPECT_EQ(b.errors[5].line, 8u);
  EXPECT_NE(b.errors[5].message.find("has 7 fields, the header has 8"), std::string::npos);
}

TEST(OrderImportTest, AMissingColumnIsReportedOnTheHeaderLine) {
  OrderBatch b = ParseOrdersCsv("Invoice,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
                                "CustomerID\n1,A,x,1,2011-01-01,1.00,5\n");
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].line, 1u);
  EXPECT_NE(b.errors[0].message.find("column 'InvoiceNo' (mapped to order_id) is not in the "
                                     "header (did you mean 'Invoice'?)"),
            std::string::npos)
      << b.errors[0].message;
}

TEST(OrderImportTest, MapsAnotherLayoutFromJson) {
  // A POS export: its own column names, a currency per row, a status column, a discount column.
  Result<OrderColumns> columns = OrderColumns::FromJson(json::parse(R"({
      "order_id":"receipt", "sku":"item", "name":"", "quantity":"qty", "unit_price":"price",
      "placed_at":"sold_at", "customer_id":"loyalty_card", "currency":"ccy", "status":"state",
      "discount":"disc", "channel":"pos", "account":"store-12", "cancellation_prefix":null})")
                                                        .as_object());
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  const std::string csv =
      "receipt,sold_at,item,qty,price,disc,ccy,loyalty_card,state\n"
      "R-1,2026-03-01T09:15:00+01:00,SKU-9,2,12.50,1.00,EUR,L77,fulfilled\n"
      "R-1,2026-03-01T09:15:00+01:00,SKU-3,1,3.20,,EUR,L77,fulfilled\n"
      "C-2,2026-03-02T11:00:00Z,SKU-9,1,12.50,0,EUR,,refunded\n";
  OrderBatch b = ParseOrdersCsv(csv, *columns);
  ASSERT_TRUE(b.ok()) << ErrorsText(b);
  ASSERT_EQ(b.orders.size(), 2u);
  const Order& o = b.orders[0];
  EXPECT_EQ(o.id, "pos:store-12:R-1");
  EXPECT_EQ(o.currency, "EUR");
  EXPECT_EQ(o.customer_id, "L77");
  EXPECT_EQ(o.status, OrderStatus::kFulfilled);
  EXPECT_EQ(o.placed_at, T("2026-03-01T08:15:00Z"));
  EXPECT_EQ(o.lines[0].discount_minor, 100);
  EXPECT_EQ(o.total_minor, 2500 - 100 + 320);
  // No cancellation prefix: "C-2" is what its status column says.
  EXPECT_EQ(b.orders[1].status, OrderStatus::kRefunded);
}

TEST(OrderImportTest, ColumnMappingRejectsUnknownKeys) {
  Result<OrderColumns> c = OrderColumns::FromJson(
      json::parse(R"({"orderid":"InvoiceNo","negative_price":"ignore"})").as_object());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("unknown field 'orderid' (did you mean 'order_id'?)"),
            std::string::npos)
      << c.status().message();
  EXPECT_NE(c.status().message().find("\"reject\" or \"as_return\""), std::string::npos);
}

TEST(OrderImportTest, ImportsNdjsonAndJsonArrays) {
  const std::string ndjson =
      R"({"external_id":"1","placed_at":"2026-01-02T00:00:00Z","currency":"USD","status":"paid","lines":[{"sku":"A","quantity":1,"unit_price":"5.00"}]})"
      "\n\n"
      R"({"external_id":"2","channel":"woocommerce","placed_at":"2026-01-03","currency":"USD","status":"placed","lines":[{"sku":"B","quantity":2,"unit_price":"1.25"}]})"
      "\n";
  OrderBatch b = ParseOrders(ndjson, RecordFormat::kNdjson);
  ASSERT_TRUE(b.ok()) << ErrorsText(b);
  ASSERT_EQ(b.orders.size(), 2u);
  EXPECT_EQ(b.orders[1].id, "woocommerce:default:2");
  EXPECT_EQ(b.orders[1].total_minor, 250);

  const std::string array = "[\n" + std::string(R"({"external_id":"1","placed_at":"2026-01-02",
      "currency":"USD","status":"paid","lines":[{"sku":"A","quantity":1,"unit_price":"5.00"}]},)") +
                            "\n" + R"({"external_id":"2","placed_at":"2026-01-02",
      "currency":"USD","status":"paid","lines":[]}])";
  OrderBatch bad = ParseOrders(array, RecordFormat::kJsonArray);
  EXPECT_TRUE(bad.orders.empty());
  ASSERT_EQ(bad.errors.size(), 1u) << ErrorsText(bad);
  EXPECT_EQ(bad.errors[0].line, 4u);
  EXPECT_NE(bad.errors[0].message.find("'lines' must hold at least one line"), std::string::npos);
}

}  // namespace
}  // namespace affinity

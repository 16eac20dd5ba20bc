#include "orders/customer_profiles.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "order_test_util.hpp"

namespace affinity {
namespace {

namespace json = boost::json;
using testing_orders::MakeOrder;
using testing_orders::T;

std::vector<const Order*> Ptrs(const std::vector<Order>& orders) {
  std::vector<const Order*> out;
  for (const Order& o : orders) out.push_back(&o);
  return out;
}

// Explicit thresholds, so the tests do not depend on the defaults.
SegmentThresholds Thresholds() {
  SegmentThresholds t;
  t.churned_after_days = 200;
  t.at_risk_after_days = 60;
  t.high_value_ltv_minor = 50000;  // 500.00
  t.top_monetary_share = 0.25;
  t.top_min_orders = 2;
  t.new_within_days = 14;
  return t;
}

CustomerProfile Build(const std::vector<Order>& orders, const char* as_of,
                      const MonetaryCutoffs* cutoffs = nullptr) {
  return ProfileBuilder(Thresholds()).Build("c1", Ptrs(orders), T(as_of), cutoffs);
}

TEST(CustomerProfilesTest, NoPurchasesIsTheDefaultNewProfile) {
  std::vector<Order> orders = {MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 1000}})};
  orders[0].status = OrderStatus::kCancelled;
  CustomerProfile p = Build(orders, "2026-02-01");
  EXPECT_EQ(p.id, "c1");
  EXPECT_EQ(p.segment, "new");
  EXPECT_EQ(p.order_count, 0);
  EXPECT_EQ(p.lifetime_value_minor, 0);
  EXPECT_EQ(p.recency_days, std::nullopt);
}

TEST(CustomerProfilesTest, OnePurchaseWithinTheWindowIsNew) {
  std::vector<Order> orders = {MakeOrder("1", "c1", "2026-01-01T12:00:00Z", {{"A", 1, 1000}})};
  CustomerProfile p = Build(orders, "2026-01-15T11:59:59Z");
  EXPECT_EQ(p.recency_days, 13);
  EXPECT_EQ(p.segment, "new");
  EXPECT_EQ(Build(orders, "2026-01-15T12:00:00Z").segment, "new");  // exactly 14 days
  EXPECT_EQ(Build(orders, "2026-01-16T12:00:00Z").segment, "active");
}

TEST(CustomerProfilesTest, TwoRecentPurchasesAreActive) {
  std::vector<Order> orders = {MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 1000}}),
                               MakeOrder("2", "c1", "2026-01-10", {{"B", 2, 500}})};
  CustomerProfile p = Build(orders, "2026-01-20");
  EXPECT_EQ(p.segment, "active");
  EXPECT_EQ(p.order_count, 2);
  EXPECT_EQ(p.lifetime_value_minor, 2000);
  EXPECT_EQ(p.recency_days, 10);
}

TEST(CustomerProfilesTest, RecencyDecidesAtRiskAndChurned) {
  std::vector<Order> orders = {MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 90000}}),
                               MakeOrder("2", "c1", "2026-01-02", {{"A", 1, 90000}})};
  EXPECT_EQ(Build(orders, "2026-03-03").segment, "high_value");  // 60 days: not yet at risk
  EXPECT_EQ(Build(orders, "2026-03-04").segment, "at_risk");     // 61 days
  EXPECT_EQ(Build(orders, "2026-07-20").segment, "at_risk");     // 199 days: still at risk
  EXPECT_EQ(Build(orders, "2026-07-20").recency_days, 199);
  EXPECT_EQ(Build(orders, "2026-07-21").segment, "churned");     // 200 days
}

TEST(CustomerProfilesTest, AbsoluteLifetimeValueMakesHighValue) {
  std::vector<Order> orders = {MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 50000}})};
  EXPECT_EQ(Build(orders, "2026-01-05").segment, "high_value");  // beats "new"
  orders[0].lines[0].unit_price_minor = orders[0].total_minor = 49999;
  EXPECT_EQ(Build(orders, "2026-01-05").segment, "new");
}

TEST(CustomerProfilesTest, TopShareWithEnoughOrdersMakesHighValue) {
  // Four customers in USD; the top 25% is the single best, c1 at 300.00.
  std::vector<CustomerRfm> all = {
      {.order_count = 2, .recency_days = 1, .lifetime_value_minor = 30000, .currency = "USD"},
      {.order_count = 5, .recency_days = 1, .lifetime_value_minor = 20000, .currency = "USD"},
      {.order_count = 1, .recency_days = 1, .lifetime_value_minor = 1000, .currency = "USD"},
      {.order_count = 1, .recency_days = 1, .lifetime_value_minor = 500, .currency = "USD"},
      {.order_count = 1, .recency_days = 1, .lifetime_value_minor = 100, .currency = "EUR"},
  };
  MonetaryCutoffs cutoffs = MonetaryCutoffs::Compute(all, 0.25);
  EXPECT_TRUE(cutoffs.InTop("USD", 30000));
  EXPECT_FALSE(cutoffs.InTop("USD", 20000));
  EXPECT_TRUE(cutoffs.InTop("EUR", 100));  // the only EUR customer
  EXPECT_FALSE(cutoffs.InTop("GBP", 1000000));

  std::vector<Order> orders = {MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 15000}}),
                               MakeOrder("2", "c1", "2026-01-02", {{"A", 1, 15000}})};
  EXPECT_EQ(Build(orders, "2026-01-05", &cutoffs).segment, "high_value");
  EXPECT_EQ(Build(orders, "2026-01-05").segment, "active");  // no ranking given
  orders.pop_back();  // one order: below top_min_orders
  orders[0].lines[0].unit_price_minor = orders[0].total_minor = 30000;
  EXPECT_EQ(Build(orders, "2026-01-05", &cutoffs).segment, "new");
}

TEST(CustomerProfilesTest, CancellationsAndReturnsAreNotPurchasesButReturnsSubtract) {
  std::vector<Order> orders = {
      MakeOrder("1", "c1", "2026-01-01", {{"A", 3, 1000}, {"B", -1, 400}}),  // net 26.00
      MakeOrder("2", "c1", "2026-01-02", {{"A", 5, 1000}}),
      MakeOrder("3", "c1", "2026-01-03", {{"A", -2, 1000}}),  // a return: -20.00
      MakeOrder("4", "c1", "2026-01-04", {{"C", 9, 1000}}),
  };
  orders[1].status = OrderStatus::kCancelled;
  orders[3].status = OrderStatus::kRefunded;
  CustomerProfile p = Build(orders, "2026-01-10");
  EXPECT_EQ(p.order_count, 1);
  EXPECT_EQ(p.lifetime_value_minor, 2600 - 2000);
  EXPECT_EQ(p.recency_days, 9);  // from the purchase on 01-01, not the later return
}

TEST(CustomerProfilesTest, OrdersAfterAsOfAreIgnored) {
  std::vector<Order> orders = {MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 1000}}),
                               MakeOrder("2", "c1", "2026-06-01", {{"A", 1, 1000}})};
  CustomerProfile p = Build(orders, "2026-03-01");
  EXPECT_EQ(p.order_count, 1);
  EXPECT_EQ(p.recency_days, 59);
  EXPECT_EQ(p.segment, "active");
}

TEST(CustomerProfilesTest, MainCurrencyIsTheOneWithMostPurchases) {
  std::vector<Order> orders = {MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 1000}}, "EUR"),
                               MakeOrder("2", "c1", "2026-01-02", {{"A", 1, 9000}}, "USD"),
                               MakeOrder("3", "c1", "2026-01-03", {{"A", 1, 2000}}, "EUR")};
  CustomerProfile p = Build(orders, "2026-01-10");
  EXPECT_EQ(p.currency, "EUR");
  EXPECT_EQ(p.lifetime_value_minor, 3000);
  EXPECT_EQ(p.order_count, 3);
}

TEST(CustomerProfilesTest, CountsPurchasesPerCategoryOncePerOrder) {
  CategoryLookup lookup = [](std::string_view sku) -> std::string {
    if (sku == "BOOT") return "Footwear/Running";
    if (sku == "SHOE") return "Footwear/Running";
    if (sku == "SOCK") return "Accessories/Socks";
    return "";
  };
  std::vector<Order> orders = {
      MakeOrder("1", "c1", "2026-01-01", {{"BOOT", 1, 9000}, {"SHOE", 1, 8000}, {"X", 1, 1}}),
      MakeOrder("2", "c1", "2026-01-02", {{"SOCK", 2, 500}, {"BOOT", -1, 9000}}),
      MakeOrder("3", "c1", "2026-01-03", {{"SOCK", 1, 500}})};
  orders[2].status = OrderStatus::kCancelled;
  CustomerProfile p = ProfileBuilder(Thresholds(), lookup).Build("c1", Ptrs(orders), T("2026-02-01"));
  EXPECT_EQ(p.orders_by_category.size(), 2u);
  EXPECT_EQ(p.orders_by_category["Footwear/Running"], 1);  // the return line does not count
  EXPECT_EQ(p.orders_by_category["Accessories/Socks"], 1);
  EXPECT_EQ(p.OrdersInCategory("Footwear"), 1);
}

TEST(SegmentThresholdsTest, ParsesJsonAndRejectsNonsense) {
  Result<SegmentThresholds> t = SegmentThresholds::FromJson(
      json::parse(R"({"churned_after_days":400,"top_monetary_share":0.1})").as_object());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->churned_after_days, 400);
  EXPECT_EQ(t->at_risk_after_days, 120);  // default kept
  EXPECT_DOUBLE_EQ(t->top_monetary_share, 0.1);
  Result<SegmentThresholds> back = SegmentThresholds::FromJson(t->ToJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->churned_after_days, 400);

  Result<SegmentThresholds> bad = SegmentThresholds::FromJson(
      json::parse(R"({"churn_after_days":1,"top_monetary_share":2})").as_object());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("did you mean 'churned_after_days'"), std::string::npos)
      << bad.status().message();
  EXPECT_NE(bad.status().message().find("between 0 and 1"), std::string::npos);
  Result<SegmentThresholds> inverted = SegmentThresholds::FromJson(
      json::parse(R"({"at_risk_after_days":400})").as_object());
  ASSERT_FALSE(inverted.ok());
  EXPECT_NE(inverted.status().message().find("must be less than churned_after_days"),
            std::string::npos);
}

}  // namespace
}  // namespace affinity

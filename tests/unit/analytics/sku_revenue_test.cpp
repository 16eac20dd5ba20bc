// SkuRevenue: what each SKU earned in purchases; cancellations, refunds, returns and lines without
// a SKU do not count.
#include "analytics/sku_revenue.hpp"

#include <gtest/gtest.h>

namespace affinity {
namespace {

Order Make(std::string id, std::vector<OrderLine> lines, OrderStatus status = OrderStatus::kPaid) {
  Order o;
  o.id = std::move(id);
  o.external_id = o.id;
  o.lines = std::move(lines);
  o.status = status;
  return o;
}

TEST(SkuRevenueTest, SumsLineTotalsOfPurchasesOnly) {
  SkuRevenue revenue;
  EXPECT_EQ(revenue.orders(), 0u);
  revenue.Add(
      Make("1", {{"RS-1", "Shoes", 2, 5999, 1000, false}, {"", "Shipping", 1, 499, 0, false}}));
  revenue.Add(
      Make("2", {{"RS-1", "Shoes", 1, 5999, 0, false}, {"SK-1", "Socks", -1, 950, 0, false}}));
  revenue.Add(Make("3", {{"SK-1", "Socks", 3, 950, 0, false}}, OrderStatus::kCancelled));
  revenue.Add(Make("4", {{"SK-1", "Socks", 3, 950, 0, false}}, OrderStatus::kRefunded));
  revenue.Add(Make("5", {{"SK-1", "Socks", -2, 950, 0, false}}));  // a return alone
  EXPECT_EQ(revenue.orders(), 2u);
  EXPECT_EQ(revenue.Of("RS-1"), 2 * 5999 - 1000 + 5999);
  EXPECT_EQ(revenue.Of("SK-1"), 0);
  EXPECT_EQ(revenue.Of(""), 0);
  EXPECT_EQ(revenue.Of("NEVER-SOLD"), 0);
}

}  // namespace
}  // namespace affinity

#include "analytics/sku_revenue.hpp"

namespace affinity {

SkuRevenue SkuRevenue::FromBook(const OrderBook& book) {
  SkuRevenue revenue;
  book.ForEachBasket([&revenue](const Order& order) { revenue.Add(order); });
  return revenue;
}

void SkuRevenue::Add(const Order& order) {
  if (!CountsAsPurchase(order)) return;
  ++orders_;
  for (const OrderLine& line : order.lines) {
    if (line.sku.empty() || line.quantity <= 0) continue;
    std::int64_t& sum = minor_[line.sku];
    // Saturate rather than overflow: a ranking key, and no real catalog gets near it.
    if (__builtin_add_overflow(sum, line.TotalMinor(), &sum)) sum = INT64_MAX;
  }
}

std::int64_t SkuRevenue::Of(std::string_view sku) const {
  auto it = minor_.find(sku);
  return it == minor_.end() ? 0 : it->second;
}

}  // namespace affinity

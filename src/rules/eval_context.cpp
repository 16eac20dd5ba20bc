#include "rules/eval_context.hpp"

namespace affinity {

std::int64_t CustomerProfile::OrdersInCategory(std::string_view prefix) const {
  if (prefix.empty()) {
    std::int64_t all = 0;
    for (const auto& [path, count] : orders_by_category) all += count;
    return all;
  }
  // The map is ordered: every path under `prefix` sorts at or after it, and before the first key
  // that no longer starts with it.
  std::int64_t total = 0;
  for (auto it = orders_by_category.lower_bound(prefix);
       it != orders_by_category.end() && std::string_view(it->first).starts_with(prefix); ++it) {
    const std::string_view path = it->first;
    if (path.size() == prefix.size() || path[prefix.size()] == '/') total += it->second;
  }
  return total;
}

std::int64_t Cart::TotalMinor() const {
  std::int64_t total = 0;
  for (const CartLine& line : lines) total += line.quantity * line.unit_price_minor;
  return total;
}

std::int64_t Cart::ItemCount() const {
  std::int64_t count = 0;
  for (const CartLine& line : lines) count += line.quantity;
  return count;
}

bool Cart::Contains(std::string_view sku) const {
  for (const CartLine& line : lines) {
    if (line.sku == sku) return true;
  }
  return false;
}

}  // namespace affinity

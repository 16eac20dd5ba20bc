// SkuRevenue: what each SKU has earned in order history, to rank reports by what matters most (the
// uncovered products that sell best first). Revenue is the sum of the line totals (quantity x unit
// price less the line's discount) of every line with a positive quantity of every purchase
// (CountsAsPurchase), in minor units. Currencies are not converted: a ranking, not an amount.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/strings.hpp"
#include "orders/order.hpp"
#include "orders/order_book.hpp"

namespace affinity {

class SkuRevenue {
 public:
  // Every purchase the book holds (OrderBook::ForEachBasket).
  static SkuRevenue FromBook(const OrderBook& book);

  // Adds `order` when it is a purchase; lines without a SKU are left out.
  void Add(const Order& order);

  // Minor units earned by `sku` (0 when it never sold).
  std::int64_t Of(std::string_view sku) const;
  // Purchases added: 0 means there is no order history to rank by.
  std::size_t orders() const { return orders_; }

 private:
  std::unordered_map<std::string, std::int64_t, StringHash, std::equal_to<>> minor_;
  std::size_t orders_ = 0;
};

}  // namespace affinity

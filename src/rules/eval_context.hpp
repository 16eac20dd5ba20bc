// What a condition can see when it runs: the source and target products, the customer and the cart
// of the request, the time, and the relationships that already exist (for related()).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/product.hpp"

namespace affinity {

// A customer as rules see it. Filled from stored orders (see the orders issue) or sent explicitly
// with a preview request. A customer nobody knows is a default profile: segment "new", no orders.
struct CustomerProfile {
  std::string id;
  std::string segment = "new";  // new | active | high_value | at_risk | churned
  std::int64_t lifetime_value_minor = 0;
  std::string currency = "USD";
  std::int64_t order_count = 0;
  std::optional<std::int64_t> recency_days;  // days since the last order; none without orders
  // Orders per category path. orders_in_category("Footwear") sums every path under "Footwear".
  std::map<std::string, std::int64_t, std::less<>> orders_by_category;

  std::int64_t OrdersInCategory(std::string_view prefix) const;
};

struct CartLine {
  std::string sku;
  std::int64_t quantity = 1;
  std::int64_t unit_price_minor = 0;
};

struct Cart {
  std::vector<CartLine> lines;
  std::string currency = "USD";

  std::int64_t TotalMinor() const;
  std::int64_t ItemCount() const;  // sum of quantities
  bool Contains(std::string_view sku) const;
};

// Answers related(): which products are linked from a SKU by a relation type. Implemented by the
// engine over manual links and the edges of rules materialised before (in a lower stratum).
class RelatedLookup {
 public:
  virtual ~RelatedLookup() = default;
  virtual bool Contains(std::string_view from_sku, std::string_view type,
                        std::string_view to_sku) const = 0;
  virtual std::size_t Count(std::string_view from_sku, std::string_view type) const = 0;
};

struct EvalContext {
  const Product* source = nullptr;
  const Product* target = nullptr;
  const CustomerProfile* customer = nullptr;  // nullptr: evaluate as a default (new) profile
  const Cart* cart = nullptr;                 // nullptr: an empty cart
  std::int64_t now = 0;                       // Unix seconds, UTC
  const RelatedLookup* related = nullptr;     // nullptr: related() is empty
};

}  // namespace affinity

// Small builders and the fixture reader shared by the orders tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "orders/order.hpp"
#include "rules/schedule.hpp"

namespace affinity::testing_orders {

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(AFFINITY_FIXTURES_DIR) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::int64_t T(const char* iso) { return ParseIsoTime(iso).value(); }

// A paid order of `customer` with one line per (sku, quantity, unit price in minor units).
struct LineSpec {
  std::string sku;
  std::int64_t quantity;
  std::int64_t price;
};
inline Order MakeOrder(const std::string& external_id, const std::string& customer,
                       const char* placed_at, std::vector<LineSpec> lines,
                       std::string currency = "USD") {
  Order o;
  o.external_id = external_id;
  o.id = CanonicalOrderId(o.channel, o.account, external_id);
  o.customer_id = customer;
  o.placed_at = T(placed_at);
  o.currency = std::move(currency);
  for (const LineSpec& l : lines) {
    o.lines.push_back({.sku = l.sku, .name = l.sku, .quantity = l.quantity,
                       .unit_price_minor = l.price});
    o.total_minor += l.quantity * l.price;
  }
  return o;
}

}  // namespace affinity::testing_orders

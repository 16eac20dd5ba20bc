// Order: the canonical, channel-independent order that every sales channel is mapped into (the
// intake) and that bulk imports produce. Money is integer minor units of the order's currency.
// Orders feed customer profiles, association mining and analytics.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace affinity {

enum class OrderStatus {
  kPlaced,     // accepted, not yet paid
  kPaid,
  kFulfilled,
  kCancelled,  // never a purchase
  kRefunded,   // fully refunded: not a purchase
};

const char* OrderStatusName(OrderStatus status);  // "placed", "paid", ...
std::optional<OrderStatus> ParseOrderStatus(std::string_view name);

struct OrderLine {
  std::string sku;                  // may be empty for lines without a product (tips, fees)
  std::string name;
  std::int64_t quantity = 1;        // negative: a returned quantity
  std::int64_t unit_price_minor = 0;
  std::int64_t discount_minor = 0;  // total discount on the line, >= 0
  // Set when the SKU is not (yet) in the catalog; such lines count once the product exists.
  bool unresolved = false;

  std::int64_t TotalMinor() const { return quantity * unit_price_minor - discount_minor; }
  bool operator==(const OrderLine&) const = default;
};

struct Order {
  std::string id;            // canonical id, unique in the store: "<channel>:<account>:<external>"
  std::string channel = "import";  // import | shopify | woocommerce | ... | csv
  std::string account = "default";
  std::string external_id;   // the id in the source system (e.g. the invoice number)
  std::string customer_id;   // may be empty (guest checkout)
  std::int64_t placed_at = 0;  // Unix seconds, UTC
  std::string currency = "USD";
  std::vector<OrderLine> lines;
  std::int64_t total_minor = 0;  // as charged: sum of line totals unless the source says otherwise
  OrderStatus status = OrderStatus::kPaid;
  std::int64_t source_version = 0;  // the source's revision, for "a newer version updates"
  std::int64_t version = 0;         // bumped on every change in the store

  bool operator==(const Order&) const = default;
};

// "<channel>:<account>:<external_id>"
std::string CanonicalOrderId(std::string_view channel, std::string_view account,
                             std::string_view external_id);

// Whether the order is a purchase at all: not cancelled or refunded, and at least one line with a
// positive quantity. Refund / return lines (negative quantities) never count as purchases.
bool CountsAsPurchase(const Order& order);

// Checks the order's own fields. InvalidArgument naming each bad field.
Status ValidateOrder(const Order& order);

// The JSON form (API and NDJSON imports):
//   {"id"?, "channel"?, "account"?, "external_id", "customer_id"?, "placed_at":"2026-11-01T10:00:00Z",
//    "currency":"USD", "status":"paid", "total"?: "59.99", "source_version"?: 3, "version"?: 1,
//    "lines":[{"sku","name"?,"quantity","unit_price":"19.99","discount"?:"0.00","unresolved"?}]}
// Money is a decimal string or a JSON integer of whole units (19 = "19.00"); a JSON number with a
// fraction is refused (it went through binary floating point). placed_at is ISO 8601 (see
// ParseIsoTime) or integer Unix seconds. id defaults to CanonicalOrderId(channel, account,
// external_id), total to the sum of the line totals. OrderFromJson returns InvalidArgument naming
// every bad or unknown field (with the nearest known name) and then every ValidateOrder problem.
// OrderToJson writes every field, money as decimal strings, placed_at as "...Z"; the two round-trip.
Result<Order> OrderFromJson(const boost::json::object& body);
boost::json::object OrderToJson(const Order& order);

}  // namespace affinity

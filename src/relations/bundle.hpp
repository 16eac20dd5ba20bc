// Bundle: a named set of products sold together, each with a quantity, some of them optional
// add-ons. The required items sell at one price: a fixed bundle price or a discount off their total
// (never both; neither means the items' own prices). A bundle may be limited to a window of time.
//
//   {"id":"running-starter","name":"Running starter kit",
//    "items":[{"sku":"RS-1","quantity":1},{"sku":"SK-1","quantity":2},
//             {"sku":"CL-1","quantity":1,"optional":true}],
//    "price":{"amount":"79.00","currency":"USD"},          or  "discount_percent":12.5
//    "active_from":"2026-11-01","active_to":"2026-12-31T23:59:59Z"}
//
// Parsing checks the bundle's own fields; whether its products exist, are for sale, in stock and
// priced in one currency is checked against a catalog (engine/bundle_checks.hpp), so a bundle may
// be saved as a draft that does not pass those checks yet.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/money.hpp"
#include "common/status.hpp"

namespace affinity {

struct BundleItem {
  std::string sku;
  std::int64_t quantity = 1;  // 1..Bundle::kMaxQuantity
  bool optional = false;      // an add-on offered with the bundle, not needed to complete it

  bool operator==(const BundleItem&) const = default;
};

struct Bundle {
  std::string id;  // [a-z0-9][a-z0-9_-]*, at most 64 characters
  std::string name;
  std::string description;
  std::vector<BundleItem> items;  // in the merchandiser's order; at most kMaxItems
  // The price of the required items together, or
  std::optional<Money> price;
  // a discount off their total in hundredths of a percent (1250: 12.5% off), 1..9999.
  std::optional<std::int64_t> discount_bp;
  // Unix seconds (UTC), both inclusive; absent: open on that side.
  std::optional<std::int64_t> active_from, active_to;
  std::int64_t version = 0;  // bumped on every change; the ETag
  std::int64_t created_ms = 0, updated_ms = 0;  // Unix milliseconds, set by the engine

  // True when `unix_seconds` lies inside the window.
  bool IsActive(std::int64_t unix_seconds) const {
    return (!active_from || *active_from <= unix_seconds) &&
           (!active_to || unix_seconds <= *active_to);
  }
  bool operator==(const Bundle&) const = default;

  static constexpr std::size_t kMaxItems = 100;
  static constexpr std::int64_t kMaxQuantity = 10000;
};

// Parses a bundle body. `path_id`, when not empty, is the id from the URL: the body may omit "id"
// or must repeat it. Without either the id stays empty (the engine makes one from the name).
// Read-only members of a GET reply (version, created_at, updated_at and the check results) are
// accepted and ignored, so a bundle read can be sent back. Returns InvalidArgument naming every bad
// field ("field 'items[1].quantity' must be ...").
Result<Bundle> BundleFromJson(const boost::json::object& body, std::string_view path_id = {});
boost::json::object BundleToJson(const Bundle& bundle);

// 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit.
Status ValidateBundleId(std::string_view id);
// An id made from a name: "Running Starter Kit!" -> "running-starter-kit"; "bundle" when the name
// has no letter or digit. The caller makes it unique.
std::string BundleIdFromName(std::string_view name);

}  // namespace affinity

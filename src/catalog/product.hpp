// Product: one sellable item of the catalog, keyed by its SKU. Prices are integer minor units of the
// product's currency; free attributes are kept as JSON values for the rule language to read.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace affinity {

// Dense internal product id, assigned once per SKU and never reused for another SKU.
using ProductId = std::uint32_t;

// Whether a product may be sold. Only active products are recommended or offered in bundles; an
// inactive one (paused, not yet launched) may come back, a discontinued one will not.
enum class ProductStatus { kActive, kInactive, kDiscontinued };

// "active", "inactive", "discontinued".
std::string_view ProductStatusName(ProductStatus status);
// The status named `name` (exactly as ProductStatusName writes it), or nullopt.
std::optional<ProductStatus> ParseProductStatus(std::string_view name);

struct Product {
  std::string sku;
  std::string name;
  std::int64_t price_minor = 0;  // in minor units of `currency`
  std::string currency = "USD";
  std::string category;  // path, '/'-separated: "Footwear/Running"
  std::string brand;
  std::vector<std::string> tags;
  std::optional<double> margin;       // fraction of the price, e.g. 0.35
  std::optional<std::int64_t> stock;  // units on hand; absent means not tracked (always available)
  boost::json::object attributes;     // free attributes: {"color":"red","size":42}
  ProductStatus status = ProductStatus::kActive;
  std::int64_t version = 0;           // bumped on every change; the ETag

  bool InStock() const { return !stock || *stock > 0; }
  bool Active() const { return status == ProductStatus::kActive; }
  bool operator==(const Product&) const = default;
};

// Checks a product's own fields (not its relations to others). Returns InvalidArgument naming each
// bad field and what is allowed.
Status ValidateProduct(const Product& product);

// True when `category` is `prefix` or lies under it: "Footwear/Running" is in "Footwear" but
// "Footwearables" is not.
bool CategoryIsUnder(std::string_view category, std::string_view prefix);

// Normalises a category path: trims each segment and drops empty ones (" A / B/" -> "A/B").
std::string NormalizeCategory(std::string_view category);

// Validates a SKU on its own: 1..128 printable characters, no spaces or control characters.
Status ValidateSku(std::string_view sku);

}  // namespace affinity

// CheckBundle: whether a bundle can be sold as the catalog stands in a Snapshot, what its items
// cost, what the bundle sells for and what a buyer saves. BundleOffersFor: the bundles a product
// page may offer to complete. Pure functions of the snapshot: no I/O, no locks, never fail on a
// bundle (a problem is a finding, not an error).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "engine/snapshot.hpp"
#include "relations/bundle.hpp"

namespace affinity {

enum class BundleProblemCode {
  kEmptyBundle,       // no items, or only optional ones
  kUnknownSku,        // an item names no product
  kDuplicateItem,     // a SKU listed more than once
  kOutOfStock,        // the product's tracked stock is below the item's quantity
  kInactiveProduct,   // the product's status is not "active"
  kCurrencyMismatch,  // products priced in different currencies, or a bundle price in another
  kPriceNotLower,     // the fixed bundle price is not below the required items' total
  kGuidelineViolation,  // two of its products break a brand guideline that applies to bundles
};

// "empty_bundle", "unknown_sku", "duplicate_item", "out_of_stock", "inactive_product",
// "currency_mismatch", "price_not_lower", "guideline_violation".
std::string_view BundleProblemCodeName(BundleProblemCode code);

struct BundleProblem {
  std::string sku;  // the item's; "" for the bundle as a whole
  BundleProblemCode code;
  std::string message;   // what is wrong and how to fix it
  bool warning = false;  // does not make the bundle invalid: price_not_lower, and an optional
                         // item out of stock or not active (it is left out of offers instead),
                         // and a guideline of severity "warning"
  std::string guideline;  // guideline_violation: the guideline's id
};

struct BundleReport {
  bool valid = false;   // no problem other than warnings
  bool active = false;  // the time checked lies inside the bundle's window
  // Bundle-wide problems (empty_bundle) first, then the items' in item order, then the brand
  // guidelines', then the price's. Guidelines whose types are empty or list "bundle" apply to the
  // bundle's first required item (the product it is built around) as the source and each of its
  // other products as a target, so "an add-on costs at most half" or "stays in the brand" read as
  // they do for links; the problem names the target item.
  std::vector<BundleProblem> problems;
  // The currency the items are priced in: that of the first item naming a product (else the
  // bundle price's, else ""). Every amount below is in minor units of it.
  std::string currency;
  // nullopt when an amount cannot be known: no item names a product, an item summed names no
  // product or one in another currency (or the sum overflows); for the bundle price, when it is in
  // another currency or, for a discount, the total is not known.
  std::optional<std::int64_t> total_minor;                // required items: price x quantity
  std::optional<std::int64_t> total_with_optional_minor;  // every item
  std::optional<std::int64_t> bundle_price_minor;  // the required items together: the fixed
                                                   // price, the total less the discount (rounded
                                                   // half up), or the total
  std::optional<std::int64_t> savings_minor;       // total - bundle price; negative costs more
};

// Checks `bundle` against the products of `snapshot` as of `at` (Unix seconds).
BundleReport CheckBundle(const Snapshot& snapshot, const Bundle& bundle, std::int64_t at);

// A bundle a product page may offer, with what completes it.
struct BundleOffer {
  const Bundle* bundle = nullptr;  // owned by the snapshot
  BundleReport report;
  // The bundle's other items, in order; optional ones only while in stock and active.
  std::vector<const BundleItem*> complete_with;
};

// The valid bundles active at `at` that hold `sku`, by bundle id. NotFound for an unknown SKU.
// The offers point into `snapshot`, which must outlive them.
Result<std::vector<BundleOffer>> BundleOffersFor(const Snapshot& snapshot, std::string_view sku,
                                                 std::int64_t at);

}  // namespace affinity

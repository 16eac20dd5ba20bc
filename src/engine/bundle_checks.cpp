#include "engine/bundle_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "common/money.hpp"

namespace affinity {
namespace {

// "59.99 USD"
std::string Amount(std::int64_t minor, std::string_view currency) {
  return fmt::format("{} {}", FormatMinorUnits(minor, currency), currency);
}

// a + price x quantity, or nullopt on overflow.
std::optional<std::int64_t> AddLine(std::int64_t sum, std::int64_t price, std::int64_t quantity) {
  std::int64_t line = 0;
  if (__builtin_mul_overflow(price, quantity, &line) || __builtin_add_overflow(sum, line, &sum)) {
    return std::nullopt;
  }
  return sum;
}

// What `total` sells for after a discount of `bp` hundredths of a percent, the discount rounded
// half up to the minor unit.
std::int64_t Discounted(std::int64_t total, std::int64_t bp) {
  const auto off = static_cast<std::int64_t>((static_cast<__int128>(total) * bp + 5000) / 10000);
  return total - off;
}

class Checker {
 public:
  Checker(const Snapshot& snapshot, const Bundle& bundle) : snapshot_(snapshot), bundle_(bundle) {}

  BundleReport Run(std::int64_t at) {
    report_.active = bundle_.IsActive(at);
    CheckNotEmpty();
    for (std::size_t i = 0; i < bundle_.items.size(); ++i) CheckItem(i);
    CheckGuidelines();
    if (report_.currency.empty() && bundle_.price) report_.currency = bundle_.price->currency;
    Price();
    report_.valid = true;
    for (const BundleProblem& p : report_.problems) report_.valid &= p.warning;
    return std::move(report_);
  }

 private:
  void Add(std::string sku, BundleProblemCode code, std::string message, bool warning = false,
           std::string guideline = {}) {
    report_.problems.push_back(
        {std::move(sku), code, std::move(message), warning, std::move(guideline)});
  }

  void CheckNotEmpty() {
    if (bundle_.items.empty()) {
      Add("", BundleProblemCode::kEmptyBundle,
          "the bundle has no items; add at least one required item ({\"sku\": ..., "
          "\"quantity\": 1})");
      return;
    }
    for (const BundleItem& item : bundle_.items) {
      if (!item.optional) return;
    }
    Add("", BundleProblemCode::kEmptyBundle,
        "every item is optional, so there is nothing to sell at the bundle price; make at least "
        "one item required (\"optional\": false)");
  }

  void CheckItem(std::size_t index) {
    const BundleItem& item = bundle_.items[index];
    auto [first, fresh] = first_index_.emplace(item.sku, index);
    if (!fresh) {
      std::int64_t together = 0;
      for (const BundleItem& other : bundle_.items) {
        if (other.sku == item.sku) together += other.quantity;
      }
      Add(item.sku, BundleProblemCode::kDuplicateItem,
          fmt::format("product '{}' is listed more than once (items {} and {}); list it once, "
                      "with quantity {}",
                      item.sku, first->second, index, together));
    }
    const ProductNode* node = snapshot_.Find(item.sku);
    if (!node) {
      unknown_required_ |= !item.optional;
      unknown_any_ = true;
      if (fresh) {
        Add(item.sku, BundleProblemCode::kUnknownSku,
            fmt::format("product '{}' (item {}) does not exist; fix the SKU, create the product "
                        "or remove the item",
                        item.sku, index));
      }
      return;
    }
    const Product& p = node->product;
    if (fresh) CheckSellable(item, p);
    if (report_.currency.empty()) {
      report_.currency = p.currency;
      currency_from_ = p.sku;
    } else if (p.currency != report_.currency) {
      mismatch_ = true;
      if (fresh) {
        Add(item.sku, BundleProblemCode::kCurrencyMismatch,
            fmt::format("product '{}' is priced in {} but '{}', the bundle's first item, is priced "
                        "in {}; a bundle sells in one currency: use products priced in {}",
                        p.sku, p.currency, currency_from_, report_.currency, report_.currency));
      }
      return;
    }
    total_all_ = total_all_ ? AddLine(*total_all_, p.price_minor, item.quantity) : std::nullopt;
    if (!item.optional) {
      total_ = total_ ? AddLine(*total_, p.price_minor, item.quantity) : std::nullopt;
    }
  }

  // Status and stock. For an optional item these are warnings: the offer leaves it out.
  void CheckSellable(const BundleItem& item, const Product& p) {
    const std::string_view then =
        item.optional ? "; until then the optional item is left out of the offer" : "";
    if (!p.Active()) {
      const bool gone = p.status == ProductStatus::kDiscontinued;
      Add(p.sku, BundleProblemCode::kInactiveProduct,
          gone ? fmt::format("product '{}' is discontinued; replace it with a product that is "
                             "sold, or remove it from the bundle{}",
                             p.sku, then)
               : fmt::format("product '{}' is {}, not for sale; set its status to \"active\" or "
                             "remove it from the bundle{}",
                             p.sku, ProductStatusName(p.status), then),
          item.optional);
    }
    if (p.stock && *p.stock < item.quantity) {
      Add(p.sku, BundleProblemCode::kOutOfStock,
          fmt::format("product '{}' has {} in stock but the bundle needs {}; restock it or lower "
                      "the quantity{}",
                      p.sku, *p.stock, item.quantity, then),
          item.optional);
    }
  }

  // The bundle's first required item (the source) and each of its other products (the targets)
  // against the guidelines for bundles.
  void CheckGuidelines() {
    const GuidelineSet& guidelines = snapshot_.guidelines();
    if (!guidelines.any_enforced()) return;
    auto first = std::find_if(bundle_.items.begin(), bundle_.items.end(),
                              [](const BundleItem& item) { return !item.optional; });
    if (first == bundle_.items.end()) return;
    const ProductNode* anchor = snapshot_.Find(first->sku);
    if (!anchor) return;  // reported as unknown_sku
    std::vector<const Product*> done{&anchor->product};
    for (const BundleItem& item : bundle_.items) {
      const ProductNode* node = snapshot_.Find(item.sku);
      if (!node || std::find(done.begin(), done.end(), &node->product) != done.end()) continue;
      done.push_back(&node->product);
      const std::string subject = fmt::format("bundle item '{}' with the bundle's first item '{}'",
                                              item.sku, anchor->product.sku);
      for (GuidelineFinding& f :
           guidelines.Check(kBundleGuidelineType, anchor->product, node->product, subject)) {
        Add(item.sku, BundleProblemCode::kGuidelineViolation, std::move(f.message),
            f.severity == GuidelineSeverity::kWarning, std::move(f.guideline));
      }
    }
  }

  void Price() {
    const std::string& currency = report_.currency;
    // Totals need every summed item priced in one currency (and one item priced at all).
    if (!currency_from_.empty() && !mismatch_) {
      if (!unknown_required_) report_.total_minor = total_;
      if (!unknown_any_) report_.total_with_optional_minor = total_all_;
    }
    const std::optional<std::int64_t>& total = report_.total_minor;
    if (bundle_.price) {
      if (bundle_.price->currency != currency) {
        Add("", BundleProblemCode::kCurrencyMismatch,
            fmt::format("the bundle price is in {} but its items are priced in {}; give the price "
                        "in {}",
                        bundle_.price->currency, currency, currency));
        return;
      }
      report_.bundle_price_minor = bundle_.price->minor;
      if (total && bundle_.price->minor >= *total) {
        Add("", BundleProblemCode::kPriceNotLower,
            fmt::format("the bundle price {} is not below the required items' total of {}, so a "
                        "buyer saves nothing{}; set a price below {} or a discount_percent",
                        Amount(bundle_.price->minor, currency), Amount(*total, currency),
                        bundle_.price->minor > *total
                            ? fmt::format(" (it costs {} more)",
                                          Amount(bundle_.price->minor - *total, currency))
                            : "",
                        Amount(*total, currency)),
            true);
      }
    } else if (total) {
      report_.bundle_price_minor = bundle_.discount_bp ? Discounted(*total, *bundle_.discount_bp)
                                                       : *total;
    }
    if (total && report_.bundle_price_minor) {
      report_.savings_minor = *total - *report_.bundle_price_minor;
    }
  }

  const Snapshot& snapshot_;
  const Bundle& bundle_;
  BundleReport report_;
  std::map<std::string_view, std::size_t> first_index_;  // sku -> its first item
  std::string currency_from_;                            // the sku that set report_.currency
  std::optional<std::int64_t> total_ = 0, total_all_ = 0;
  bool unknown_required_ = false, unknown_any_ = false, mismatch_ = false;
};

}  // namespace

std::string_view BundleProblemCodeName(BundleProblemCode code) {
  switch (code) {
    case BundleProblemCode::kEmptyBundle: return "empty_bundle";
    case BundleProblemCode::kUnknownSku: return "unknown_sku";
    case BundleProblemCode::kDuplicateItem: return "duplicate_item";
    case BundleProblemCode::kOutOfStock: return "out_of_stock";
    case BundleProblemCode::kInactiveProduct: return "inactive_product";
    case BundleProblemCode::kCurrencyMismatch: return "currency_mismatch";
    case BundleProblemCode::kPriceNotLower: return "price_not_lower";
    case BundleProblemCode::kGuidelineViolation: return "guideline_violation";
  }
  return "?";
}

BundleReport CheckBundle(const Snapshot& snapshot, const Bundle& bundle, std::int64_t at) {
  return Checker(snapshot, bundle).Run(at);
}

Result<std::vector<BundleOffer>> BundleOffersFor(const Snapshot& snapshot, std::string_view sku,
                                                 std::int64_t at) {
  if (!snapshot.Find(sku)) {
    return Status::NotFound(fmt::format("product '{}' does not exist", sku));
  }
  std::vector<BundleOffer> out;
  auto it = snapshot.bundles().by_sku.find(sku);
  if (it == snapshot.bundles().by_sku.end()) return out;
  for (const Bundle* bundle : it->second) {
    if (!bundle->IsActive(at)) continue;
    BundleReport report = CheckBundle(snapshot, *bundle, at);
    if (!report.valid) continue;
    BundleOffer offer{bundle, std::move(report), {}};
    for (const BundleItem& item : bundle->items) {
      if (item.sku == sku) continue;
      const ProductNode* node = snapshot.Find(item.sku);
      const bool available = node && node->product.Active() &&
                             (!node->product.stock || *node->product.stock >= item.quantity);
      if (available || !item.optional) offer.complete_with.push_back(&item);
    }
    out.push_back(std::move(offer));
  }
  return out;  // by id, as SnapshotBundles lists them
}

}  // namespace affinity

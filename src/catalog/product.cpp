#include "catalog/product.hpp"

#include <fmt/format.h>

#include "common/money.hpp"
#include "common/strings.hpp"

namespace affinity {

std::string_view ProductStatusName(ProductStatus status) {
  switch (status) {
    case ProductStatus::kActive: return "active";
    case ProductStatus::kInactive: return "inactive";
    case ProductStatus::kDiscontinued: return "discontinued";
  }
  return "active";
}

std::optional<ProductStatus> ParseProductStatus(std::string_view name) {
  for (ProductStatus s :
       {ProductStatus::kActive, ProductStatus::kInactive, ProductStatus::kDiscontinued}) {
    if (ProductStatusName(s) == name) return s;
  }
  return std::nullopt;
}

Status ValidateSku(std::string_view sku) {
  if (sku.empty()) return Status::InvalidArgument("sku must not be empty");
  if (sku.size() > 128) {
    return Status::InvalidArgument(fmt::format("sku '{}...' is longer than 128 characters",
                                               sku.substr(0, 20)));
  }
  for (char c : sku) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) {
      return Status::InvalidArgument(
          fmt::format("sku '{}' contains a space or control character; use letters, digits and "
                      "punctuation such as '-' or '_'",
                      sku));
    }
  }
  return Status::Ok();
}

Status ValidateProduct(const Product& p) {
  std::vector<std::string> errors;
  if (Status st = ValidateSku(p.sku); !st.ok()) errors.push_back(st.message());
  if (Trim(p.name).empty()) errors.push_back("field 'name' must not be empty");
  if (p.name.size() > 1000) errors.push_back("field 'name' is longer than 1000 characters");
  if (!IsCurrencyCode(p.currency)) {
    errors.push_back(fmt::format("field 'currency' must be an ISO 4217 code such as \"USD\", got "
                                 "\"{}\"",
                                 p.currency));
  }
  if (p.price_minor < 0) errors.push_back("field 'price' must not be negative");
  if (p.margin && !(*p.margin >= -1.0 && *p.margin <= 1.0)) {
    errors.push_back(fmt::format("field 'margin' must be a fraction between -1 and 1 (0.35 for "
                                 "35%), got {}",
                                 *p.margin));
  }
  for (const auto& tag : p.tags) {
    if (Trim(tag).empty()) errors.push_back("field 'tags' must not contain empty tags");
  }
  if (errors.empty()) return Status::Ok();
  std::string joined = fmt::format("product '{}': ", p.sku);
  for (std::size_t i = 0; i < errors.size(); ++i) joined += (i ? "; " : "") + errors[i];
  return Status::InvalidArgument(joined);
}

bool CategoryIsUnder(std::string_view category, std::string_view prefix) {
  if (prefix.empty()) return true;
  if (!category.starts_with(prefix)) return false;
  return category.size() == prefix.size() || category[prefix.size()] == '/';
}

std::string NormalizeCategory(std::string_view category) {
  std::string out;
  while (!category.empty()) {
    std::size_t slash = category.find('/');
    std::string_view segment = Trim(category.substr(0, slash));
    if (!segment.empty()) {
      if (!out.empty()) out += '/';
      out += segment;
    }
    if (slash == std::string_view::npos) break;
    category.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace affinity

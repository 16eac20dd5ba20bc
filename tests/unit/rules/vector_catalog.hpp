// VectorCatalog: a CatalogView over a vector of products, for the rule-layer tests. Ids are the
// positions in the vector; a deleted product leaves a hole (its id is never reused), as in the
// Engine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/strings.hpp"
#include "rules/catalog_view.hpp"

namespace affinity {

inline Product MakeRuleProduct(std::string sku, std::string category, std::string brand,
                               std::int64_t price_minor, std::optional<std::int64_t> stock = {},
                               std::vector<std::string> tags = {}) {
  Product p;
  p.name = sku;
  p.sku = std::move(sku);
  p.category = std::move(category);
  p.brand = std::move(brand);
  p.price_minor = price_minor;
  p.stock = stock;
  p.tags = std::move(tags);
  return p;
}

class VectorCatalog : public CatalogView {
 public:
  // REQUIRES: no live product has p.sku.
  ProductId Add(Product p) {
    const auto id = static_cast<ProductId>(slots_.size());
    ids_[p.sku] = id;
    slots_.emplace_back(std::move(p));
    return id;
  }
  // REQUIRES: p.sku is the SKU of product `id`.
  void Replace(ProductId id, Product p) { slots_[id] = std::move(p); }
  void Erase(ProductId id) {
    ids_.erase(slots_[id]->sku);
    slots_[id].reset();
  }
  Product& At(ProductId id) { return *slots_[id]; }

  ProductId id_limit() const override { return static_cast<ProductId>(slots_.size()); }
  const Product* Get(ProductId id) const override {
    return id < slots_.size() && slots_[id] ? &*slots_[id] : nullptr;
  }
  std::optional<ProductId> Find(std::string_view sku) const override {
    auto it = ids_.find(sku);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::vector<std::optional<Product>> slots_;
  std::unordered_map<std::string, ProductId, StringHash, std::equal_to<>> ids_;  // live products
};

}  // namespace affinity

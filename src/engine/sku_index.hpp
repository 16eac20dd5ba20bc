// SkuIndex: a map from SKU to dense product id that is cheap to copy and then extend: a large base
// and a small delta, both shared between copies. A copy that adds a SKU copies only the delta (at
// most kMaxDelta entries) unless it owns the base alone, in which case it writes in place; a full
// delta is folded into a new base. So a single new SKU costs O(kMaxDelta) and a bulk import of n
// SKUs O(n + base).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/product.hpp"

namespace affinity {


class SkuIndex {
 public:
  std::optional<ProductId> Find(std::string_view sku) const;
  // REQUIRES: `sku` is not in the index yet.
  void Add(const std::string& sku, ProductId id);
  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, ProductId, Hash, std::equal_to<>>;
  static constexpr std::size_t kMaxDelta = 4096;
  std::shared_ptr<Map> base_ = std::make_shared<Map>();
  std::shared_ptr<Map> delta_ = std::make_shared<Map>();
};

}  // namespace affinity

// SkuIndex: a map from SKU to dense product id that is cheap to copy and then extend. It is split
// into kShards hash maps held by shared_ptr; a copy shares them all, and adding a SKU copies only
// the one shard it lands in (a few thousand entries at a million SKUs) unless this index is that
// shard's only owner, in which case it writes in place. So a write that adds one product costs
// tens of microseconds whatever the catalog size, with no periodic full rebuild, and a bulk import
// of n SKUs costs O(n + shards touched).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/product.hpp"
#include "common/strings.hpp"

namespace affinity {

class SkuIndex {
 public:
  SkuIndex();

  std::optional<ProductId> Find(std::string_view sku) const;
  // REQUIRES: `sku` is not in the index yet.
  void Add(const std::string& sku, ProductId id);
  std::size_t size() const { return size_; }

 private:
  static constexpr std::size_t kShards = 512;
  using Map = std::unordered_map<std::string, ProductId, StringHash, std::equal_to<>>;
  static std::size_t ShardOf(std::size_t hash) { return (hash >> 7) % kShards; }

  std::array<std::shared_ptr<Map>, kShards> shards_;
  std::size_t size_ = 0;
};

}  // namespace affinity

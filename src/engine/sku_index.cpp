#include "engine/sku_index.hpp"

namespace affinity {

SkuIndex::SkuIndex() {
  // One empty map shared by every shard until a shard is first written.
  auto empty = std::make_shared<Map>();
  shards_.fill(empty);
}

std::optional<ProductId> SkuIndex::Find(std::string_view sku) const {
  const std::size_t hash = StringHash{}(sku);
  const Map& shard = *shards_[ShardOf(hash)];
  if (auto it = shard.find(sku); it != shard.end()) return it->second;
  return std::nullopt;
}

void SkuIndex::Add(const std::string& sku, ProductId id) {
  std::shared_ptr<Map>& shard = shards_[ShardOf(StringHash{}(sku))];
  // A shard only this index references is invisible to every other copy (and so to every
  // reader): writing it in place is safe.
  if (shard.use_count() != 1) shard = std::make_shared<Map>(*shard);
  shard->emplace(sku, id);
  ++size_;
}

}  // namespace affinity

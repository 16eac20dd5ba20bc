#include "engine/sku_index.hpp"

namespace affinity {

std::optional<ProductId> SkuIndex::Find(std::string_view sku) const {
  if (auto it = delta_->find(sku); it != delta_->end()) return it->second;
  if (auto it = base_->find(sku); it != base_->end()) return it->second;
  return std::nullopt;
}

void SkuIndex::Add(const std::string& sku, ProductId id) {
  // A map only this index references is invisible to every other copy (and so to every reader):
  // writing it in place is safe.
  if (base_.use_count() == 1) {
    base_->emplace(sku, id);
    return;
  }
  if (delta_.use_count() != 1) delta_ = std::make_shared<Map>(*delta_);
  delta_->emplace(sku, id);
  if (delta_->size() >= kMaxDelta) {
    auto merged = std::make_shared<Map>(*base_);
    merged->insert(delta_->begin(), delta_->end());
    base_ = std::move(merged);
    delta_ = std::make_shared<Map>();
  }
}

std::size_t SkuIndex::size() const { return base_->size() + delta_->size(); }

}  // namespace affinity

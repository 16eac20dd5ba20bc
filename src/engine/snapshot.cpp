#include "engine/snapshot.hpp"

#include <algorithm>

namespace affinity {

int Snapshot::TypeIndex(std::string_view name) const {
  for (std::size_t i = 0; i < types_->size(); ++i) {
    if ((*types_)[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Snapshot::Builder::Builder(const Snapshot& base) : next_(base) { ++next_.generation_; }

ProductId Snapshot::Builder::IdFor(const std::string& sku) {
  if (auto id = next_.index_.Find(sku)) return *id;
  auto id = static_cast<ProductId>(next_.nodes_.size());
  next_.index_.Add(sku, id);
  next_.nodes_.Set(id, nullptr);
  return id;
}

void Snapshot::Builder::SetNode(ProductId id, std::shared_ptr<const ProductNode> node) {
  if (const ProductNode* old = next_.Get(id)) {
    --next_.product_count_;
    next_.edge_count_ -= old->edges.size();
  }
  if (node) {
    ++next_.product_count_;
    next_.edge_count_ += node->edges.size();
  }
  next_.nodes_.Set(id, std::move(node));
}

void Snapshot::Builder::SetTypes(const std::vector<RelationType>& types) {
  // Indexes stay stable: edges of untouched products keep pointing at the right type.
  auto merged = std::make_shared<std::vector<RelationType>>(*next_.types_);
  for (const RelationType& t : types) {
    auto it = std::find_if(merged->begin(), merged->end(),
                           [&](const RelationType& m) { return m.name == t.name; });
    if (it != merged->end()) {
      *it = t;
    } else {
      merged->push_back(t);
    }
  }
  next_.types_ = std::move(merged);
}

std::uint32_t Snapshot::Builder::OriginIndex(const std::string& origin) {
  const auto& origins = *next_.origins_;
  auto it = std::find(origins.begin(), origins.end(), origin);
  if (it != origins.end()) return static_cast<std::uint32_t>(it - origins.begin());
  const auto index = static_cast<std::uint32_t>(origins.size());
  auto grown = std::make_shared<std::vector<std::string>>(origins);
  grown->push_back(origin);
  next_.origins_ = std::move(grown);  // `origins` may dangle from here on
  return index;
}

std::shared_ptr<const Snapshot> Snapshot::Builder::Build() {
  return std::make_shared<const Snapshot>(std::move(next_));
}

}  // namespace affinity

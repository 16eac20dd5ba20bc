#include "engine/snapshot.hpp"

#include <algorithm>

namespace affinity {

std::shared_ptr<const SnapshotBundles> SnapshotBundles::Make(
    std::map<std::string, std::shared_ptr<const Bundle>, std::less<>> bundles) {
  auto out = std::make_shared<SnapshotBundles>();
  out->by_id = std::move(bundles);
  for (const auto& [id, bundle] : out->by_id) {
    for (const BundleItem& item : bundle->items) {
      std::vector<const Bundle*>& list = out->by_sku[item.sku];
      if (list.empty() || list.back() != bundle.get()) list.push_back(bundle.get());
    }
  }
  return out;
}

int Snapshot::TypeIndex(std::string_view name) const {
  for (std::size_t i = 0; i < types_->size(); ++i) {
    if ((*types_)[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Snapshot::Builder::Builder(const Snapshot& base) : next_(base) {
  ++next_.generation_;
  for (std::size_t i = 0; i < next_.origins_->size(); ++i) {
    origin_index_.emplace((*next_.origins_)[i], static_cast<std::uint32_t>(i));
  }
  for (std::size_t i = 1; i < next_.rules_->size(); ++i) {
    rule_index_.emplace((*next_.rules_)[i].id, static_cast<std::uint32_t>(i));
  }
}

void Snapshot::Builder::SetNode(ProductId id, std::shared_ptr<const ProductNode> node) {
  if (node && !next_.index_.Find(node->product.sku)) next_.index_.Add(node->product.sku, id);
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
  if (auto it = origin_index_.find(origin); it != origin_index_.end()) return it->second;
  const auto index = static_cast<std::uint32_t>(next_.origins_->size());
  auto grown = std::make_shared<std::vector<std::string>>(*next_.origins_);
  grown->push_back(origin);
  next_.origins_ = std::move(grown);
  origin_index_.emplace(origin, index);
  return index;
}

std::uint32_t Snapshot::Builder::PutRule(SnapshotRule rule) {
  auto rules = std::make_shared<std::vector<SnapshotRule>>(*next_.rules_);
  std::uint32_t index = RuleIndex(rule.id);
  if (index == 0) {
    index = static_cast<std::uint32_t>(rules->size());
    rule_index_.emplace(rule.id, index);
    rules->push_back(std::move(rule));
  } else {
    (*rules)[index] = std::move(rule);
  }
  next_.rules_ = std::move(rules);
  return index;
}

std::uint32_t Snapshot::Builder::RuleIndex(std::string_view id) const {
  auto it = rule_index_.find(std::string(id));
  return it == rule_index_.end() ? 0 : it->second;
}

std::shared_ptr<const Snapshot> Snapshot::Builder::Build() {
  return std::make_shared<const Snapshot>(std::move(next_));
}

}  // namespace affinity

#include "rules/target_index.hpp"

#include <algorithm>

namespace affinity {

namespace {

void SortedInsert(std::vector<ProductId>& list, ProductId id) {
  auto it = std::lower_bound(list.begin(), list.end(), id);
  if (it == list.end() || *it != id) list.insert(it, id);
}

template <typename Map>
void EraseFrom(Map& lists, const std::string& key, ProductId id) {
  auto it = lists.find(key);
  if (it == lists.end()) return;
  auto& list = it->second;
  auto pos = std::lower_bound(list.begin(), list.end(), id);
  if (pos != list.end() && *pos == id) list.erase(pos);
  if (list.empty()) lists.erase(it);
}

}  // namespace

TargetIndex::TargetIndex(const CatalogView& catalog) : catalog_(catalog) {
  // Ids ascend, so appending keeps every list sorted.
  for (ProductId id = 0; id < catalog.id_limit(); ++id) {
    if (const Product* p = catalog.Get(id)) Insert(id, *p);
  }
}

void TargetIndex::Insert(ProductId id, const Product& p) {
  if (keys_.size() <= id) keys_.resize(id + 1);
  Keys& k = keys_[id];
  k = {true, p.category, p.brand, p.tags};
  SortedInsert(all_, id);
  SortedInsert(by_category_[p.category], id);
  SortedInsert(by_brand_[p.brand], id);
  for (const std::string& tag : p.tags) SortedInsert(by_tag_[tag], id);
}

void TargetIndex::Remove(ProductId id) {
  if (id >= keys_.size() || !keys_[id].present) return;
  Keys& k = keys_[id];
  auto pos = std::lower_bound(all_.begin(), all_.end(), id);
  if (pos != all_.end() && *pos == id) all_.erase(pos);
  EraseFrom(by_category_, k.category, id);
  EraseFrom(by_brand_, k.brand, id);
  for (const std::string& tag : k.tags) EraseFrom(by_tag_, tag, id);
  k = {};
}

void TargetIndex::Update(ProductId id) {
  Remove(id);
  if (const Product* p = catalog_.Get(id)) Insert(id, *p);
}

template <typename Map>
std::vector<ProductId> TargetIndex::Union(const Map& lists, const std::vector<std::string>& keys) {
  std::vector<ProductId> out;
  for (const std::string& key : keys) {
    auto it = lists.find(key);
    if (it != lists.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  if (keys.size() > 1) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return out;
}

std::vector<ProductId> TargetIndex::UnderCategory(std::string_view prefix) const {
  std::vector<ProductId> out;
  for (auto it = by_category_.lower_bound(prefix);
       it != by_category_.end() && it->first.starts_with(prefix); ++it) {
    out.insert(out.end(), it->second.begin(), it->second.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<ProductId> TargetIndex::Candidates(const std::vector<TargetHint>& hints,
                                               const Product& source) const {
  std::optional<std::vector<ProductId>> best;
  auto offer = [&](std::vector<ProductId> ids) {
    if (!best || ids.size() < best->size()) best = std::move(ids);
  };
  for (const TargetHint& h : hints) {
    switch (h.kind) {
      case TargetHint::Kind::kCategoryIn: offer(Union(by_category_, h.values)); break;
      case TargetHint::Kind::kCategoryUnder: {
        std::vector<ProductId> ids;
        for (const auto& prefix : h.values) {
          auto more = UnderCategory(prefix);
          ids.insert(ids.end(), more.begin(), more.end());
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        offer(std::move(ids));
        break;
      }
      case TargetHint::Kind::kBrandIn: offer(Union(by_brand_, h.values)); break;
      case TargetHint::Kind::kBrandIsSource: offer(Union(by_brand_, {source.brand})); break;
      case TargetHint::Kind::kCategoryIsSource: offer(Union(by_category_, {source.category})); break;
      case TargetHint::Kind::kTagIn: offer(Union(by_tag_, h.values)); break;
      case TargetHint::Kind::kSkuIn: {
        std::vector<ProductId> ids;
        for (const auto& sku : h.values) {
          if (auto id = catalog_.Find(sku); id && catalog_.Get(*id)) ids.push_back(*id);
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        offer(std::move(ids));
        break;
      }
    }
    if (best && best->empty()) break;
  }
  return best ? std::move(*best) : all_;
}

bool TargetIndex::CouldBeTarget(const std::vector<TargetHint>& hints, const Product& t) {
  auto in = [](const std::vector<std::string>& values, std::string_view v) {
    return std::find(values.begin(), values.end(), v) != values.end();
  };
  for (const TargetHint& h : hints) {
    switch (h.kind) {
      case TargetHint::Kind::kCategoryIn:
        if (!in(h.values, t.category)) return false;
        break;
      case TargetHint::Kind::kCategoryUnder:
        if (std::none_of(h.values.begin(), h.values.end(),
                         [&](const std::string& p) { return t.category.starts_with(p); })) {
          return false;
        }
        break;
      case TargetHint::Kind::kBrandIn:
        if (!in(h.values, t.brand)) return false;
        break;
      case TargetHint::Kind::kTagIn:
        if (std::none_of(h.values.begin(), h.values.end(),
                         [&](const std::string& v) { return in(t.tags, v); })) {
          return false;
        }
        break;
      case TargetHint::Kind::kSkuIn:
        if (!in(h.values, t.sku)) return false;
        break;
      case TargetHint::Kind::kBrandIsSource:
      case TargetHint::Kind::kCategoryIsSource:
        break;
    }
  }
  return true;
}

}  // namespace affinity

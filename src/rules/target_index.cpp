#include "rules/target_index.hpp"

#include <algorithm>

namespace affinity {

std::string TargetIndex::BrandCategory(std::string_view brand, std::string_view category) {
  std::string key(brand);
  key += '\x1f';
  key += category;
  return key;
}

TargetIndex::TargetIndex(const CatalogView& catalog) : catalog_(catalog) {
  keys_.resize(catalog.id_limit());
  for (ProductId id = 0; id < catalog.id_limit(); ++id) {
    const Product* p = catalog.Get(id);
    if (!p) continue;
    keys_[id] = {true, p->sku, p->category, p->brand, p->tags};
    all_.push_back(id);
  }
  // The engine numbers products in SKU order when it loads them, so usually nothing moves here.
  auto by_sku = [&](ProductId a, ProductId b) { return keys_[a].sku < keys_[b].sku; };
  if (!std::is_sorted(all_.begin(), all_.end(), by_sku)) {
    std::sort(all_.begin(), all_.end(), by_sku);
  }
  rank_.assign(keys_.size(), 0);
  Renumber(0);
  // Appending in SKU order keeps every list sorted.
  for (ProductId id : all_) {
    const Keys& k = keys_[id];
    by_category_[k.category].push_back(id);
    ++categories_[k.category];
    by_brand_[k.brand].push_back(id);
    by_brand_category_[BrandCategory(k.brand, k.category)].push_back(id);
    for (const std::string& tag : k.tags) {
      auto& list = by_tag_[tag];
      if (list.empty() || list.back() != id) list.push_back(id);  // a tag listed twice
    }
  }
}

void TargetIndex::InsertInto(std::vector<ProductId>& list, ProductId id) const {
  auto it = std::lower_bound(list.begin(), list.end(), id,
                             [&](ProductId a, ProductId b) { return SkuLess(a, b); });
  if (it == list.end() || *it != id) list.insert(it, id);
}

void TargetIndex::EraseFrom(Lists& lists, const std::string& key, ProductId id) const {
  auto it = lists.find(key);
  if (it == lists.end()) return;
  auto& list = it->second;
  auto pos = std::lower_bound(list.begin(), list.end(), id,
                              [&](ProductId a, ProductId b) { return SkuLess(a, b); });
  if (pos != list.end() && *pos == id) list.erase(pos);
  if (list.empty()) lists.erase(it);
}

void TargetIndex::Renumber(std::size_t from) {
  for (std::size_t i = from; i < all_.size(); ++i) rank_[all_[i]] = static_cast<std::uint32_t>(i);
}

void TargetIndex::Insert(ProductId id, const Product& p) {
  if (keys_.size() <= id) {
    keys_.resize(id + 1);
    rank_.resize(id + 1, 0);
  }
  keys_[id] = {true, p.sku, p.category, p.brand, p.tags};
  // Place it in SKU order (by text: its rank is not known yet), then renumber from there on.
  auto pos = std::lower_bound(all_.begin(), all_.end(), id, [&](ProductId a, ProductId b) {
    return keys_[a].sku < keys_[b].sku;
  });
  const auto at = static_cast<std::size_t>(pos - all_.begin());
  all_.insert(pos, id);
  Renumber(at);
  InsertInto(by_category_[p.category], id);
  ++categories_[p.category];
  InsertInto(by_brand_[p.brand], id);  // ranks are final now: the lists can compare them
  InsertInto(by_brand_category_[BrandCategory(p.brand, p.category)], id);
  for (const std::string& tag : p.tags) InsertInto(by_tag_[tag], id);
}

void TargetIndex::Remove(ProductId id) {
  if (id >= keys_.size() || !keys_[id].present) return;
  const Keys& k = keys_[id];
  auto pos = std::lower_bound(all_.begin(), all_.end(), id,
                              [&](ProductId a, ProductId b) { return SkuLess(a, b); });
  if (pos != all_.end() && *pos == id) all_.erase(pos);
  EraseFrom(by_category_, k.category, id);
  if (auto c = categories_.find(k.category); c != categories_.end() && --c->second == 0) {
    categories_.erase(c);
  }
  EraseFrom(by_brand_, k.brand, id);
  EraseFrom(by_brand_category_, BrandCategory(k.brand, k.category), id);
  for (const std::string& tag : k.tags) EraseFrom(by_tag_, tag, id);
  keys_[id] = {};
}

void TargetIndex::Update(ProductId id) {
  const Product* p = catalog_.Get(id);
  if (p && id < keys_.size() && keys_[id].present && keys_[id].sku == p->sku) {
    // Same product, new data: its place in SKU order (and its rank) stays; only the lists it is
    // in may change.
    Keys& k = keys_[id];
    EraseFrom(by_category_, k.category, id);
    if (auto c = categories_.find(k.category); c != categories_.end() && --c->second == 0) {
      categories_.erase(c);
    }
    EraseFrom(by_brand_, k.brand, id);
    EraseFrom(by_brand_category_, BrandCategory(k.brand, k.category), id);
    for (const std::string& tag : k.tags) EraseFrom(by_tag_, tag, id);
    k = {true, p->sku, p->category, p->brand, p->tags};
    InsertInto(by_category_[p->category], id);
    ++categories_[p->category];
    InsertInto(by_brand_[p->brand], id);
    InsertInto(by_brand_category_[BrandCategory(p->brand, p->category)], id);
    for (const std::string& tag : p->tags) InsertInto(by_tag_[tag], id);
    return;
  }
  Remove(id);
  if (p) Insert(id, *p);
}

CandidateList TargetIndex::Merge(std::vector<const std::vector<ProductId>*> lists) const {
  CandidateList out;
  std::erase(lists, nullptr);
  if (lists.size() == 1) {
    out.shared_ = lists[0];
    return out;
  }
  for (const auto* list : lists) out.owned_.insert(out.owned_.end(), list->begin(), list->end());
  std::sort(out.owned_.begin(), out.owned_.end(),
            [&](ProductId a, ProductId b) { return SkuLess(a, b); });
  out.owned_.erase(std::unique(out.owned_.begin(), out.owned_.end()), out.owned_.end());
  return out;
}

std::vector<std::string> TargetIndex::CategoriesUnder(std::string_view prefix) const {
  std::vector<std::string> out;
  for (auto it = categories_.lower_bound(prefix);
       it != categories_.end() && it->first.starts_with(prefix); ++it) {
    out.push_back(it->first);
  }
  return out;
}

CandidateList TargetIndex::Candidates(const std::vector<TargetHint>& hints,
                                      const Product& source) const {
  auto find = [](const Lists& lists, std::string_view key) -> const std::vector<ProductId>* {
    auto it = lists.find(key);
    return it == lists.end() ? nullptr : &it->second;
  };
  // What the hints allow, by dimension; each is a necessary condition.
  std::optional<std::vector<std::string>> brands, categories;
  std::optional<CandidateList> best;
  auto offer = [&](CandidateList c) {
    if (!best || c.size() < best->size()) best = std::move(c);
  };
  auto from_keys = [&](const Lists& lists, const std::vector<std::string>& keys) {
    std::vector<const std::vector<ProductId>*> found;
    for (const auto& key : keys) found.push_back(find(lists, key));
    return Merge(std::move(found));
  };
  for (const TargetHint& h : hints) {
    switch (h.kind) {
      case TargetHint::Kind::kCategoryIn: categories = h.values; break;
      case TargetHint::Kind::kCategoryIsSource: categories = {{source.category}}; break;
      case TargetHint::Kind::kCategoryUnder: {
        std::vector<std::string> under;
        for (const auto& prefix : h.values) {
          for (auto& c : CategoriesUnder(prefix)) under.push_back(std::move(c));
        }
        if (!categories || under.size() < categories->size()) categories = std::move(under);
        break;
      }
      case TargetHint::Kind::kBrandIn: brands = h.values; break;
      case TargetHint::Kind::kBrandIsSource: brands = {{source.brand}}; break;
      case TargetHint::Kind::kTagIn: offer(from_keys(by_tag_, h.values)); break;
      case TargetHint::Kind::kSkuIn: {
        CandidateList c;
        for (const auto& sku : h.values) {
          if (auto id = catalog_.Find(sku); id && *id < keys_.size() && keys_[*id].present) {
            c.owned_.push_back(*id);
          }
        }
        std::sort(c.owned_.begin(), c.owned_.end(),
                  [&](ProductId a, ProductId b) { return SkuLess(a, b); });
        c.owned_.erase(std::unique(c.owned_.begin(), c.owned_.end()), c.owned_.end());
        offer(std::move(c));
        break;
      }
    }
  }
  if (brands && categories) {
    std::vector<std::string> keys;
    for (const auto& b : *brands) {
      for (const auto& c : *categories) keys.push_back(BrandCategory(b, c));
    }
    offer(from_keys(by_brand_category_, keys));
  } else if (brands) {
    offer(from_keys(by_brand_, *brands));
  } else if (categories) {
    offer(from_keys(by_category_, *categories));
  }
  if (best) return std::move(*best);
  CandidateList everything;
  everything.shared_ = &all_;
  return everything;
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

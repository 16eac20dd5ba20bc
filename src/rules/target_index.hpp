// TargetIndex: products by category, brand, (brand, category) and tag, so that materialising a rule
// looks its targets up through the `then` condition's hints instead of comparing every pair. Every
// list is kept in SKU order, so the Materializer can stop a source's scan as soon as it has its
// `limit` best targets (in stock first, then by SKU). Not thread-safe to update; const methods may
// run concurrently.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/strings.hpp"
#include "rules/catalog_view.hpp"
#include "rules/condition.hpp"

namespace affinity {

// The candidates for one source: a list of the index (no copy) or a merged list it owns.
class CandidateList {
 public:
  std::span<const ProductId> items() const {
    return shared_ ? std::span<const ProductId>(*shared_) : std::span<const ProductId>(owned_);
  }
  std::size_t size() const { return items().size(); }
  bool empty() const { return items().empty(); }

 private:
  friend class TargetIndex;
  const std::vector<ProductId>* shared_ = nullptr;
  std::vector<ProductId> owned_;
};

class TargetIndex {
 public:
  explicit TargetIndex(const CatalogView& catalog);

  // The candidate targets for `source` allowed by `hints`, in SKU order: the smallest of the sets
  // the hints select (each hint is a necessary condition, so any of them is a superset of the true
  // targets; a brand hint with a category hint selects through the (brand, category) lists).
  // Without usable hints, every product.
  CandidateList Candidates(const std::vector<TargetHint>& hints, const Product& source) const;

  // Whether `target` satisfies every hint that does not refer to the source: false means it is
  // the target of no source, so a change to it cannot affect the rule's edges as a target.
  static bool CouldBeTarget(const std::vector<TargetHint>& hints, const Product& target);

  std::size_t product_count() const { return all_.size(); }

  // Re-reads product `id` from the catalog (created, changed or deleted) and updates the lists.
  void Update(ProductId id);

 private:
  using Lists = std::unordered_map<std::string, std::vector<ProductId>, StringHash, std::equal_to<>>;
  struct Keys {
    bool present = false;
    std::string sku, category, brand;
    std::vector<std::string> tags;
  };
  static std::string BrandCategory(std::string_view brand, std::string_view category);
  // SKU order as integers: rank_[id] grows with the SKU. Comparing ranks is what keeps merging
  // candidate lists cheap; ranks are renumbered from the insertion point when a SKU lands between
  // two others.
  bool SkuLess(ProductId a, ProductId b) const { return rank_[a] < rank_[b]; }
  void Renumber(std::size_t from);  // rank_[all_[i]] = i for i >= from
  void Insert(ProductId id, const Product& p);
  void Remove(ProductId id);
  void InsertInto(std::vector<ProductId>& list, ProductId id) const;
  void EraseFrom(Lists& lists, const std::string& key, ProductId id) const;
  // The union of several lists, in SKU order.
  CandidateList Merge(std::vector<const std::vector<ProductId>*> lists) const;
  std::vector<std::string> CategoriesUnder(std::string_view prefix) const;

  const CatalogView& catalog_;
  std::vector<Keys> keys_;  // by id: where each product is listed
  std::vector<std::uint32_t> rank_;  // by id: position in SKU order (see SkuLess)
  std::vector<ProductId> all_;
  Lists by_category_;
  std::map<std::string, std::size_t, std::less<>> categories_;  // ordered, for prefixes: -> count
  Lists by_brand_;
  Lists by_brand_category_;
  Lists by_tag_;
};

}  // namespace affinity

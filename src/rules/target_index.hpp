// TargetIndex: products by category, brand and tag, so that materialising a rule looks its targets
// up through the most selective TargetHint of its `then` condition instead of comparing every pair.
// Built in one pass over a CatalogView; immutable afterwards, so it may be shared by threads.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/strings.hpp"
#include "rules/catalog_view.hpp"
#include "rules/condition.hpp"

namespace affinity {

class TargetIndex {
 public:
  explicit TargetIndex(const CatalogView& catalog);

  // The candidate targets for `source` allowed by `hints`: the smallest of the sets the hints
  // select (each hint is a necessary condition, so any one of them is a superset of the true
  // targets). Without usable hints, every product. Ids ascending.
  std::vector<ProductId> Candidates(const std::vector<TargetHint>& hints,
                                    const Product& source) const;

  // Whether `target` satisfies every hint that does not refer to the source: false means it is
  // the target of no source, so a change to it cannot affect the rule's edges as a target.
  static bool CouldBeTarget(const std::vector<TargetHint>& hints, const Product& target);

  std::size_t product_count() const { return all_.size(); }

  // Re-reads product `id` from the catalog (created, changed or deleted) and updates the lists.
  void Update(ProductId id);

 private:
  using Lists = std::unordered_map<std::string, std::vector<ProductId>, StringHash, std::equal_to<>>;
  template <typename Map>
  static std::vector<ProductId> Union(const Map& lists, const std::vector<std::string>& keys);
  // Products whose category path starts with `prefix` (a plain string prefix, as startsWith).
  std::vector<ProductId> UnderCategory(std::string_view prefix) const;

  struct Keys {
    bool present = false;
    std::string category, brand;
    std::vector<std::string> tags;
  };
  void Insert(ProductId id, const Product& p);
  void Remove(ProductId id);

  const CatalogView& catalog_;
  std::vector<Keys> keys_;  // by id: where each product is listed
  std::vector<ProductId> all_;
  std::map<std::string, std::vector<ProductId>, std::less<>> by_category_;  // ordered: prefixes
  Lists by_brand_;
  Lists by_tag_;
};

}  // namespace affinity

// FindMissingAccessories: products whose category peers usually have accessories but which have
// none, with suggested accessories and the evidence for each. A peer "has accessories" when it has
// an accessory edge (manual or generated) or, with purchase history, is often bought with a
// cheaper product from an accessory category. Suggestions are the accessories their peers link
// most often and the accessory-category products bought with the product itself. Lock-free over a
// Snapshot.
#pragma once

#include <string>
#include <vector>

#include "engine/co_purchases.hpp"
#include "engine/snapshot.hpp"

namespace affinity {

struct MissingAccessoriesOptions {
  double min_peer_share = 0.5;  // at least this share of category peers have accessories
  std::size_t min_peers = 2;    // ... and at least this many peers do
  std::size_t max_suggestions = 5;
  std::string category;         // only products in (under) this category; empty: all
  std::size_t limit = 100;      // products reported, most-evidenced first
};

struct AccessorySuggestion {
  const ProductNode* product;
  std::size_t peers_linking = 0;   // how many category peers link it as an accessory
  std::int64_t bought_together = 0;  // baskets holding it and the product (0: no history)
  std::string evidence;            // a sentence for people
};

struct MissingAccessories {
  const ProductNode* product;
  std::size_t peers = 0;                   // other products in the same category
  std::size_t peers_with_accessories = 0;
  std::vector<AccessorySuggestion> suggestions;
};

std::vector<MissingAccessories> FindMissingAccessories(const Snapshot& snapshot,
                                                       const MissingAccessoriesOptions& options,
                                                       const CoPurchases* history);

}  // namespace affinity

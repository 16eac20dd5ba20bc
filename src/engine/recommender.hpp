// Recommend: ranked, filtered, optionally explained suggestions for one product, read from a
// Snapshot. Pure and lock-free: the cost is one hash lookup plus a walk over the product's
// pre-ranked edges, stopping at `limit`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.hpp"
#include "engine/snapshot.hpp"
#include "rules/eval_context.hpp"

namespace affinity {

// Weights to rank with instead of the saved ones, for a preview ("what if cross_sell weighed 2?"):
// nothing is changed. A missing entry keeps the saved weight.
struct WeightOverrides {
  std::unordered_map<std::string, double> types;          // type name -> type weight
  std::unordered_map<RelationshipId, double> links;       // manual or mined link -> link weight
  std::unordered_map<std::string, double> rules;          // rule id -> rule weight
  bool empty() const { return types.empty() && links.empty() && rules.empty(); }
};

struct RecommendRequest {
  std::string sku;                 // one product, or
  std::vector<std::string> cart;   // several: the cart's products (recommended items exclude them)
  std::vector<std::string> types;  // empty: every type
  std::size_t limit = 10;          // 1..kMaxLimit
  bool explain = false;
  bool include_out_of_stock = false;  // targets that are not active are skipped regardless
  // The request context for scheduled and contextual rules. `now` is Unix seconds (UTC): the time
  // the request is "as of".
  std::int64_t now = 0;
  const CustomerProfile* customer = nullptr;
  const Cart* cart_context = nullptr;
  // Ranks every candidate with these weights (slower: the pre-ranked order no longer holds).
  const WeightOverrides* weights = nullptr;
  static constexpr std::size_t kMaxLimit = 1000;
};

// Why an item is there: one link or rule edge and the terms of its score.
struct Reason {
  const ProductNode* from;  // the product the edge leaves (the cart item, for a cart)
  const RankedEdge* edge;
  const RelationType* type;
  // The score's terms as ranked: type weight x the link's (or rule's) own weight; the saved ones
  // unless the request overrides them.
  double type_weight = 0;
  double own_weight = 0;
  double score = 0;
};

struct RecommendedItem {
  const ProductNode* product;  // the target; owned by the snapshot
  const RelationType* type;    // of the best-ranked link to it
  double score = 0;
  std::optional<std::int32_t> position;
  std::vector<Reason> reasons;  // filled only when explain is set; best first
};

struct Recommendations {
  const ProductNode* product;  // the source; nullptr for a cart
  std::vector<RecommendedItem> items;
};

// Returns NotFound for an unknown SKU (or cart SKU) and InvalidArgument for an unknown type or a
// limit out of range. For a cart, an item's score is its best score from any cart product. Edges of
// rules whose schedule is not active at `now` or whose context condition fails are skipped, and so
// are targets whose status is not active (Product::Active).
// The result points into `snapshot`, which must outlive it.
Result<Recommendations> Recommend(const Snapshot& snapshot, const RecommendRequest& request);

// The types named as a mask over the snapshot's type indexes (empty `names`: every type).
// InvalidArgument naming an unknown type and the nearest known one.
Result<std::vector<bool>> TypeMask(const Snapshot& snapshot, const std::vector<std::string>& names);

// Whether `node` is covered: a recommendation request for it with no customer and no cart, at
// `now`, returns at least one item. Stops at the first live edge.
bool IsCovered(const Snapshot& snapshot, const ProductNode& node, std::int64_t now);

// The types that cover `node` on their own: `covered[i]` is set (to 1) when a request as IsCovered
// makes, restricted to the type of index i, returns at least one item. `covered` is resized to
// snapshot.types().size() and cleared first. Returns whether any type covers it (IsCovered).
// Touches each live edge's target once per type at most: it stops once every type the product
// has an edge of is covered.
bool CoveringTypes(const Snapshot& snapshot, const ProductNode& node, std::int64_t now,
                   std::vector<std::uint8_t>* covered);

}  // namespace affinity

// Snapshot: an immutable, self-contained view of the catalog and its ranked links, built by the
// Engine after every write and published with one atomic pointer swap. Readers hold a
// shared_ptr<const Snapshot> and never lock or touch the store; a new snapshot shares every page
// of products and links that the write did not touch with the one before it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <optional>
#include <unordered_map>
#include <vector>

#include "catalog/product.hpp"
#include "common/strings.hpp"
#include "engine/paged_array.hpp"
#include "engine/sku_index.hpp"
#include "relations/bundle.hpp"
#include "relations/relation_type.hpp"
#include "relations/relationship.hpp"
#include "rules/condition.hpp"
#include "rules/guideline_set.hpp"
#include "rules/schedule.hpp"

namespace affinity {

// A link as a recommendation follows it, 40 bytes: precomputed score, no strings. The link's (or
// rule's) own weight is score / the type's weight.
struct RankedEdge {
  static constexpr std::int32_t kUnpinned = INT32_MAX;
  RelationshipId relationship = 0;  // 0 for a generated edge
  double score = 0.0;               // type weight x link weight
  ProductId target = 0;
  std::int32_t position = kUnpinned;
  std::uint32_t origin = 0;  // index into Snapshot::origin()
  std::uint32_t rule = 0;    // index into Snapshot::rule(); 0: a manual link
  std::uint16_t type = 0;    // index into Snapshot::types()
};
static_assert(sizeof(RankedEdge) == 32 || sizeof(RankedEdge) == 40);

// What serving needs of a rule: its terms for explanations and its request-time gates.
struct SnapshotRule {
  std::string id;
  std::int64_t priority = 0;
  double weight = 1.0;
  Schedule schedule;
  std::optional<CompiledCondition> context;
  bool runs_per_request() const { return context.has_value() || !schedule.always(); }
};

// The saved bundles, by id, and which bundles each SKU is in (each list by bundle id).
struct SnapshotBundles {
  std::map<std::string, std::shared_ptr<const Bundle>, std::less<>> by_id;
  std::unordered_map<std::string, std::vector<const Bundle*>, StringHash, std::equal_to<>> by_sku;

  // Indexes `bundles` by SKU. The Bundles are shared, not copied.
  static std::shared_ptr<const SnapshotBundles> Make(
      std::map<std::string, std::shared_ptr<const Bundle>, std::less<>> bundles);
};

// One product and the links a recommendation for it follows, best first: pinned positions
// ascending, then score descending, then target SKU ascending (deterministic ties).
struct ProductNode {
  Product product;
  std::vector<RankedEdge> edges;
};

class Snapshot {
 public:
  // nullptr when the SKU is unknown or deleted.
  const ProductNode* Find(std::string_view sku) const {
    auto id = index_.Find(sku);
    return id ? Get(*id) : nullptr;
  }
  const ProductNode* Get(ProductId id) const {
    return id < nodes_.size() ? nodes_[id].get() : nullptr;
  }
  ProductId id_limit() const { return static_cast<ProductId>(nodes_.size()); }
  std::size_t product_count() const { return product_count_; }
  std::size_t edge_count() const { return edge_count_; }

  const std::vector<RelationType>& types() const { return *types_; }
  // The index of a type in types(), or -1.
  int TypeIndex(std::string_view name) const;
  const std::string& origin(std::uint32_t index) const { return (*origins_)[index]; }
  // REQUIRES: 0 < index, from RankedEdge::rule.
  const SnapshotRule& rule(std::uint32_t index) const { return (*rules_)[index]; }
  std::uint64_t generation() const { return generation_; }
  const SnapshotBundles& bundles() const { return *bundles_; }
  // The brand guidelines as of this snapshot (reports and bundle checks read them).
  const GuidelineSet& guidelines() const { return *guidelines_; }
  // nullptr when there is no bundle `id`.
  const Bundle* FindBundle(std::string_view id) const {
    auto it = bundles_->by_id.find(id);
    return it == bundles_->by_id.end() ? nullptr : it->second.get();
  }

  class Builder;

 private:
  PagedArray<std::shared_ptr<const ProductNode>> nodes_;
  SkuIndex index_;
  std::shared_ptr<const std::vector<RelationType>> types_ =
      std::make_shared<std::vector<RelationType>>();
  std::shared_ptr<const std::vector<std::string>> origins_ =
      std::make_shared<std::vector<std::string>>(1, "manual");
  std::shared_ptr<const std::vector<SnapshotRule>> rules_ =
      std::make_shared<std::vector<SnapshotRule>>(1);  // [0]: no rule
  std::shared_ptr<const SnapshotBundles> bundles_ = std::make_shared<SnapshotBundles>();
  std::shared_ptr<const GuidelineSet> guidelines_ = std::make_shared<GuidelineSet>();
  std::size_t product_count_ = 0;
  std::size_t edge_count_ = 0;
  std::uint64_t generation_ = 0;
};

// Makes the next snapshot from the previous one. Not thread-safe; the Engine uses one per write.
class Snapshot::Builder {
 public:
  explicit Builder(const Snapshot& base);

  // Replaces a product's node (nullptr removes the product). The engine assigns ids: the same
  // SKU always has the same id.
  void SetNode(ProductId id, std::shared_ptr<const ProductNode> node);
  // Updates the definitions of `types` and appends new ones; existing indexes never move.
  void SetTypes(const std::vector<RelationType>& types);
  const Snapshot& current() const { return next_; }
  std::uint32_t OriginIndex(const std::string& origin);
  // Adds or replaces a rule's serving entry; indexes never move. Returns its index.
  std::uint32_t PutRule(SnapshotRule rule);
  // The index of a rule put before, or 0.
  std::uint32_t RuleIndex(std::string_view id) const;
  void SetBundles(std::shared_ptr<const SnapshotBundles> bundles) {
    next_.bundles_ = std::move(bundles);
  }
  void SetGuidelines(std::shared_ptr<const GuidelineSet> guidelines) {
    next_.guidelines_ = std::move(guidelines);
  }

  std::shared_ptr<const Snapshot> Build();

 private:
  Snapshot next_;
  std::unordered_map<std::string, std::uint32_t> origin_index_;
  std::unordered_map<std::string, std::uint32_t> rule_index_;
};

}  // namespace affinity

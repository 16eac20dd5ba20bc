// RelationGraph: the authoritative set of relation types and relationships, and the invariants they
// keep: no self-links, no duplicates (a symmetric link A-B duplicates B-A), known types, the
// per-product cap, and no cycle within an acyclic type.
//
// Not thread-safe: the Engine owns one and touches it only under its writer lock. Readers see
// immutable Snapshots built from it instead.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "common/status.hpp"
#include "relations/relation_type.hpp"
#include "relations/relationship.hpp"

namespace affinity {

class RelationGraph {
 public:
  RelationGraph();  // starts with the built-in types

  // --- types
  const RelationType* FindType(std::string_view name) const;
  std::vector<RelationType> Types() const;  // by name
  // Whether `type` may replace (or add) its definition given the links that exist: turning a type
  // acyclic needs its links to be a DAG (the error names a cycle), symmetric needs no A->B with B->A,
  // a cap needs no product above it. Returns FailedPrecondition naming the offending links.
  Status CheckPutType(const RelationType& type) const;
  void PutType(const RelationType& type);  // REQUIRES: CheckPutType(type).ok()
  void EraseType(std::string_view name);   // REQUIRES: no link has this type (used to undo)

  // --- relationships
  const Relationship* Find(RelationshipId id) const;
  // The link (source, target, type), either way round for a symmetric type; nullptr if none.
  const Relationship* FindByKey(const Relationship& r) const;
  // Whether `r` may be added. `product_exists` says whether a SKU is in the catalog. Returns
  // InvalidArgument (self-link, unknown product or type), AlreadyExists (duplicate, naming the
  // existing link's id), FailedPrecondition (a cycle, named "A -> B -> C -> A"; or the cap).
  Status CheckInsert(const Relationship& r,
                     const std::function<bool(std::string_view)>& product_exists) const;
  void Insert(const Relationship& r);  // REQUIRES: CheckInsert(r).ok(), r.id unused
  void Replace(const Relationship& r);  // weight/position/version change; REQUIRES: Find(r.id)
  void Erase(RelationshipId id);       // no-op for an unknown id

  // Every link that names `sku` as source or target.
  std::vector<const Relationship*> Touching(std::string_view sku) const;
  // The links a recommendation for `sku` follows: those from it, and symmetric ones to it.
  std::vector<const Relationship*> Outgoing(std::string_view sku) const;
  std::size_t size() const { return by_id_.size(); }
  // All links, in id order.
  std::vector<const Relationship*> All() const;

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // (source, target, type)
  Key KeyOf(const Relationship& r) const;  // symmetric types order (source, target)
  // A path from `from` to `to` along links of `type`, as SKUs, or empty when there is none.
  std::vector<std::string> FindPath(std::string_view from, std::string_view to,
                                    std::string_view type) const;
  std::size_t CountFrom(std::string_view sku, const RelationType& type) const;

  std::map<std::string, RelationType, std::less<>> types_;
  std::map<RelationshipId, Relationship> by_id_;
  std::map<Key, RelationshipId> by_key_;
  std::unordered_map<std::string, std::vector<RelationshipId>> touching_;
};

// "A -> B -> C -> A"
std::string FormatCycle(const std::vector<std::string>& skus);

}  // namespace affinity

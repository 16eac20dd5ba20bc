// Engine: ordering a product's links by hand (the console's drag to reorder and pin).
#include <fmt/format.h>

#include <set>

#include "engine/engine.hpp"
#include "engine/txn.hpp"

namespace affinity {

Result<std::vector<Relationship>> Engine::ReorderRelationships(
    std::string_view sku, std::string_view type, const std::vector<RelationshipId>& ids) {
  std::lock_guard lock(mu_);
  if (!HasProduct(sku)) return Status::NotFound(fmt::format("product '{}' does not exist", sku));
  const RelationType* t = graph_.FindType(type);
  if (!t) return Status::InvalidArgument(fmt::format("unknown relation type '{}'", type));
  if (ids.empty()) {
    return Status::InvalidArgument(
        "field 'ids' is empty; list the product's links of this type in the order to serve them");
  }
  std::set<RelationshipId> listed;
  for (RelationshipId id : ids) {
    if (!listed.insert(id).second) {
      return Status::InvalidArgument(fmt::format("relationship {} is listed twice", id));
    }
    const Relationship* r = graph_.Find(id);
    if (!r) return Status::NotFound(fmt::format("relationship {} does not exist", id));
    const bool of_product = r->source == sku || (!t->directed && r->target == sku);
    if (r->type != type || !of_product) {
      return Status::InvalidArgument(fmt::format(
          "relationship {} is a '{}' link from {} to {}, not a '{}' link of {}; list only the "
          "product's own '{}' links",
          id, r->type, r->source, r->target, type, sku, type));
    }
  }
  // Listed links get positions 1..n; a pin left over on an unlisted link of the same type would
  // compete with them, so it is cleared.
  Txn txn(*this);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Relationship r = *graph_.Find(ids[i]);
    const auto position = static_cast<std::int32_t>(i + 1);
    if (r.position == position) continue;
    r.position = position;
    txn.ReplaceLink(std::move(r));
  }
  for (const Relationship* r : graph_.Outgoing(sku)) {
    if (r->type != type || !r->position || listed.contains(r->id)) continue;
    Relationship unpinned = *r;
    unpinned.position.reset();
    txn.ReplaceLink(std::move(unpinned));
  }
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  std::vector<Relationship> out;
  for (RelationshipId id : ids) out.push_back(*graph_.Find(id));
  return out;
}

}  // namespace affinity

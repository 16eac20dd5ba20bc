#include "storage/memory_store.hpp"

namespace affinity {

Result<StoredState> MemoryStore::Load() {
  StoredState s;
  for (const auto& [_, p] : products_) s.products.push_back(p);
  for (const auto& [_, t] : types_) s.types.push_back(t);
  for (const auto& [_, r] : relationships_) s.relationships.push_back(r);
  for (const auto& [_, r] : rules_) s.rules.push_back(r);
  s.next_relationship_id = next_relationship_id_;
  for (const auto& [_, x] : suggestions_) s.suggestions.push_back(x);
  for (const auto& [_, b] : bundles_) s.bundles.push_back(b);
  for (const auto& [_, g] : guidelines_) s.guidelines.push_back(g);
  return s;
}

Status MemoryStore::Apply(const ChangeSet& c) {
  for (const auto& sku : c.delete_products) products_.erase(sku);
  for (auto id : c.delete_relationships) relationships_.erase(id);
  for (const auto& p : c.put_products) products_[p.sku] = p;
  for (const auto& t : c.put_types) types_[t.name] = t;
  for (const auto& r : c.put_relationships) relationships_[r.id] = r;
  for (const auto& id : c.delete_rules) rules_.erase(id);
  for (const auto& r : c.put_rules) rules_[r.id] = r;
  if (c.next_relationship_id) next_relationship_id_ = *c.next_relationship_id;
  for (auto id : c.delete_suggestions) suggestions_.erase(id);
  for (const auto& x : c.put_suggestions) suggestions_[x.id] = x;
  for (const auto& id : c.delete_bundles) bundles_.erase(id);
  for (const auto& b : c.put_bundles) bundles_[b.id] = b;
  for (const auto& id : c.delete_guidelines) guidelines_.erase(id);
  for (const auto& g : c.put_guidelines) guidelines_[g.id] = g;
  for (AuditEntry e : c.audit) {
    e.id = next_audit_id_++;
    audit_.push_back(std::move(e));
  }
  if (audit_.size() > 2 * kAuditKept) audit_.erase(audit_.begin(), audit_.end() - kAuditKept);
  return Status::Ok();
}

}  // namespace affinity

// Store: the port through which the Engine persists the catalog. Adapters: SqliteStore (the embedded
// default), MemoryStore (tests). A store applies a ChangeSet atomically: all of it or none of it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/product.hpp"
#include "common/audit.hpp"
#include "common/status.hpp"
#include "relations/bundle.hpp"
#include "relations/relation_type.hpp"
#include "relations/relationship.hpp"
#include "relations/suggestion.hpp"
#include "rules/guideline.hpp"
#include "rules/rule.hpp"

namespace affinity {

// One write's worth of changes. Deletions apply before upserts.
struct ChangeSet {
  std::vector<std::string> delete_products;  // skus
  std::vector<RelationshipId> delete_relationships;
  std::vector<Product> put_products;
  std::vector<RelationType> put_types;
  std::vector<Relationship> put_relationships;
  std::vector<std::string> delete_rules;  // ids
  std::vector<Rule> put_rules;
  // The next relationship id to hand out, when it moved: ids are never reused, even after the
  // newest link is deleted and the process restarts.
  std::optional<RelationshipId> next_relationship_id;
  std::vector<std::uint64_t> delete_suggestions;
  std::vector<Suggestion> put_suggestions;
  std::vector<std::string> delete_bundles;  // ids
  std::vector<Bundle> put_bundles;
  std::vector<std::string> delete_guidelines;  // ids
  std::vector<Guideline> put_guidelines;
  // What the change did, for the audit trail; stored in the same transaction.
  std::vector<AuditEntry> audit;

  bool empty() const {
    return delete_products.empty() && delete_relationships.empty() && put_products.empty() &&
           put_types.empty() && put_relationships.empty() && delete_rules.empty() &&
           put_rules.empty() && !next_relationship_id && delete_suggestions.empty() &&
           put_suggestions.empty() && delete_bundles.empty() && put_bundles.empty() &&
           delete_guidelines.empty() && put_guidelines.empty() && audit.empty();
  }
};

// Everything a store holds, as loaded at start-up.
struct StoredState {
  std::vector<Product> products;
  std::vector<RelationType> types;  // only those ever written; built-ins are implied
  std::vector<Relationship> relationships;
  std::vector<Rule> rules;
  RelationshipId next_relationship_id = 1;
  std::vector<Suggestion> suggestions;
  std::vector<Bundle> bundles;
  std::vector<Guideline> guidelines;
};

class Store {
 public:
  virtual ~Store() = default;
  // Reads the whole state. Returns Unavailable or Internal when the store cannot be read.
  virtual Result<StoredState> Load() = 0;
  // Applies `changes` atomically and durably. On any error nothing was applied; Unavailable means a
  // retry may succeed (the store is busy), Internal that it will not.
  virtual Status Apply(const ChangeSet& changes) = 0;
};

}  // namespace affinity

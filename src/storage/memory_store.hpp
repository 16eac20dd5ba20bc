// MemoryStore: a Store kept in memory, for tests. Thread-compatible (the Engine serialises calls).
#pragma once

#include <map>
#include <string>

#include "engine/store.hpp"

namespace affinity {

class MemoryStore : public Store {
 public:
  Result<StoredState> Load() override;
  Status Apply(const ChangeSet& changes) override;

 private:
  std::map<std::string, Product> products_;
  std::map<std::string, RelationType> types_;
  std::map<RelationshipId, Relationship> relationships_;
  std::map<std::string, Rule> rules_;
  RelationshipId next_relationship_id_ = 1;
  std::map<std::uint64_t, Suggestion> suggestions_;
};

}  // namespace affinity

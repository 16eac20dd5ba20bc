// MemoryStore: a Store kept in memory, for tests. Thread-compatible (the Engine serialises calls).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/store.hpp"

namespace affinity {

class MemoryStore : public Store {
 public:
  Result<StoredState> Load() override;
  Status Apply(const ChangeSet& changes) override;
  // The audit entries applied so far (the newest kAuditKept), oldest first.
  const std::vector<AuditEntry>& audit() const { return audit_; }
  static constexpr std::size_t kAuditKept = 100'000;

 private:
  std::map<std::string, Product> products_;
  std::map<std::string, RelationType> types_;
  std::map<RelationshipId, Relationship> relationships_;
  std::map<std::string, Rule> rules_;
  RelationshipId next_relationship_id_ = 1;
  std::map<std::uint64_t, Suggestion> suggestions_;
  std::map<std::string, Bundle> bundles_;
  std::map<std::string, Guideline> guidelines_;
  std::vector<AuditEntry> audit_;
  std::int64_t next_audit_id_ = 1;
};

}  // namespace affinity

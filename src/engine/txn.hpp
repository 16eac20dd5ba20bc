// Engine::Txn: one write in progress. It changes the Engine's in-memory state as it goes, records
// how to undo each change, collects the ChangeSet for the Store and the products whose snapshot
// nodes must be rebuilt. Commit() persists, brings the rules' generated edges up to date and
// publishes; destruction without Commit() rolls back. Private to the engine; used under Engine::mu_.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/rule_runtime.hpp"

namespace affinity {

// OK when `if_match` is absent or equals `current`; otherwise Aborted naming `what` ("relationship
// 12") and both versions.
Status CheckVersion(std::string_view what, std::int64_t current,
                    std::optional<std::int64_t> if_match);

class Engine::Txn {
 public:
  explicit Txn(Engine& engine) : e_(engine) {}
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;

  // Returns the stored product (with its bumped version) and whether it is new.
  const Product& PutProduct(Product product, bool* created);
  // And every link that names it. Takes `sku` by value: the caller may pass the map key it erases.
  void DeleteProduct(std::string sku);
  void InsertLink(Relationship r);             // assigns r.id
  const Relationship& last_inserted() const { return last_inserted_; }
  void ReplaceLink(Relationship r);            // bumps r.version
  void EraseLink(RelationshipId id);
  void PutType(RelationType type);             // bumps type.version
  // Stores `rule` (the plan's definition, version bumped) and applies the plan on commit.
  // REQUIRES: plan.valid. Returns the stored rule.
  const Rule& PutRule(RulePlan plan);
  void DeleteRule(RulePlan plan);  // REQUIRES: plan.valid
  void PutSuggestion(Suggestion s);
  void EraseSuggestion(std::uint64_t id);
  // Stores `bundle` with its version bumped and its times set; returns the stored bundle.
  const Bundle& PutBundle(Bundle bundle);
  void DeleteBundle(std::string id);  // REQUIRES: the bundle exists
  // Stores `guideline` with its version bumped; returns the stored definition.
  const Guideline& PutGuideline(CompiledGuideline guideline);
  void DeleteGuideline(std::string id);  // REQUIRES: the guideline exists

  // Persists the ChangeSet and publishes the snapshot. On a store error, rolls back and returns it.
  Status Commit();

 private:
  void Touch(std::string_view sku);
  // Records one change for the audit trail, by the calling thread's AuditContext; `before` and
  // `after` are the entity's JSON ("" for none).
  void Audit(std::string_view entity, std::string id, std::string before, std::string after);
  void CountAttributes(const Product& p, int delta);

  Engine& e_;
  ChangeSet changes_;
  std::vector<std::function<void()>> undo_;
  std::set<ProductId> dirty_;
  std::vector<ProductId> changed_products_;
  std::set<std::string> changed_types_;
  std::set<std::string> changed_link_types_;  // of links inserted or erased, for related()
  std::optional<RulePlan> rule_plan_;
  bool bundles_changed_ = false;
  bool guidelines_changed_ = false;
  Relationship last_inserted_;
  bool committed_ = false;
};

}  // namespace affinity

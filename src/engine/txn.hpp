// Engine::Txn: one write in progress. It changes the Engine's in-memory state as it goes, records
// how to undo each change, collects the ChangeSet for the Store and the SKUs whose snapshot nodes
// must be rebuilt. Commit() persists and publishes; destruction without Commit() rolls back.
// Private to the engine; used only under Engine::mu_.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "engine/engine.hpp"

namespace affinity {

class Engine::Txn {
 public:
  explicit Txn(Engine& engine) : e_(engine) {}
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;

  // Returns the stored product (with its bumped version) and whether it is new.
  const Product& PutProduct(Product product, bool* created);
  void DeleteProduct(const std::string& sku);  // and every link that names it
  void InsertLink(Relationship r);             // assigns r.id
  const Relationship& last_inserted() const { return last_inserted_; }
  void ReplaceLink(Relationship r);            // bumps r.version
  void EraseLink(RelationshipId id);
  void PutType(RelationType type);             // bumps type.version

  // Persists the ChangeSet and publishes the snapshot. On a store error, rolls back and returns it.
  Status Commit();

 private:
  void Touch(const std::string& sku) { dirty_.insert(sku); }

  Engine& e_;
  ChangeSet changes_;
  std::vector<std::function<void()>> undo_;
  std::set<std::string> dirty_;
  std::set<std::string> changed_types_;
  Relationship last_inserted_;
  bool committed_ = false;
};

}  // namespace affinity

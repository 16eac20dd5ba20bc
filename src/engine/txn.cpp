#include "engine/txn.hpp"

#include <algorithm>

namespace affinity {

Engine::Txn::~Txn() {
  if (committed_) return;
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) (*it)();
}

const Product& Engine::Txn::PutProduct(Product product, bool* created) {
  auto it = e_.products_.find(product.sku);
  *created = it == e_.products_.end();
  if (*created) {
    product.version = 1;
    undo_.push_back([this, sku = product.sku] { e_.products_.erase(sku); });
    it = e_.products_.emplace(product.sku, std::move(product)).first;
  } else {
    product.version = it->second.version + 1;
    undo_.push_back([this, old = it->second] { e_.products_[old.sku] = old; });
    it->second = std::move(product);
  }
  changes_.put_products.push_back(it->second);
  Touch(it->first);
  return it->second;
}

void Engine::Txn::DeleteProduct(const std::string& sku) {
  for (const Relationship* r : e_.graph_.Touching(sku)) EraseLink(r->id);
  auto it = e_.products_.find(sku);
  undo_.push_back([this, old = it->second] { e_.products_.emplace(old.sku, old); });
  e_.products_.erase(it);
  changes_.delete_products.push_back(sku);
  Touch(sku);
}

void Engine::Txn::InsertLink(Relationship r) {
  r.id = e_.next_relationship_id_++;
  r.version = 1;
  e_.graph_.Insert(r);
  undo_.push_back([this, id = r.id] {
    e_.graph_.Erase(id);
    e_.next_relationship_id_ = std::min(e_.next_relationship_id_, id);
  });
  Touch(r.source);
  Touch(r.target);
  changes_.put_relationships.push_back(r);
  last_inserted_ = std::move(r);
}

void Engine::Txn::ReplaceLink(Relationship r) {
  const Relationship old = *e_.graph_.Find(r.id);
  r.version = old.version + 1;
  e_.graph_.Replace(r);
  undo_.push_back([this, old] { e_.graph_.Replace(old); });
  Touch(r.source);
  Touch(r.target);
  changes_.put_relationships.push_back(std::move(r));
}

void Engine::Txn::EraseLink(RelationshipId id) {
  const Relationship old = *e_.graph_.Find(id);
  e_.graph_.Erase(id);
  undo_.push_back([this, old] { e_.graph_.Insert(old); });
  Touch(old.source);
  Touch(old.target);
  changes_.delete_relationships.push_back(id);
}

void Engine::Txn::PutType(RelationType type) {
  const RelationType* current = e_.graph_.FindType(type.name);
  type.version = current ? current->version + 1 : 1;
  if (current) {
    undo_.push_back([this, old = *current] { e_.graph_.PutType(old); });
  } else {
    undo_.push_back([this, name = type.name] { e_.graph_.EraseType(name); });
  }
  e_.graph_.PutType(type);
  changed_types_.insert(type.name);
  changes_.put_types.push_back(std::move(type));
}

Status Engine::Txn::Commit() {
  if (!changes_.empty()) AFFINITY_RETURN_IF_ERROR(e_.store_->Apply(changes_));
  committed_ = true;

  std::shared_ptr<const Snapshot> current = e_.snapshot_.load();
  Snapshot::Builder builder(*current);
  if (!changed_types_.empty()) {
    builder.SetTypes(e_.graph_.Types());
    // Scores and type indexes of these types' links changed: rebuild every product they touch.
    for (const Relationship* r : e_.graph_.All()) {
      if (changed_types_.contains(r->type)) {
        Touch(r->source);
        Touch(r->target);
      }
    }
  }
  for (const std::string& sku : dirty_) {
    auto it = e_.products_.find(sku);
    if (it != e_.products_.end()) {
      builder.SetNode(builder.IdFor(sku), e_.BuildNode(it->second, builder));
    } else if (auto id = builder.FindId(sku)) {
      builder.SetNode(*id, nullptr);
    }
  }
  e_.snapshot_.store(builder.Build());
  return Status::Ok();
}

}  // namespace affinity

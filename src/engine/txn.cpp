#include "engine/txn.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "catalog/product_json.hpp"
#include "common/json_write.hpp"

namespace affinity {
namespace {

std::string Text(const boost::json::object& o) { return ToJsonText(o); }

}  // namespace

void Engine::Txn::Audit(std::string_view entity, std::string id, std::string before,
                        std::string after) {
  const AuditContext& context = CurrentAudit();
  std::string action = context.action;
  if (action.empty()) action = before.empty() ? "create" : after.empty() ? "delete" : "update";
  changes_.audit.push_back({.at_ms = NowMillis(),
                            .actor = context.actor,
                            .action = std::move(action),
                            .entity = std::string(entity),
                            .entity_id = std::move(id),
                            .before = std::move(before),
                            .after = std::move(after)});
}

Engine::Txn::~Txn() {
  if (committed_) return;
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) (*it)();
}

void Engine::Txn::Touch(std::string_view sku) {
  if (auto it = e_.ids_.find(sku); it != e_.ids_.end()) dirty_.insert(it->second);
}

void Engine::Txn::CountAttributes(const Product& p, int delta) {
  for (const auto& kv : p.attributes) {
    auto& n = e_.attribute_counts_[std::string(kv.key())];
    n += delta;
    if (n <= 0) e_.attribute_counts_.erase(std::string(kv.key()));
  }
}

const Product& Engine::Txn::PutProduct(Product product, bool* created) {
  auto it = e_.products_.find(product.sku);
  *created = it == e_.products_.end();
  auto [id_it, new_id] = e_.ids_.try_emplace(product.sku, static_cast<ProductId>(e_.by_id_.size()));
  const ProductId id = id_it->second;
  if (new_id) e_.by_id_.push_back(nullptr);  // ids are never taken back, even on rollback
  std::string before = *created ? std::string() : Text(ProductToJson(it->second));
  if (*created) {
    product.version = 1;
    it = e_.products_.emplace(product.sku, std::move(product)).first;
    e_.by_id_[id] = &it->second;
    undo_.push_back([this, id, sku = it->first] {
      CountAttributes(e_.products_.at(sku), -1);
      e_.by_id_[id] = nullptr;
      e_.products_.erase(sku);
    });
  } else {
    product.version = it->second.version + 1;
    CountAttributes(it->second, -1);
    undo_.push_back([this, old = it->second] {
      Product& current = e_.products_.at(old.sku);
      CountAttributes(current, -1);
      CountAttributes(old, +1);
      current = old;
    });
    it->second = std::move(product);
  }
  CountAttributes(it->second, +1);
  Audit("product", it->second.sku, std::move(before), Text(ProductToJson(it->second)));
  changes_.put_products.push_back(it->second);
  changed_products_.push_back(id);
  dirty_.insert(id);
  return it->second;
}

void Engine::Txn::DeleteProduct(std::string sku) {
  for (const Relationship* r : e_.graph_.Touching(sku)) EraseLink(r->id);
  auto it = e_.products_.find(sku);
  const ProductId id = e_.ids_.at(sku);
  CountAttributes(it->second, -1);
  Audit("product", sku, Text(ProductToJson(it->second)), "");
  undo_.push_back([this, id, old = it->second] {
    auto restored = e_.products_.emplace(old.sku, old).first;
    e_.by_id_[id] = &restored->second;
    CountAttributes(old, +1);
  });
  e_.by_id_[id] = nullptr;
  e_.products_.erase(it);
  changes_.delete_products.push_back(sku);
  changed_products_.push_back(id);
  dirty_.insert(id);
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
  changed_link_types_.insert(r.type);
  Audit("relationship", std::to_string(r.id), "", Text(RelationshipToJson(r)));
  changes_.put_relationships.push_back(r);
  changes_.next_relationship_id = e_.next_relationship_id_;
  last_inserted_ = std::move(r);
}

void Engine::Txn::ReplaceLink(Relationship r) {
  const Relationship old = *e_.graph_.Find(r.id);
  r.version = old.version + 1;
  e_.graph_.Replace(r);
  undo_.push_back([this, old] { e_.graph_.Replace(old); });
  Touch(r.source);
  Touch(r.target);
  Audit("relationship", std::to_string(r.id), Text(RelationshipToJson(old)),
        Text(RelationshipToJson(r)));
  changes_.put_relationships.push_back(std::move(r));
}

void Engine::Txn::EraseLink(RelationshipId id) {
  const Relationship old = *e_.graph_.Find(id);
  e_.graph_.Erase(id);
  undo_.push_back([this, old] { e_.graph_.Insert(old); });
  Touch(old.source);
  Touch(old.target);
  changed_link_types_.insert(old.type);
  Audit("relationship", std::to_string(id), Text(RelationshipToJson(old)), "");
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
  Audit("relation_type", type.name, current ? Text(RelationTypeToJson(*current)) : "",
        Text(RelationTypeToJson(type)));
  e_.graph_.PutType(type);
  changed_types_.insert(type.name);
  changes_.put_types.push_back(std::move(type));
}

const Rule& Engine::Txn::PutRule(RulePlan plan) {
  Rule& rule = plan.compiled->rule;
  const Rule* current = e_.rules_->Find(rule.id);
  rule.version = current ? current->version + 1 : 1;
  Audit("rule", rule.id, current ? Text(RuleToJson(*current)) : "", Text(RuleToJson(rule)));
  changes_.put_rules.push_back(rule);
  rule_plan_ = std::move(plan);
  return changes_.put_rules.back();
}

void Engine::Txn::DeleteRule(RulePlan plan) {
  if (const Rule* current = e_.rules_->Find(plan.rule_id)) {
    Audit("rule", plan.rule_id, Text(RuleToJson(*current)), "");
  }
  changes_.delete_rules.push_back(plan.rule_id);
  rule_plan_ = std::move(plan);
}

void Engine::Txn::PutSuggestion(Suggestion s) {
  auto it = e_.suggestions_.find(s.id);
  // Decisions are audited; the pending suggestions a mining job proposes are not changes anyone made.
  if (s.status != SuggestionStatus::kPending) {
    const bool decided_before = it != e_.suggestions_.end() && it->second.status == s.status;
    if (!decided_before) {
      AuditScope decision(CurrentAudit().actor, CurrentAudit().action.empty()
                                                    ? std::string(SuggestionStatusName(s.status))
                                                    : CurrentAudit().action);
      Audit("suggestion", std::to_string(s.id),
            it == e_.suggestions_.end() ? "" : Text(SuggestionToJson(it->second)),
            Text(SuggestionToJson(s)));
    }
  }
  if (it == e_.suggestions_.end()) {
    undo_.push_back([this, id = s.id] { e_.suggestions_.erase(id); });
  } else {
    undo_.push_back([this, old = it->second] { e_.suggestions_[old.id] = old; });
  }
  changes_.put_suggestions.push_back(s);
  e_.suggestions_[s.id] = std::move(s);
}

void Engine::Txn::EraseSuggestion(std::uint64_t id) {
  auto it = e_.suggestions_.find(id);
  if (it == e_.suggestions_.end()) return;
  undo_.push_back([this, old = it->second] { e_.suggestions_[old.id] = old; });
  e_.suggestions_.erase(it);
  changes_.delete_suggestions.push_back(id);
}

const Bundle& Engine::Txn::PutBundle(Bundle bundle) {
  auto it = e_.bundles_.find(bundle.id);
  const Bundle* current = it == e_.bundles_.end() ? nullptr : it->second.get();
  bundle.version = current ? current->version + 1 : 1;
  bundle.updated_ms = NowMillis();
  bundle.created_ms = current ? current->created_ms : bundle.updated_ms;
  Audit("bundle", bundle.id, current ? Text(BundleToJson(*current)) : "",
        Text(BundleToJson(bundle)));
  if (current) {
    undo_.push_back([this, old = it->second] { e_.bundles_[old->id] = old; });
  } else {
    undo_.push_back([this, id = bundle.id] { e_.bundles_.erase(id); });
  }
  auto stored = std::make_shared<const Bundle>(bundle);
  e_.bundles_[bundle.id] = stored;
  changes_.put_bundles.push_back(std::move(bundle));
  bundles_changed_ = true;
  return *stored;
}

void Engine::Txn::DeleteBundle(std::string id) {
  auto it = e_.bundles_.find(id);
  Audit("bundle", id, Text(BundleToJson(*it->second)), "");
  undo_.push_back([this, old = it->second] { e_.bundles_[old->id] = old; });
  e_.bundles_.erase(it);
  changes_.delete_bundles.push_back(std::move(id));
  bundles_changed_ = true;
}

const Guideline& Engine::Txn::PutGuideline(CompiledGuideline guideline) {
  Guideline& g = guideline.guideline;
  const CompiledGuideline* current = e_.guidelines_->Find(g.id);
  g.version = current ? current->guideline.version + 1 : 1;
  Audit("guideline", g.id, current ? Text(GuidelineToJson(current->guideline)) : "",
        Text(GuidelineToJson(g)));
  changes_.put_guidelines.push_back(g);
  undo_.push_back([this, old = e_.guidelines_] { e_.guidelines_ = old; });
  e_.guidelines_ = std::make_shared<const GuidelineSet>(e_.guidelines_->With(std::move(guideline)));
  guidelines_changed_ = true;
  return changes_.put_guidelines.back();
}

void Engine::Txn::DeleteGuideline(std::string id) {
  Audit("guideline", id, Text(GuidelineToJson(e_.guidelines_->Find(id)->guideline)), "");
  undo_.push_back([this, old = e_.guidelines_] { e_.guidelines_ = old; });
  e_.guidelines_ = std::make_shared<const GuidelineSet>(e_.guidelines_->Without(id));
  changes_.delete_guidelines.push_back(std::move(id));
  guidelines_changed_ = true;
}

Status Engine::Txn::Commit() {
  if (!changes_.empty()) AFFINITY_RETURN_IF_ERROR(e_.store_->Apply(changes_));
  committed_ = true;

  // Nothing below can fail: the write is durable, now bring the derived state up to date.
  std::shared_ptr<const Snapshot> current = e_.snapshot_.Load();
  Snapshot::Builder builder(*current);
  if (!changed_products_.empty()) e_.rules_->ProductsChanged(changed_products_, &dirty_);
  // related() reads manual links too. A product change has already redone every rule that reads
  // any type, so only a write of links alone needs this.
  if (changed_products_.empty() && !changed_link_types_.empty()) {
    e_.rules_->LinksChanged(changed_link_types_, &dirty_);
  }
  if (rule_plan_) {
    if (rule_plan_->compiled) {
      builder.PutRule(ServingEntry(*rule_plan_->compiled));
    } else if (builder.RuleIndex(rule_plan_->rule_id) != 0) {
      SnapshotRule tombstone;  // no edge refers to a deleted rule; its index stays taken
      tombstone.id = rule_plan_->rule_id;
      builder.PutRule(std::move(tombstone));
    }
    e_.rules_->Apply(std::move(*rule_plan_), &dirty_);
  }
  if (!changed_types_.empty()) {
    builder.SetTypes(e_.graph_.Types());
    // Scores and type indexes of these types' edges changed: rebuild every product they touch.
    for (const Relationship* r : e_.graph_.All()) {
      if (changed_types_.contains(r->type)) {
        Touch(r->source);
        Touch(r->target);
      }
    }
    for (const Rule* rule : e_.rules_->Rules()) {
      if (!changed_types_.contains(rule->type)) continue;
      if (const RuleResult* result = e_.rules_->Result(rule->id)) {
        for (const auto& [source, targets] : result->edges.targets) {
          dirty_.insert(source);
          dirty_.insert(targets.begin(), targets.end());
        }
      }
    }
  }
  for (ProductId id : dirty_) builder.SetNode(id, e_.BuildNode(id, builder));
  if (bundles_changed_) builder.SetBundles(SnapshotBundles::Make(e_.bundles_));
  if (guidelines_changed_) builder.SetGuidelines(e_.guidelines_);
  e_.Publish(builder.Build());
  return Status::Ok();
}

Status CheckVersion(std::string_view what, std::int64_t current,
                    std::optional<std::int64_t> if_match) {
  if (if_match && *if_match != current) {
    return Status::Aborted(fmt::format(
        "{} is at version {}, not {} as If-Match says; fetch it again and retry", what, current,
        *if_match));
  }
  return Status::Ok();
}

}  // namespace affinity

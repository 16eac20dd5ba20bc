// Engine: the rule endpoints (list, read, validate, save, delete). See engine.hpp.
#include <fmt/format.h>

#include "engine/engine.hpp"
#include "engine/rule_runtime.hpp"
#include "engine/txn.hpp"

namespace affinity {
namespace {

RuleView ViewOf(const Rule& rule, const RuleRuntime& rules) {
  RuleView v{rule, 0, 0, 0, rules.warnings(rule.id)};
  if (const RuleResult* r = rules.Result(rule.id)) {
    v.sources = r->edges.matched.size();
    v.targets = r->sources_of.size();
    v.edges = r->edges.edge_count;
  }
  return v;
}

}  // namespace

RuleReport Engine::Report(const RulePlan& plan) const {
  RuleReport report;
  report.valid = plan.valid;
  report.diagnostics = plan.diagnostics;
  report.sources = plan.sources;
  report.targets = plan.targets;
  report.edges = plan.edges;
  for (const auto& [s, t] : plan.sample) {
    report.sample.emplace_back(by_id_[s]->sku, by_id_[t]->sku);
  }
  if (plan.compiled) report.rule = plan.compiled->rule;
  CheckRuleGuidelines(plan, &report);
  return report;
}

std::vector<RuleView> Engine::Rules() const {
  std::lock_guard lock(mu_);
  std::vector<RuleView> out;
  for (const Rule* rule : rules_->Rules()) out.push_back(ViewOf(*rule, *rules_));
  return out;
}

Result<RuleView> Engine::GetRule(const std::string& id) const {
  std::lock_guard lock(mu_);
  const Rule* rule = rules_->Find(id);
  if (!rule) return Status::NotFound(fmt::format("rule '{}' does not exist", id));
  return ViewOf(*rule, *rules_);
}

RuleReport Engine::ValidateRule(const Rule& rule) const {
  std::lock_guard lock(mu_);
  RuleReport report = Report(rules_->PlanPut(rule, Attributes()));
  report.rule = rule;
  return report;
}

Result<RuleReport> Engine::PutRule(Rule rule, bool create_only,
                                   std::optional<std::int64_t> if_match) {
  std::lock_guard lock(mu_);
  const Rule* current = rules_->Find(rule.id);
  if (current && create_only) {
    return Status::AlreadyExists(fmt::format(
        "rule '{}' already exists; PUT /v1/rules/{} to replace it", rule.id, rule.id));
  }
  if (if_match && (!current || current->version != *if_match)) {
    return Status::Aborted(fmt::format("rule '{}' is at version {}, not {} as If-Match says",
                                       rule.id, current ? current->version : 0, *if_match));
  }
  RulePlan plan = rules_->PlanPut(rule, Attributes());
  RuleReport report = Report(plan);
  report.rule = rule;
  if (!report.valid) return report;
  report.created = current == nullptr;
  Txn txn(*this);
  report.rule = txn.PutRule(std::move(plan));
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  return report;
}

Status Engine::DeleteRule(const std::string& id, std::optional<std::int64_t> if_match) {
  std::lock_guard lock(mu_);
  const Rule* current = rules_->Find(id);
  if (!current) return Status::NotFound(fmt::format("rule '{}' does not exist", id));
  if (if_match && current->version != *if_match) {
    return Status::Aborted(fmt::format("rule '{}' is at version {}, not {} as If-Match says", id,
                                       current->version, *if_match));
  }
  RulePlan plan = rules_->PlanDelete(id);
  if (!plan.valid) {
    // Removing a rule only removes edges, which cannot close a cycle; but report anything found.
    std::string why = plan.diagnostics.empty() ? "" : plan.diagnostics.front().message;
    return Status::FailedPrecondition(fmt::format("rule '{}' cannot be deleted: {}", id, why));
  }
  Txn txn(*this);
  txn.DeleteRule(std::move(plan));
  return txn.Commit();
}

}  // namespace affinity

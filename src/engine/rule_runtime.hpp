// RuleRuntime: the rules of the catalog, compiled, and the edges they generate (materialised),
// kept current as rules and products change. Owned by the Engine and used under its writer lock.
//
// A change to a rule is planned first (PlanPut / PlanDelete): compiled, stratified against the
// other rules, materialised together with every rule that reads its type through related(), checked
// (no cycle in an acyclic type with any other edge, contradictions, lints), with nothing changed.
// Apply() then swaps the plan in. A change to products is applied incrementally (ProductsChanged):
// per rule, only the sources whose targets may differ are recomputed.
//
// A plan's materialisation has an evaluation budget (evaluation_budget.hpp, kMaxRuleEvaluations by
// default): a rule whose edges would take more evaluations of its conditions is refused with a
// diagnostic of code kEvaluationBudgetCode that says how many sources and candidate targets it
// compares and how to narrow it. Start-up (Load) and product or link changes recompute rules that
// were accepted, without a budget.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "relations/relation_graph.hpp"
#include "rules/catalog_view.hpp"
#include "rules/compiled_rule.hpp"
#include "rules/materializer.hpp"
#include "rules/target_index.hpp"

namespace affinity {

// The materialised edges of one rule, with the reverse map (target -> sources).
struct RuleResult {
  RuleEdges edges;
  std::unordered_map<ProductId, std::vector<ProductId>> sources_of;
  void IndexSources();  // builds sources_of from edges.targets
  // Replaces the targets of `source` (and whether `when` selects it), keeping the maps in step.
  void SetSource(ProductId source, bool matched, std::vector<ProductId> targets);
};

struct RulePlan {
  bool valid = false;
  std::vector<RuleDiagnostic> diagnostics;  // errors (when !valid) and warnings
  std::string rule_id;
  std::optional<CompiledRule> compiled;     // the new definition; none for a delete
  std::map<std::string, std::shared_ptr<RuleResult>> results;  // recomputed; null: none
  // For the dry run: what the rule itself produces.
  std::size_t sources = 0, targets = 0, edges = 0;
  std::vector<std::pair<ProductId, ProductId>> sample;
};

class RuleRuntime {
 public:
  // `catalog` and `graph` are the Engine's master state; both must outlive this.
  RuleRuntime(const CatalogView& catalog, const RelationGraph& graph);
  ~RuleRuntime();

  // Compiles and materialises stored rules at start-up. Rules that no longer compile (e.g. their
  // type was removed) are kept, disabled in effect, with their errors in warnings().
  void Load(const std::vector<Rule>& rules, const AttributeCatalog& attributes);

  RulePlan PlanPut(const Rule& rule, const AttributeCatalog& attributes) const;
  // The budget of each plan, in evaluations (kMaxRuleEvaluations unless changed; tests lower it).
  void set_evaluation_budget(std::uint64_t evaluations) { evaluation_budget_ = evaluations; }
  RulePlan PlanDelete(const std::string& id) const;
  // Swaps a valid plan in; adds to `dirty` every product whose generated edges changed.
  // REQUIRES: plan.valid.
  void Apply(RulePlan plan, std::set<ProductId>* dirty);

  // Products whose data changed (created, updated or deleted; already applied to the catalog).
  // Recomputes what they can affect and adds to `dirty` every product whose edges changed.
  void ProductsChanged(const std::vector<ProductId>& ids, std::set<ProductId>* dirty);
  // Manual links of `types` were created or deleted (already applied to the graph). Redoes every
  // rule that reads one of them through related(), and the rules that read what those produce;
  // adds to `dirty` every product whose edges changed.
  void LinksChanged(const std::set<std::string>& types, std::set<ProductId>* dirty);

  // Rules in id order.
  std::vector<const Rule*> Rules() const;
  const Rule* Find(const std::string& id) const;
  const CompiledRule* Compiled(const std::string& id) const;
  const RuleResult* Result(const std::string& id) const;
  const std::vector<RuleDiagnostic>& warnings(const std::string& id) const;

  // Calls fn(rule, target) for every generated edge that a recommendation for `id` follows: the
  // rule's edges from `id`, and for symmetric types the edges into `id`.
  template <typename Fn>
  void ForEachEdgeFrom(ProductId id, Fn&& fn) const;

 private:
  class Related;
  RulePlan Plan(const std::string& id, std::optional<CompiledRule> compiled,
                std::vector<RuleDiagnostic> diagnostics) const;
  void CheckAcyclic(const std::string& type, const RulePlan& plan,
                    std::vector<RuleDiagnostic>* out) const;
  void Lint(const CompiledRule& rule, const RuleResult& result, const RulePlan& plan,
            std::vector<RuleDiagnostic>* out) const;
  const RuleResult* ResultIn(const RulePlan* plan, const std::string& id) const;
  // After a product or link change, generated edges of an acyclic type may close a cycle with
  // other edges. Such an edge is held back (dropped from its rule's result) and the rule gets a
  // warning naming it; the write itself is never refused because of a rule. Products whose nodes
  // change go to `dirty`.
  void HoldBackCycles(const std::string& type, std::set<ProductId>* dirty);
  void HoldBackCyclesOf(const std::set<std::string>& types, std::set<ProductId>* dirty);
  void Reorder();  // recomputes order_ from compiled_
  void RecomputeAll(std::set<ProductId>* dirty);
  void MarkDirty(const CompiledRule& rule, const RuleResult& result, std::set<ProductId>* dirty) const;

  const CatalogView& catalog_;
  const RelationGraph& graph_;
  std::map<std::string, Rule> rules_;
  std::map<std::string, CompiledRule> compiled_;  // rules that compile
  std::map<std::string, std::shared_ptr<RuleResult>> results_;  // enabled compiled rules
  std::map<std::string, std::vector<RuleDiagnostic>> warnings_;
  std::vector<const CompiledRule*> order_;  // stratified, enabled
  std::unique_ptr<TargetIndex> index_;
  int threads_;
  std::uint64_t evaluation_budget_ = kMaxRuleEvaluations;
};

template <typename Fn>
void RuleRuntime::ForEachEdgeFrom(ProductId id, Fn&& fn) const {
  for (const auto& [rule_id, result] : results_) {
    const CompiledRule& rule = compiled_.at(rule_id);
    if (auto it = result->edges.targets.find(id); it != result->edges.targets.end()) {
      for (ProductId target : it->second) fn(rule, target);
    }
    const RelationType* type = graph_.FindType(rule.rule.type);
    if (type && !type->directed) {
      if (auto it = result->sources_of.find(id); it != result->sources_of.end()) {
        for (ProductId source : it->second) fn(rule, source);
      }
    }
  }
}

}  // namespace affinity

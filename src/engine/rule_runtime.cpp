#include "engine/rule_runtime.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "engine/rule_related.hpp"
#include "rules/rule_order.hpp"

namespace affinity {
namespace {

// 200000000 -> "200,000,000"
std::string Grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The refusal of a plan whose materialisation of `rule` spent `budget`.
RuleDiagnostic OverBudget(const std::string& saved_id, const CompiledRule& rule,
                          const MaterializeCost& cost, const EvaluationBudget& budget) {
  const std::string& id = rule.rule.id;
  std::string why = id == saved_id ? fmt::format("materialising rule '{}'", id)
                                   : fmt::format(
                                         "saving rule '{}' re-materialises rule '{}' (it reads the "
                                         "type '{}' through related()), and that",
                                         saved_id, id, rule.rule.type);
  std::string message = fmt::format(
      "{} needs more than the budget of {} condition evaluations per rule save (it stopped after "
      "{}): 'when' selects {} source{} and 'then' leaves {} candidate target{} for each, about {} "
      "comparisons; narrow 'then' with a condition the target index can use (target.category == "
      "\"...\", target.category startsWith \"...\", target.brand == source.brand, "
      "target.category == source.category, target.tags contains \"...\" or target.sku in "
      "[...]), or select fewer sources in 'when'",
      why, Grouped(budget.limit()), Grouped(budget.used()), Grouped(cost.sources),
      cost.sources == 1 ? "" : "s", Grouped(cost.candidates), cost.candidates == 1 ? "" : "s",
      cost.comparisons < 1e15 ? Grouped(static_cast<std::uint64_t>(cost.comparisons))
                              : fmt::format("{:.1e}", cost.comparisons));
  return RuleDiagnostic{.rule = saved_id,
                        .field = id == saved_id ? "then" : "",
                        .message = std::move(message),
                        .code = kEvaluationBudgetCode};
}

}  // namespace

void RuleResult::IndexSources() {
  sources_of.clear();
  for (const auto& [source, targets] : edges.targets) {
    for (ProductId t : targets) sources_of[t].push_back(source);
  }
}

void RuleResult::SetSource(ProductId source, bool matched, std::vector<ProductId> targets) {
  if (auto it = edges.targets.find(source); it != edges.targets.end()) {
    for (ProductId t : it->second) {
      auto& list = sources_of[t];
      std::erase(list, source);
      if (list.empty()) sources_of.erase(t);
    }
    edges.edge_count -= it->second.size();
    edges.targets.erase(it);
  }
  auto pos = std::lower_bound(edges.matched.begin(), edges.matched.end(), source);
  const bool was = pos != edges.matched.end() && *pos == source;
  if (matched && !was) edges.matched.insert(pos, source);
  if (!matched && was) edges.matched.erase(pos);
  if (targets.empty()) return;
  for (ProductId t : targets) sources_of[t].push_back(source);
  edges.edge_count += targets.size();
  edges.targets.emplace(source, std::move(targets));
}

RuleRuntime::RuleRuntime(const CatalogView& catalog, const RelationGraph& graph)
    : catalog_(catalog),
      graph_(graph),
      index_(std::make_unique<TargetIndex>(catalog)),
      threads_(std::max(1u, std::thread::hardware_concurrency())) {}

RuleRuntime::~RuleRuntime() = default;

void RuleRuntime::Reorder() {
  std::vector<const CompiledRule*> all;
  for (const auto& [_, c] : compiled_) all.push_back(&c);
  auto order = StratifyRules(all);
  // Every applied plan was stratified, so this holds; a store edited by hand could break it, and
  // then rules run in id order (related() may see fewer links) rather than not at all.
  if (order.ok()) {
    order_ = std::move(order).value();
  } else {
    order_.clear();
    for (const CompiledRule* c : all) {
      if (c->rule.enabled) order_.push_back(c);
    }
  }
}

void RuleRuntime::Load(const std::vector<Rule>& rules, const AttributeCatalog& attributes) {
  for (const Rule& rule : rules) {
    rules_[rule.id] = rule;
    std::vector<RuleDiagnostic> diagnostics;
    auto compiled = CompileRule(rule, attributes, graph_.FindType(rule.type) != nullptr,
                                &diagnostics);
    if (compiled) compiled_.emplace(rule.id, std::move(*compiled));
    warnings_[rule.id] = std::move(diagnostics);
  }
  std::set<ProductId> ignored;
  RecomputeAll(&ignored);
}

void RuleRuntime::RecomputeAll(std::set<ProductId>* dirty) {
  Reorder();
  index_ = std::make_unique<TargetIndex>(catalog_);
  std::map<std::string, std::shared_ptr<RuleResult>> old = std::move(results_);
  results_.clear();
  for (const CompiledRule* rule : order_) {
    Related related(*this, nullptr);
    Materializer materializer(catalog_, *index_, &related);
    auto result = std::make_shared<RuleResult>();
    result->edges = materializer.Run(*rule, threads_);
    result->IndexSources();
    results_[rule->rule.id] = result;
    MarkDirty(*rule, *result, dirty);
  }
  for (const auto& [id, result] : old) {
    if (auto c = compiled_.find(id); c != compiled_.end()) MarkDirty(c->second, *result, dirty);
  }
  std::set<std::string> types;
  for (const CompiledRule* rule : order_) types.insert(rule->rule.type);
  HoldBackCyclesOf(types, dirty);
}

void RuleRuntime::MarkDirty(const CompiledRule& rule, const RuleResult& result,
                            std::set<ProductId>* dirty) const {
  for (const auto& [source, _] : result.edges.targets) dirty->insert(source);
  const RelationType* type = graph_.FindType(rule.rule.type);
  if (type && !type->directed) {
    for (const auto& [target, _] : result.sources_of) dirty->insert(target);
  }
}

RulePlan RuleRuntime::PlanPut(const Rule& rule, const AttributeCatalog& attributes) const {
  std::vector<RuleDiagnostic> diagnostics;
  auto compiled =
      CompileRule(rule, attributes, graph_.FindType(rule.type) != nullptr, &diagnostics);
  if (!compiled) {
    RulePlan plan;
    plan.rule_id = rule.id;
    plan.diagnostics = std::move(diagnostics);
    return plan;
  }
  return Plan(rule.id, std::move(compiled), std::move(diagnostics));
}

RulePlan RuleRuntime::PlanDelete(const std::string& id) const {
  return Plan(id, std::nullopt, {});
}

const RuleResult* RuleRuntime::ResultIn(const RulePlan* plan, const std::string& id) const {
  if (plan) {
    if (auto it = plan->results.find(id); it != plan->results.end()) return it->second.get();
  }
  auto it = results_.find(id);
  return it == results_.end() ? nullptr : it->second.get();
}

RulePlan RuleRuntime::Plan(const std::string& id, std::optional<CompiledRule> compiled,
                           std::vector<RuleDiagnostic> diagnostics) const {
  RulePlan plan;
  plan.rule_id = id;
  plan.diagnostics = std::move(diagnostics);
  plan.compiled = std::move(compiled);

  // The rule set as it would be.
  std::vector<const CompiledRule*> all;
  for (const auto& [rid, c] : compiled_) {
    if (rid != id) all.push_back(&c);
  }
  if (plan.compiled) all.push_back(&*plan.compiled);
  auto order = StratifyRules(all);
  if (!order.ok()) {
    plan.diagnostics.push_back({id, "", 0, 0, order.status().message(), false, {}});
    return plan;
  }

  // Recompute the rule and, in order, every rule that reads a type whose edges change.
  std::set<std::string> changed_types;
  if (auto old = compiled_.find(id); old != compiled_.end()) changed_types.insert(old->second.rule.type);
  if (plan.compiled) changed_types.insert(plan.compiled->rule.type);
  EvaluationBudget budget(evaluation_budget_);
  for (const CompiledRule* rule : *order) {
    const auto reads = rule->reads_types();
    const bool downstream = std::any_of(reads.begin(), reads.end(), [&](const std::string& t) {
      return changed_types.contains(t);
    });
    if (rule->rule.id != id && !downstream) continue;
    Related related(*this, &plan);
    Materializer materializer(catalog_, *index_, &related);
    auto result = std::make_shared<RuleResult>();
    result->edges = materializer.Run(*rule, threads_, &budget);
    if (budget.exhausted()) {
      plan.diagnostics.push_back(OverBudget(id, *rule, materializer.Cost(*rule), budget));
      plan.results.clear();
      return plan;
    }
    result->IndexSources();
    plan.results[rule->rule.id] = std::move(result);
    changed_types.insert(rule->rule.type);
  }
  // A deleted or disabled rule's edges go away.
  if (!plan.compiled || !plan.compiled->rule.enabled) plan.results[id] = nullptr;

  std::set<std::string> checked;
  for (const auto& [rid, result] : plan.results) {
    if (!result) continue;
    const CompiledRule* rule = rid == id ? &*plan.compiled : &compiled_.at(rid);
    if (checked.insert(rule->rule.type).second) {
      CheckAcyclic(rule->rule.type, plan, &plan.diagnostics);
    }
  }
  if (plan.compiled) {
    if (const RuleResult* mine = ResultIn(&plan, id); mine && plan.compiled->rule.enabled) {
      plan.sources = mine->edges.matched.size();
      plan.targets = mine->sources_of.size();
      plan.edges = mine->edges.edge_count;
      std::vector<ProductId> sources;
      for (const auto& [s, _] : mine->edges.targets) sources.push_back(s);
      std::sort(sources.begin(), sources.end());
      for (ProductId s : sources) {
        for (ProductId t : mine->edges.targets.at(s)) {
          if (plan.sample.size() < 10) plan.sample.emplace_back(s, t);
        }
        if (plan.sample.size() >= 10) break;
      }
      Lint(*plan.compiled, *mine, plan, &plan.diagnostics);
    }
  }
  plan.valid = std::none_of(plan.diagnostics.begin(), plan.diagnostics.end(),
                            [](const RuleDiagnostic& d) { return !d.warning; });
  return plan;
}

void RuleRuntime::Apply(RulePlan plan, std::set<ProductId>* dirty) {
  const std::string& id = plan.rule_id;
  // The old edges of every recomputed rule, and the new ones, change their products' nodes.
  for (const auto& [rid, result] : plan.results) {
    if (auto old = results_.find(rid); old != results_.end()) {
      if (auto c = compiled_.find(rid); c != compiled_.end()) MarkDirty(c->second, *old->second, dirty);
    }
  }
  if (plan.compiled) {
    rules_[id] = plan.compiled->rule;
    compiled_.insert_or_assign(id, std::move(*plan.compiled));
    std::vector<RuleDiagnostic> warnings;
    for (auto& d : plan.diagnostics) {
      if (d.warning) warnings.push_back(std::move(d));
    }
    warnings_[id] = std::move(warnings);
  } else {
    rules_.erase(id);
    compiled_.erase(id);
    warnings_.erase(id);
  }
  for (auto& [rid, result] : plan.results) {
    if (result) {
      MarkDirty(compiled_.at(rid), *result, dirty);
      results_[rid] = std::move(result);
    } else {
      results_.erase(rid);
    }
  }
  Reorder();
}

void RuleRuntime::ProductsChanged(const std::vector<ProductId>& ids, std::set<ProductId>* dirty) {
  // A large batch is cheaper to redo from scratch than product by product.
  const bool large = ids.size() > std::max<std::size_t>(1000, catalog_.id_limit() / 50);
  if (results_.empty()) {
    if (large) {
      index_ = std::make_unique<TargetIndex>(catalog_);
    } else {
      for (ProductId id : ids) index_->Update(id);
    }
    return;
  }
  if (large) {
    RecomputeAll(dirty);
    return;
  }
  for (ProductId id : ids) index_->Update(id);
  std::set<std::string> grown;  // types that gained edges: they may close a cycle
  for (const CompiledRule* rule : order_) {
    RuleResult& result = *results_.at(rule->rule.id);
    const RelationType* type = graph_.FindType(rule->rule.type);
    const bool symmetric = type && !type->directed;
    Related related(*this, nullptr);
    Materializer materializer(catalog_, *index_, &related);
    if (!rule->reads_types().empty()) {
      // related() may make any source depend on any product: redo the rule.
      MarkDirty(*rule, result, dirty);
      result.edges = materializer.Run(*rule, threads_);
      result.IndexSources();
      MarkDirty(*rule, result, dirty);
      grown.insert(rule->rule.type);
      continue;
    }
    // The sources whose targets may change: the products themselves, the sources that target
    // them now, and the sources whose `then` they now satisfy.
    std::set<ProductId> affected(ids.begin(), ids.end());
    for (ProductId id : ids) {
      if (auto it = result.sources_of.find(id); it != result.sources_of.end()) {
        affected.insert(it->second.begin(), it->second.end());
      }
      const Product* product = catalog_.Get(id);
      if (!product || !TargetIndex::CouldBeTarget(rule->then.info().target_hints, *product)) {
        continue;
      }
      EvalContext ctx;
      ctx.target = product;
      for (ProductId source : result.edges.matched) {
        ctx.source = catalog_.Get(source);
        if (ctx.source && source != id && rule->then.Matches(ctx)) affected.insert(source);
      }
    }
    for (ProductId source : affected) {
      if (auto it = result.edges.targets.find(source); it != result.edges.targets.end()) {
        dirty->insert(source);
        if (symmetric) dirty->insert(it->second.begin(), it->second.end());
      }
      bool matched = false;
      std::vector<ProductId> targets = materializer.TargetsFor(*rule, source, &matched);
      if (!targets.empty()) {
        dirty->insert(source);
        if (symmetric) dirty->insert(targets.begin(), targets.end());
        auto before = result.edges.targets.find(source);
        for (ProductId t : targets) {
          if (before == result.edges.targets.end() ||
              std::find(before->second.begin(), before->second.end(), t) == before->second.end()) {
            grown.insert(rule->rule.type);
            break;
          }
        }
      }
      result.SetSource(source, matched, std::move(targets));
    }
  }
  HoldBackCyclesOf(grown, dirty);
}

void RuleRuntime::LinksChanged(const std::set<std::string>& types, std::set<ProductId>* dirty) {
  std::set<std::string> changed = types;
  for (const CompiledRule* rule : order_) {  // stratified: producers before their readers
    const auto reads = rule->reads_types();
    if (std::none_of(reads.begin(), reads.end(),
                     [&](const std::string& t) { return changed.contains(t); })) {
      continue;
    }
    RuleResult& result = *results_.at(rule->rule.id);
    Related related(*this, nullptr);
    Materializer materializer(catalog_, *index_, &related);
    MarkDirty(*rule, result, dirty);
    result.edges = materializer.Run(*rule, threads_);
    result.IndexSources();
    MarkDirty(*rule, result, dirty);
    changed.insert(rule->rule.type);
  }
  HoldBackCyclesOf(changed, dirty);
}

std::vector<const Rule*> RuleRuntime::Rules() const {
  std::vector<const Rule*> out;
  for (const auto& [_, r] : rules_) out.push_back(&r);
  return out;
}

const Rule* RuleRuntime::Find(const std::string& id) const {
  auto it = rules_.find(id);
  return it == rules_.end() ? nullptr : &it->second;
}

const CompiledRule* RuleRuntime::Compiled(const std::string& id) const {
  auto it = compiled_.find(id);
  return it == compiled_.end() ? nullptr : &it->second;
}

const RuleResult* RuleRuntime::Result(const std::string& id) const { return ResultIn(nullptr, id); }

const std::vector<RuleDiagnostic>& RuleRuntime::warnings(const std::string& id) const {
  static const std::vector<RuleDiagnostic> kNone;
  auto it = warnings_.find(id);
  return it == warnings_.end() ? kNone : it->second;
}

}  // namespace affinity

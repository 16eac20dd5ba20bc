// The checks a rule plan must pass beyond compiling: related() lookups during materialisation, no
// cycle in an acyclic type across manual and generated edges (contradictions named with both
// origins), and the lints (no source, no target, shadowed).
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <unordered_map>

#include "engine/rule_related.hpp"

namespace affinity {

// ------------------------------------------------------------------------------------ related()

template <typename Fn>
void RuleRuntime::Related::ForEachProducer(std::string_view type, Fn&& fn) const {
  const RelationType* t = rt_.graph_.FindType(type);
  const bool symmetric = t && !t->directed;
  auto visit = [&](const std::string& id, const CompiledRule& rule) {
    if (rule.rule.type != type) return;
    if (const RuleResult* r = rt_.ResultIn(plan_, id)) fn(*r, symmetric);
  };
  for (const auto& [id, rule] : rt_.compiled_) {
    if (!(plan_ && id == plan_->rule_id)) visit(id, rule);
  }
  if (plan_ && plan_->compiled) visit(plan_->rule_id, *plan_->compiled);
}

bool RuleRuntime::Related::Contains(std::string_view from, std::string_view type,
                                    std::string_view to) const {
  Relationship probe;
  probe.source = std::string(from);
  probe.target = std::string(to);
  probe.type = std::string(type);
  if (rt_.graph_.FindByKey(probe)) return true;
  auto from_id = rt_.catalog_.Find(from);
  auto to_id = rt_.catalog_.Find(to);
  if (!from_id || !to_id) return false;
  bool found = false;
  auto has = [](const RuleResult& r, ProductId s, ProductId t) {
    auto it = r.edges.targets.find(s);
    return it != r.edges.targets.end() &&
           std::find(it->second.begin(), it->second.end(), t) != it->second.end();
  };
  ForEachProducer(type, [&](const RuleResult& r, bool symmetric) {
    found = found || has(r, *from_id, *to_id) || (symmetric && has(r, *to_id, *from_id));
  });
  return found;
}

std::size_t RuleRuntime::Related::Count(std::string_view from, std::string_view type) const {
  std::size_t n = 0;
  for (const Relationship* r : rt_.graph_.Outgoing(from)) n += r->type == type;
  auto from_id = rt_.catalog_.Find(from);
  if (!from_id) return n;
  ForEachProducer(type, [&](const RuleResult& r, bool symmetric) {
    if (auto it = r.edges.targets.find(*from_id); it != r.edges.targets.end()) n += it->second.size();
    if (symmetric) {
      if (auto it = r.sources_of.find(*from_id); it != r.sources_of.end()) n += it->second.size();
    }
  });
  return n;
}

// ------------------------------------------------------------------------------------ acyclic

namespace {

// One edge of an acyclic type: a manual link (rule == nullptr) or a rule's generated edge.
struct Arc {
  ProductId to;
  const std::string* rule;  // the rule's id; nullptr for a manual link
  RelationshipId link;      // the manual link's id
  bool fresh;               // an edge of a rule the plan recomputes
};
using ArcMap = std::unordered_map<ProductId, std::vector<Arc>>;
using Cycle = std::vector<std::pair<ProductId, const Arc*>>;  // (from, arc) around the cycle

// The first cycle an iterative depth-first search meets that `accept` takes; empty if none. A chain
// of links may be very long, so there is no recursion.
Cycle FindCycle(const ArcMap& arcs, const std::function<bool(const Cycle&)>& accept) {
  std::unordered_map<ProductId, int> colour;  // 0 white, 1 grey (on the stack), 2 black
  struct Frame {
    ProductId node;
    std::size_t next;
  };
  for (const auto& [start, _] : arcs) {
    if (colour[start] != 0) continue;
    std::vector<Frame> stack{{start, 0}};
    std::vector<const Arc*> via;  // via[i]: the arc from stack[i] to stack[i + 1]
    colour[start] = 1;
    while (!stack.empty()) {
      Frame& f = stack.back();
      auto it = arcs.find(f.node);
      if (it == arcs.end() || f.next >= it->second.size()) {
        colour[f.node] = 2;
        stack.pop_back();
        if (!via.empty()) via.pop_back();
        continue;
      }
      const Arc& arc = it->second[f.next++];
      int& c = colour[arc.to];
      if (c == 0) {
        c = 1;
        via.push_back(&arc);
        stack.push_back({arc.to, 0});
      } else if (c == 1) {
        std::size_t from = 0;
        while (stack[from].node != arc.to) ++from;
        Cycle cycle;
        for (std::size_t i = from; i + 1 < stack.size(); ++i) cycle.emplace_back(stack[i].node, via[i]);
        cycle.emplace_back(f.node, &arc);
        if (accept(cycle)) return cycle;
      }
    }
  }
  return {};
}

std::string OriginOf(const Arc& arc) {
  return arc.rule ? RuleOrigin(*arc.rule) : fmt::format("manual link #{}", arc.link);
}

}  // namespace

// The manual links and generated edges of `type`, as the plan (if any) would leave them.
static ArcMap TypeArcs(const std::string& type, const RelationGraph& graph,
                       const CatalogView& catalog,
                       const std::map<std::string, CompiledRule>& compiled, const RulePlan* plan,
                       const std::function<const RuleResult*(const std::string&)>& result_of) {
  ArcMap arcs;
  for (const Relationship* r : graph.All()) {
    if (r->type != type) continue;
    auto s = catalog.Find(r->source);
    auto t = catalog.Find(r->target);
    if (s && t) arcs[*s].push_back({*t, nullptr, r->id, false});
  }
  auto add_rule = [&](const std::string& id, const CompiledRule& rule) {
    if (rule.rule.type != type || !rule.rule.enabled) return;
    const RuleResult* result = result_of(id);
    if (!result) return;
    const bool fresh = plan && plan->results.contains(id);
    for (const auto& [s, targets] : result->edges.targets) {
      for (ProductId t : targets) arcs[s].push_back({t, &rule.rule.id, 0, fresh});
    }
  };
  for (const auto& [id, rule] : compiled) {
    if (!(plan && id == plan->rule_id)) add_rule(id, rule);
  }
  if (plan && plan->compiled) add_rule(plan->rule_id, *plan->compiled);
  return arcs;
}

void RuleRuntime::CheckAcyclic(const std::string& type_name, const RulePlan& plan,
                               std::vector<RuleDiagnostic>* out) const {
  const RelationType* type = graph_.FindType(type_name);
  if (!type || !type->acyclic) return;
  const ArcMap arcs = TypeArcs(type_name, graph_, catalog_, compiled_, &plan,
                               [&](const std::string& id) { return ResultIn(&plan, id); });
  // Report only cycles this plan's edges take part in: an older one is not this rule's fault.
  const Cycle cycle = FindCycle(arcs, [](const Cycle& c) {
    return std::any_of(c.begin(), c.end(), [](const auto& step) { return step.second->fresh; });
  });
  if (cycle.empty()) return;
  std::string path = catalog_.Get(cycle.front().first)->sku;
  std::vector<std::string> steps;
  for (const auto& [from, arc] : cycle) {
    path += " -> " + catalog_.Get(arc->to)->sku;
    steps.push_back(fmt::format("{} -> {} ({})", catalog_.Get(from)->sku,
                                catalog_.Get(arc->to)->sku, OriginOf(*arc)));
  }
  std::string message =
      steps.size() == 2
          ? fmt::format("contradiction: {} {} and {} {}; '{}' links must not point both ways",
                        type_name, steps[0], type_name, steps[1], type_name)
          : fmt::format("{} edges would form the cycle {}: {}; '{}' links must be acyclic",
                        type_name, path, fmt::join(steps, ", "), type_name);
  out->push_back({plan.rule_id, "then", 0, 0, message, false, ""});
}

// ------------------------------------------------------------------------------------ hold back

void RuleRuntime::HoldBackCyclesOf(const std::set<std::string>& types, std::set<ProductId>* dirty) {
  for (const std::string& type : types) HoldBackCycles(type, dirty);
}

void RuleRuntime::HoldBackCycles(const std::string& type_name, std::set<ProductId>* dirty) {
  const RelationType* type = graph_.FindType(type_name);
  if (!type || !type->acyclic) return;
  // Each round finds one cycle and holds back one generated edge of it; cycles are rare (each
  // round follows a write that produced one), so the rounds are few.
  for (int round = 0; round < 1000; ++round) {
    const ArcMap arcs = TypeArcs(type_name, graph_, catalog_, compiled_, nullptr,
                                 [&](const std::string& id) { return ResultIn(nullptr, id); });
    const Cycle cycle = FindCycle(arcs, [](const Cycle& c) {
      return std::any_of(c.begin(), c.end(), [](const auto& step) { return step.second->rule; });
    });
    if (cycle.empty()) return;
    // Hold back the last generated edge of the cycle (the manual links stay: manual wins).
    auto victim = std::find_if(cycle.rbegin(), cycle.rend(),
                               [](const auto& step) { return step.second->rule != nullptr; });
    const ProductId source = victim->first;
    const ProductId target = victim->second->to;
    const std::string rule_id = *victim->second->rule;
    std::string path = catalog_.Get(cycle.front().first)->sku;
    for (const auto& [from, arc] : cycle) path += " -> " + catalog_.Get(arc->to)->sku;
    RuleResult& result = *results_.at(rule_id);
    std::vector<ProductId> kept = result.edges.targets.at(source);
    std::erase(kept, target);
    const bool matched = std::binary_search(result.edges.matched.begin(),
                                            result.edges.matched.end(), source);
    result.SetSource(source, matched, std::move(kept));
    dirty->insert(source);
    dirty->insert(target);
    auto& warnings = warnings_[rule_id];
    if (warnings.size() < 50) {
      warnings.push_back({rule_id, "then", 0, 0,
                          fmt::format("{} edge {} -> {} is held back: it would close the cycle {} "
                                      "with other {} edges",
                                      type_name, catalog_.Get(source)->sku,
                                      catalog_.Get(target)->sku, path, type_name),
                          true, ""});
    }
  }
}

// ------------------------------------------------------------------------------------ lints

void RuleRuntime::Lint(const CompiledRule& rule, const RuleResult& result, const RulePlan& plan,
                       std::vector<RuleDiagnostic>* out) const {
  const std::string& id = rule.rule.id;
  if (result.edges.matched.empty()) {
    out->push_back(
        {id, "when", 0, 0, "'when' matches no product, so the rule produces nothing", true, ""});
    return;
  }
  if (result.edges.edge_count == 0) {
    out->push_back({id, "then", 0, 0,
                    fmt::format("'then' matches no target for any of the {} source products",
                                result.edges.matched.size()),
                    true, ""});
    return;
  }
  // Shadowed: every edge is also a manual link or an edge of a higher-priority rule of the type.
  std::set<std::string> by;
  for (const auto& [s, targets] : result.edges.targets) {
    for (ProductId t : targets) {
      Relationship probe;
      probe.source = catalog_.Get(s)->sku;
      probe.target = catalog_.Get(t)->sku;
      probe.type = rule.rule.type;
      if (graph_.FindByKey(probe)) {
        by.insert("manual links");
        continue;
      }
      bool covered = false;
      for (const auto& [other_id, other] : compiled_) {
        if (other_id == id || other.rule.type != rule.rule.type || !other.rule.enabled ||
            other.rule.priority <= rule.rule.priority) {
          continue;
        }
        const RuleResult* r = ResultIn(&plan, other_id);
        if (!r) continue;
        auto it = r->edges.targets.find(s);
        if (it != r->edges.targets.end() &&
            std::find(it->second.begin(), it->second.end(), t) != it->second.end()) {
          by.insert(fmt::format("rule '{}'", other_id));
          covered = true;
          break;
        }
      }
      if (!covered) return;
    }
  }
  out->push_back(
      {id, "", 0, 0,
       fmt::format("the rule is fully shadowed: each of its {} edges is already given by "
                   "{} with higher priority",
                   result.edges.edge_count, fmt::join(by, " or ")),
       true, ""});
}

}  // namespace affinity

#include "rules/rule_order.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace affinity {

Result<std::vector<const CompiledRule*>> StratifyRules(
    const std::vector<const CompiledRule*>& all) {
  std::vector<const CompiledRule*> rules;
  for (const CompiledRule* r : all) {
    if (r->rule.enabled) rules.push_back(r);
  }
  std::sort(rules.begin(), rules.end(),
            [](const CompiledRule* a, const CompiledRule* b) { return a->rule.id < b->rule.id; });
  // deps[i]: the rules i reads from, with the type that links them.
  std::vector<std::vector<std::pair<std::size_t, std::string>>> deps(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    for (const std::string& type : rules[i]->reads_types()) {
      for (std::size_t j = 0; j < rules.size(); ++j) {
        if (rules[j]->rule.type == type) deps[i].emplace_back(j, type);
      }
    }
  }
  // Depth-first post-order gives dependencies first; a grey node met again closes a cycle.
  std::vector<int> colour(rules.size(), 0);
  std::vector<std::size_t> stack;
  std::vector<const CompiledRule*> order;
  std::string cycle;
  auto visit = [&](auto&& self, std::size_t i) -> bool {
    colour[i] = 1;
    stack.push_back(i);
    for (const auto& [j, type] : deps[i]) {
      if (colour[j] == 1) {
        auto from = std::find(stack.begin(), stack.end(), j);
        std::vector<std::size_t> loop(from, stack.end());
        for (std::size_t k = 0; k < loop.size(); ++k) {
          const CompiledRule* reader = rules[loop[k]];
          const CompiledRule* producer = rules[k + 1 < loop.size() ? loop[k + 1] : j];
          // The type by which reader depends on producer.
          std::string via;
          for (const auto& [d, t] : deps[loop[k]]) {
            if (rules[d] == producer) via = t;
          }
          if (!cycle.empty()) cycle += "; ";
          cycle += fmt::format("rule '{}' reads '{}' (related()), produced by rule '{}'",
                               reader->rule.id, via, producer->rule.id);
        }
        return true;
      }
      if (colour[j] == 0 && self(self, j)) return true;
    }
    stack.pop_back();
    colour[i] = 2;
    order.push_back(rules[i]);
    return false;
  };
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (colour[i] == 0 && visit(visit, i)) {
      return Status::FailedPrecondition(fmt::format(
          "rules depend on each other in a cycle: {}; related() may only read types produced by "
          "rules that do not read back",
          cycle));
    }
  }
  return order;
}

}  // namespace affinity

// RuleRuntime::Related: answers related() during materialisation from the manual links and the
// generated edges of the rules as they stand, overlaid with a plan's recomputed rules. Private to
// the rule runtime.
#pragma once

#include "engine/rule_runtime.hpp"

namespace affinity {

class RuleRuntime::Related : public RelatedLookup {
 public:
  Related(const RuleRuntime& runtime, const RulePlan* plan) : rt_(runtime), plan_(plan) {}

  bool Contains(std::string_view from, std::string_view type, std::string_view to) const override;
  std::size_t Count(std::string_view from, std::string_view type) const override;

 private:
  // Calls fn(result, symmetric) for every rule producing `type`, as the plan would leave them.
  template <typename Fn>
  void ForEachProducer(std::string_view type, Fn&& fn) const;

  const RuleRuntime& rt_;
  const RulePlan* plan_;
};

}  // namespace affinity

// StratifyRules: the order in which rules must be materialised so that every rule reads, through
// related(), only links that exist before it runs. A rule depends on every enabled rule producing a
// type it reads. Dependencies must be acyclic (stratified); a cycle is reported with the rules in
// order: "rule 'a' reads 'upsell', produced by rule 'b'; rule 'b' reads 'cross_sell', produced by
// rule 'a'".
#pragma once

#include <vector>

#include "common/status.hpp"
#include "rules/compiled_rule.hpp"

namespace affinity {

// Returns the rules in a valid order (ties by id), or FailedPrecondition naming a cycle. Disabled
// rules produce nothing and are left out of the order.
Result<std::vector<const CompiledRule*>> StratifyRules(const std::vector<const CompiledRule*>& rules);

}  // namespace affinity

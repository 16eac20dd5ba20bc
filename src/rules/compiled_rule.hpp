// CompiledRule: a Rule with its conditions compiled, and the rule-level checks that need no other
// rule: the conditions compile for their roles, `when` names no target, the type exists.
// RuleDiagnostic: one error or warning about a rule, with the field and position it concerns.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/condition.hpp"
#include "rules/rule.hpp"

namespace affinity {

struct RuleDiagnostic {
  std::string rule;   // the rule id
  std::string field;  // "when", "then", "context", "type", "" (the rule as a whole)
  int line = 0;       // 0: not about a position in the text
  int column = 0;
  std::string message;
  bool warning = false;
  // A stable name for diagnostics a client may act on, e.g. kEvaluationBudgetCode
  // ("evaluation_budget"); empty for the others.
  std::string code;
  std::string suggestion = {};  // Diagnostic::suggestion
};

boost::json::object RuleDiagnosticToJson(const RuleDiagnostic& d);

// The code of a diagnostic for a condition past a size limit (condition_limits.hpp): the request
// is refused as a whole (HTTP 400) rather than reported as an ordinary finding.
inline constexpr char kConditionLimitCode[] = "limit_exceeded";

struct CompiledRule {
  Rule rule;
  CompiledCondition when;
  CompiledCondition then;
  std::optional<CompiledCondition> context;

  // The relation types this rule reads through related() in when/then: it depends on every rule
  // producing one of them.
  std::set<std::string> reads_types() const;
  bool runs_per_request() const { return context.has_value() || !rule.schedule.always(); }
};

// Compiles `rule`. Appends every error and warning to `diagnostics`; returns nullopt when there is
// an error. `type_exists` tells whether the rule's relation type is defined.
std::optional<CompiledRule> CompileRule(const Rule& rule, const AttributeCatalog& attributes,
                                        bool type_exists, std::vector<RuleDiagnostic>* diagnostics);

}  // namespace affinity

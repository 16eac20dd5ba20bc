#include "rules/compiled_rule.hpp"

#include <fmt/format.h>

namespace affinity {

boost::json::object RuleDiagnosticToJson(const RuleDiagnostic& d) {
  boost::json::object o{{"rule", d.rule},
                        {"field", d.field},
                        {"severity", d.warning ? "warning" : "error"},
                        {"message", d.message}};
  if (d.line > 0) {
    o["line"] = d.line;
    o["column"] = d.column;
  }
  if (!d.code.empty()) o["code"] = d.code;
  if (!d.suggestion.empty()) o["suggestion"] = d.suggestion;
  return o;
}

std::set<std::string> CompiledRule::reads_types() const {
  std::set<std::string> out = when.info().related_types;
  out.insert(then.info().related_types.begin(), then.info().related_types.end());
  return out;
}

std::optional<CompiledRule> CompileRule(const Rule& rule, const AttributeCatalog& attributes,
                                        bool type_exists, std::vector<RuleDiagnostic>* out) {
  bool failed = false;
  auto compile = [&](const std::string& text, ConditionRole role,
                     const char* field) -> std::optional<CompiledCondition> {
    std::vector<Diagnostic> diagnostics;
    Result<CompiledCondition> c = CompileCondition(text, role, attributes, &diagnostics);
    for (const Diagnostic& d : diagnostics) {
      out->push_back({rule.id, field, d.line, d.column, d.message, d.warning,
                      d.limit ? kConditionLimitCode : "", d.suggestion});
    }
    if (!c.ok()) {
      failed = true;
      if (diagnostics.empty()) {
        out->push_back({rule.id, field, 0, 0, c.status().message(), false, ""});
      }
      return std::nullopt;
    }
    return std::move(c).value();
  };
  if (!type_exists) {
    failed = true;
    out->push_back({rule.id,
                    "type",
                    0,
                    0,
                    fmt::format("unknown relation type '{}'; see GET /v1/relation-types or create "
                                "it with PUT /v1/relation-types/{}",
                                rule.type, rule.type),
                    false,
                    {}});
  }
  auto when = compile(rule.when, ConditionRole::kWhen, "when");
  auto then = compile(rule.then, ConditionRole::kThen, "then");
  std::optional<CompiledCondition> context;
  if (!rule.context.empty()) context = compile(rule.context, ConditionRole::kContext, "context");
  if (then && !then->info().uses_target) {
    out->push_back({rule.id,
                    "then",
                    0,
                    0,
                    "'then' does not mention target, so every product is a target of every "
                    "source (up to the limit); say which targets, e.g. target.category == \"...\"",
                    true,
                    {}});
  }
  if (failed || !when || !then || (!rule.context.empty() && !context)) return std::nullopt;
  return CompiledRule{rule, std::move(*when), std::move(*then), std::move(context)};
}

}  // namespace affinity

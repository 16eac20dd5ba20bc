// CompileCondition: the pipeline text -> ConditionExpr -> BoundCondition -> CompiledCondition, with
// the internal ConditionError turned into a Status at this boundary.
#include <string>

#include "rules/bound_condition.hpp"
#include "rules/condition.hpp"
#include "rules/condition_parser.hpp"

namespace affinity {
namespace {

std::string Positioned(const Diagnostic& d) {
  return "line " + std::to_string(d.line) + ", column " + std::to_string(d.column) + ": " +
         d.message;
}

}  // namespace

Result<CompiledCondition> CompileCondition(std::string_view text, ConditionRole role,
                                           const AttributeCatalog& attributes,
                                           std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> local;
  std::vector<Diagnostic>& out = diagnostics ? *diagnostics : local;
  const std::size_t first = out.size();
  std::unique_ptr<ConditionExpr> expr;
  try {
    expr = ParseCondition(text);
  } catch (const ConditionError& e) {
    Diagnostic d{e.line, e.column, e.message, false, e.limit};
    out.push_back(d);
    return Status::InvalidArgument(Positioned(d));
  }
  std::unique_ptr<BoundConditionTree> tree =
      BindCondition(*expr, text, role, attributes, &out);
  if (!tree) {
    for (std::size_t i = first; i < out.size(); ++i) {
      if (!out[i].warning) return Status::InvalidArgument(Positioned(out[i]));
    }
    return Status::Internal("condition binding failed without an error");
  }
  if (role == ConditionRole::kThen) tree->info.target_hints = ExtractTargetHints(*tree->root);
  return CompileBound(std::move(*tree), std::string(text));
}

}  // namespace affinity

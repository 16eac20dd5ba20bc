#include "rules/guideline_set.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "rules/eval_context.hpp"

namespace affinity {

boost::json::object GuidelineDiagnosticToJson(const GuidelineDiagnostic& d) {
  boost::json::object o{
      {"field", d.field}, {"severity", d.warning ? "warning" : "error"}, {"message", d.message}};
  if (d.line > 0) {
    o["line"] = d.line;
    o["column"] = d.column;
  }
  if (!d.suggestion.empty()) o["suggestion"] = d.suggestion;
  return o;
}

bool CompiledGuideline::Holds(const Product& source, const Product& target) const {
  EvalContext ctx;
  ctx.source = &source;
  ctx.target = &target;
  return require->Matches(ctx);
}

std::string CompiledGuideline::Message(std::string_view subject) const {
  const Guideline& g = guideline;
  return fmt::format("{} breaks guideline '{}'{}: it requires {}", subject, g.id,
                     g.description.empty() ? "" : fmt::format(" ({})", g.description), g.require);
}

std::optional<CompiledGuideline> CompileGuideline(const Guideline& guideline,
                                                  const AttributeCatalog& attributes,
                                                  std::vector<GuidelineDiagnostic>* out) {
  std::vector<Diagnostic> diagnostics;
  Result<CompiledCondition> require =
      CompileCondition(guideline.require, ConditionRole::kGuideline, attributes, &diagnostics);
  CompiledGuideline compiled{guideline, std::nullopt, {}};
  for (const Diagnostic& d : diagnostics) {
    GuidelineDiagnostic g{"require", d.line, d.column, d.message, d.warning, d.limit, d.suggestion};
    if (d.warning) compiled.warnings.push_back(g);
    out->push_back(std::move(g));
  }
  if (!require.ok()) {
    if (diagnostics.empty()) {
      out->push_back({"require", 0, 0, require.status().message(), false, false});
    }
    return std::nullopt;
  }
  if (!require->info().uses_target) {
    GuidelineDiagnostic d{"require",
                          0,
                          0,
                          "'require' does not mention target, so it judges every link of the "
                          "source alike; say what the target must be, e.g. target.price > "
                          "source.price",
                          true,
                          false};
    compiled.warnings.push_back(d);
    out->push_back(std::move(d));
  }
  compiled.require = std::move(require).value();
  return compiled;
}

bool HasErrorFinding(const std::vector<GuidelineFinding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const GuidelineFinding& f) {
    return f.severity == GuidelineSeverity::kError;
  });
}

GuidelineSet::GuidelineSet(std::vector<CompiledGuideline> guidelines)
    : guidelines_(std::move(guidelines)) {
  std::sort(guidelines_.begin(), guidelines_.end(),
            [](const CompiledGuideline& a, const CompiledGuideline& b) {
              return a.guideline.id < b.guideline.id;
            });
  any_enforced_ = std::any_of(guidelines_.begin(), guidelines_.end(),
                              [](const CompiledGuideline& g) { return g.enforced(); });
}

const CompiledGuideline* GuidelineSet::Find(std::string_view id) const {
  auto it = std::lower_bound(
      guidelines_.begin(), guidelines_.end(), id,
      [](const CompiledGuideline& g, std::string_view key) { return g.guideline.id < key; });
  return it != guidelines_.end() && it->guideline.id == id ? &*it : nullptr;
}

std::vector<GuidelineFinding> GuidelineSet::Check(std::string_view type, const Product& source,
                                                  const Product& target,
                                                  std::string_view subject) const {
  std::vector<GuidelineFinding> out;
  if (!any_enforced_) return out;
  for (const CompiledGuideline& g : guidelines_) {
    if (!g.Applies(type) || g.Holds(source, target)) continue;
    const std::string named = subject.empty()
                                  ? fmt::format("{} {} -> {}", type, source.sku, target.sku)
                                  : std::string(subject);
    out.push_back({g.guideline.id, g.guideline.severity, g.guideline.description, source.sku,
                   target.sku, std::string(type), g.Message(named)});
  }
  return out;
}

GuidelineSet GuidelineSet::With(CompiledGuideline guideline) const {
  std::vector<CompiledGuideline> next;
  next.reserve(guidelines_.size() + 1);
  for (const CompiledGuideline& g : guidelines_) {
    if (g.guideline.id != guideline.guideline.id) next.push_back(g);
  }
  next.push_back(std::move(guideline));
  return GuidelineSet(std::move(next));
}

GuidelineSet GuidelineSet::Without(std::string_view id) const {
  std::vector<CompiledGuideline> next;
  for (const CompiledGuideline& g : guidelines_) {
    if (g.guideline.id != id) next.push_back(g);
  }
  return GuidelineSet(std::move(next));
}

}  // namespace affinity

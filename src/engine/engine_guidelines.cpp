// Engine: brand guidelines: saving, deleting and validating them, and checking links and rules
// against them as they are saved. See engine.hpp; reads go to the snapshot.
#include <fmt/format.h>

#include <algorithm>

#include "common/strings.hpp"
#include "engine/engine.hpp"
#include "engine/rule_runtime.hpp"
#include "engine/txn.hpp"

namespace affinity {
namespace {

using SkuPair = std::pair<std::string, std::string>;

// Keeps the GuidelineTally::kExamples smallest pairs (by source, then target SKU).
void AddExample(std::vector<SkuPair>* examples, const std::string& source,
                const std::string& target) {
  if (examples->size() == GuidelineTally::kExamples &&
      !(SkuPair{source, target} < examples->back())) {
    return;
  }
  SkuPair pair{source, target};
  examples->insert(std::upper_bound(examples->begin(), examples->end(), pair), std::move(pair));
  if (examples->size() > GuidelineTally::kExamples) examples->pop_back();
}

std::string TallyMessage(const GuidelineTally& t, std::size_t edges) {
  std::vector<std::string> pairs;
  for (const auto& [s, x] : t.examples) pairs.push_back(fmt::format("{} -> {}", s, x));
  const bool error = t.severity == GuidelineSeverity::kError;
  return fmt::format(
      "{} of the rule's {} edges break {} guideline '{}'{}: it requires {} (e.g. {}); {}", t.count,
      edges, GuidelineSeverityName(t.severity), t.guideline,
      t.description.empty() ? "" : fmt::format(" ({})", t.description), t.require,
      fmt::join(pairs, ", "),
      error ? fmt::format("add it to 'then' (... && ({})) or narrow the rule", t.require)
            : "the rule may be saved, but those edges show in GET /v1/reports/violations");
}

}  // namespace

void Engine::LoadGuidelines(std::vector<Guideline> stored) {
  const AttributeCatalog attributes = Attributes();
  std::vector<CompiledGuideline> compiled;
  for (Guideline& g : stored) {
    std::vector<GuidelineDiagnostic> diagnostics;
    if (auto c = CompileGuideline(g, attributes, &diagnostics)) {
      compiled.push_back(std::move(*c));
      continue;
    }
    CompiledGuideline kept{std::move(g), std::nullopt, {}};
    for (GuidelineDiagnostic& d : diagnostics) {
      if (!d.warning) d.message = "not enforced: " + d.message;
      d.warning = true;
      kept.warnings.push_back(std::move(d));
    }
    compiled.push_back(std::move(kept));
  }
  guidelines_ = std::make_shared<const GuidelineSet>(std::move(compiled));
}

GuidelineReport Engine::CheckGuideline(const Guideline& g) const {
  GuidelineReport report;
  report.guideline = g;
  std::vector<std::string> names;
  for (const RelationType& t : graph_.Types()) names.push_back(t.name);
  names.emplace_back(kBundleGuidelineType);
  bool types_known = true;
  for (const std::string& type : g.types) {
    if (std::find(names.begin(), names.end(), type) != names.end()) continue;
    types_known = false;
    std::vector<std::string_view> candidates(names.begin(), names.end());
    const std::string nearest = NearestName(type, candidates);
    report.diagnostics.push_back(
        {"types", 0, 0,
         fmt::format("unknown relation type '{}'{}; a guideline names relation types ({}) or "
                     "\"bundle\" for the products inside a bundle",
                     type, nearest.empty() ? "" : fmt::format(" (did you mean '{}'?)", nearest),
                     fmt::join(candidates.begin(), candidates.end() - 1, ", ")),
         false, false});
  }
  std::optional<CompiledGuideline> compiled =
      CompileGuideline(g, Attributes(), &report.diagnostics);
  report.valid = types_known && compiled.has_value();
  if (report.valid) report.compiled = std::move(compiled);
  return report;
}

GuidelineReport Engine::ValidateGuideline(const Guideline& guideline) const {
  std::lock_guard lock(mu_);
  return CheckGuideline(guideline);
}

Result<GuidelineReport> Engine::PutGuideline(Guideline guideline, bool create_only,
                                             std::optional<std::int64_t> if_match) {
  std::lock_guard lock(mu_);
  const CompiledGuideline* current = guidelines_->Find(guideline.id);
  if (current && create_only) {
    return Status::AlreadyExists(fmt::format(
        "guideline '{}' already exists; PUT /v1/guidelines/{} to replace it, or pick another id",
        guideline.id, guideline.id));
  }
  if (if_match && (!current || current->guideline.version != *if_match)) {
    return Status::Aborted(
        current ? fmt::format("guideline '{}' is at version {}, not {} as If-Match says; fetch "
                              "it again and retry",
                              guideline.id, current->guideline.version, *if_match)
                : fmt::format("guideline '{}' does not exist, but If-Match expects version {}",
                              guideline.id, *if_match));
  }
  GuidelineReport report = CheckGuideline(guideline);
  if (!report.valid) return report;
  report.created = current == nullptr;
  Txn txn(*this);
  report.guideline = txn.PutGuideline(std::move(*report.compiled));
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  report.compiled = *guidelines_->Find(report.guideline.id);
  return report;
}

Status Engine::DeleteGuideline(std::string_view id, std::optional<std::int64_t> if_match) {
  std::lock_guard lock(mu_);
  const CompiledGuideline* current = guidelines_->Find(id);
  if (!current) return Status::NotFound(fmt::format("guideline '{}' does not exist", id));
  if (if_match && current->guideline.version != *if_match) {
    return Status::Aborted(fmt::format(
        "guideline '{}' is at version {}, not {} as If-Match says; fetch it again and retry", id,
        current->guideline.version, *if_match));
  }
  Txn txn(*this);
  txn.DeleteGuideline(std::string(id));
  return txn.Commit();
}

std::vector<GuidelineFinding> Engine::LinkFindings(const Relationship& r) const {
  if (!guidelines_->any_enforced()) return {};
  auto source = products_.find(r.source);
  auto target = products_.find(r.target);
  if (source == products_.end() || target == products_.end()) return {};
  std::vector<GuidelineFinding> out = guidelines_->Check(r.type, source->second, target->second);
  const RelationType* type = graph_.FindType(r.type);
  if (type && !type->directed) {
    // A symmetric link is served both ways: each way must obey.
    for (GuidelineFinding& f : guidelines_->Check(r.type, target->second, source->second)) {
      out.push_back(std::move(f));
    }
  }
  return out;
}

Status Engine::RefuseOnError(const std::vector<GuidelineFinding>& findings) {
  std::vector<std::string> errors;
  for (const GuidelineFinding& f : findings) {
    if (f.severity == GuidelineSeverity::kError) errors.push_back(f.message);
  }
  if (errors.empty()) return Status::Ok();
  return Status::FailedPrecondition(
      fmt::format("{}; link other products, or change or disable the guideline{}",
                  fmt::join(errors, "; "), errors.size() > 1 ? "s" : ""));
}

void Engine::CheckRuleGuidelines(const RulePlan& plan, RuleReport* report) const {
  if (!plan.valid || !plan.compiled || !guidelines_->any_enforced()) return;
  const std::string& type = plan.compiled->rule.type;
  auto result = plan.results.find(plan.rule_id);
  if (result == plan.results.end() || !result->second) return;
  std::vector<const CompiledGuideline*> applying;
  for (const CompiledGuideline& g : guidelines_->all()) {
    if (g.Applies(type)) applying.push_back(&g);
  }
  if (applying.empty()) return;
  const RelationType* relation = graph_.FindType(type);
  const bool symmetric = relation && !relation->directed;
  std::vector<GuidelineTally> tallies(applying.size());
  for (const auto& [s, targets] : result->second->edges.targets) {
    const Product* source = s < by_id_.size() ? by_id_[s] : nullptr;
    if (!source) continue;
    for (ProductId t : targets) {
      const Product* target = t < by_id_.size() ? by_id_[t] : nullptr;
      if (!target) continue;
      for (std::size_t i = 0; i < applying.size(); ++i) {
        // An edge of a symmetric type is served both ways: it breaks the guideline either way.
        const Product* from = source;
        const Product* to = target;
        if (applying[i]->Holds(*from, *to)) {
          if (!symmetric || applying[i]->Holds(*target, *source)) continue;
          std::swap(from, to);
        }
        ++tallies[i].count;
        AddExample(&tallies[i].examples, from->sku, to->sku);
      }
    }
  }
  // Errors first (they decide), then warnings; by id within each.
  std::vector<std::size_t> order(applying.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return applying[a]->guideline.severity == GuidelineSeverity::kError &&
           applying[b]->guideline.severity != GuidelineSeverity::kError;
  });
  for (std::size_t i : order) {
    GuidelineTally& t = tallies[i];
    if (t.count == 0) continue;
    const Guideline& g = applying[i]->guideline;
    t.guideline = g.id;
    t.severity = g.severity;
    t.description = g.description;
    t.require = g.require;
    const bool error = g.severity == GuidelineSeverity::kError;
    report->diagnostics.push_back(
        {plan.rule_id, "then", 0, 0, TallyMessage(t, plan.edges), !error, kGuidelineViolationCode});
    if (error) report->valid = false;
    report->guidelines.push_back(std::move(t));
  }
}

}  // namespace affinity

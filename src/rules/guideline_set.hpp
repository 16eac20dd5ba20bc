// CompiledGuideline: a Guideline with its `require` condition compiled (ConditionRole::kGuideline:
// source.* and target.* only). GuidelineSet: the catalog's guidelines, immutable once built, shared
// by the engine (which checks links and rules as they are saved) and its snapshots (which reports
// and bundle checks read). GuidelineFinding: one pair that breaks one guideline, said for people.
//
// Thread safety: a GuidelineSet is immutable; a change makes a new set (With, Without).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/product.hpp"
#include "rules/condition.hpp"
#include "rules/guideline.hpp"

namespace affinity {

// A warning or an error about a guideline, with the field and the position in `require` it
// concerns (line 0: not about a position).
struct GuidelineDiagnostic {
  std::string field;  // "require", "types", ""
  int line = 0;
  int column = 0;
  std::string message;
  bool warning = false;
  bool limit = false;  // `require` passed a size limit (condition_limits.hpp)
  std::string suggestion = {};  // Diagnostic::suggestion
};

// {"field", "severity", "message", "line"?, "column"?, "suggestion"?}
boost::json::object GuidelineDiagnosticToJson(const GuidelineDiagnostic& d);

struct CompiledGuideline {
  Guideline guideline;
  // nullopt for a stored guideline whose condition no longer compiles (the catalog's attributes
  // changed): it is kept, not enforced, and `warnings` says why.
  std::optional<CompiledCondition> require;
  std::vector<GuidelineDiagnostic> warnings;

  bool enforced() const { return guideline.enabled && require.has_value(); }
  // Enforced and covering `type` (a relation type name, or kBundleGuidelineType).
  bool Applies(std::string_view type) const { return enforced() && guideline.AppliesTo(type); }
  // Whether (source, target) obeys the guideline. REQUIRES: require has a value.
  bool Holds(const Product& source, const Product& target) const;
  // "<subject> breaks guideline '<id>' (<description>): it requires <require>"
  std::string Message(std::string_view subject) const;
};

// Compiles `guideline`. Appends every error and warning to `diagnostics`; nullopt on an error.
std::optional<CompiledGuideline> CompileGuideline(const Guideline& guideline,
                                                  const AttributeCatalog& attributes,
                                                  std::vector<GuidelineDiagnostic>* diagnostics);

struct GuidelineFinding {
  std::string guideline;  // the id
  GuidelineSeverity severity = GuidelineSeverity::kError;
  std::string description;
  std::string source, target, type;  // the pair and its relation type (or "bundle")
  std::string message;               // CompiledGuideline::Message for the pair
};

// True when a finding is of an `error` guideline.
bool HasErrorFinding(const std::vector<GuidelineFinding>& findings);

class GuidelineSet {
 public:
  GuidelineSet() = default;
  explicit GuidelineSet(std::vector<CompiledGuideline> guidelines);  // any order; kept by id

  const std::vector<CompiledGuideline>& all() const { return guidelines_; }
  const CompiledGuideline* Find(std::string_view id) const;
  // Whether any guideline is enforced (enabled and compiled): when none, nothing needs checking.
  bool any_enforced() const { return any_enforced_; }

  // Every enforced guideline of `type` that the directed pair (source, target) breaks, by id.
  // For a symmetric relation type the caller checks both directions. `subject` names the pair in
  // the findings' messages ("cross_sell A -> B"; empty: made from type and SKUs).
  std::vector<GuidelineFinding> Check(std::string_view type, const Product& source,
                                      const Product& target, std::string_view subject = {}) const;

  // A copy with `guideline` added or replacing the one with its id.
  GuidelineSet With(CompiledGuideline guideline) const;
  // A copy without guideline `id`.
  GuidelineSet Without(std::string_view id) const;

 private:
  std::vector<CompiledGuideline> guidelines_;  // by id
  bool any_enforced_ = false;
};

}  // namespace affinity

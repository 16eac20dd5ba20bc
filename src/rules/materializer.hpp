// Materializer: turns a rule into edges. Sources are the products `when` selects; for each, the
// candidates come from the TargetIndex (through the `then` condition's hints), `then` is evaluated
// on each, and the first `limit` matches are kept: in-stock targets first, then by SKU, so the
// result is deterministic. Runs across threads by source ranges; reads only immutable inputs.
// An EvaluationBudget, when given, bounds the work: Run stops early once it is spent.
#pragma once

#include <unordered_map>
#include <vector>

#include "rules/catalog_view.hpp"
#include "rules/compiled_rule.hpp"
#include "rules/evaluation_budget.hpp"
#include "rules/target_index.hpp"

namespace affinity {

struct RuleEdges {
  std::vector<ProductId> matched;  // products `when` selects, with or without targets; ascending
  std::size_t edge_count = 0;
  std::unordered_map<ProductId, std::vector<ProductId>> targets;  // only sources with targets
};

// How much work a rule's materialisation is, for the diagnostic of a rule over its budget.
struct MaterializeCost {
  std::size_t sources = 0;     // products `when` selects
  std::size_t candidates = 0;  // candidate targets per source (the average over a sample when the
                               // candidates depend on the source)
  double comparisons = 0;      // sources x candidates: evaluations of `then` at most
};

class Materializer {
 public:
  // All arguments must outlive the Materializer; `related` may be null.
  Materializer(const CatalogView& catalog, const TargetIndex& index, const RelatedLookup* related)
      : catalog_(catalog), index_(index), related_(related) {}

  // Every edge of `rule`, using up to `threads` threads. With a `budget`, each evaluation of `when`
  // and `then` is charged to it and the run stops once it is spent (budget->exhausted()): the
  // edges returned are then incomplete and must not be used.
  RuleEdges Run(const CompiledRule& rule, int threads, EvaluationBudget* budget = nullptr) const;

  // The targets of one source; `*matched` tells whether `when` selects it. `candidates`, when
  // given, are the rule's candidates for every source (its hints do not refer to the source).
  // `evaluations`, when given, is increased by the conditions evaluated.
  std::vector<ProductId> TargetsFor(const CompiledRule& rule, ProductId source, bool* matched,
                                    const CandidateList* candidates = nullptr,
                                    std::uint64_t* evaluations = nullptr) const;

  // The size of `rule`'s materialisation: evaluates `when` on every product and counts the
  // candidates its `then` hints leave (on up to 1,000 sources when they depend on the source).
  MaterializeCost Cost(const CompiledRule& rule) const;

 private:
  const CatalogView& catalog_;
  const TargetIndex& index_;
  const RelatedLookup* related_;
};

}  // namespace affinity

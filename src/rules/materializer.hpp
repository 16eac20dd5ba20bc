// Materializer: turns a rule into edges. Sources are the products `when` selects; for each, the
// candidates come from the TargetIndex (through the `then` condition's hints), `then` is evaluated
// on each, and the first `limit` matches are kept: in-stock targets first, then by SKU, so the
// result is deterministic. Runs across threads by source ranges; reads only immutable inputs.
#pragma once

#include <unordered_map>
#include <vector>

#include "rules/catalog_view.hpp"
#include "rules/compiled_rule.hpp"
#include "rules/target_index.hpp"

namespace affinity {

struct RuleEdges {
  std::vector<ProductId> matched;  // products `when` selects, with or without targets; ascending
  std::size_t edge_count = 0;
  std::unordered_map<ProductId, std::vector<ProductId>> targets;  // only sources with targets
};

class Materializer {
 public:
  // All arguments must outlive the Materializer; `related` may be null.
  Materializer(const CatalogView& catalog, const TargetIndex& index, const RelatedLookup* related)
      : catalog_(catalog), index_(index), related_(related) {}

  // Every edge of `rule`, using up to `threads` threads.
  RuleEdges Run(const CompiledRule& rule, int threads) const;

  // The targets of one source; `*matched` tells whether `when` selects it. `candidates`, when
  // given, are the rule's candidates for every source (its hints do not refer to the source).
  std::vector<ProductId> TargetsFor(const CompiledRule& rule, ProductId source, bool* matched,
                                    const CandidateList* candidates = nullptr) const;

 private:
  const CatalogView& catalog_;
  const TargetIndex& index_;
  const RelatedLookup* related_;
};

}  // namespace affinity

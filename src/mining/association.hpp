// Association metrics and single-consequent rules. Supports are counts of baskets; the metrics take
// counts and the number of baskets `n` so that callers never mix fractions from different sets.
//   support(X)       = count(X) / n
//   confidence(X->y) = count(X u {y}) / count(X)        (P(y | X))
//   lift(X->y)       = confidence(X->y) / support({y})  (1 = independent, > 1 = bought together)
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/status.hpp"
#include "mining/fp_growth.hpp"
#include "mining/transactions.hpp"

namespace affinity::mining {

// 0 when n is 0.
inline double Support(std::uint64_t count, std::uint64_t n) {
  return n == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(n);
}

// P(consequent | antecedent); 0 when the antecedent never occurs.
inline double Confidence(std::uint64_t both_count, std::uint64_t antecedent_count) {
  return antecedent_count == 0
             ? 0.0
             : static_cast<double>(both_count) / static_cast<double>(antecedent_count);
}

// count(X u Y) * n / (count(X) * count(Y)); 0 when either side never occurs.
inline double Lift(std::uint64_t both_count, std::uint64_t antecedent_count,
                   std::uint64_t consequent_count, std::uint64_t n) {
  if (antecedent_count == 0 || consequent_count == 0) return 0.0;
  return static_cast<double>(both_count) * static_cast<double>(n) /
         (static_cast<double>(antecedent_count) * static_cast<double>(consequent_count));
}

// X -> y: baskets holding every item of `antecedent` also tend to hold `consequent`.
struct AssociationRule {
  std::vector<ItemId> antecedent;  // ascending, non-empty, without `consequent`
  ItemId consequent = 0;
  std::uint64_t support_count = 0;  // baskets holding antecedent and consequent
  double support = 0;               // support_count / n
  double confidence = 0;
  double lift = 0;
};

struct RuleOptions {
  double min_confidence = 0.5;
  // More rules than this ends with ResourceExhausted.
  std::size_t max_rules = 10'000'000;
};

// Every rule X -> y with X u {y} one of `itemsets` (length >= 2) and confidence >= min_confidence.
// `itemsets` must be downward closed with exact supports, as FP-growth produces (all subsets of an
// itemset present); `num_transactions` is the n they were counted over. Rules come sorted by
// confidence, then lift (both descending), then antecedent and consequent ascending.
// Returns InvalidArgument naming the itemset when a subset is missing, ResourceExhausted past
// max_rules.
Result<std::vector<AssociationRule>> DeriveRules(const std::vector<FrequentItemset>& itemsets,
                                                 std::size_t num_transactions,
                                                 const RuleOptions& options);

}  // namespace affinity::mining

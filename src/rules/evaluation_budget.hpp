// EvaluationBudget: a ceiling on the condition evaluations that materialising rules may spend, so
// that saving one rule cannot keep the engine busy without bound (a `then` the target index cannot
// narrow compares every source with every product: 1 M SKUs make 10^12 evaluations). Materializer
// charges it as it goes and stops once it is spent; the caller refuses the rule with a diagnostic
// (RuleRuntime, code kEvaluationBudgetCode). Thread-safe: the threads of one Run share it.
#pragma once

#include <atomic>
#include <cstdint>

namespace affinity {

// The evaluations of `when` and `then` that one rule save may spend, over every rule it recomputes.
// At 10-50 ns an evaluation this is a few seconds on 2 cores, an order of magnitude above what the
// design's 1 M SKUs x 100 rules benchmark spends per rule with indexable `then` conditions.
inline constexpr std::uint64_t kMaxRuleEvaluations = 200'000'000;

// RuleDiagnostic::code of a rule refused because materialising it passed the budget.
inline constexpr char kEvaluationBudgetCode[] = "evaluation_budget";

class EvaluationBudget {
 public:
  explicit EvaluationBudget(std::uint64_t limit = kMaxRuleEvaluations) : limit_(limit) {}

  // Charges `n` evaluations. Returns false once the total spent is over the limit.
  bool Spend(std::uint64_t n) {
    return used_.fetch_add(n, std::memory_order_relaxed) + n <= limit_;
  }
  bool exhausted() const { return used() > limit_; }
  std::uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  std::uint64_t limit() const { return limit_; }

 private:
  const std::uint64_t limit_;
  std::atomic<std::uint64_t> used_{0};
};

}  // namespace affinity

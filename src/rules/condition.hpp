// The condition language: small, typed, CEL-like expressions that select products and gate
// recommendations. Text is parsed once (ConditionExpr), bound against the catalog's attributes
// (BoundCondition: names resolved, types checked) and compiled (CompiledCondition: closures that
// evaluate in nanoseconds, no allocation on the hot path).
//
//   source.price > 50 && source.category startsWith "Footwear/Running"
//   target.category == "Accessories/Socks" && target.brand == source.brand && target.price < source.price
//   customer.segment == "high_value" && customer.orders_in_category("Footwear") > 2
//   cart.total > 100 && !cart.contains(target.sku)
//   target.sku in related(source, "upsell")
//
// Roots: source.*, target.* (sku name price currency category brand tags margin stock in_stock
// status ("active", "inactive" or "discontinued"), and any free attribute by name: target.color), customer.* (id segment lifetime_value order_count
// recency_days orders_in_category("path")), cart.* (total items skus contains("sku")), now (with
// now.month now.day now.weekday now.hour), related(source|target, "type").
// Operators, loosest first: || ; && ; ! ; == != < <= > >= in startsWith endsWith contains ;
// + - ; * / % ; unary - ; member access and calls. Literals: numbers (12, 12.5), strings ("x"),
// true/false, lists [1, 2] / ["a", "b"], money (50 USD, 49.99 EUR, $50), dates
// (date("2026-12-01"), timestamp("2026-12-01T10:00:00Z")).
// Types: number, money, string, bool, date (a time), list, and "dynamic" for free attributes, whose
// type is known only per product (a comparison of mismatched kinds is false, never an error).
// A money compared with a number reads the number in the money's currency (price > 50 is $50 for a
// USD price); money of different currencies compare false.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/money.hpp"
#include "common/status.hpp"
#include "rules/eval_context.hpp"

namespace affinity {

// Where a condition is used decides which roots it may name.
enum class ConditionRole {
  kWhen,     // selects source products: source.*, related(source, ..)
  kThen,     // selects targets for a source: source.*, target.*, related(..)
  kContext,  // gates at request time: customer.*, cart.*, now, and also source.*, target.*
  kGuideline,  // a brand guideline's check of one linked pair: source.* and target.* only
};

// A warning or an error, positioned in the condition text (1-based line and column).
struct Diagnostic {
  int line = 1;
  int column = 1;
  std::string message;  // "unknown attribute 'colour' (did you mean 'color'?)"
  bool warning = false;
  bool limit = false;  // a size limit (condition_limits.hpp) was passed
  // The known name nearest to an unknown one, the "did you mean" of the message ("color"), for a
  // client to offer as a fix; empty when there is none.
  std::string suggestion = {};
};

// What the binder knows about the catalog: the free attribute names that at least one product has.
// Used for "did you mean" and for the warning about attributes no product has.
struct AttributeCatalog {
  std::set<std::string, std::less<>> free_attributes;
};

// A necessary condition on the target, read off a top-level conjunct of a `then` condition, that
// lets materialisation look targets up in an index instead of scanning every product.
struct TargetHint {
  enum class Kind {
    kCategoryIn,        // target.category == "A"  or  target.category in ["A", "B"]
    kCategoryUnder,     // target.category startsWith "A/B"
    kBrandIn,           // target.brand == "X"  or  in [...]
    kBrandIsSource,     // target.brand == source.brand
    kCategoryIsSource,  // target.category == source.category
    kTagIn,             // target.tags contains "t"
    kSkuIn,             // target.sku == "X"  or  target.sku in [...]
  };
  Kind kind;
  std::vector<std::string> values;  // for the *In / Under kinds
};

// What a compiled condition uses, for dependency analysis, indexing and lints.
struct ConditionInfo {
  bool uses_source = false;
  bool uses_target = false;
  bool uses_customer = false;
  bool uses_cart = false;
  bool uses_now = false;
  std::set<std::string> related_types;    // the type names passed to related()
  std::set<std::string> free_attributes;  // free attribute names read
  std::vector<TargetHint> target_hints;   // only for kThen
};

class CompiledCondition {
 public:
  // True when the condition holds for `ctx`. Never fails: a missing attribute, a kind mismatch or a
  // division by zero make the comparison that met them false.
  // Thread-safe: a compiled condition is immutable.
  bool Matches(const EvalContext& ctx) const;

  const ConditionInfo& info() const;
  const std::string& text() const;

  struct Impl;  // defined by the implementation
  explicit CompiledCondition(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const Impl> impl_;
};

// Parses, binds and compiles `text` for `role`. On failure returns InvalidArgument whose message is
// the first error as "line L, column C: message", and appends every error and warning to
// `diagnostics` (if not null). Warnings (e.g. an attribute no product has) do not fail the compile.
Result<CompiledCondition> CompileCondition(std::string_view text, ConditionRole role,
                                           const AttributeCatalog& attributes,
                                           std::vector<Diagnostic>* diagnostics = nullptr);

}  // namespace affinity

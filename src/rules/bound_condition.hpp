// BoundCondition: a condition with every name resolved and every type checked. Built by
// ConditionBinder from a ConditionExpr, turned into closures by CompileBound. Literals are folded:
// `50 USD`, `date("2026-12-01")` and `2 * 3` are constants here.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/condition.hpp"
#include "rules/condition_expr.hpp"
#include "rules/condition_value.hpp"

namespace affinity {

enum class ConditionType { kBool, kNumber, kMoney, kString, kTime, kList, kDynamic, kRelated, kError };

// "number", "list of string", "relation set": how a type reads in a message.
std::string ConditionTypeName(ConditionType type, ConditionType element = ConditionType::kDynamic);

enum class ProductField { kSku, kName, kPrice, kCurrency, kCategory, kBrand, kTags, kMargin, kStock,
                          kInStock, kStatus };
enum class CustomerField { kId, kSegment, kLifetimeValue, kOrderCount, kRecencyDays };
enum class CartField { kTotal, kItems, kSkus };
enum class NowPart { kYear, kMonth, kDay, kWeekday, kHour };

enum class ProductRole { kSource, kTarget };

// Owns the text and the lists that constant Values point into. Elements never move (deque), so the
// views stay valid for as long as the arena lives; the compiled condition keeps it alive.
struct ConditionArena {
  std::deque<std::string> strings;
  std::deque<std::vector<Value>> lists;

  std::string_view Intern(std::string s) { return strings.emplace_back(std::move(s)); }
};

struct BoundCondition {
  enum class Kind {
    kConstant,          // value
    kProductField,      // product, field (a ProductField)
    kFreeAttribute,     // product, name
    kCustomerField,     // field (a CustomerField)
    kOrdersInCategory,  // children[0]: the path
    kCartField,         // field (a CartField)
    kCartContains,      // children[0]: the SKU
    kNow,
    kNowPart,           // field (a NowPart)
    kRelated,           // product, name: the relation type
    kCount,             // children[0]
    kHas,               // children[0]
    kNot,               // children[0]
    kNeg,               // children[0]
    kAnd,               // children[0], children[1]
    kOr,                // children[0], children[1]
    kPredicate,         // op: a comparison, in, contains, startsWith, endsWith; children 0 and 1
    kArith,             // op: + - * / %; children 0 and 1
  };
  Kind kind = Kind::kConstant;
  ConditionType type = ConditionType::kError;
  ConditionType element = ConditionType::kDynamic;  // for kList: the elements' type
  ExprOp op = ExprOp::kNone;
  int field = 0;
  ProductRole product = ProductRole::kSource;
  std::string_view name;  // interned in the arena
  Value value;            // kConstant
  std::vector<std::unique_ptr<BoundCondition>> children;
};

// The binder's output: the tree, the arena its constants live in, and what the condition uses.
struct BoundConditionTree {
  std::unique_ptr<BoundCondition> root;
  std::shared_ptr<ConditionArena> arena;
  ConditionInfo info;
};

// Resolves names and checks types of `expr` (parsed from `text`) for `role`. Appends every error and
// warning to `diagnostics` in the order met; returns null when there was an error.
std::unique_ptr<BoundConditionTree> BindCondition(const ConditionExpr& expr, std::string_view text,
                                                  ConditionRole role,
                                                  const AttributeCatalog& attributes,
                                                  std::vector<Diagnostic>* diagnostics);

// The necessary conditions on the target read off the top-level && conjuncts of `root`.
std::vector<TargetHint> ExtractTargetHints(const BoundCondition& root);

// Closures over `tree`, ready to run. REQUIRES: `tree` bound without errors, root of bool or dynamic.
CompiledCondition CompileBound(BoundConditionTree tree, std::string text);

}  // namespace affinity

// ConditionBinder: literals and operators (types, folding). Names live in condition_binder.cpp.
#include <cstdlib>

#include "common/money.hpp"
#include "rules/condition_binder.hpp"

namespace affinity {
namespace {

using Kind = BoundCondition::Kind;
using T = ConditionType;

bool IsScalar(T t) {
  return t == T::kBool || t == T::kNumber || t == T::kMoney || t == T::kString || t == T::kTime ||
         t == T::kDynamic;
}
bool IsAmount(T t) { return t == T::kNumber || t == T::kMoney; }
bool IsTruth(T t) { return t == T::kBool || t == T::kDynamic; }

bool Comparable(ExprOp op, T l, T r) {
  if (l == T::kDynamic || r == T::kDynamic) return IsScalar(l) && IsScalar(r);
  if (IsAmount(l) && IsAmount(r)) return true;
  if (l != r) return false;
  if (op == ExprOp::kEq || op == ExprOp::kNe) return IsScalar(l);
  return l == T::kString || l == T::kTime;
}

// Whether `x` can be looked for among elements of type `element`.
bool ElementMatches(T x, T element) {
  if (!IsScalar(x)) return false;
  if (x == T::kDynamic || element == T::kDynamic) return true;
  if (IsAmount(x) && IsAmount(element)) return true;
  return x == element;
}

// The result type of `l op r`, or kError when the operator does not apply.
T ArithType(ExprOp op, T l, T r) {
  if (l == T::kDynamic || r == T::kDynamic) {
    auto ok = [](T t) { return IsAmount(t) || t == T::kTime || t == T::kDynamic; };
    return ok(l) && ok(r) ? T::kDynamic : T::kError;
  }
  const bool add_sub = op == ExprOp::kAdd || op == ExprOp::kSub;
  if (l == T::kNumber && r == T::kNumber) return T::kNumber;
  if (l == T::kMoney && r == T::kMoney) {
    return add_sub ? T::kMoney : op == ExprOp::kDiv ? T::kNumber : T::kError;
  }
  if (l == T::kMoney && r == T::kNumber) return op == ExprOp::kMod ? T::kError : T::kMoney;
  if (l == T::kNumber && r == T::kMoney) {
    return add_sub || op == ExprOp::kMul ? T::kMoney : T::kError;
  }
  if (l == T::kTime && r == T::kNumber) return add_sub ? T::kTime : T::kError;
  if (l == T::kNumber && r == T::kTime) return op == ExprOp::kAdd ? T::kTime : T::kError;
  if (l == T::kTime && r == T::kTime) return op == ExprOp::kSub ? T::kNumber : T::kError;
  return T::kError;
}

// A number literal: its double and, when it has at most 18 digits, its exact decimal.
Value NumberLiteral(const std::string& text) {
  Value v = Value::Number(std::strtod(text.c_str(), nullptr));
  std::int64_t mant = 0;
  int digits = 0, scale = 0;
  bool after_point = false;
  for (char c : text) {
    if (c == '.') {
      after_point = true;
      continue;
    }
    if (++digits > 18) return v;
    mant = mant * 10 + (c - '0');
    if (after_point) ++scale;
  }
  v.mant = mant;
  v.scale = static_cast<std::int8_t>(scale);
  return v;
}

}  // namespace

std::string ConditionTypeName(ConditionType type, ConditionType element) {
  switch (type) {
    case T::kBool: return "bool";
    case T::kNumber: return "number";
    case T::kMoney: return "money";
    case T::kString: return "string";
    case T::kTime: return "date";
    case T::kList:
      return element == T::kDynamic ? "list" : "list of " + ConditionTypeName(element);
    case T::kDynamic: return "free attribute";
    case T::kRelated: return "relation set";
    case T::kError: return "error";
  }
  return "";
}

ConditionBinder::BoundPtr ConditionBinder::BindLiteral(const ConditionExpr& e) {
  switch (e.kind) {
    case ConditionExpr::Kind::kNumber: return Constant(NumberLiteral(e.text), T::kNumber);
    case ConditionExpr::Kind::kString:
      return Constant(Value::String(arena_->Intern(e.text)), T::kString);
    case ConditionExpr::Kind::kBool: return Constant(Value::Bool(e.text == "true"), T::kBool);
    case ConditionExpr::Kind::kMoney: {
      Result<std::int64_t> minor = ParseMinorUnits(e.text, e.name);
      if (!minor.ok()) return Error(e, minor.status().message());
      return Constant(Value::Money(static_cast<double>(*minor), arena_->Intern(e.name)), T::kMoney);
    }
    default: return Error(e, "not a literal");
  }
}

ConditionBinder::BoundPtr ConditionBinder::BindList(const ConditionExpr& e) {
  std::vector<Value> values;
  T element = T::kError;  // none yet
  bool failed = false;
  for (const auto& child : e.children) {
    BoundPtr b = Bind(*child);
    if (b->type == T::kError) {
      failed = true;
      continue;
    }
    if (b->kind != Kind::kConstant || !IsScalar(b->type)) {
      ErrorAtStart(*child, "list elements must be literals such as \"a\" or 12, got " + Snippet(*child));
      failed = true;
      continue;
    }
    element = element == T::kError || element == b->type ? b->type : T::kDynamic;
    values.push_back(b->value);
  }
  if (failed) return Node(Kind::kConstant, T::kError);
  const std::vector<Value>& stored = arena_->lists.emplace_back(std::move(values));
  auto n = Constant(Value::List(ValueKind::kValueVec, &stored), T::kList);
  n->element = element == T::kError ? T::kDynamic : element;
  return n;
}

ConditionBinder::BoundPtr ConditionBinder::BindUnary(const ConditionExpr& e) {
  const ConditionExpr& operand_expr = *e.children[0];
  BoundPtr operand = Bind(operand_expr);
  if (operand->type == T::kError) return operand;
  if (e.op == ExprOp::kNot) {
    if (!IsTruth(operand->type)) {
      return Error(e, "'!' needs true or false, got " +
                          ConditionTypeName(operand->type, operand->element) + ": " +
                          Snippet(operand_expr));
    }
    auto n = Node(Kind::kNot, T::kBool);
    n->children.push_back(std::move(operand));
    return n;
  }
  if (!IsAmount(operand->type) && operand->type != T::kDynamic) {
    return Error(e, "cannot negate a " + ConditionTypeName(operand->type, operand->element) + ": " +
                        Snippet(e));
  }
  if (operand->kind == Kind::kConstant) return Constant(Negate(operand->value), operand->type);
  auto n = Node(Kind::kNeg, operand->type);
  n->children.push_back(std::move(operand));
  return n;
}

ConditionBinder::BoundPtr ConditionBinder::BindBinary(const ConditionExpr& e) {
  BoundPtr lhs = Bind(*e.children[0]);
  BoundPtr rhs = Bind(*e.children[1]);
  if (lhs->type == T::kError) return lhs;
  if (rhs->type == T::kError) return rhs;
  switch (e.op) {
    case ExprOp::kAnd:
    case ExprOp::kOr: return BindLogical(e, std::move(lhs), std::move(rhs));
    case ExprOp::kAdd:
    case ExprOp::kSub:
    case ExprOp::kMul:
    case ExprOp::kDiv:
    case ExprOp::kMod: return BindArith(e, std::move(lhs), std::move(rhs));
    default: return BindPredicate(e, std::move(lhs), std::move(rhs));
  }
}

ConditionBinder::BoundPtr ConditionBinder::BindLogical(const ConditionExpr& e, BoundPtr lhs,
                                                       BoundPtr rhs) {
  for (int i = 0; i < 2; ++i) {
    const BoundCondition& side = i == 0 ? *lhs : *rhs;
    if (IsTruth(side.type)) continue;
    const ConditionExpr& side_expr = *e.children[i];
    auto [line, column] = PositionOf(side_expr.begin);
    return ErrorAt(line, column,
                   std::string("'") + ExprOpText(e.op) + "' needs true or false on both sides, got " +
                       ConditionTypeName(side.type, side.element) + ": " + Snippet(side_expr));
  }
  auto n = Node(e.op == ExprOp::kAnd ? Kind::kAnd : Kind::kOr, T::kBool);
  n->children.push_back(std::move(lhs));
  n->children.push_back(std::move(rhs));
  return n;
}

ConditionBinder::BoundPtr ConditionBinder::BindPredicate(const ConditionExpr& e, BoundPtr lhs,
                                                         BoundPtr rhs) {
  const T l = lhs->type, r = rhs->type;
  const std::string op = ExprOpText(e.op);
  const std::string lname = ConditionTypeName(l, lhs->element);
  const std::string rname = ConditionTypeName(r, rhs->element);
  switch (e.op) {
    case ExprOp::kIn:
    case ExprOp::kContains: {
      const bool in = e.op == ExprOp::kIn;
      const BoundCondition& container = in ? *rhs : *lhs;
      const BoundCondition& item = in ? *lhs : *rhs;
      const std::string cname = in ? rname : lname;
      const std::string iname = in ? lname : rname;
      if (!in && container.type == T::kString) {
        if (item.type != T::kString && item.type != T::kDynamic) {
          return Error(e, "'contains' on a string needs a string to look for, got " + iname +
                              ": " + Snippet(e));
        }
        break;
      }
      const bool is_container = container.type == T::kList || container.type == T::kRelated ||
                                container.type == T::kDynamic;
      if (!is_container) {
        return Error(e, "'" + op + "' needs a list or related(...) on its " +
                            (in ? "right" : "left") + ", got " + cname + ": " + Snippet(e));
      }
      const T element = container.type == T::kRelated ? T::kString
                        : container.type == T::kList  ? container.element
                                                      : T::kDynamic;
      if (!ElementMatches(item.type, element)) {
        return Error(e, "cannot look for a " + iname + " in a " + cname + ": " + Snippet(e));
      }
      break;
    }
    case ExprOp::kStartsWith:
    case ExprOp::kEndsWith: {
      auto text = [](T t) { return t == T::kString || t == T::kDynamic; };
      if (!text(l) || !text(r)) {
        return Error(e, "'" + op + "' needs strings on both sides, got " + lname + " and " + rname +
                            ": " + Snippet(e));
      }
      break;
    }
    default:
      if (!Comparable(e.op, l, r)) {
        if (l == r && l == T::kBool) {
          return Error(e, "cannot order true and false with '" + op + "': " + Snippet(e));
        }
        return Error(e, "cannot compare " + lname + " with " + rname + ": " + Snippet(e));
      }
  }
  auto n = Node(Kind::kPredicate, T::kBool);
  n->op = e.op;
  n->children.push_back(std::move(lhs));
  n->children.push_back(std::move(rhs));
  return n;
}

ConditionBinder::BoundPtr ConditionBinder::BindArith(const ConditionExpr& e, BoundPtr lhs,
                                                     BoundPtr rhs) {
  const T type = ArithType(e.op, lhs->type, rhs->type);
  if (type == T::kError) {
    return Error(e, std::string("cannot apply '") + ExprOpText(e.op) + "' to " +
                        ConditionTypeName(lhs->type, lhs->element) + " and " +
                        ConditionTypeName(rhs->type, rhs->element) + ": " + Snippet(e));
  }
  if (lhs->kind == Kind::kConstant && rhs->kind == Kind::kConstant) {
    Value folded = Arith(e.op, lhs->value, rhs->value);
    if (folded.kind == ValueKind::kMissing) {
      return Error(e, "this is never defined (a division by zero or mixed currencies): " +
                          Snippet(e));
    }
    return Constant(folded, type);
  }
  auto n = Node(Kind::kArith, type);
  n->op = e.op;
  n->children.push_back(std::move(lhs));
  n->children.push_back(std::move(rhs));
  return n;
}

std::unique_ptr<BoundConditionTree> BindCondition(const ConditionExpr& expr, std::string_view text,
                                                  ConditionRole role,
                                                  const AttributeCatalog& attributes,
                                                  std::vector<Diagnostic>* diagnostics) {
  ConditionBinder binder(text, role, attributes, diagnostics);
  auto tree = std::make_unique<BoundConditionTree>();
  tree->root = binder.BindRoot(expr);
  if (binder.failed()) return nullptr;
  tree->arena = binder.arena();
  tree->info = std::move(binder.info());
  return tree;
}

}  // namespace affinity

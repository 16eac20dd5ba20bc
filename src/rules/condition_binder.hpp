// ConditionBinder: turns a ConditionExpr into a BoundCondition (see bound_condition.hpp). Split by
// concern: condition_binder.cpp resolves names, members and calls; condition_binder_ops.cpp types
// literals and operators.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/bound_condition.hpp"

namespace affinity {

class ConditionBinder {
 public:
  using BoundPtr = std::unique_ptr<BoundCondition>;

  ConditionBinder(std::string_view text, ConditionRole role, const AttributeCatalog& attributes,
                  std::vector<Diagnostic>* diagnostics);

  // The whole condition: binds `expr` and checks that it is true or false.
  BoundPtr BindRoot(const ConditionExpr& expr);

  bool failed() const { return failed_; }
  ConditionInfo& info() { return info_; }
  std::shared_ptr<ConditionArena> arena() const { return arena_; }

 private:
  BoundPtr Bind(const ConditionExpr& e);
  // condition_binder.cpp
  BoundPtr BindName(const ConditionExpr& e);
  BoundPtr BindMember(const ConditionExpr& e);
  BoundPtr BindCall(const ConditionExpr& e);
  BoundPtr BindFunction(const ConditionExpr& call, const std::string& name);
  BoundPtr BindMethod(const ConditionExpr& call, const ConditionExpr& member);
  BoundPtr BindProductAttribute(const ConditionExpr& member, ProductRole product);
  bool CheckRoot(const ConditionExpr& at, std::string_view root);
  bool CheckArgCount(const ConditionExpr& call, std::string_view name, std::size_t want);
  // condition_binder_ops.cpp
  BoundPtr BindLiteral(const ConditionExpr& e);
  BoundPtr BindList(const ConditionExpr& e);
  BoundPtr BindUnary(const ConditionExpr& e);
  BoundPtr BindBinary(const ConditionExpr& e);
  BoundPtr BindLogical(const ConditionExpr& e, BoundPtr lhs, BoundPtr rhs);
  BoundPtr BindPredicate(const ConditionExpr& e, BoundPtr lhs, BoundPtr rhs);
  BoundPtr BindArith(const ConditionExpr& e, BoundPtr lhs, BoundPtr rhs);

  // Records an error at `at` (its own token) and returns an error node, which silences the errors
  // that would only follow from this one.
  BoundPtr Error(const ConditionExpr& at, std::string message);
  // An error about an unknown `word`: with the nearest of `candidates` as the suggestion
  // ("<message> (did you mean 'x'?)"), or `otherwise` appended when none is near.
  BoundPtr Unknown(const ConditionExpr& at, std::string message, std::string_view word,
                   const std::vector<std::string_view>& candidates, std::string_view otherwise);
  BoundPtr ErrorAt(int line, int column, std::string message);
  // An error at the first token of `e` (for an argument or an operand as a whole).
  BoundPtr ErrorAtStart(const ConditionExpr& e, std::string message);
  void Warn(const ConditionExpr& at, std::string message);
  // The text of `e` as written, whitespace runs collapsed: "target.brand > 5".
  std::string Snippet(const ConditionExpr& e) const;
  // Line and column of a byte offset into the text.
  std::pair<int, int> PositionOf(std::size_t offset) const;

  static BoundPtr Node(BoundCondition::Kind kind, ConditionType type);
  static BoundPtr Constant(Value value, ConditionType type);

  std::string_view text_;
  ConditionRole role_;
  const AttributeCatalog& attributes_;
  std::vector<Diagnostic>* diagnostics_;
  std::shared_ptr<ConditionArena> arena_ = std::make_shared<ConditionArena>();
  ConditionInfo info_;
  bool failed_ = false;
};

}  // namespace affinity

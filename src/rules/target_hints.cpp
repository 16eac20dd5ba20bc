// ExtractTargetHints: necessary conditions on the target, read off the top-level && conjuncts of a
// bound `then` condition, so that materialisation can look targets up in an index.
#include "rules/bound_condition.hpp"

namespace affinity {
namespace {

using Kind = BoundCondition::Kind;

bool IsTargetField(const BoundCondition& n, ProductField field) {
  return n.kind == Kind::kProductField && n.product == ProductRole::kTarget &&
         n.field == static_cast<int>(field);
}
bool IsSourceField(const BoundCondition& n, ProductField field) {
  return n.kind == Kind::kProductField && n.product == ProductRole::kSource &&
         n.field == static_cast<int>(field);
}
bool IsConstString(const BoundCondition& n) {
  return n.kind == Kind::kConstant && n.value.kind == ValueKind::kString;
}

// The strings of a constant list of strings; false when it holds anything else.
bool ConstStrings(const BoundCondition& n, std::vector<std::string>* out) {
  if (n.kind != Kind::kConstant || n.value.kind != ValueKind::kValueVec) return false;
  for (const Value& v : *static_cast<const std::vector<Value>*>(n.value.ptr)) {
    if (v.kind != ValueKind::kString) return false;
    out->emplace_back(v.str);
  }
  return true;
}

void Conjuncts(const BoundCondition& n, std::vector<const BoundCondition*>* out) {
  if (n.kind == Kind::kAnd) {
    for (const auto& c : n.children) Conjuncts(*c, out);
    return;
  }
  out->push_back(&n);
}

// The hint for `field == x` / `field in [..]` on the target, for the fields that have one.
bool FieldHint(ProductField field, TargetHint::Kind* kind) {
  switch (field) {
    case ProductField::kCategory: *kind = TargetHint::Kind::kCategoryIn; return true;
    case ProductField::kBrand: *kind = TargetHint::Kind::kBrandIn; return true;
    case ProductField::kSku: *kind = TargetHint::Kind::kSkuIn; return true;
    default: return false;
  }
}

void HintOf(const BoundCondition& n, std::vector<TargetHint>* hints) {
  if (n.kind != Kind::kPredicate) return;
  const BoundCondition* a = n.children[0].get();
  const BoundCondition* b = n.children[1].get();
  constexpr ProductField kIndexed[] = {ProductField::kCategory, ProductField::kBrand,
                                       ProductField::kSku};
  switch (n.op) {
    case ExprOp::kEq: {
      if (!IsTargetField(*a, ProductField::kCategory) && !IsTargetField(*a, ProductField::kBrand) &&
          !IsTargetField(*a, ProductField::kSku)) {
        std::swap(a, b);
      }
      for (ProductField f : kIndexed) {
        if (!IsTargetField(*a, f)) continue;
        TargetHint::Kind kind = TargetHint::Kind::kCategoryIn;
        FieldHint(f, &kind);
        if (IsConstString(*b)) {
          hints->push_back({kind, {std::string(b->value.str)}});
        } else if (IsSourceField(*b, f) && f != ProductField::kSku) {
          hints->push_back({f == ProductField::kBrand ? TargetHint::Kind::kBrandIsSource
                                                      : TargetHint::Kind::kCategoryIsSource,
                            {}});
        }
        return;
      }
      return;
    }
    case ExprOp::kIn: {
      if (IsConstString(*a) && IsTargetField(*b, ProductField::kTags)) {
        hints->push_back({TargetHint::Kind::kTagIn, {std::string(a->value.str)}});
        return;
      }
      for (ProductField f : kIndexed) {
        if (!IsTargetField(*a, f)) continue;
        TargetHint hint{TargetHint::Kind::kCategoryIn, {}};
        FieldHint(f, &hint.kind);
        if (ConstStrings(*b, &hint.values)) hints->push_back(std::move(hint));
        return;
      }
      return;
    }
    case ExprOp::kContains:
      if (IsTargetField(*a, ProductField::kTags) && IsConstString(*b)) {
        hints->push_back({TargetHint::Kind::kTagIn, {std::string(b->value.str)}});
      }
      return;
    case ExprOp::kStartsWith:
      if (IsTargetField(*a, ProductField::kCategory) && IsConstString(*b)) {
        hints->push_back({TargetHint::Kind::kCategoryUnder, {std::string(b->value.str)}});
      }
      return;
    default: return;
  }
}

}  // namespace

std::vector<TargetHint> ExtractTargetHints(const BoundCondition& root) {
  std::vector<const BoundCondition*> conjuncts;
  Conjuncts(root, &conjuncts);
  std::vector<TargetHint> hints;
  for (const BoundCondition* c : conjuncts) HintOf(*c, &hints);
  return hints;
}

}  // namespace affinity

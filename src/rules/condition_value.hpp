// Value: what a compiled condition computes with at run time. A small trivially-copyable struct
// whose strings and lists are views into the product, the context or the compiled condition, so
// evaluating a comparison allocates nothing.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string_view>
#include <vector>

#include "rules/condition_expr.hpp"
#include "rules/eval_context.hpp"

namespace affinity {

enum class ValueKind : std::uint8_t {
  kMissing,    // an absent attribute, a failed operation: every comparison with it is false
  kBool,       // b
  kNumber,     // num; exactly mant / 10^scale when scale >= 0 (a literal's decimal text)
  kMoney,      // num: minor units, str: the currency code
  kString,     // str
  kTime,       // num: Unix seconds
  kStrVec,     // ptr: const std::vector<std::string>* (tags)
  kValueVec,   // ptr: const std::vector<Value>* (a list literal)
  kJsonArray,  // ptr: const boost::json::array* (a free attribute)
  kCartSkus,   // ptr: const Cart*
  kRelated,    // str: the relation type, str2: the SKU it starts from
};

struct Value {
  ValueKind kind = ValueKind::kMissing;
  bool b = false;
  std::int8_t scale = -1;
  double num = 0;
  std::int64_t mant = 0;
  std::string_view str;
  std::string_view str2;
  const void* ptr = nullptr;

  static Value Bool(bool v) {
    Value r;
    r.kind = ValueKind::kBool;
    r.b = v;
    return r;
  }
  static Value Number(double v) {
    Value r;
    r.kind = ValueKind::kNumber;
    r.num = v;
    return r;
  }
  static Value Money(double minor, std::string_view currency) {
    Value r;
    r.kind = ValueKind::kMoney;
    r.num = minor;
    r.str = currency;
    return r;
  }
  static Value String(std::string_view s) {
    Value r;
    r.kind = ValueKind::kString;
    r.str = s;
    return r;
  }
  static Value Time(double seconds) {
    Value r;
    r.kind = ValueKind::kTime;
    r.num = seconds;
    return r;
  }
  static Value List(ValueKind kind, const void* ptr) {
    Value r;
    r.kind = kind;
    r.ptr = ptr;
    return r;
  }
};

// A free attribute's JSON as a Value: strings, numbers, bools and arrays; anything else is missing.
Value ValueFromJson(const boost::json::value& json);

// Digits after the decimal point of `currency`, from a table built once (no string search).
int FastCurrencyExponent(std::string_view currency);

// The semantics of the operators (see condition.hpp). `op` is a comparison, kIn, kContains,
// kStartsWith or kEndsWith for Test, an arithmetic operator for Arith.
bool Test(ExprOp op, const Value& a, const Value& b, const EvalContext& ctx);
Value Arith(ExprOp op, const Value& a, const Value& b);
Value Negate(const Value& v);
Value Count(const Value& v, const EvalContext& ctx);
inline bool Truthy(const Value& v) { return v.kind == ValueKind::kBool && v.b; }

// Compare a and b with a comparison operator; false on missing values and mismatched kinds.
bool Compare(ExprOp op, const Value& a, const Value& b);

}  // namespace affinity

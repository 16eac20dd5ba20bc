#include "rules/condition_value.hpp"

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/string.hpp>
#include <cmath>
#include <string>

#include "common/money.hpp"

namespace affinity {
namespace {

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

template <typename T>
bool Order(ExprOp op, const T& a, const T& b) {
  switch (op) {
    case ExprOp::kEq: return a == b;
    case ExprOp::kNe: return a != b;
    case ExprOp::kLt: return a < b;
    case ExprOp::kLe: return a <= b;
    case ExprOp::kGt: return a > b;
    case ExprOp::kGe: return a >= b;
    default: return false;
  }
}

ExprOp Flip(ExprOp op) {
  switch (op) {
    case ExprOp::kLt: return ExprOp::kGt;
    case ExprOp::kLe: return ExprOp::kGe;
    case ExprOp::kGt: return ExprOp::kLt;
    case ExprOp::kGe: return ExprOp::kLe;
    default: return op;
  }
}

__int128 Pow10(int n) {
  __int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

// A number read in a currency's minor units, for arithmetic (double; snapped to the nearest
// integer when within rounding noise, so 0.1 + 0.2 USD is 30 cents).
double NumberToMinor(const Value& number, std::string_view currency) {
  double scaled = number.num * std::pow(10.0, FastCurrencyExponent(currency));
  double rounded = std::nearbyint(scaled);
  return std::fabs(scaled - rounded) < 1e-6 ? rounded : scaled;
}

// `money op number`, the number read in the money's currency, exactly when the number is a literal.
bool CompareMoneyNumber(ExprOp op, const Value& money, const Value& number) {
  const int exponent = FastCurrencyExponent(money.str);
  if (number.scale >= 0 && std::fabs(money.num) < kMaxExactInteger &&
      money.num == std::nearbyint(money.num)) {
    __int128 lhs = static_cast<__int128>(static_cast<std::int64_t>(money.num)) * Pow10(number.scale);
    __int128 rhs = static_cast<__int128>(number.mant) * Pow10(exponent);
    return Order(op, lhs, rhs);
  }
  return Order(op, money.num, NumberToMinor(number, money.str));
}

Value ExactIfIntegral(double v) {
  Value r = Value::Number(v);
  if (std::fabs(v) < kMaxExactInteger && v == std::nearbyint(v)) {
    r.scale = 0;
    r.mant = static_cast<std::int64_t>(v);
  }
  return r;
}

bool Contains(const Value& container, const Value& x, const EvalContext& ctx) {
  if (x.kind == ValueKind::kMissing) return false;
  switch (container.kind) {
    case ValueKind::kStrVec: {
      if (x.kind != ValueKind::kString) return false;
      for (const std::string& s : *static_cast<const std::vector<std::string>*>(container.ptr)) {
        if (s == x.str) return true;
      }
      return false;
    }
    case ValueKind::kValueVec:
      for (const Value& v : *static_cast<const std::vector<Value>*>(container.ptr)) {
        if (Compare(ExprOp::kEq, v, x)) return true;
      }
      return false;
    case ValueKind::kJsonArray:
      for (const boost::json::value& j : *static_cast<const boost::json::array*>(container.ptr)) {
        if (Compare(ExprOp::kEq, ValueFromJson(j), x)) return true;
      }
      return false;
    case ValueKind::kCartSkus:
      return x.kind == ValueKind::kString && static_cast<const Cart*>(container.ptr)->Contains(x.str);
    case ValueKind::kRelated:
      return x.kind == ValueKind::kString && ctx.related != nullptr &&
             ctx.related->Contains(container.str2, container.str, x.str);
    default:
      return false;
  }
}

}  // namespace

int FastCurrencyExponent(std::string_view c) {
  static const std::array<std::int8_t, 26 * 26 * 26> kTable = [] {
    std::array<std::int8_t, 26 * 26 * 26> t{};
    char code[3];
    for (int i = 0; i < 26 * 26 * 26; ++i) {
      code[0] = static_cast<char>('A' + i / 676);
      code[1] = static_cast<char>('A' + i / 26 % 26);
      code[2] = static_cast<char>('A' + i % 26);
      t[i] = static_cast<std::int8_t>(CurrencyExponent(std::string_view(code, 3)));
    }
    return t;
  }();
  if (c.size() != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' ||
      c[2] > 'Z') {
    return CurrencyExponent(c);
  }
  return kTable[(c[0] - 'A') * 676 + (c[1] - 'A') * 26 + (c[2] - 'A')];
}

Value ValueFromJson(const boost::json::value& json) {
  switch (json.kind()) {
    case boost::json::kind::string: {
      const boost::json::string& s = json.get_string();
      return Value::String(std::string_view(s.data(), s.size()));
    }
    case boost::json::kind::int64: {
      Value v = Value::Number(static_cast<double>(json.get_int64()));
      v.scale = 0;
      v.mant = json.get_int64();
      return v;
    }
    case boost::json::kind::uint64: return Value::Number(static_cast<double>(json.get_uint64()));
    case boost::json::kind::double_: return Value::Number(json.get_double());
    case boost::json::kind::bool_: return Value::Bool(json.get_bool());
    case boost::json::kind::array: return Value::List(ValueKind::kJsonArray, &json.get_array());
    default: return Value{};
  }
}

bool Compare(ExprOp op, const Value& a, const Value& b) {
  if (a.kind == ValueKind::kMissing || b.kind == ValueKind::kMissing) return false;
  if (a.kind == b.kind) {
    switch (a.kind) {
      case ValueKind::kBool:
        return (op == ExprOp::kEq || op == ExprOp::kNe) && Order(op, a.b, b.b);
      case ValueKind::kNumber:
      case ValueKind::kTime: return Order(op, a.num, b.num);
      case ValueKind::kMoney: return a.str == b.str && Order(op, a.num, b.num);
      case ValueKind::kString: return Order(op, a.str, b.str);
      default: return false;
    }
  }
  if (a.kind == ValueKind::kMoney && b.kind == ValueKind::kNumber) {
    return CompareMoneyNumber(op, a, b);
  }
  if (a.kind == ValueKind::kNumber && b.kind == ValueKind::kMoney) {
    return CompareMoneyNumber(Flip(op), b, a);
  }
  return false;
}

bool Test(ExprOp op, const Value& a, const Value& b, const EvalContext& ctx) {
  switch (op) {
    case ExprOp::kIn: return Contains(b, a, ctx);
    case ExprOp::kContains:
      if (a.kind == ValueKind::kString) {
        return b.kind == ValueKind::kString && a.str.find(b.str) != std::string_view::npos;
      }
      return Contains(a, b, ctx);
    case ExprOp::kStartsWith:
      return a.kind == ValueKind::kString && b.kind == ValueKind::kString &&
             a.str.starts_with(b.str);
    case ExprOp::kEndsWith:
      return a.kind == ValueKind::kString && b.kind == ValueKind::kString &&
             a.str.ends_with(b.str);
    default: return Compare(op, a, b);
  }
}

Value Arith(ExprOp op, const Value& a, const Value& b) {
  using K = ValueKind;
  if (a.kind == K::kNumber && b.kind == K::kNumber) {
    switch (op) {
      case ExprOp::kAdd: return ExactIfIntegral(a.num + b.num);
      case ExprOp::kSub: return ExactIfIntegral(a.num - b.num);
      case ExprOp::kMul: return ExactIfIntegral(a.num * b.num);
      case ExprOp::kDiv: return b.num == 0 ? Value{} : ExactIfIntegral(a.num / b.num);
      case ExprOp::kMod: return b.num == 0 ? Value{} : ExactIfIntegral(std::fmod(a.num, b.num));
      default: return Value{};
    }
  }
  if (a.kind == K::kMoney && b.kind == K::kMoney) {
    if (a.str != b.str) return Value{};
    switch (op) {
      case ExprOp::kAdd: return Value::Money(a.num + b.num, a.str);
      case ExprOp::kSub: return Value::Money(a.num - b.num, a.str);
      case ExprOp::kDiv: return b.num == 0 ? Value{} : Value::Number(a.num / b.num);
      default: return Value{};
    }
  }
  if (a.kind == K::kMoney && b.kind == K::kNumber) {
    switch (op) {
      case ExprOp::kAdd: return Value::Money(a.num + NumberToMinor(b, a.str), a.str);
      case ExprOp::kSub: return Value::Money(a.num - NumberToMinor(b, a.str), a.str);
      case ExprOp::kMul: return Value::Money(a.num * b.num, a.str);
      case ExprOp::kDiv: return b.num == 0 ? Value{} : Value::Money(a.num / b.num, a.str);
      default: return Value{};
    }
  }
  if (a.kind == K::kNumber && b.kind == K::kMoney) {
    switch (op) {
      case ExprOp::kAdd: return Value::Money(NumberToMinor(a, b.str) + b.num, b.str);
      case ExprOp::kSub: return Value::Money(NumberToMinor(a, b.str) - b.num, b.str);
      case ExprOp::kMul: return Value::Money(a.num * b.num, b.str);
      default: return Value{};
    }
  }
  if (a.kind == K::kTime && b.kind == K::kNumber) {
    if (op == ExprOp::kAdd) return Value::Time(a.num + b.num);
    if (op == ExprOp::kSub) return Value::Time(a.num - b.num);
    return Value{};
  }
  if (a.kind == K::kNumber && b.kind == K::kTime && op == ExprOp::kAdd) {
    return Value::Time(a.num + b.num);
  }
  if (a.kind == K::kTime && b.kind == K::kTime && op == ExprOp::kSub) {
    return ExactIfIntegral(a.num - b.num);
  }
  return Value{};
}

Value Negate(const Value& v) {
  if (v.kind == ValueKind::kNumber) {
    Value r = v;
    r.num = -v.num;
    r.mant = -v.mant;
    return r;
  }
  if (v.kind == ValueKind::kMoney) return Value::Money(-v.num, v.str);
  return Value{};
}

Value Count(const Value& v, const EvalContext& ctx) {
  switch (v.kind) {
    case ValueKind::kStrVec:
      return ExactIfIntegral(
          static_cast<double>(static_cast<const std::vector<std::string>*>(v.ptr)->size()));
    case ValueKind::kValueVec:
      return ExactIfIntegral(
          static_cast<double>(static_cast<const std::vector<Value>*>(v.ptr)->size()));
    case ValueKind::kJsonArray:
      return ExactIfIntegral(
          static_cast<double>(static_cast<const boost::json::array*>(v.ptr)->size()));
    case ValueKind::kCartSkus:
      return ExactIfIntegral(static_cast<double>(static_cast<const Cart*>(v.ptr)->lines.size()));
    case ValueKind::kRelated:
      return ExactIfIntegral(
          ctx.related ? static_cast<double>(ctx.related->Count(v.str2, v.str)) : 0.0);
    default: return Value{};
  }
}

}  // namespace affinity

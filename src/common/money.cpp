#include "common/money.hpp"

#include <charconv>
#include <cstring>

#include <array>
#include <cstdint>
#include <limits>

namespace affinity {
namespace {

struct ExponentEntry {
  std::string_view code;
  int exponent;
};

// ISO 4217 currencies whose minor unit is not 2 digits.
constexpr std::array<ExponentEntry, 23> kNonTwoDigit = {{
    {"BHD", 3}, {"BIF", 0}, {"CLF", 4}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0}, {"IQD", 3}, {"ISK", 0},
    {"JOD", 3}, {"JPY", 0}, {"KMF", 0}, {"KRW", 0}, {"KWD", 3}, {"LYD", 3}, {"OMR", 3}, {"PYG", 0},
    {"RWF", 0}, {"TND", 3}, {"UGX", 0}, {"UYI", 0}, {"VND", 0}, {"VUV", 0}, {"XAF", 0},
}};

}  // namespace

int CurrencyExponent(std::string_view currency) {
  // Compared as packed 3-byte keys: this runs for every price of every reply.
  constexpr auto pack = [](std::string_view c) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(c[0])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(c[1])) << 8 |
           static_cast<unsigned char>(c[2]);
  };
  static constexpr auto kKeys = [&] {
    std::array<std::uint32_t, kNonTwoDigit.size()> keys{};
    for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = pack(kNonTwoDigit[i].code);
    return keys;
  }();
  if (currency.size() != 3) return 2;
  const std::uint32_t key = pack(currency);
  for (std::size_t i = 0; i < kKeys.size(); ++i) {
    if (kKeys[i] == key) return kNonTwoDigit[i].exponent;
  }
  return 2;
}

bool IsCurrencyCode(std::string_view c) {
  if (c.size() != 3) return false;
  for (char ch : c) {
    if (ch < 'A' || ch > 'Z') return false;
  }
  return true;
}

Result<std::int64_t> ParseMinorUnits(std::string_view text, std::string_view currency) {
  const int exponent = CurrencyExponent(currency);
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not a valid " +
                                   std::string(currency) + " amount: " + std::string(why));
  };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return bad("expected digits such as \"59.99\"");
  // The magnitude is accumulated unsigned and checked against the limit of its sign, so that every
  // int64 (INT64_MIN included) parses and nothing beyond wraps around.
  const std::uint64_t limit =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0);
  auto append_digit = [&](std::uint64_t& v, int digit) {
    if (v > (limit - digit) / 10) return false;
    v = v * 10 + digit;
    return true;
  };
  std::uint64_t value = 0;
  int decimals = -1;  // -1: no decimal point seen yet
  bool any_digit = false;
  for (char ch : s) {
    if (ch == '.') {
      if (decimals >= 0) return bad("more than one decimal point");
      decimals = 0;
      continue;
    }
    if (ch < '0' || ch > '9') return bad("expected digits and one '.' such as \"59.99\"");
    any_digit = true;
    if (decimals >= 0 && ++decimals > exponent) {
      if (ch == '0') continue;  // trailing zeros beyond the exponent are harmless ("59.9900")
      return bad(std::to_string(exponent) + " decimal places at most for " + std::string(currency));
    }
    if (!append_digit(value, ch - '0')) return bad("too large");
  }
  if (!any_digit) return bad("expected digits such as \"59.99\"");
  for (int d = decimals < 0 ? 0 : std::min(decimals, exponent); d < exponent; ++d) {
    if (!append_digit(value, 0)) return bad("too large");
  }
  // Two's-complement negation in unsigned arithmetic also covers INT64_MIN.
  return static_cast<std::int64_t>(negative ? 0 - value : value);
}

std::string FormatMinorUnits(std::int64_t minor, std::string_view currency) {
  char buf[kMaxMinorUnitsText];
  return std::string(buf, FormatMinorUnitsTo(buf, minor, currency));
}

std::size_t FormatMinorUnitsTo(char* out, std::int64_t minor, std::string_view currency) {
  const int exponent = CurrencyExponent(currency);
  const bool negative = minor < 0;
  // Two's-complement negation in unsigned arithmetic also covers INT64_MIN.
  const auto magnitude = negative ? 0ULL - static_cast<unsigned long long>(minor)
                                  : static_cast<unsigned long long>(minor);
  char digits[24];
  const std::size_t n = static_cast<std::size_t>(
      std::to_chars(digits, digits + sizeof digits, magnitude).ptr - digits);
  const std::size_t e = exponent > 0 ? static_cast<std::size_t>(exponent) : 0;
  char* p = out;
  if (negative) *p++ = '-';
  if (e == 0) {
    std::memcpy(p, digits, n);
    return static_cast<std::size_t>(p + n - out);
  }
  // Whole units ("0" when there are none), the point, then exactly `e` fraction digits.
  const std::size_t whole = n > e ? n - e : 0;
  if (whole == 0) *p++ = '0';
  std::memcpy(p, digits, whole);
  p += whole;
  *p++ = '.';
  for (std::size_t pad = n < e ? e - n : 0; pad > 0; --pad) *p++ = '0';
  std::memcpy(p, digits + whole, n - whole);
  p += n - whole;
  return static_cast<std::size_t>(p - out);
}

}  // namespace affinity

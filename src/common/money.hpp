// Money: integer minor units plus an ISO 4217 currency code. Prices enter as decimal text and never
// pass through a floating-point value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace affinity {

struct Money {
  std::int64_t minor = 0;  // 5999 for 59.99 USD, 500 for 500 JPY
  std::string currency;    // "USD"

  bool operator==(const Money&) const = default;
};

// Digits after the decimal point for `currency` (2 for USD/EUR, 0 for JPY, 3 for KWD, ...).
// Unknown but well-formed codes get 2.
int CurrencyExponent(std::string_view currency);

// True for three upper-case ASCII letters.
bool IsCurrencyCode(std::string_view currency);

// Parses "59.99", "59.9", "59", "-0.50" into minor units of `currency`. Returns InvalidArgument naming
// the text when it is not a plain decimal, has more decimals than the currency allows, or overflows.
Result<std::int64_t> ParseMinorUnits(std::string_view text, std::string_view currency);

// Formats minor units as a decimal string with the currency's exponent: 5999, "USD" -> "59.99".
std::string FormatMinorUnits(std::int64_t minor, std::string_view currency);
// The same text written to `out` (at least kMaxMinorUnitsText bytes, not terminated), without an
// allocation; returns its length. For hot paths.
inline constexpr std::size_t kMaxMinorUnitsText = 32;
std::size_t FormatMinorUnitsTo(char* out, std::int64_t minor, std::string_view currency);

}  // namespace affinity

#include "common/money.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

namespace affinity {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// The error message for `text`, or "" when it parses.
std::string ParseError(std::string_view text, std::string_view currency) {
  Result<std::int64_t> r = ParseMinorUnits(text, currency);
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

std::int64_t Parse(std::string_view text, std::string_view currency) {
  Result<std::int64_t> r = ParseMinorUnits(text, currency);
  EXPECT_TRUE(r.ok()) << "'" << text << "' " << currency << ": " << r.status().ToString();
  return r.ok() ? *r : -424242;
}

TEST(MoneyTest, CurrencyExponentKnowsNonTwoDigitCurrencies) {
  EXPECT_EQ(CurrencyExponent("USD"), 2);
  EXPECT_EQ(CurrencyExponent("EUR"), 2);
  EXPECT_EQ(CurrencyExponent("JPY"), 0);
  EXPECT_EQ(CurrencyExponent("KRW"), 0);
  EXPECT_EQ(CurrencyExponent("KWD"), 3);
  EXPECT_EQ(CurrencyExponent("BHD"), 3);
  EXPECT_EQ(CurrencyExponent("CLF"), 4);
  EXPECT_EQ(CurrencyExponent("XYZ"), 2);  // unknown but well formed
}

TEST(MoneyTest, IsCurrencyCodeNeedsThreeUpperCaseLetters) {
  EXPECT_TRUE(IsCurrencyCode("USD"));
  EXPECT_FALSE(IsCurrencyCode("usd"));
  EXPECT_FALSE(IsCurrencyCode("US"));
  EXPECT_FALSE(IsCurrencyCode("USDX"));
  EXPECT_FALSE(IsCurrencyCode("U5D"));
  EXPECT_FALSE(IsCurrencyCode(""));
}

TEST(MoneyTest, ParsesWholeAndFractionalAmounts) {
  EXPECT_EQ(Parse("59.99", "USD"), 5999);
  EXPECT_EQ(Parse("59.9", "USD"), 5990);
  EXPECT_EQ(Parse("59", "USD"), 5900);
  EXPECT_EQ(Parse("0.05", "EUR"), 5);
  EXPECT_EQ(Parse("0", "USD"), 0);
  EXPECT_EQ(Parse("007.10", "USD"), 710);
}

TEST(MoneyTest, ParsesSignedAmounts) {
  EXPECT_EQ(Parse("-0.50", "USD"), -50);
  EXPECT_EQ(Parse("-12", "USD"), -1200);
  EXPECT_EQ(Parse("+12.30", "USD"), 1230);
  EXPECT_EQ(Parse("-0", "USD"), 0);
}

TEST(MoneyTest, ZeroDecimalCurrencyTakesNoFraction) {
  EXPECT_EQ(Parse("500", "JPY"), 500);
  EXPECT_EQ(Parse("500.0", "JPY"), 500);  // a zero fraction says nothing new
  std::string error = ParseError("500.5", "JPY");
  EXPECT_NE(error.find("'500.5'"), std::string::npos) << error;
  EXPECT_NE(error.find("0 decimal places at most for JPY"), std::string::npos) << error;
}

TEST(MoneyTest, ThreeDecimalCurrencyTakesThreeDigits) {
  EXPECT_EQ(Parse("1.234", "KWD"), 1234);
  EXPECT_EQ(Parse("1.2", "KWD"), 1200);
  EXPECT_EQ(Parse("12", "KWD"), 12000);
  std::string error = ParseError("1.2345", "KWD");
  EXPECT_NE(error.find("3 decimal places at most for KWD"), std::string::npos) << error;
}

TEST(MoneyTest, RejectsTooManyDecimalsNamingTextAndCurrency) {
  std::string error = ParseError("59.999", "USD");
  EXPECT_NE(error.find("'59.999' is not a valid USD amount"), std::string::npos) << error;
  EXPECT_NE(error.find("2 decimal places at most"), std::string::npos) << error;
  EXPECT_NE(ParseError("59.9901", "USD"), "");  // a non-zero digit after harmless zeros
}

TEST(MoneyTest, AcceptsTrailingZerosBeyondTheExponent) {
  EXPECT_EQ(Parse("59.9900", "USD"), 5999);
  EXPECT_EQ(Parse("1.000000000000000000000000", "USD"), 100);
  EXPECT_EQ(Parse("1.2340", "KWD"), 1234);
}

TEST(MoneyTest, RejectsTextThatIsNotAPlainDecimal) {
  for (const char* text : {"", "-", "+", ".", "1.2.3", "12a", "1,99", " 5", "5 ", "1e3", "--5",
                           "0x10", "$5"}) {
    EXPECT_NE(ParseError(text, "USD"), "") << "'" << text << "' was accepted";
  }
  EXPECT_NE(ParseError("1.2.3", "USD").find("more than one decimal point"), std::string::npos);
}

TEST(MoneyTest, ParsesLargestAmount) {
  EXPECT_EQ(Parse("92233720368547758.07", "USD"), kMax);
  EXPECT_EQ(Parse("9223372036854775807", "JPY"), kMax);
  EXPECT_EQ(Parse("92233720368547758", "USD"), 9223372036854775800);
}

TEST(MoneyTest, RejectsOverflowInsteadOfWrapping) {
  for (const auto& [text, currency] : std::initializer_list<std::pair<const char*, const char*>>{
           {"92233720368547758.08", "USD"},
           {"92233720368547758.09", "USD"},
           {"92233720368547759", "USD"},
           {"9223372036854775808", "JPY"},
           {"9223372036854775809", "JPY"},
           {"99999999999999999999", "JPY"},
           {"-92233720368547758.09", "USD"},
           {"-9223372036854775809", "JPY"},
           {"9223372036854775.808", "KWD"}}) {
    std::string error = ParseError(text, currency);
    EXPECT_NE(error.find("too large"), std::string::npos)
        << text << " " << currency << " gave '" << error << "'";
  }
}

TEST(MoneyTest, ParsesSmallestAmount) {
  EXPECT_EQ(Parse("-92233720368547758.08", "USD"), kMin);
  EXPECT_EQ(Parse("-9223372036854775808", "JPY"), kMin);
}

TEST(MoneyTest, FormatsWithTheCurrencyExponent) {
  EXPECT_EQ(FormatMinorUnits(5999, "USD"), "59.99");
  EXPECT_EQ(FormatMinorUnits(5, "USD"), "0.05");
  EXPECT_EQ(FormatMinorUnits(0, "USD"), "0.00");
  EXPECT_EQ(FormatMinorUnits(-50, "USD"), "-0.50");
  EXPECT_EQ(FormatMinorUnits(500, "JPY"), "500");
  EXPECT_EQ(FormatMinorUnits(-5, "JPY"), "-5");
  EXPECT_EQ(FormatMinorUnits(1234, "KWD"), "1.234");
  EXPECT_EQ(FormatMinorUnits(1, "KWD"), "0.001");
  EXPECT_EQ(FormatMinorUnits(12345, "CLF"), "1.2345");
}

TEST(MoneyTest, FormatsExtremes) {
  EXPECT_EQ(FormatMinorUnits(kMax, "USD"), "92233720368547758.07");
  EXPECT_EQ(FormatMinorUnits(kMin, "USD"), "-92233720368547758.08");
  EXPECT_EQ(FormatMinorUnits(kMin, "JPY"), "-9223372036854775808");
}

TEST(MoneyTest, FormatThenParseRoundTrips) {
  for (const char* currency : {"USD", "JPY", "KWD", "CLF"}) {
    for (std::int64_t minor : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{99},
                               std::int64_t{100}, std::int64_t{5999}, std::int64_t{-5999},
                               std::int64_t{1000000007}, kMax, kMax - 1, kMin, kMin + 1}) {
      std::string text = FormatMinorUnits(minor, currency);
      Result<std::int64_t> back = ParseMinorUnits(text, currency);
      ASSERT_TRUE(back.ok()) << text << " " << currency << ": " << back.status().ToString();
      EXPECT_EQ(*back, minor) << text << " " << currency;
    }
  }
}

}  // namespace
}  // namespace affinity

// The JSON text writer's fast paths against plain reference implementations: string escaping
// (eight bytes at a time) and number formatting (shortest digits when they equal "%.12g").
#include "common/json_write.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <cmath>
#include <random>

namespace affinity {
namespace {

std::string ReferenceEscape(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

TEST(JsonWriteTest, EscapesEveryByteAtEveryPositionOfAWord) {
  for (int c = 0; c < 256; ++c) {
    for (std::size_t len : {1u, 7u, 8u, 9u, 16u, 23u}) {
      for (std::size_t at = 0; at < len; ++at) {
        std::string s(len, 'a');
        s[at] = static_cast<char>(c);
        std::string out;
        AppendJsonString(out, s);
        ASSERT_EQ(out, ReferenceEscape(s)) << "byte " << c << " at " << at << " of " << len;
      }
    }
  }
}

std::string Reference(double d) {
  std::string out = fmt::format("{:.12g}", d);
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
  return out;
}

TEST(JsonWriteTest, DoublesPrintAsTwelveSignificantDigits) {
  std::vector<double> values = {0.0,
                                -0.0,
                                1.0,
                                1.68,
                                1.2 * 1.4,
                                0.1 + 0.2,
                                1e-4,
                                1.23e-5,
                                1e5,
                                123456789012.0,
                                1234567890123.0,
                                999999999999.5,
                                1e15,
                                2.5e-300,
                                -7.125,
                                1.7976931348623157e308,
                                5e-324,
                                100.0,
                                0.30000000000000004};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < 200000; ++i) {
    const double mantissa = unit(rng) * 10;
    const int exponent = static_cast<int>(rng() % 40) - 20;
    values.push_back(mantissa * std::pow(10.0, exponent));
    values.push_back(std::round(mantissa * 1000) / 100);  // "prices" and weights with 2 decimals
    values.push_back((rng() % 50) * 0.1 * ((rng() % 30) * 0.1));  // type weight x link weight
  }
  for (double d : values) {
    ASSERT_EQ(ToJsonText(boost::json::value(d)), Reference(d)) << fmt::format("{:a}", d);
    std::string streamed;
    JsonWriter(streamed).Double(d);
    ASSERT_EQ(streamed, Reference(d));
  }
  EXPECT_EQ(ToJsonText(boost::json::value(1.68)), "1.68");
  EXPECT_EQ(ToJsonText(boost::json::value(1.2 * 1.4)), "1.68");
  EXPECT_EQ(ToJsonText(boost::json::value(2.0)), "2.0");
}

}  // namespace
}  // namespace affinity

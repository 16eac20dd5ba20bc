// The limits of condition_limits.hpp: every one is an InvalidArgument naming the limit and where it
// was passed, never a crash, and conditions just under them still compile and run.
#include "rules/condition_limits.hpp"

#include <gtest/gtest.h>

#include <string>

#include "rules/condition.hpp"

namespace affinity {
namespace {

std::string Repeat(std::string_view part, std::size_t n) {
  std::string out;
  out.reserve(part.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += part;
  return out;
}

// "(((" x n + inner + ")))" x n
std::string Nested(std::size_t n, std::string_view inner) {
  return Repeat("(", n) + std::string(inner) + Repeat(")", n);
}

// The first error of compiling `text` as a `when` condition ("" with a test failure when it
// compiles).
std::string ErrorOf(std::string_view text, ConditionRole role = ConditionRole::kWhen) {
  Result<CompiledCondition> c = CompileCondition(text, role, AttributeCatalog{});
  EXPECT_FALSE(c.ok()) << text.substr(0, 80);
  if (c.ok()) return "";
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  return std::string(c.status().message());
}

bool MatchesPrice(std::string_view text, std::int64_t price_minor) {
  Result<CompiledCondition> c = CompileCondition(text, ConditionRole::kWhen, AttributeCatalog{});
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  if (!c.ok()) return false;
  Product p;
  p.sku = "A-1";
  p.currency = "USD";
  p.price_minor = price_minor;
  EvalContext ctx;
  ctx.source = &p;
  return c->Matches(ctx);
}

TEST(ConditionLimitsTest, FiveThousandNestedParenthesesAreRefusedWithTheDepth) {
  // The request of issue 10 that ended the server with SIGSEGV.
  EXPECT_EQ(ErrorOf(Nested(5000, "source.price > 1")),
            "line 1, column 65: the condition nests deeper than 64 levels (parentheses, '!', '-', "
            "calls and lists each open one); simplify it");
}

TEST(ConditionLimitsTest, SixtyLevelsOfParenthesesStillParseAndRun) {
  EXPECT_TRUE(MatchesPrice(Nested(60, "source.price > 1"), 500));
  EXPECT_FALSE(MatchesPrice(Nested(60, "source.price > 10"), 500));
  EXPECT_TRUE(MatchesPrice(Nested(kMaxConditionDepth - 1, "source.price > 1"), 500));
}

TEST(ConditionLimitsTest, LongNotChainsAreRefusedAndShortOnesRun) {
  EXPECT_EQ(ErrorOf(Repeat("!", 1000) + "(source.price > 1)"),
            "line 1, column 65: the condition nests deeper than 64 levels (parentheses, '!', '-', "
            "calls and lists each open one); simplify it");
  EXPECT_TRUE(MatchesPrice(Repeat("!", 40) + "(source.price > 1)", 500));
  EXPECT_FALSE(MatchesPrice(Repeat("!", 41) + "(source.price > 1)", 500));
}

TEST(ConditionLimitsTest, LongNegationChainsAreRefusedAndShortOnesRun) {
  EXPECT_EQ(ErrorOf("source.price > " + Repeat("-", 1000) + "1"),
            "line 1, column 80: the condition nests deeper than 64 levels (parentheses, '!', '-', "
            "calls and lists each open one); simplify it");
  EXPECT_TRUE(MatchesPrice("source.price > " + Repeat("-", 10) + "1", 500));    // > 1
  EXPECT_FALSE(MatchesPrice("source.price > " + Repeat("-", 11) + "1", -500));  // > -1
}

TEST(ConditionLimitsTest, LongAndChainsAreBoundedByTheHeight) {
  // Built left-deep, each '&&' of a chain is a level of the tree.
  std::string under = "source.price > 1" + Repeat(" && source.price > 1", 200);
  EXPECT_TRUE(MatchesPrice(under, 500));
  EXPECT_FALSE(MatchesPrice(under + " && source.price > 1000", 500));
  std::string over = "a" + Repeat("&&a", 300);
  // The 256th '&&' makes the tree 257 levels high.
  EXPECT_EQ(ErrorOf(over),
            "line 1, column 767: more than 256 operators apply one after another here (each "
            "'&&', '||', '+', '.' and call of a chain is one level); split the condition into "
            "several rules or use a list, as in target.sku in [\"A\", \"B\"]");
}

TEST(ConditionLimitsTest, LongOrArithmeticMemberAndCallChainsAreRefused) {
  for (std::string text : {"a" + Repeat("||a", 2000), "1" + Repeat("+1", 2000) + " > 0",
                           "1" + Repeat("*1", 2000) + " > 0", "source" + Repeat(".a", 2000),
                           "related" + Repeat("()", 2000)}) {
    EXPECT_NE(ErrorOf(text).find("more than 256 operators apply one after another"),
              std::string::npos)
        << text.substr(0, 40);
  }
}

TEST(ConditionLimitsTest, NestedListsAndCallsCountAsLevels) {
  EXPECT_NE(ErrorOf("source.sku in " + Repeat("[", 100) + Repeat("]", 100))
                .find("nests deeper than 64 levels"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Repeat("count(", 100) + "1" + Repeat(")", 100) + " > 0")
                .find("nests deeper than 64 levels"),
            std::string::npos);
}

TEST(ConditionLimitsTest, TextLongerThanTheLimitIsRefusedWhereItPassesIt) {
  std::string text = "source.sku in [" + Repeat("\"x\",", 20000) + "\"x\"]";
  ASSERT_GT(text.size(), kMaxConditionLength);
  EXPECT_EQ(ErrorOf(text), "line 1, column 65537: the condition is " + std::to_string(text.size()) +
                               " bytes long, more than the 65536 allowed; shorten it (a long list "
                               "of SKUs is better kept as a tag on the products: target.tags "
                               "contains \"...\")");
  // Lines are counted up to the limit.
  std::string lines = Repeat("source.price > 1 &&\n", 4000) + "true";
  EXPECT_NE(ErrorOf(lines).find("line 3277, column 17: the condition is"), std::string::npos);
}

TEST(ConditionLimitsTest, TooManyTermsAreRefused) {
  std::string text = "source.sku in [" + Repeat("1,", 12000) + "1]";
  ASSERT_LE(text.size(), kMaxConditionLength);
  std::string error = ErrorOf(text);
  EXPECT_NE(error.find("the condition has more than 10000 terms"), std::string::npos) << error;
  EXPECT_EQ(error.rfind("line 1, column ", 0), 0u) << error;
  // A list of a few thousand SKUs is fine.
  EXPECT_TRUE(MatchesPrice("source.sku in [" + Repeat("\"B-1\",", 5000) + "\"A-1\"]", 100));
}

}  // namespace
}  // namespace affinity

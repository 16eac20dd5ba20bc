// The condition lexer: splits condition text into tokens that remember where they start (1-based line
// and column, counted in characters) and the byte span they cover, for error messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace affinity {

enum class TokenKind {
  kEnd,
  kIdentifier,    // also the keywords true false in startsWith endsWith contains
  kNumber,        // text: the decimal as written ("49.99")
  kString,        // text: the value, escapes resolved
  kCurrencySign,  // $ EUR-sign or pound sign; text: the ISO code ("USD")
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kOr,
  kAnd,
  kNot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  int line = 1;
  int column = 1;
  std::size_t begin = 0;  // byte offsets into the condition text
  std::size_t end = 0;
};

// Thrown inside the parsing pipeline only; CompileCondition turns it into a Status.
struct ConditionError {
  int line = 1;
  int column = 1;
  std::string message;
  bool limit = false;  // a size limit of condition_limits.hpp was passed, not a syntax error
};

// Tokens of `text`, ending with one kEnd token. Throws ConditionError on an unterminated string, a
// character that starts no token, or a text longer than kMaxConditionLength (condition_limits.hpp),
// positioned at the first character past the limit.
std::vector<Token> LexCondition(std::string_view text);

// How a token reads in a message: "'&&'", "the end of the condition".
std::string DescribeToken(const Token& token);

}  // namespace affinity

#include "rules/condition_lexer.hpp"

#include <cctype>
#include <string>

#include "rules/condition_limits.hpp"

namespace affinity {
namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> Run() {
    if (text_.size() > kMaxConditionLength) {
      // Point at the first character past the limit.
      while (pos_ < kMaxConditionLength) Advance();
      Token at;
      at.line = line_;
      at.column = column_;
      throw ConditionError{at.line, at.column,
                           "the condition is " + std::to_string(text_.size()) +
                               " bytes long, more than the " +
                               std::to_string(kMaxConditionLength) +
                               " allowed; shorten it (a long list of SKUs is better kept as a "
                               "tag on the products: target.tags contains \"...\")",
                           true};
    }
    std::vector<Token> tokens;
    for (;;) {
      SkipSpace();
      Token t;
      t.line = line_;
      t.column = column_;
      t.begin = pos_;
      if (pos_ >= text_.size()) {
        t.end = pos_;
        tokens.push_back(std::move(t));
        return tokens;
      }
      Scan(t);
      t.end = pos_;
      tokens.push_back(std::move(t));
    }
  }

 private:
  char Peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  void Advance() {
    char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;  // a UTF-8 continuation byte belongs to the character already counted
    }
  }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(Peek()))) Advance();
  }

  [[noreturn]] void Fail(const Token& at, std::string message) const {
    throw ConditionError{at.line, at.column, std::move(message)};
  }

  void Scan(Token& t) {
    const char c = Peek();
    if (IsIdentStart(c)) {
      while (IsIdentChar(Peek())) Advance();
      t.kind = TokenKind::kIdentifier;
      t.text = std::string(text_.substr(t.begin, pos_ - t.begin));
      return;
    }
    if (IsDigit(c)) {
      while (IsDigit(Peek())) Advance();
      if (Peek() == '.' && IsDigit(Peek(1))) {
        Advance();
        while (IsDigit(Peek())) Advance();
      }
      t.kind = TokenKind::kNumber;
      t.text = std::string(text_.substr(t.begin, pos_ - t.begin));
      return;
    }
    if (c == '"' || c == '\'') {
      ScanString(t, c);
      return;
    }
    // The currency signs, in UTF-8: EUR U+20AC (E2 82 AC), GBP U+00A3 (C2 A3).
    if (text_.substr(pos_).starts_with("\xE2\x82\xAC")) {
      for (int i = 0; i < 3; ++i) Advance();
      t.kind = TokenKind::kCurrencySign;
      t.text = "EUR";
      return;
    }
    if (text_.substr(pos_).starts_with("\xC2\xA3")) {
      Advance();
      Advance();
      t.kind = TokenKind::kCurrencySign;
      t.text = "GBP";
      return;
    }
    struct Op {
      std::string_view text;
      TokenKind kind;
    };
    static constexpr Op kOps[] = {
        {"||", TokenKind::kOr}, {"&&", TokenKind::kAnd},    {"==", TokenKind::kEq},
        {"!=", TokenKind::kNe}, {"<=", TokenKind::kLe},     {">=", TokenKind::kGe},
        {"<", TokenKind::kLt},  {">", TokenKind::kGt},      {"!", TokenKind::kNot},
        {"(", TokenKind::kLParen}, {")", TokenKind::kRParen}, {"[", TokenKind::kLBracket},
        {"]", TokenKind::kRBracket}, {",", TokenKind::kComma}, {".", TokenKind::kDot},
        {"+", TokenKind::kPlus}, {"-", TokenKind::kMinus},  {"*", TokenKind::kStar},
        {"/", TokenKind::kSlash}, {"%", TokenKind::kPercent}, {"$", TokenKind::kCurrencySign},
    };
    for (const Op& op : kOps) {
      if (text_.substr(pos_).starts_with(op.text)) {
        for (std::size_t i = 0; i < op.text.size(); ++i) Advance();
        t.kind = op.kind;
        t.text = op.kind == TokenKind::kCurrencySign ? "USD" : std::string(op.text);
        return;
      }
    }
    if (c == '=') Fail(t, "unexpected '=': use '==' to compare");
    if (c == '&') Fail(t, "unexpected '&': use '&&' for \"and\"");
    if (c == '|') Fail(t, "unexpected '|': use '||' for \"or\"");
    std::size_t len = 1;
    while (pos_ + len < text_.size() &&
           (static_cast<unsigned char>(text_[pos_ + len]) & 0xC0) == 0x80) {
      ++len;
    }
    Fail(t, "unexpected character '" + std::string(text_.substr(pos_, len)) + "'");
  }

  void ScanString(Token& t, char quote) {
    Advance();  // the opening quote
    std::string value;
    for (;;) {
      if (pos_ >= text_.size() || Peek() == '\n') {
        Fail(t, std::string("unterminated string: add the closing ") + quote);
      }
      char c = Peek();
      if (c == quote) {
        Advance();
        break;
      }
      if (c == '\\') {
        Token esc;
        esc.line = line_;
        esc.column = column_;
        Advance();
        char e = Peek();
        switch (e) {
          case '"': value += '"'; break;
          case '\'': value += '\''; break;
          case '\\': value += '\\'; break;
          case 'n': value += '\n'; break;
          case 't': value += '\t'; break;
          default:
            Fail(esc, "unknown escape '\\" + std::string(1, e) +
                          "' in a string: use \\\" \\' \\\\ \\n or \\t");
        }
        Advance();
        continue;
      }
      value += c;
      Advance();
    }
    t.kind = TokenKind::kString;
    t.text = std::move(value);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::vector<Token> LexCondition(std::string_view text) { return Lexer(text).Run(); }

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd: return "the end of the condition";
    case TokenKind::kString: return "the string \"" + token.text + "\"";
    case TokenKind::kCurrencySign: return "a currency sign";
    default: return "'" + token.text + "'";
  }
}

}  // namespace affinity

#include "rules/condition_parser.hpp"

#include <algorithm>
#include <utility>

#include "common/money.hpp"
#include "rules/condition_limits.hpp"

namespace affinity {

const char* ExprOpText(ExprOp op) {
  switch (op) {
    case ExprOp::kNone: return "";
    case ExprOp::kOr: return "||";
    case ExprOp::kAnd: return "&&";
    case ExprOp::kNot: return "!";
    case ExprOp::kEq: return "==";
    case ExprOp::kNe: return "!=";
    case ExprOp::kLt: return "<";
    case ExprOp::kLe: return "<=";
    case ExprOp::kGt: return ">";
    case ExprOp::kGe: return ">=";
    case ExprOp::kIn: return "in";
    case ExprOp::kStartsWith: return "startsWith";
    case ExprOp::kEndsWith: return "endsWith";
    case ExprOp::kContains: return "contains";
    case ExprOp::kAdd: return "+";
    case ExprOp::kSub: return "-";
    case ExprOp::kMul: return "*";
    case ExprOp::kDiv: return "/";
    case ExprOp::kMod: return "%";
    case ExprOp::kNeg: return "-";
  }
  return "";
}

bool IsComparison(ExprOp op) {
  return op == ExprOp::kEq || op == ExprOp::kNe || op == ExprOp::kLt || op == ExprOp::kLe ||
         op == ExprOp::kGt || op == ExprOp::kGe;
}

namespace {

using ExprPtr = std::unique_ptr<ConditionExpr>;

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  ExprPtr Run() {
    if (Peek().kind == TokenKind::kEnd) {
      Fail(Peek(), "empty condition: write an expression such as target.brand == source.brand");
    }
    ExprPtr e = ParseOr();
    if (Peek().kind != TokenKind::kEnd) {
      const Token& t = Peek();
      if (t.kind == TokenKind::kRParen) Fail(t, "unexpected ')' without a matching '('");
      Fail(t, "unexpected " + DescribeToken(t) +
                  " after a complete expression (missing '&&' or '||'?)");
    }
    return e;
  }

 private:
  const Token& Peek(std::size_t ahead = 0) const {
    std::size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& Next() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool IsWord(const Token& t, std::string_view word) const {
    return t.kind == TokenKind::kIdentifier && t.text == word;
  }
  [[noreturn]] void Fail(const Token& t, std::string message) const {
    throw ConditionError{t.line, t.column, std::move(message)};
  }
  [[noreturn]] void FailLimit(const Token& t, std::string message) const {
    throw ConditionError{t.line, t.column, std::move(message), true};
  }

  // One more nesting level (a '(', '!', unary '-', call or list) opened at `at`, for its scope.
  class Nest {
   public:
    Nest(Parser& parser, const Token& at) : parser_(parser) {
      if (++parser_.depth_ > kMaxConditionDepth) {
        parser_.FailLimit(at, "the condition nests deeper than " + std::to_string(kMaxConditionDepth) +
                             " levels (parentheses, '!', '-', calls and lists each open one); "
                             "simplify it");
      }
    }
    ~Nest() { --parser_.depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;

   private:
    Parser& parser_;
  };

  // Adds `child` under `parent`, whose own token is `at`, keeping the height within the limit.
  void Attach(ConditionExpr& parent, ExprPtr child, const Token& at) {
    parent.height = std::max(parent.height, child->height + 1);
    parent.children.push_back(std::move(child));
    if (parent.height > kMaxConditionHeight) {
      FailLimit(at, "more than " + std::to_string(kMaxConditionHeight) +
                   " operators apply one after another here (each '&&', '||', '+', '.' and call "
                   "of a chain is one level); split the condition into several rules or use a "
                   "list, as in target.sku in [\"A\", \"B\"]");
    }
  }

  ExprPtr Node(ConditionExpr::Kind kind, const Token& at) {
    if (++nodes_ > kMaxConditionNodes) {
      FailLimit(at, "the condition has more than " + std::to_string(kMaxConditionNodes) +
                   " terms; shorten it (a long list of SKUs is better kept as a tag on the "
                   "products: target.tags contains \"...\")");
    }
    auto e = std::make_unique<ConditionExpr>();
    e->kind = kind;
    e->line = at.line;
    e->column = at.column;
    e->begin = at.begin;
    e->end = at.end;
    return e;
  }

  ExprPtr Binary(ExprOp op, const Token& at, ExprPtr lhs, ExprPtr rhs) {
    auto e = Node(ConditionExpr::Kind::kBinary, at);
    e->op = op;
    e->begin = lhs->begin;
    e->end = rhs->end;
    Attach(*e, std::move(lhs), at);
    Attach(*e, std::move(rhs), at);
    return e;
  }

  // The operand after `op`, with a message naming the operator when it is missing.
  void ExpectOperand(const Token& op) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kEnd) {
      Fail(t, "expected a value after " + DescribeToken(op) + ", found the end of the condition");
    }
  }

  ExprPtr ParseOr() {
    ExprPtr lhs = ParseAnd();
    while (Peek().kind == TokenKind::kOr) {
      Token op = Next();
      ExpectOperand(op);
      lhs = Binary(ExprOp::kOr, op, std::move(lhs), ParseAnd());
    }
    return lhs;
  }

  ExprPtr ParseAnd() {
    ExprPtr lhs = ParseNot();
    while (Peek().kind == TokenKind::kAnd) {
      Token op = Next();
      ExpectOperand(op);
      lhs = Binary(ExprOp::kAnd, op, std::move(lhs), ParseNot());
    }
    return lhs;
  }

  ExprPtr ParseNot() {
    if (Peek().kind == TokenKind::kNot) {
      Token op = Next();
      Nest nest(*this, op);
      ExpectOperand(op);
      auto e = Node(ConditionExpr::Kind::kUnary, op);
      e->op = ExprOp::kNot;
      ExprPtr operand = ParseNot();
      e->end = operand->end;
      Attach(*e, std::move(operand), op);
      return e;
    }
    return ParseComparison();
  }

  // The comparison operator at the cursor, or kNone.
  ExprOp PeekComparison() const {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kEq: return ExprOp::kEq;
      case TokenKind::kNe: return ExprOp::kNe;
      case TokenKind::kLt: return ExprOp::kLt;
      case TokenKind::kLe: return ExprOp::kLe;
      case TokenKind::kGt: return ExprOp::kGt;
      case TokenKind::kGe: return ExprOp::kGe;
      default: break;
    }
    if (IsWord(t, "in")) return ExprOp::kIn;
    if (IsWord(t, "startsWith")) return ExprOp::kStartsWith;
    if (IsWord(t, "endsWith")) return ExprOp::kEndsWith;
    if (IsWord(t, "contains")) return ExprOp::kContains;
    return ExprOp::kNone;
  }

  ExprPtr ParseComparison() {
    ExprPtr lhs = ParseAdditive();
    ExprOp op = PeekComparison();
    if (op == ExprOp::kNone) return lhs;
    Token op_token = Next();
    ExpectOperand(op_token);
    ExprPtr e = Binary(op, op_token, std::move(lhs), ParseAdditive());
    if (PeekComparison() != ExprOp::kNone) {
      Fail(Peek(), "comparisons cannot be chained: join them with '&&', as in a < b && b < c");
    }
    return e;
  }

  ExprPtr ParseAdditive() {
    ExprPtr lhs = ParseMultiplicative();
    for (;;) {
      TokenKind k = Peek().kind;
      if (k != TokenKind::kPlus && k != TokenKind::kMinus) return lhs;
      Token op = Next();
      ExpectOperand(op);
      lhs = Binary(k == TokenKind::kPlus ? ExprOp::kAdd : ExprOp::kSub, op, std::move(lhs),
                   ParseMultiplicative());
    }
  }

  ExprPtr ParseMultiplicative() {
    ExprPtr lhs = ParseUnary();
    for (;;) {
      TokenKind k = Peek().kind;
      ExprOp op = k == TokenKind::kStar    ? ExprOp::kMul
                  : k == TokenKind::kSlash ? ExprOp::kDiv
                  : k == TokenKind::kPercent ? ExprOp::kMod
                                             : ExprOp::kNone;
      if (op == ExprOp::kNone) return lhs;
      Token op_token = Next();
      ExpectOperand(op_token);
      lhs = Binary(op, op_token, std::move(lhs), ParseUnary());
    }
  }

  ExprPtr ParseUnary() {
    if (Peek().kind == TokenKind::kMinus) {
      Token op = Next();
      Nest nest(*this, op);
      ExpectOperand(op);
      auto e = Node(ConditionExpr::Kind::kUnary, op);
      e->op = ExprOp::kNeg;
      ExprPtr operand = ParseUnary();
      e->end = operand->end;
      Attach(*e, std::move(operand), op);
      return e;
    }
    if (Peek().kind == TokenKind::kNot) {
      Fail(Peek(), "'!' applies to a whole comparison here: write !(...) around it");
    }
    return ParsePostfix();
  }

  ExprPtr ParsePostfix() {
    ExprPtr e = ParsePrimary();
    for (;;) {
      if (Peek().kind == TokenKind::kDot) {
        Next();  // the '.'
        const Token& name = Peek();
        if (name.kind != TokenKind::kIdentifier) {
          Fail(name, "expected an attribute name after '.', found " + DescribeToken(name));
        }
        Token at = Next();
        auto m = Node(ConditionExpr::Kind::kMember, at);
        m->name = at.text;
        m->begin = e->begin;
        Attach(*m, std::move(e), at);
        e = std::move(m);
        continue;
      }
      if (Peek().kind == TokenKind::kLParen) {
        Token open = Next();
        Nest nest(*this, open);
        auto call = Node(ConditionExpr::Kind::kCall, open);
        call->line = e->line;
        call->column = e->column;
        call->begin = e->begin;
        std::string callee = e->kind == ConditionExpr::Kind::kName ||
                                     e->kind == ConditionExpr::Kind::kMember
                                 ? e->name
                                 : std::string("(");
        Attach(*call, std::move(e), open);
        if (Peek().kind != TokenKind::kRParen) {
          for (;;) {
            ExpectOperand(open);
            Attach(*call, ParseOr(), open);
            if (Peek().kind == TokenKind::kComma) {
              Next();
              continue;
            }
            break;
          }
        }
        const Token& close = Peek();
        if (close.kind != TokenKind::kRParen) {
          Fail(close, "expected ')' after the arguments of " + callee + "(, found " +
                          DescribeToken(close));
        }
        call->end = close.end;
        Next();
        e = std::move(call);
        continue;
      }
      return e;
    }
  }

  ExprPtr ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kNumber: {
        Token num = Next();
        const Token& code = Peek();
        if (code.kind == TokenKind::kIdentifier && IsCurrencyCode(code.text)) {
          auto e = Node(ConditionExpr::Kind::kMoney, num);
          e->text = num.text;
          e->name = code.text;
          e->end = code.end;
          Next();
          return e;
        }
        auto e = Node(ConditionExpr::Kind::kNumber, num);
        e->text = num.text;
        return e;
      }
      case TokenKind::kCurrencySign: {
        Token sign = Next();
        const Token& num = Peek();
        if (num.kind != TokenKind::kNumber) {
          Fail(num, "expected an amount after the currency sign, as in $50");
        }
        auto e = Node(ConditionExpr::Kind::kMoney, sign);
        e->text = num.text;
        e->name = sign.text;
        e->end = num.end;
        Next();
        return e;
      }
      case TokenKind::kString: {
        auto e = Node(ConditionExpr::Kind::kString, t);
        e->text = Next().text;
        return e;
      }
      case TokenKind::kLParen: {
        Token open = Next();
        Nest nest(*this, open);
        ExpectOperand(open);
        ExprPtr inner = ParseOr();
        const Token& close = Peek();
        if (close.kind != TokenKind::kRParen) {
          Fail(close, "expected ')' to close the '(' at line " + std::to_string(open.line) +
                          ", column " + std::to_string(open.column) + ", found " +
                          DescribeToken(close));
        }
        inner->begin = open.begin;
        inner->end = close.end;
        Next();
        return inner;
      }
      case TokenKind::kLBracket: return ParseList();
      case TokenKind::kIdentifier: {
        if (t.text == "true" || t.text == "false") {
          auto e = Node(ConditionExpr::Kind::kBool, t);
          e->text = Next().text;
          return e;
        }
        if (PeekComparison() != ExprOp::kNone) {
          Fail(t, "expected a value before '" + t.text + "'");
        }
        auto e = Node(ConditionExpr::Kind::kName, t);
        e->name = Next().text;
        return e;
      }
      case TokenKind::kEnd:
        Fail(t, "expected a value, found the end of the condition");
      default:
        Fail(t, "expected a value, found " + DescribeToken(t));
    }
  }

  ExprPtr ParseList() {
    Token open = Next();
    Nest nest(*this, open);
    auto e = Node(ConditionExpr::Kind::kList, open);
    if (Peek().kind != TokenKind::kRBracket) {
      for (;;) {
        ExpectOperand(open);
        Attach(*e, ParseAdditive(), open);
        if (Peek().kind == TokenKind::kComma) {
          Next();
          continue;
        }
        break;
      }
    }
    const Token& close = Peek();
    if (close.kind != TokenKind::kRBracket) {
      Fail(close, "expected ']' or ',' in the list opened at line " + std::to_string(open.line) +
                      ", column " + std::to_string(open.column) + ", found " +
                      DescribeToken(close));
    }
    e->end = close.end;
    Next();
    return e;
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;          // nesting levels open (Nest)
  std::size_t nodes_ = 0;  // nodes made (Node)
};

}  // namespace

std::unique_ptr<ConditionExpr> ParseCondition(std::string_view text) {
  return Parser(LexCondition(text)).Run();
}

}  // namespace affinity

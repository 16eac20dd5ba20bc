// ConditionExpr: the parsed form of a condition, a tree that mirrors the text. Nothing is resolved
// yet: `target.colour` is a member access on a name, whatever the catalog holds.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace affinity {

enum class ExprOp {
  kNone,
  kOr, kAnd, kNot,
  kEq, kNe, kLt, kLe, kGt, kGe, kIn, kStartsWith, kEndsWith, kContains,
  kAdd, kSub, kMul, kDiv, kMod, kNeg,
};

// How an operator is written, for messages: "&&", "startsWith".
const char* ExprOpText(ExprOp op);
bool IsComparison(ExprOp op);  // == != < <= > >=

struct ConditionExpr {
  enum class Kind {
    kNumber,  // text: the decimal as written
    kString,  // text: the value
    kBool,    // text: "true" | "false"
    kMoney,   // text: the decimal as written, name: the currency code
    kList,    // children: the elements
    kName,    // name: an identifier standing alone (source, now, count, ...)
    kMember,  // children[0].name: the object; name: the member
    kCall,    // children[0]: the callee (a kName or a kMember); children[1..]: the arguments
    kUnary,   // op: kNot | kNeg; children[0]
    kBinary,  // op; children[0] and children[1]
  };
  Kind kind = Kind::kName;
  ExprOp op = ExprOp::kNone;
  std::string text;
  std::string name;
  std::vector<std::unique_ptr<ConditionExpr>> children;
  // Where the node's own token is (the operator, the member name, the literal) and the byte span of
  // the whole subtree in the condition text.
  int line = 1;
  int column = 1;
  std::size_t begin = 0;
  std::size_t end = 0;
  // The height of the subtree (1 for a leaf), kept by the parser to enforce kMaxConditionHeight.
  int height = 1;
};

}  // namespace affinity

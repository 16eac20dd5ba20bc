// The condition parser: recursive descent over LexCondition's tokens, with the precedence documented
// in condition.hpp (loosest first): || ; && ; ! ; comparisons ; + - ; * / % ; unary - ; member
// access and calls.
#pragma once

#include <memory>
#include <string_view>

#include "rules/condition_expr.hpp"
#include "rules/condition_lexer.hpp"

namespace affinity {

// The tree of `text`. Throws ConditionError (line, column, message) at the first syntax error: an
// empty condition, an unterminated string, an unexpected token, a chained comparison; or at the
// place where a limit of condition_limits.hpp is passed (length, nesting depth, tree height, node
// count). The tree returned is within every limit, so passes over it may recurse.
std::unique_ptr<ConditionExpr> ParseCondition(std::string_view text);

}  // namespace affinity

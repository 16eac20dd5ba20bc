// The bounds every condition is held to. The parser, the binder, the compiler, the target hints and
// the destructor of the trees all recurse over the condition tree, so its height must be bounded,
// or a request such as 5,000 nested parentheses (10 KB) overflows the stack. The parser enforces
// every limit below before anything else sees the tree, and each is reported as a ConditionError
// (an InvalidArgument from CompileCondition) at the line and column where it was passed.
#pragma once

#include <cstddef>

namespace affinity {

// Bytes of condition text. Long enough for a list of a few thousand SKUs; a longer selection is
// better kept as a tag on the products (target.tags contains "...").
//   "line 1, column 1: the condition is 70000 bytes long, more than the 65536 allowed; ..."
inline constexpr std::size_t kMaxConditionLength = 64 * 1024;

// Nesting levels: each '(', '!', unary '-', call argument list and list literal opens one.
// Hand-written conditions nest a handful of levels; 64 leaves room for generated ones.
//   "line 1, column 65: the condition nests deeper than 64 levels (parentheses, '!', '-', calls,
//    lists); simplify it"
inline constexpr int kMaxConditionDepth = 64;

// The height of the parsed tree, which also grows with each operator of a chain written without
// parentheses (a && b && c is two levels of '&&'; source.a.b is two member accesses). Bounds the
// recursion of every pass over the tree; 256 terms joined by '&&' still fit.
//   "line 1, column 767: more than 256 operators apply one after another here (each '&&', ...)"
inline constexpr int kMaxConditionHeight = 256;

// Nodes of the parsed tree: values, names, operators, calls and list elements.
//   "line 3, column 12: the condition has more than 10000 terms; ..."
inline constexpr std::size_t kMaxConditionNodes = 10000;

}  // namespace affinity

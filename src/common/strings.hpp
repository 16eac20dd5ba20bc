// Small string helpers shared by every layer.
#pragma once

#include <span>
#include <string>
#include <functional>
#include <string_view>

#include "common/status.hpp"

namespace affinity {

std::string_view Trim(std::string_view s);
std::string ToLower(std::string_view s);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t EditDistance(std::string_view a, std::string_view b);

// OK when `id` is 1 to 64 characters of a-z, 0-9, '-' and '_' starting with a letter or digit
// (the ids of rules, bundles, guidelines); otherwise InvalidArgument naming `what` ("rule") and
// an `example` ("winter-scarves").
Status ValidateSlugId(std::string_view what, std::string_view id, std::string_view example);

// The candidate closest to `word` if it is close enough to be a likely typo, else "".
std::string NearestName(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace affinity

namespace affinity {

// Transparent hash for unordered containers keyed by std::string, so lookups take string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace affinity

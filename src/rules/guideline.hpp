// Guideline: a brand rule every relationship of its types must obey, written as a condition over
// the pair it links: `require` must hold for (source, target). A broken `error` guideline refuses
// the link, rule or bundle that breaks it; a `warning` lets it through and says so.
//
//   {"id":"upsell-costs-more","description":"An upsell costs more than the product it upsells",
//    "types":["upsell"],"require":"target.price > source.price","severity":"error","enabled":true}
//
// `types` lists relation type names, and "bundle" for the pairs inside a bundle; empty means every
// type and bundles. Parsing checks the guideline's own fields; whether `require` compiles is
// checked by CompileGuideline (guideline_set.hpp), whether its types exist by the engine.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace affinity {

enum class GuidelineSeverity { kError, kWarning };

// "error", "warning".
std::string_view GuidelineSeverityName(GuidelineSeverity severity);

// The pseudo-type that names the pairs of products inside a bundle in Guideline::types.
inline constexpr std::string_view kBundleGuidelineType = "bundle";

struct Guideline {
  std::string id;  // [a-z0-9][a-z0-9_-]*, at most 64 characters
  std::string description;
  std::vector<std::string> types;  // empty: every type and bundles
  std::string require;             // a condition over source.* and target.*
  GuidelineSeverity severity = GuidelineSeverity::kError;
  bool enabled = true;
  std::int64_t version = 0;  // bumped on every change; the ETag

  // Whether the guideline covers relationships of `type` (or bundles, for kBundleGuidelineType).
  bool AppliesTo(std::string_view type) const;
  bool operator==(const Guideline&) const = default;

  static constexpr std::size_t kMaxTypes = 64;
};

// Parses a guideline body. `path_id`, when not empty, is the id from the URL: the body may omit
// "id" or must repeat it. Read-only members of a GET reply (version, warnings, violations) are
// accepted and ignored. Returns InvalidArgument naming every bad field.
Result<Guideline> GuidelineFromJson(const boost::json::object& body, std::string_view path_id = {});
boost::json::object GuidelineToJson(const Guideline& guideline);

// 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit.
Status ValidateGuidelineId(std::string_view id);

}  // namespace affinity

#include "rules/guideline.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/json_fields.hpp"
#include "common/strings.hpp"

namespace affinity {
namespace {

void ReadTypes(JsonFields& fields, Guideline* g) {
  const boost::json::value* types = fields.Raw("types");
  if (!types || types->is_null()) return;
  if (!types->is_array()) {
    fields.AddError("types",
                    "must be an array of relation type names such as [\"upsell\"] "
                    "([] or absent: every type and bundles)");
    return;
  }
  if (types->as_array().size() > Guideline::kMaxTypes) {
    fields.AddError("types", fmt::format("may list at most {} types", Guideline::kMaxTypes));
    return;
  }
  for (const auto& t : types->as_array()) {
    if (!t.is_string() || t.as_string().empty()) {
      fields.AddError("types",
                      fmt::format("must hold relation type names, got {}", DescribeJson(t)));
      return;
    }
    std::string name(t.as_string());
    if (std::find(g->types.begin(), g->types.end(), name) != g->types.end()) {
      fields.AddError("types", fmt::format("lists '{}' twice", name));
      return;
    }
    g->types.push_back(std::move(name));
  }
}

}  // namespace

std::string_view GuidelineSeverityName(GuidelineSeverity severity) {
  return severity == GuidelineSeverity::kError ? "error" : "warning";
}

bool Guideline::AppliesTo(std::string_view type) const {
  return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
}

Status ValidateGuidelineId(std::string_view id) {
  return ValidateSlugId("guideline", id, "upsell-costs-more");
}

Result<Guideline> GuidelineFromJson(const boost::json::object& body, std::string_view path_id) {
  JsonFields fields(body);
  Guideline g;
  auto id = fields.String("id", path_id.empty());
  if (!path_id.empty()) {
    if (id && *id != path_id) {
      fields.AddError("id", fmt::format("is '{}' but the URL names '{}'", *id, path_id));
    }
    g.id = std::string(path_id);
  } else if (id) {
    g.id = *id;
  }
  g.description = fields.String("description").value_or("");
  ReadTypes(fields, &g);
  g.require = fields.String("require", true).value_or("");
  if (auto severity = fields.String("severity")) {
    if (*severity == "error") {
      g.severity = GuidelineSeverity::kError;
    } else if (*severity == "warning") {
      g.severity = GuidelineSeverity::kWarning;
    } else {
      fields.AddError("severity", fmt::format("must be \"error\" (refuses what breaks the "
                                              "guideline) or \"warning\" (lets it through and "
                                              "says so), got \"{}\"",
                                              *severity));
    }
  }
  g.enabled = fields.Bool("enabled").value_or(true);
  fields.Int("version");  // read-only, as GET returns them
  fields.Raw("warnings");
  fields.Raw("violations");
  fields.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(fields.status());
  AFFINITY_RETURN_IF_ERROR(ValidateGuidelineId(g.id));
  return g;
}

boost::json::object GuidelineToJson(const Guideline& g) {
  boost::json::array types;
  for (const std::string& t : g.types) types.emplace_back(t);
  return {{"id", g.id},
          {"description", g.description},
          {"types", std::move(types)},
          {"require", g.require},
          {"severity", GuidelineSeverityName(g.severity)},
          {"enabled", g.enabled},
          {"version", g.version}};
}

}  // namespace affinity

#include "rules/rule.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common/json_fields.hpp"
#include "common/strings.hpp"

namespace affinity {

Status ValidateRuleId(std::string_view id) {
  return ValidateSlugId("rule", id, "winter-scarves");
}

std::string RuleOrigin(std::string_view rule_id) { return fmt::format("rule:{}", rule_id); }

Result<Rule> RuleFromJson(const boost::json::object& body, std::string_view path_id) {
  JsonFields fields(body);
  Rule r;
  auto id = fields.String("id", path_id.empty());
  if (!path_id.empty()) {
    if (id && *id != path_id) {
      fields.AddError("id", fmt::format("is '{}' but the URL names '{}'", *id, path_id));
    }
    r.id = std::string(path_id);
  } else if (id) {
    r.id = *id;
  }
  r.type = fields.String("type", true).value_or("");
  r.when = fields.String("when", true).value_or("");
  r.then = fields.String("then", true).value_or("");
  if (auto w = fields.Number("weight")) {
    if (!(std::isfinite(*w) && *w > 0 && *w <= 1000)) {
      fields.AddError("weight", fmt::format("must be above 0 and at most 1000, got {}", *w));
    }
    r.weight = *w;
  }
  if (auto p = fields.Int("priority")) {
    if (*p < -1000000 || *p > 1000000) fields.AddError("priority", "must be within +-1000000");
    r.priority = *p;
  }
  if (auto l = fields.Int("limit")) {
    if (*l < 1 || *l > 1000) {
      fields.AddError("limit", fmt::format("must be between 1 and 1000 targets per source, got {}", *l));
    }
    r.limit = *l;
  }
  r.context = fields.String("context").value_or("");
  if (const auto* schedule = fields.Raw("schedule")) {
    auto s = Schedule::FromJson(*schedule);
    if (s.ok()) {
      r.schedule = *s;
    } else {
      fields.AddError("schedule", s.status().message());
    }
  }
  r.enabled = fields.Bool("enabled").value_or(true);
  r.description = fields.String("description").value_or("");
  fields.Int("version");  // read-only
  fields.Raw("stats");    // read-only, as GET returns it
  fields.Raw("warnings");
  fields.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(fields.status());
  AFFINITY_RETURN_IF_ERROR(ValidateRuleId(r.id));
  return r;
}

boost::json::object RuleToJson(const Rule& r) {
  boost::json::object o{{"id", r.id},         {"type", r.type},         {"when", r.when},
                        {"then", r.then},     {"weight", r.weight},     {"priority", r.priority},
                        {"limit", r.limit},   {"enabled", r.enabled},   {"version", r.version}};
  o["context"] = r.context.empty() ? boost::json::value(nullptr) : boost::json::value(r.context);
  o["schedule"] = r.schedule.ToJson();
  if (!r.description.empty()) o["description"] = r.description;
  return o;
}

}  // namespace affinity

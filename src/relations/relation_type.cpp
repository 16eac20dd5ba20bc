#include "relations/relation_type.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common/json_fields.hpp"

namespace affinity {

std::vector<RelationType> BuiltinRelationTypes() {
  return {
      {.name = "cross_sell", .weight = 1.0, .directed = false, .acyclic = false, .builtin = true},
      {.name = "upsell", .weight = 1.2, .directed = true, .acyclic = true, .builtin = true},
      {.name = "accessory", .weight = 0.8, .directed = true, .acyclic = true, .builtin = true},
  };
}

Status ValidateRelationType(const RelationType& t) {
  bool good_name = !t.name.empty() && t.name.size() <= 64 && t.name[0] >= 'a' && t.name[0] <= 'z';
  for (char c : t.name) {
    good_name = good_name && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (!good_name) {
    return Status::InvalidArgument(fmt::format(
        "relation type name '{}' must start with a lower-case letter and hold only a-z, 0-9 and "
        "'_' (at most 64 characters), e.g. 'frequently_bought'",
        t.name));
  }
  if (!(std::isfinite(t.weight) && t.weight > 0 && t.weight <= 1000)) {
    return Status::InvalidArgument(fmt::format(
        "relation type '{}': field 'weight' must be a number above 0 and at most 1000, got {}",
        t.name, t.weight));
  }
  if (t.acyclic && !t.directed) {
    return Status::InvalidArgument(fmt::format(
        "relation type '{}' cannot be both acyclic and symmetric (a symmetric link is a 2-cycle); "
        "set \"directed\": true or \"acyclic\": false",
        t.name));
  }
  if (t.max_per_product < 0) {
    return Status::InvalidArgument(fmt::format(
        "relation type '{}': field 'max_per_product' must be 0 (unlimited) or more", t.name));
  }
  return Status::Ok();
}

Result<RelationType> RelationTypeFromJson(const boost::json::object& body, std::string_view name,
                                          const RelationType& base) {
  JsonFields fields(body);
  RelationType t = base;
  t.name = std::string(name);
  if (auto n = fields.String("name"); n && *n != name) {
    fields.AddError("name", fmt::format("is '{}' but the URL names '{}'", *n, name));
  }
  if (auto w = fields.Number("weight")) t.weight = *w;
  if (auto d = fields.Bool("directed")) t.directed = *d;
  if (auto a = fields.Bool("acyclic")) t.acyclic = *a;
  if (auto m = fields.Int("max_per_product")) t.max_per_product = *m;
  fields.Bool("builtin");  // read-only
  fields.Int("version");   // read-only
  fields.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(fields.status());
  AFFINITY_RETURN_IF_ERROR(ValidateRelationType(t));
  return t;
}

boost::json::object RelationTypeToJson(const RelationType& t) {
  return {{"name", t.name},          {"weight", t.weight},
          {"directed", t.directed},  {"acyclic", t.acyclic},
          {"max_per_product", t.max_per_product},
          {"builtin", t.builtin},    {"version", t.version}};
}

}  // namespace affinity

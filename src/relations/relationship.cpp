#include "relations/relationship.hpp"

#include <fmt/format.h>

#include <cmath>

#include "catalog/product.hpp"
#include "common/json_fields.hpp"

namespace affinity {
namespace {

void CheckWeight(JsonFields& fields, double weight) {
  if (!(std::isfinite(weight) && weight > 0 && weight <= 1000)) {
    fields.AddError("weight", fmt::format("must be above 0 and at most 1000, got {}", weight));
  }
}

void CheckPosition(JsonFields& fields, std::int64_t position) {
  if (position < 1 || position > 1000) {
    fields.AddError("position", fmt::format("must be between 1 and 1000, got {}", position));
  }
}

}  // namespace

Result<Relationship> RelationshipFromJson(const boost::json::object& body, bool lenient) {
  JsonFields fields(body, lenient);
  Relationship r;
  r.source = fields.String("source", true).value_or("");
  r.target = fields.String("target", true).value_or("");
  r.type = fields.String("type", true).value_or("");
  if (auto w = fields.Number("weight")) {
    CheckWeight(fields, *w);
    r.weight = *w;
  }
  if (auto p = fields.Int("position")) {
    CheckPosition(fields, *p);
    r.position = static_cast<std::int32_t>(*p);
  }
  fields.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(fields.status());
  if (Status st = ValidateSku(r.source); !st.ok()) {
    return Status::InvalidArgument("field 'source': " + st.message());
  }
  if (Status st = ValidateSku(r.target); !st.ok()) {
    return Status::InvalidArgument("field 'target': " + st.message());
  }
  return r;
}

Status PatchRelationship(const boost::json::object& body, Relationship* r) {
  JsonFields fields(body);
  Relationship patched = *r;
  if (auto w = fields.Number("weight")) {
    CheckWeight(fields, *w);
    patched.weight = *w;
  }
  if (body.contains("position") && body.at("position").is_null()) {
    fields.Raw("position");
    patched.position.reset();
  } else if (auto p = fields.Int("position")) {
    CheckPosition(fields, *p);
    patched.position = static_cast<std::int32_t>(*p);
  }
  for (const char* fixed : {"source", "target", "type", "id", "origin"}) {
    if (body.contains(fixed)) {
      fields.Raw(fixed);
      fields.AddError(fixed, "cannot be changed; delete the link and create a new one");
    }
  }
  fields.Int("version");
  fields.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(fields.status());
  *r = std::move(patched);
  return Status::Ok();
}

boost::json::object RelationshipToJson(const Relationship& r) {
  boost::json::object o{{"id", r.id},         {"source", r.source}, {"target", r.target},
                        {"type", r.type},     {"weight", r.weight}, {"origin", r.origin},
                        {"version", r.version}};
  o["position"] = r.position ? boost::json::value(*r.position) : boost::json::value(nullptr);
  return o;
}

}  // namespace affinity

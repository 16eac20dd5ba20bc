// RelationType: the kind of a relationship (cross_sell, upsell, accessory, or one a merchandiser adds)
// and the invariants its links keep.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace affinity {

struct RelationType {
  std::string name;             // [a-z][a-z0-9_]*, at most 64 characters
  double weight = 1.0;          // default ranking weight, > 0
  bool directed = true;         // false: symmetric, a link A-B recommends B for A and A for B
  bool acyclic = false;         // true: links of this type must form a DAG (requires directed)
  std::int64_t max_per_product = 0;  // 0: unlimited; else the cap on links from one product
  bool builtin = false;
  std::int64_t version = 0;

  bool operator==(const RelationType&) const = default;
};

// cross_sell (1.0, symmetric), upsell (1.2, directed, acyclic), accessory (0.8, directed, acyclic).
std::vector<RelationType> BuiltinRelationTypes();

// Checks the type's own fields. Returns InvalidArgument naming the field and the fix.
Status ValidateRelationType(const RelationType& type);

// Parses a PUT body; `name` comes from the URL. Absent fields keep the values of `base` (the
// current definition, or defaults for a new type).
Result<RelationType> RelationTypeFromJson(const boost::json::object& body, std::string_view name,
                                          const RelationType& base);
boost::json::object RelationTypeToJson(const RelationType& type);

}  // namespace affinity

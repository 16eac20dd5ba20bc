// Relationship: one link from a source product to a target product of some RelationType.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "common/status.hpp"

namespace affinity {

using RelationshipId = std::uint64_t;

struct Relationship {
  RelationshipId id = 0;
  std::string source;  // sku
  std::string target;  // sku
  std::string type;    // RelationType name
  double weight = 1.0;                // multiplies the type's weight in the score, > 0
  std::optional<std::int32_t> position;  // pinned rank (1 = first); pinned items precede the rest
  std::string origin = "manual";      // manual | rule:<id> | mined:<job> | bundle
  std::int64_t version = 0;

  bool operator==(const Relationship&) const = default;
};

// Parses a create body {"source","target","type","weight"?,"position"?}, or a bulk-import row
// (lenient: CSV text values). Checks field types and ranges only; the graph checks the rest.
Result<Relationship> RelationshipFromJson(const boost::json::object& body, bool lenient = false);

// Applies a PATCH body {"weight"?, "position"? (null unpins)} to `r`. Returns InvalidArgument for
// unknown fields or bad values, leaving `r` unchanged.
Status PatchRelationship(const boost::json::object& body, Relationship* r);

boost::json::object RelationshipToJson(const Relationship& r);

}  // namespace affinity

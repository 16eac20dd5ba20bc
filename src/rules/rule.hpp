// Rule: generates relationships for the whole catalog. `when` selects source products, `then`
// selects targets relative to each source, `type` and `weight` say what the generated links are,
// `limit` caps targets per source, `priority` breaks ties between rules. An optional `context`
// condition (customer, cart, now) and `schedule` gate the edges at request time.
//
//   {"id":"socks-for-shoes","type":"accessory",
//    "when":"source.category startsWith \"Footwear\" && source.price > 50",
//    "then":"target.category == \"Accessories/Socks\" && target.brand == source.brand",
//    "weight":1.0,"priority":10,"limit":5,"enabled":true,
//    "context":"customer.segment == \"high_value\"","schedule":{"recurring":"11-01/02-28"}}
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "rules/schedule.hpp"

namespace affinity {

struct Rule {
  std::string id;  // [a-z0-9][a-z0-9_-]*, at most 64 characters
  std::string type;
  std::string when;
  std::string then;
  double weight = 1.0;
  std::int64_t priority = 0;  // higher first
  std::int64_t limit = 10;    // targets per source, 1..1000
  std::string context;        // empty: none
  Schedule schedule;
  bool enabled = true;
  std::string description;
  std::int64_t version = 0;
};

// Parses a rule body. `path_id`, when not empty, is the id from the URL; the body may omit "id" or
// must repeat it. Checks field types and ranges; the conditions are compiled elsewhere.
Result<Rule> RuleFromJson(const boost::json::object& body, std::string_view path_id = {});
boost::json::object RuleToJson(const Rule& rule);

Status ValidateRuleId(std::string_view id);

// "rule:<id>", the origin of the edges a rule generates.
std::string RuleOrigin(std::string_view rule_id);

}  // namespace affinity

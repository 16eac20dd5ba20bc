// Fuzzes JSON field reading: the input is parsed as JSON (boost::json, as the API and the imports
// parse bodies, and intake's ParseJsonBody with its depth limit), and every object met is read by
// JsonFields with each getter, strict and lenient, and by the readers built on it: ProductFromJson
// (JSON and CSV sources), RuleFromJson, RelationshipFromJson, RelationTypeFromJson, BundleFromJson,
// OrderFromJson, OrderColumns, CsvColumnMapping, ValidationProfiles, IntakeOptions and Schedule.
// Seeds: the JSON payloads and product / rule / order bodies.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "catalog/product_json.hpp"
#include "common/json_fields.hpp"
#include "fuzz_input.hpp"
#include "intake/csv_adapter.hpp"
#include "intake/intake_service.hpp"
#include "intake/json_view.hpp"
#include "intake/validation_profile.hpp"
#include "orders/order.hpp"
#include "orders/order_import.hpp"
#include "relations/bundle.hpp"
#include "relations/relation_type.hpp"
#include "relations/relationship.hpp"
#include "rules/rule.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace {

void ReadFields(const boost::json::object& object, bool lenient) {
  JsonFields fields(object, lenient);
  for (const auto& kv : object) {
    const std::string_view key = kv.key();
    switch (key.size() % 6) {
      case 0:
        (void)fields.String(key);
        break;
      case 1:
        (void)fields.Int(key, true);
        break;
      case 2:
        (void)fields.Number(key);
        break;
      case 3:
        (void)fields.Bool(key);
        break;
      case 4:
        (void)fields.Decimal(key);
        break;
      default:
        (void)fields.Raw(key);
        break;
    }
    (void)DescribeJson(kv.value());
  }
  (void)fields.Int("missing", true);
  fields.RejectUnknown("fuzz");
  (void)fields.UnknownKeys();
  Status st = fields.status();
  if (!st.ok() && st.message().empty()) __builtin_trap();
}

void ReadObject(const boost::json::object& o) {
  ReadFields(o, false);
  ReadFields(o, true);
  (void)ProductFromJson(o, ProductSource::kJson);
  (void)ProductFromJson(o, ProductSource::kCsv);
  (void)ProductFromJson(o, ProductSource::kJson, "RS-1");
  (void)RuleFromJson(o);
  (void)RuleFromJson(o, "fuzz-rule");
  (void)RelationshipFromJson(o);
  (void)RelationshipFromJson(o, true);
  (void)RelationTypeFromJson(o, "fuzz_type", RelationType{});
  if (Result<Bundle> b = BundleFromJson(o); b.ok()) (void)BundleToJson(*b);
  (void)BundleFromJson(o, "fuzz-bundle");
  (void)OrderFromJson(o);
  (void)OrderColumns::FromJson(o);
  (void)CsvColumnMapping::FromJson(o);
  (void)ValidationProfiles::FromJson(o);
  (void)IntakeOptions::FromJson(o);
}

// Every object in `v`, at any depth (boost::json bounds the depth at parse time).
void Visit(const boost::json::value& v, int budget = 64) {
  if (budget == 0) return;
  (void)Schedule::FromJson(v);
  if (v.is_object()) {
    ReadObject(v.as_object());
    for (const auto& kv : v.as_object()) Visit(kv.value(), budget - 1);
  } else if (v.is_array()) {
    for (const auto& e : v.as_array()) Visit(e, budget - 1);
  }
}

}  // namespace
}  // namespace affinity

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace affinity;
  const std::string_view text = fuzz::Text(data, size);
  Result<boost::json::value> body = ParseJsonBody(text);
  if (!body.ok() && body.status().message().empty()) __builtin_trap();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return 0;
  Visit(v);
  return 0;
}

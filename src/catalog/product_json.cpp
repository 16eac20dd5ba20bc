#include "catalog/product_json.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>

#include "common/json_fields.hpp"
#include "common/money.hpp"
#include "common/strings.hpp"

namespace affinity {
namespace json = boost::json;
namespace {

void ReadTags(JsonFields& fields, ProductSource source, Product* p) {
  const json::value* tags = fields.Raw("tags");
  if (!tags) return;
  if (source == ProductSource::kCsv && tags->is_string()) {
    std::string_view rest = tags->as_string();
    while (!rest.empty()) {
      std::size_t bar = rest.find('|');
      std::string_view tag = Trim(rest.substr(0, bar));
      if (!tag.empty()) p->tags.emplace_back(tag);
      if (bar == std::string_view::npos) break;
      rest.remove_prefix(bar + 1);
    }
    return;
  }
  if (!tags->is_array()) {
    fields.AddError("tags", "must be an array of strings such as [\"running\", \"summer\"]");
    return;
  }
  for (const auto& t : tags->as_array()) {
    if (!t.is_string()) {
      fields.AddError("tags", fmt::format("must hold only strings, got {}", DescribeJson(t)));
      return;
    }
    p->tags.emplace_back(Trim(t.as_string()));
  }
}

void ReadAttributes(JsonFields& fields, ProductSource source, Product* p) {
  const json::value* attrs = fields.Raw("attributes");
  if (!attrs) return;
  if (attrs->is_object()) {
    p->attributes = attrs->as_object();
    return;
  }
  if (source == ProductSource::kCsv && attrs->is_string()) {
    boost::system::error_code ec;
    json::value v = json::parse(attrs->as_string(), ec);
    if (!ec && v.is_object()) {
      p->attributes = std::move(v.as_object());
      return;
    }
  }
  fields.AddError("attributes", "must be a JSON object such as {\"color\":\"red\"}");
}

void ReadStatus(JsonFields& fields, ProductSource source, Product* p) {
  std::optional<std::string> text = fields.String("status");
  if (!text) return;
  // CSV cells are typed by people: " Active " is active there, but an API body must be exact.
  std::string name = source == ProductSource::kCsv ? ToLower(Trim(*text)) : *text;
  if (auto status = ParseProductStatus(name)) {
    p->status = *status;
    return;
  }
  constexpr std::string_view kNames[] = {"active", "inactive", "discontinued"};
  std::string nearest = NearestName(ToLower(name), kNames);
  fields.AddError("status", fmt::format("must be \"active\", \"inactive\" or \"discontinued\", got "
                                        "\"{}\"{}",
                                        *text,
                                        nearest.empty()
                                            ? std::string()
                                            : fmt::format(" (did you mean \"{}\"?)", nearest)));
}

}  // namespace

Result<Product> ProductFromJson(const json::object& object, ProductSource source,
                                std::string_view path_sku) {
  const bool csv = source == ProductSource::kCsv;
  JsonFields fields(object, csv);
  Product p;
  std::optional<std::string> sku = fields.String("sku", path_sku.empty());
  if (!path_sku.empty()) {
    if (sku && *sku != path_sku) {
      fields.AddError("sku", fmt::format("is '{}' but the URL names '{}'; they must agree", *sku,
                                         path_sku));
    }
    p.sku = std::string(path_sku);
  } else if (sku) {
    p.sku = std::string(Trim(*sku));
  }
  p.name = std::string(Trim(fields.String("name", true).value_or("")));
  p.currency = fields.String("currency").value_or("USD");
  if (auto price = fields.Decimal("price", true)) {
    if (IsCurrencyCode(p.currency)) {
      Result<std::int64_t> minor = ParseMinorUnits(*price, p.currency);
      if (minor.ok()) {
        p.price_minor = *minor;
      } else {
        fields.AddError("price", minor.status().message());
      }
    }
  }
  p.category = NormalizeCategory(fields.String("category").value_or(""));
  p.brand = std::string(Trim(fields.String("brand").value_or("")));
  ReadTags(fields, source, &p);
  p.margin = fields.Number("margin");
  p.stock = fields.Int("stock");
  ReadAttributes(fields, source, &p);
  ReadStatus(fields, source, &p);
  fields.Int("version");  // read-only: accepted (so a GET body can be PUT back) and ignored
  fields.Bool("in_stock");
  if (csv) {
    for (const std::string& column : fields.UnknownKeys()) {
      const json::value& v = object.at(column);
      if (!(v.is_string() && Trim(v.as_string()).empty())) p.attributes[column] = v;
    }
  } else {
    fields.RejectUnknown("free attributes go inside \"attributes\": {...}");
  }
  AFFINITY_RETURN_IF_ERROR(fields.status());
  AFFINITY_RETURN_IF_ERROR(ValidateProduct(p));
  return p;
}

json::object ProductToJson(const Product& p) {
  json::object o;
  o["sku"] = p.sku;
  o["name"] = p.name;
  o["price"] = FormatMinorUnits(p.price_minor, p.currency);
  o["currency"] = p.currency;
  o["category"] = p.category;
  o["brand"] = p.brand;
  json::array tags;
  for (const auto& t : p.tags) tags.emplace_back(t);
  o["tags"] = std::move(tags);
  o["margin"] = p.margin ? json::value(*p.margin) : json::value(nullptr);
  o["stock"] = p.stock ? json::value(*p.stock) : json::value(nullptr);
  o["in_stock"] = p.InStock();
  o["attributes"] = p.attributes;
  o["status"] = ProductStatusName(p.status);
  o["version"] = p.version;
  return o;
}

}  // namespace affinity

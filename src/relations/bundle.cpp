#include "relations/bundle.hpp"

#include <fmt/format.h>

#include "catalog/product.hpp"
#include "common/audit.hpp"
#include "common/json_fields.hpp"
#include "common/strings.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxDescription = 2000;

void ReadItem(JsonFields& fields, std::size_t index, const json::value& value, Bundle* b) {
  const std::string at = fmt::format("items[{}]", index);
  if (!value.is_object()) {
    fields.AddError(at, fmt::format("must be an object such as {{\"sku\":\"RS-1\",\"quantity\":2}}, "
                                    "got {}",
                                    DescribeJson(value)));
    return;
  }
  JsonFields item(value.as_object(), false, at + ".");
  BundleItem out;
  if (auto sku = item.String("sku", true)) {
    out.sku = std::string(Trim(*sku));
    if (Status st = ValidateSku(out.sku); !st.ok()) {
      item.AddError("sku", "is not a valid SKU: " + st.message());
    }
  }
  if (auto quantity = item.Int("quantity")) {
    if (*quantity < 1 || *quantity > Bundle::kMaxQuantity) {
      item.AddError("quantity", fmt::format("must be a whole number from 1 to {}, got {}",
                                            Bundle::kMaxQuantity, *quantity));
    }
    out.quantity = *quantity;
  }
  out.optional = item.Bool("optional").value_or(false);
  item.RejectUnknown();
  fields.Absorb(item);
  b->items.push_back(std::move(out));
}

void ReadItems(JsonFields& fields, Bundle* b) {
  const json::value* items = fields.Raw("items");
  if (!items) return;  // a draft without items yet: the checks report it as empty
  if (!items->is_array()) {
    fields.AddError("items", fmt::format("must be an array of {{\"sku\", \"quantity\", "
                                         "\"optional\"}} objects, got {}",
                                         DescribeJson(*items)));
    return;
  }
  const json::array& array = items->as_array();
  if (array.size() > Bundle::kMaxItems) {
    fields.AddError("items", fmt::format("holds {} items; a bundle has at most {}", array.size(),
                                         Bundle::kMaxItems));
    return;
  }
  for (std::size_t i = 0; i < array.size(); ++i) ReadItem(fields, i, array[i], b);
}

void ReadPrice(JsonFields& fields, Bundle* b) {
  const json::value* price = fields.Raw("price");
  if (!price) return;
  if (!price->is_object()) {
    fields.AddError("price", fmt::format("must be an object such as {{\"amount\":\"79.00\","
                                         "\"currency\":\"USD\"}}, got {}",
                                         DescribeJson(*price)));
    return;
  }
  JsonFields money(price->as_object(), false, "price.");
  auto amount = money.Decimal("amount", true);
  auto currency = money.String("currency", true);
  money.RejectUnknown();
  if (currency && !IsCurrencyCode(*currency)) {
    money.AddError("currency", fmt::format("must be an ISO 4217 code such as \"USD\", got \"{}\"",
                                           *currency));
  } else if (amount && currency) {
    Result<std::int64_t> minor = ParseMinorUnits(*amount, *currency);
    if (!minor.ok()) {
      money.AddError("amount", minor.status().message());
    } else if (*minor < 0) {
      money.AddError("amount", fmt::format("must not be negative, got {}", *amount));
    } else {
      b->price = Money{*minor, *currency};
    }
  }
  fields.Absorb(money);
}

void ReadDiscount(JsonFields& fields, Bundle* b) {
  auto text = fields.Decimal("discount_percent");
  if (!text) return;
  // Hundredths of a percent read like cents: "12.5" -> 1250, with no floating point in between.
  Result<std::int64_t> bp = ParseMinorUnits(*text, "XXX");
  if (!bp.ok() || *bp <= 0 || *bp >= 10000) {
    fields.AddError("discount_percent",
                    fmt::format("must be a percentage above 0 and below 100 with at most 2 "
                                "decimals, such as 15 or 12.5, got {}",
                                *text));
    return;
  }
  b->discount_bp = *bp;
}

std::optional<std::int64_t> ReadTime(JsonFields& fields, std::string_view key) {
  auto text = fields.String(key);
  if (!text) return std::nullopt;
  Result<std::int64_t> t = ParseIsoTime(*text);
  if (!t.ok()) {
    fields.AddError(key, t.status().message());
    return std::nullopt;
  }
  return *t;
}

}  // namespace

Status ValidateBundleId(std::string_view id) {
  return ValidateSlugId("bundle", id, "running-starter-kit");
}

std::string BundleIdFromName(std::string_view name) {
  std::string id;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      id += c;
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
    if (id.size() >= 48) break;  // room for a "-<n>" that makes it unique
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id.empty() ? "bundle" : id;
}

Result<Bundle> BundleFromJson(const json::object& body, std::string_view path_id) {
  JsonFields fields(body);
  Bundle b;
  auto id = fields.String("id");
  if (!path_id.empty()) {
    if (id && *id != path_id) {
      fields.AddError("id", fmt::format("is '{}' but the URL names '{}'; they must agree", *id,
                                        path_id));
    }
    b.id = std::string(path_id);
  } else if (id) {
    b.id = *id;
  }
  b.name = std::string(Trim(fields.String("name", true).value_or("")));
  if (fields.Has("name") && b.name.empty()) fields.AddError("name", "must not be empty");
  if (b.name.size() > kMaxName) {
    fields.AddError("name", fmt::format("is longer than {} characters", kMaxName));
  }
  b.description = fields.String("description").value_or("");
  if (b.description.size() > kMaxDescription) {
    fields.AddError("description", fmt::format("is longer than {} characters", kMaxDescription));
  }
  ReadItems(fields, &b);
  ReadPrice(fields, &b);
  ReadDiscount(fields, &b);
  if (b.price && b.discount_bp) {
    fields.AddError("discount_percent",
                    "cannot be combined with 'price': give a fixed bundle price or a discount off "
                    "the items' total, not both");
  }
  b.active_from = ReadTime(fields, "active_from");
  b.active_to = ReadTime(fields, "active_to");
  if (b.active_from && b.active_to && *b.active_to < *b.active_from) {
    fields.AddError("active_to", fmt::format("({}) is before active_from ({}); the window must "
                                             "end after it starts",
                                             FormatIsoTime(*b.active_to),
                                             FormatIsoTime(*b.active_from)));
  }
  // Read-only: what a GET reply adds, accepted so that it can be sent back.
  for (const char* key : {"version", "created_at", "updated_at", "valid", "active", "problems",
                          "currency", "total_price", "total_with_optional", "bundle_price",
                          "savings"}) {
    fields.Raw(key);
  }
  fields.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(fields.status());
  if (!b.id.empty()) AFFINITY_RETURN_IF_ERROR(ValidateBundleId(b.id));
  return b;
}

json::object BundleToJson(const Bundle& b) {
  json::object o;
  o["id"] = b.id;
  o["name"] = b.name;
  if (!b.description.empty()) o["description"] = b.description;
  json::array items;
  for (const BundleItem& i : b.items) {
    items.push_back({{"sku", i.sku}, {"quantity", i.quantity}, {"optional", i.optional}});
  }
  o["items"] = std::move(items);
  o["price"] = nullptr;
  if (b.price) {
    o["price"] = {{"amount", FormatMinorUnits(b.price->minor, b.price->currency)},
                  {"currency", b.price->currency}};
  }
  o["discount_percent"] =
      b.discount_bp ? json::value(static_cast<double>(*b.discount_bp) / 100) : json::value(nullptr);
  auto time = [](std::optional<std::int64_t> t) {
    return t ? json::value(FormatIsoTime(*t)) : json::value(nullptr);
  };
  auto millis = [](std::int64_t ms) {
    return ms ? json::value(FormatMillis(ms)) : json::value(nullptr);
  };
  o["active_from"] = time(b.active_from);
  o["active_to"] = time(b.active_to);
  o["version"] = b.version;
  o["created_at"] = millis(b.created_ms);
  o["updated_at"] = millis(b.updated_ms);
  return o;
}

}  // namespace affinity

#include "orders/order.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <limits>

#include "common/json_fields.hpp"
#include "common/money.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace json = boost::json;
namespace {

constexpr struct {
  OrderStatus status;
  const char* name;
} kStatusNames[] = {
    {OrderStatus::kPlaced, "placed"},       {OrderStatus::kPaid, "paid"},
    {OrderStatus::kFulfilled, "fulfilled"}, {OrderStatus::kCancelled, "cancelled"},
    {OrderStatus::kRefunded, "refunded"},
};

// Reads a money field: a decimal string ("19.99") or a JSON integer (19 = 19.00). A JSON number with
// a fraction is refused: it has already passed through binary floating point.
std::optional<std::int64_t> ReadMoney(JsonFields& fields, std::string_view key, bool required,
                                      std::string_view currency) {
  const json::value* v = fields.Raw(key);
  if (!v) {
    if (required) fields.AddError(key, "is required");
    return std::nullopt;
  }
  std::string text;
  if (v->is_string()) {
    text = std::string(v->as_string());
  } else if (v->is_int64()) {
    text = std::to_string(v->as_int64());
  } else if (v->is_uint64()) {
    text = std::to_string(v->as_uint64());
  } else {
    fields.AddError(key, fmt::format("must be a decimal string such as \"19.99\" or an integer, "
                                     "got {} (write amounts with a fraction as strings)",
                                     DescribeJson(*v)));
    return std::nullopt;
  }
  Result<std::int64_t> minor = ParseMinorUnits(text, currency);
  if (!minor.ok()) {
    fields.AddError(key, minor.status().message());
    return std::nullopt;
  }
  return *minor;
}

Status LineFromJson(const json::value& value, std::size_t index, std::string_view currency,
                    OrderLine* line) {
  const std::string where = fmt::format("lines[{}]", index);
  if (!value.is_object()) {
    return Status::InvalidArgument(
        fmt::format("{} must be an object such as {{\"sku\":\"A1\",\"quantity\":1,"
                    "\"unit_price\":\"9.99\"}}, got {}",
                    where, DescribeJson(value)));
  }
  JsonFields f(value.as_object());
  if (auto v = f.String("sku", true)) line->sku = *v;
  if (auto v = f.String("name")) line->name = *v;
  if (auto v = f.Int("quantity", true)) line->quantity = *v;
  if (auto v = ReadMoney(f, "unit_price", true, currency)) line->unit_price_minor = *v;
  if (auto v = ReadMoney(f, "discount", false, currency)) line->discount_minor = *v;
  if (auto v = f.Bool("unresolved")) line->unresolved = *v;
  f.RejectUnknown();
  Status st = f.status();
  if (st.ok()) return st;
  return Status::InvalidArgument(where + ": " + st.message());
}

bool MulOverflows(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  return __builtin_mul_overflow(a, b, &out);
}

}  // namespace

const char* OrderStatusName(OrderStatus status) {
  for (const auto& e : kStatusNames) {
    if (e.status == status) return e.name;
  }
  return "paid";  // unreachable: every enumerator is listed
}

std::optional<OrderStatus> ParseOrderStatus(std::string_view name) {
  for (const auto& e : kStatusNames) {
    if (name == e.name) return e.status;
  }
  return std::nullopt;
}

std::string CanonicalOrderId(std::string_view channel, std::string_view account,
                             std::string_view external_id) {
  std::string id;
  id.reserve(channel.size() + account.size() + external_id.size() + 2);
  id.append(channel).append(":").append(account).append(":").append(external_id);
  return id;
}

bool CountsAsPurchase(const Order& order) {
  if (order.status == OrderStatus::kCancelled || order.status == OrderStatus::kRefunded) {
    return false;
  }
  for (const OrderLine& line : order.lines) {
    if (line.quantity > 0) return true;
  }
  return false;
}

Status ValidateOrder(const Order& order) {
  std::vector<std::string> errors;
  auto add = [&](std::string e) { errors.push_back(std::move(e)); };
  if (order.external_id.empty()) add("field 'external_id' is required (the id in the source)");
  if (order.id.empty()) {
    add("field 'id' is empty (use CanonicalOrderId(channel, account, external_id))");
  }
  if (order.channel.empty() || order.channel.find(':') != std::string::npos) {
    add(fmt::format("field 'channel' must be a non-empty name without ':', got '{}'",
                    order.channel));
  }
  if (order.account.empty() || order.account.find(':') != std::string::npos) {
    add(fmt::format("field 'account' must be a non-empty name without ':', got '{}'",
                    order.account));
  }
  if (!IsCurrencyCode(order.currency)) {
    add(fmt::format("field 'currency' must be an ISO 4217 code such as \"USD\", got '{}'",
                    order.currency));
  }
  if (order.placed_at <= 0) add("field 'placed_at' is not set (Unix seconds, UTC)");
  if (order.source_version < 0) add("field 'source_version' must be >= 0");
  if (order.lines.empty()) add("field 'lines' must hold at least one line");
  for (std::size_t i = 0; i < order.lines.size(); ++i) {
    const OrderLine& l = order.lines[i];
    if (l.quantity == 0) add(fmt::format("lines[{}].quantity must not be 0", i));
    if (l.unit_price_minor < 0) {
      add(fmt::format("lines[{}].unit_price must be >= 0, got {} (record a refund as a negative "
                      "quantity)",
                      i, FormatMinorUnits(l.unit_price_minor, order.currency)));
    }
    if (l.discount_minor < 0) {
      add(fmt::format("lines[{}].discount must be >= 0, got {}", i,
                      FormatMinorUnits(l.discount_minor, order.currency)));
    }
    if (MulOverflows(l.quantity, l.unit_price_minor)) {
      add(fmt::format("lines[{}]: quantity x unit_price is too large", i));
    }
  }
  if (errors.empty()) return Status::Ok();
  std::string message = fmt::format("order '{}': ", order.id.empty() ? order.external_id : order.id);
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i) message += "; ";
    message += errors[i];
  }
  return Status::InvalidArgument(message);
}

Result<Order> OrderFromJson(const json::object& body) {
  JsonFields f(body);
  Order o;
  std::vector<std::string> line_errors;
  auto id = f.String("id");
  if (auto v = f.String("channel")) o.channel = *v;
  if (auto v = f.String("account")) o.account = *v;
  if (auto v = f.String("external_id", true)) o.external_id = *v;
  if (auto v = f.String("customer_id")) o.customer_id = *v;
  if (const json::value* v = f.Raw("placed_at")) {
    if (v->is_string()) {
      Result<std::int64_t> t = ParseIsoTime(v->as_string());
      if (t.ok()) o.placed_at = *t;
      else f.AddError("placed_at", t.status().message());
    } else if (v->is_int64()) {
      o.placed_at = v->as_int64();  // Unix seconds
    } else {
      f.AddError("placed_at", "must be an ISO 8601 time such as \"2026-11-01T10:00:00Z\", got " +
                                  DescribeJson(*v));
    }
  } else {
    f.AddError("placed_at", "is required (an ISO 8601 time such as \"2026-11-01T10:00:00Z\")");
  }
  if (auto v = f.String("currency", true)) o.currency = *v;
  if (auto v = f.String("status", true)) {
    if (auto s = ParseOrderStatus(*v)) {
      o.status = *s;
    } else {
      f.AddError("status", fmt::format("must be one of placed, paid, fulfilled, cancelled, "
                                       "refunded; got '{}'",
                                       *v));
    }
  }
  if (auto v = f.Int("source_version")) o.source_version = *v;
  if (auto v = f.Int("version")) o.version = *v;
  if (const json::value* v = f.Raw("lines")) {
    if (!v->is_array()) {
      f.AddError("lines", "must be an array of line objects, got " + DescribeJson(*v));
    } else {
      const json::array& lines = v->as_array();
      o.lines.resize(lines.size());
      for (std::size_t i = 0; i < lines.size(); ++i) {
        Status st = LineFromJson(lines[i], i, o.currency, &o.lines[i]);
        if (!st.ok()) line_errors.push_back(st.message());
      }
    }
  } else {
    f.AddError("lines", "is required (an array of {\"sku\",\"quantity\",\"unit_price\"})");
  }
  std::optional<std::int64_t> total = ReadMoney(f, "total", false, o.currency);
  f.RejectUnknown();
  Status st = f.status();
  if (!st.ok() || !line_errors.empty()) {
    std::string message = st.ok() ? std::string() : st.message();
    for (const std::string& e : line_errors) {
      if (!message.empty()) message += "; ";
      message += e;
    }
    return Status::InvalidArgument(
        fmt::format("order '{}': {}", id ? *id : o.external_id, message));
  }
  o.id = id ? *id : CanonicalOrderId(o.channel, o.account, o.external_id);
  if (total) {
    o.total_minor = *total;
  } else {
    for (const OrderLine& line : o.lines) {
      if (MulOverflows(line.quantity, line.unit_price_minor)) break;  // ValidateOrder reports it
      o.total_minor += line.TotalMinor();
    }
  }
  AFFINITY_RETURN_IF_ERROR(ValidateOrder(o));
  return o;
}

json::object OrderToJson(const Order& o) {
  json::object out;
  out["id"] = o.id;
  out["channel"] = o.channel;
  out["account"] = o.account;
  out["external_id"] = o.external_id;
  out["customer_id"] = o.customer_id;
  out["placed_at"] = FormatIsoTime(o.placed_at);
  out["currency"] = o.currency;
  out["status"] = OrderStatusName(o.status);
  out["total"] = FormatMinorUnits(o.total_minor, o.currency);
  out["source_version"] = o.source_version;
  out["version"] = o.version;
  json::array lines;
  lines.reserve(o.lines.size());
  for (const OrderLine& l : o.lines) {
    json::object line;
    line["sku"] = l.sku;
    line["name"] = l.name;
    line["quantity"] = l.quantity;
    line["unit_price"] = FormatMinorUnits(l.unit_price_minor, o.currency);
    line["discount"] = FormatMinorUnits(l.discount_minor, o.currency);
    if (l.unresolved) line["unresolved"] = true;
    lines.emplace_back(std::move(line));
  }
  out["lines"] = std::move(lines);
  return out;
}

}  // namespace affinity

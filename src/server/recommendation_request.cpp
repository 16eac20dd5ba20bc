#include "server/recommendation_request.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>

#include "common/json_fields.hpp"
#include "common/money.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace json = boost::json;
namespace {

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status ReadAt(const std::optional<std::string>& at, std::int64_t* now) {
  if (!at) {
    *now = NowSeconds();
    return Status::Ok();
  }
  auto t = ParseIsoTime(*at);
  if (!t.ok()) {
    return Status::InvalidArgument(fmt::format(
        "'at' must be an ISO 8601 date or time such as 2026-12-01 or 2026-12-01T10:00:00Z: {}",
        t.status().message()));
  }
  *now = *t;
  return Status::Ok();
}

Result<CustomerProfile> CustomerFromJson(const json::object& o) {
  JsonFields f(o);
  CustomerProfile c;
  c.id = f.String("id").value_or("");
  c.segment = f.String("segment").value_or("new");
  c.currency = f.String("currency").value_or("USD");
  if (auto ltv = f.Decimal("lifetime_value")) {
    auto minor = ParseMinorUnits(*ltv, c.currency);
    if (minor.ok()) {
      c.lifetime_value_minor = *minor;
    } else {
      f.AddError("lifetime_value", minor.status().message());
    }
  }
  c.order_count = f.Int("order_count").value_or(0);
  c.recency_days = f.Int("recency_days");
  if (const json::value* cats = f.Raw("orders_in_category")) {
    if (!cats->is_object()) {
      f.AddError("orders_in_category", "must be an object such as {\"Footwear/Running\": 3}");
    } else {
      for (const auto& kv : cats->as_object()) {
        if (!kv.value().is_int64() || kv.value().as_int64() < 0) {
          f.AddError("orders_in_category", fmt::format("'{}' must map to a count of orders, got {}",
                                                       kv.key(), DescribeJson(kv.value())));
          continue;
        }
        c.orders_by_category[std::string(kv.key())] = kv.value().as_int64();
      }
    }
  }
  f.RejectUnknown();
  if (Status st = f.status(); !st.ok()) {
    return Status::InvalidArgument("field 'customer': " + st.message());
  }
  return c;
}

Status CartFromJson(const json::value& v, const Snapshot& snapshot, RecommendationCall* call) {
  if (!v.is_array()) {
    return Status::InvalidArgument(
        "field 'cart' must be an array of SKUs or of {\"sku\",\"quantity\"} objects");
  }
  for (const json::value& item : v.as_array()) {
    CartLine line;
    std::optional<std::string> price;
    if (item.is_string()) {
      line.sku = std::string(item.as_string());
    } else if (item.is_object()) {
      JsonFields f(item.as_object());
      line.sku = f.String("sku", true).value_or("");
      line.quantity = f.Int("quantity").value_or(1);
      price = f.Decimal("price");
      f.RejectUnknown();
      if (Status st = f.status(); !st.ok()) {
        return Status::InvalidArgument("field 'cart': " + st.message());
      }
    } else {
      return Status::InvalidArgument(
          fmt::format("field 'cart' items must be SKUs or objects, got {}", DescribeJson(item)));
    }
    if (line.quantity < 1) {
      return Status::InvalidArgument(fmt::format("cart item '{}': quantity must be at least 1",
                                                 line.sku));
    }
    const ProductNode* node = snapshot.Find(line.sku);
    if (!node) {
      return Status::NotFound(fmt::format("cart product '{}' does not exist", line.sku));
    }
    if (call->cart.lines.empty()) call->cart.currency = node->product.currency;
    if (price) {
      auto minor = ParseMinorUnits(*price, call->cart.currency);
      if (!minor.ok()) return Status::InvalidArgument("field 'cart': " + minor.status().message());
      line.unit_price_minor = *minor;
    } else {
      line.unit_price_minor = node->product.price_minor;
    }
    call->request.cart.push_back(line.sku);
    call->cart.lines.push_back(std::move(line));
  }
  if (call->cart.lines.empty()) return Status::InvalidArgument("field 'cart' is empty");
  return Status::Ok();
}

// One weight of a preview: a finite number from 0 to 1000.
Status ReadWeight(const json::value& v, std::string_view where, double* out) {
  if (!v.is_number()) {
    return Status::InvalidArgument(
        fmt::format("{} must be a number, got {}", where, DescribeJson(v)));
  }
  const double w = v.to_number<double>();
  if (!(w >= 0 && w <= 1000)) {
    return Status::InvalidArgument(fmt::format("{} must be between 0 and 1000, got {}", where, w));
  }
  *out = w;
  return Status::Ok();
}

Status WeightsFromJson(const json::value& v, const Snapshot& snapshot, WeightOverrides* out) {
  if (!v.is_object()) {
    return Status::InvalidArgument(
        "field 'weights' must be an object such as {\"types\":{\"cross_sell\":2},"
        "\"links\":{\"42\":0.5},\"rules\":{\"my-rule\":1.5}}");
  }
  for (const auto& [section, entries] : v.as_object()) {
    if (section != "types" && section != "links" && section != "rules") {
      return Status::InvalidArgument(fmt::format(
          "field 'weights' has an unknown member '{}'; known: types, links, rules", section));
    }
    if (!entries.is_object()) {
      return Status::InvalidArgument(fmt::format(
          "weights.{} must be an object of name -> weight, got {}", section, DescribeJson(entries)));
    }
    for (const auto& [key, value] : entries.as_object()) {
      double w = 0;
      const std::string where = fmt::format("weights.{}.{}", section, std::string_view(key));
      AFFINITY_RETURN_IF_ERROR(ReadWeight(value, where, &w));
      if (section == "types") {
        if (snapshot.TypeIndex(key) < 0) {
          return Status::InvalidArgument(fmt::format("{}: unknown relation type '{}'", where,
                                                     std::string_view(key)));
        }
        out->types[std::string(key)] = w;
      } else if (section == "links") {
        RelationshipId id = 0;
        auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
        if (ec != std::errc() || end != key.data() + key.size() || id == 0) {
          return Status::InvalidArgument(
              fmt::format("{}: a link is named by its relationship id, such as \"42\"", where));
        }
        out->links[id] = w;
      } else {
        out->rules[std::string(key)] = w;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<RecommendationCall>> RecommendationFromQuery(const RequestContext& ctx,
                                                                    std::string sku,
                                                                    const ProfileLookup& profiles) {
  AFFINITY_RETURN_IF_ERROR(ctx.RejectUnknownQuery(
      {"type", "limit", "explain", "include_out_of_stock", "at", "customer"}));
  auto call = std::make_unique<RecommendationCall>();
  RecommendRequest& r = call->request;
  r.sku = std::move(sku);
  auto [begin, end] = ctx.query.equal_range("type");
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      if (auto item = rest.substr(0, comma); !item.empty()) r.types.emplace_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  auto limit = ctx.QueryInt("limit", 10, 1, RecommendRequest::kMaxLimit);
  if (!limit.ok()) return limit.status();
  auto explain = ctx.QueryBool("explain", false);
  if (!explain.ok()) return explain.status();
  auto oos = ctx.QueryBool("include_out_of_stock", false);
  if (!oos.ok()) return oos.status();
  r.limit = static_cast<std::size_t>(*limit);
  r.explain = *explain;
  r.include_out_of_stock = *oos;
  AFFINITY_RETURN_IF_ERROR(ReadAt(ctx.Query("at"), &r.now));
  if (auto customer = ctx.Query("customer")) {
    call->customer = profiles(*customer, r.now);  // a customer without orders is "new"
    r.customer = &call->customer;
  }
  return call;
}

Result<std::unique_ptr<RecommendationCall>> RecommendationFromBody(const RequestContext& ctx,
                                                                   const Snapshot& snapshot,
                                                                   const ProfileLookup& profiles) {
  auto body = ctx.JsonObject();
  if (!body.ok()) return body.status();
  auto call = std::make_unique<RecommendationCall>();
  RecommendRequest& r = call->request;
  JsonFields f(*body);
  auto sku = f.String("sku");
  const json::value* cart = f.Raw("cart");
  if (const json::value* types = f.Raw("type")) {
    if (types->is_string()) {
      r.types.emplace_back(types->as_string());
    } else if (types->is_array()) {
      for (const auto& t : types->as_array()) {
        if (t.is_string()) r.types.emplace_back(t.as_string());
      }
    } else {
      f.AddError("type", "must be a type name or an array of them");
    }
  }
  r.limit = static_cast<std::size_t>(f.Int("limit").value_or(10));
  r.explain = f.Bool("explain").value_or(false);
  r.include_out_of_stock = f.Bool("include_out_of_stock").value_or(false);
  auto at = f.String("at");
  const json::value* customer = f.Raw("customer");
  const json::value* weights = f.Raw("weights");
  f.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(f.status());
  if (sku.has_value() == (cart != nullptr)) {
    return Status::InvalidArgument("send either \"sku\" (one product) or \"cart\" (several)");
  }
  AFFINITY_RETURN_IF_ERROR(ReadAt(at, &r.now));
  if (weights) {
    AFFINITY_RETURN_IF_ERROR(WeightsFromJson(*weights, snapshot, &call->weights));
    r.weights = &call->weights;
  }
  if (customer) {
    if (customer->is_string()) {
      call->customer = profiles(customer->as_string(), r.now);
    } else if (customer->is_object()) {
      auto c = CustomerFromJson(customer->as_object());
      if (!c.ok()) return c.status();
      call->customer = std::move(c).value();
    } else {
      return Status::InvalidArgument("field 'customer' must be an id or a profile object");
    }
    r.customer = &call->customer;
  }
  if (sku) {
    r.sku = *sku;
  } else {
    AFFINITY_RETURN_IF_ERROR(CartFromJson(*cart, snapshot, call.get()));
    r.cart_context = &call->cart;
  }
  return call;
}

}  // namespace affinity

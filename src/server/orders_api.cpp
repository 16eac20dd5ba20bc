// /v1/orders (import, read, list) and /v1/customers/{id} (the profile rules see).
#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <chrono>

#include "common/money.hpp"
#include "orders/order_import.hpp"
#include "rules/schedule.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

boost::json::object ProfileToJson(const CustomerProfile& c, std::int64_t as_of) {
  boost::json::object categories;
  for (const auto& [path, n] : c.orders_by_category) categories[path] = n;
  boost::json::object o{{"id", c.id},
                        {"segment", c.segment},
                        {"lifetime_value", FormatMinorUnits(c.lifetime_value_minor, c.currency)},
                        {"currency", c.currency},
                        {"order_count", c.order_count},
                        {"orders_in_category", std::move(categories)},
                        {"as_of", FormatIsoTime(as_of)}};
  o["recency_days"] = c.recency_days ? boost::json::value(*c.recency_days) : nullptr;
  return o;
}

// The CSV column mapping from ?columns={...} (the Online Retail layout when absent).
Result<OrderColumns> ColumnsOf(const RequestContext& ctx) {
  auto text = ctx.Query("columns");
  if (!text) return OrderColumns::OnlineRetail();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*text, ec);
  if (ec || !v.is_object()) {
    return Status::InvalidArgument(
        "query parameter 'columns' must be a JSON object such as "
        "{\"order_id\":\"Invoice\",\"sku\":\"Item\"}");
  }
  return OrderColumns::FromJson(v.as_object());
}

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void AddOrderRoutes(Router& router, ApiContext& api) {
  OrderBook& book = api.orders;

  router.Add("POST", "/v1/orders:import", [&book](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"columns"}); !st.ok()) return Problem(st, ctx.path);
    auto format = RecordFormatFromContentType(ctx.content_type);
    if (!format) {
      return Problem(415, "unsupported_media_type",
                     fmt::format("Content-Type '{}' is not importable; send text/csv, "
                                 "application/json (an array) or application/x-ndjson",
                                 ctx.content_type),
                     ctx.path);
    }
    auto columns = ColumnsOf(ctx);
    if (!columns.ok()) return Problem(columns.status(), ctx.path);
    OrderBatch batch = ParseOrders(ctx.body, *format, *columns);
    boost::json::array errors;
    for (const RecordError& e : batch.errors) {
      errors.push_back({{"line", e.line}, {"message", e.message}});
    }
    if (!batch.ok()) {
      return Problem(422, "import_rejected",
                     fmt::format("{} row(s) are invalid; nothing was imported. Fix them and send "
                                 "the whole file again",
                                 batch.errors.size()),
                     ctx.path, {{"imported", 0}, {"errors", std::move(errors)}});
    }
    const std::size_t orders = batch.orders.size();
    auto outcome = book.Upsert(std::move(batch.orders));
    if (!outcome.ok()) return Problem(outcome.status(), ctx.path);
    return HttpReply::Json(200, {{"imported", orders},
                                 {"created", outcome->inserted},
                                 {"updated", outcome->updated},
                                 {"duplicates", outcome->duplicates},
                                 {"records", batch.records},
                                 {"errors", std::move(errors)}});
  });

  router.Add("GET", "/v1/orders", [&book](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"customer", "channel", "account", "limit", "cursor"});
        !st.ok()) {
      return Problem(st, ctx.path);
    }
    auto limit = ctx.QueryInt("limit", 100, 1, OrderBook::kMaxListLimit);
    if (!limit.ok()) return Problem(limit.status(), ctx.path);
    OrderQuery q{.customer_id = ctx.Query("customer").value_or(""),
                 .channel = ctx.Query("channel").value_or(""),
                 .account = ctx.Query("account").value_or(""),
                 .limit = static_cast<std::size_t>(*limit),
                 .cursor = ctx.Query("cursor").value_or("")};
    auto page = book.List(q);
    if (!page.ok()) return Problem(page.status(), ctx.path);
    boost::json::array items;
    for (const Order& o : page->orders) items.push_back(OrderToJson(o));
    boost::json::object body{{"items", std::move(items)}};
    body["next_cursor"] = page->next_cursor.empty() ? boost::json::value(nullptr)
                                                    : boost::json::value(page->next_cursor);
    return HttpReply::Json(200, body);
  });

  router.Add("GET", "/v1/orders/{id}", [&book](RequestContext& ctx) {
    auto order = book.Get(ctx.params[0]);
    if (!order) {
      return Problem(Status::NotFound(fmt::format(
                         "order '{}' does not exist (ids are <channel>:<account>:<external id>)",
                         ctx.params[0])),
                     ctx.path);
    }
    return HttpReply::Json(200, OrderToJson(*order)).Header("ETag", ETag(order->version));
  });

  router.Add("GET", "/v1/customers/{id}", [&book](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"at"}); !st.ok()) return Problem(st, ctx.path);
    std::int64_t as_of = Now();
    if (auto at = ctx.Query("at")) {
      auto t = ParseIsoTime(*at);
      if (!t.ok()) return Problem(t.status(), ctx.path);
      as_of = *t;
    }
    return HttpReply::Json(200, ProfileToJson(book.Profile(ctx.params[0], as_of), as_of));
  });
}

}  // namespace affinity

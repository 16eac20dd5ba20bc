// /v1/products: create or replace, read, delete, list (search and filters), bulk import.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <chrono>

#include "catalog/product_json.hpp"
#include "engine/product_query.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

// A price bound in major units: "49.99", "0", "1200".
Result<std::optional<double>> QueryPrice(const RequestContext& ctx, std::string_view key) {
  auto text = ctx.Query(key);
  if (!text) return std::optional<double>();
  double value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value,
                                   std::chars_format::fixed);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size() ||
      !std::isfinite(value) || value < 0) {
    return Status::InvalidArgument(fmt::format(
        "query parameter '{}' must be a price such as 49.99 (in the products' own currency), "
        "got '{}'",
        key, *text));
  }
  return std::optional<double>(value);
}

Result<std::optional<bool>> QueryFlag(const RequestContext& ctx, std::string_view key) {
  if (!ctx.Query(key)) return std::optional<bool>();
  auto flag = ctx.QueryBool(key, false);
  if (!flag.ok()) return flag.status();
  return std::optional<bool>(*flag);
}

Result<ProductQuery> ReadProductQuery(const RequestContext& ctx) {
  AFFINITY_RETURN_IF_ERROR(ctx.RejectUnknownQuery({"category", "brand", "q", "min_price",
                                                   "max_price", "in_stock", "covered", "limit",
                                                   "cursor"}));
  auto limit = ctx.QueryInt("limit", 50, 1, 1000);
  if (!limit.ok()) return limit.status();
  ProductQuery q;
  q.category = ctx.Query("category").value_or("");
  q.brand = ctx.Query("brand").value_or("");
  q.text = ctx.Query("q").value_or("");
  q.after_sku = ctx.Query("cursor").value_or("");
  q.limit = static_cast<std::size_t>(*limit);
  auto min_price = QueryPrice(ctx, "min_price");
  if (!min_price.ok()) return min_price.status();
  auto max_price = QueryPrice(ctx, "max_price");
  if (!max_price.ok()) return max_price.status();
  if (*min_price && *max_price && **min_price > **max_price) {
    return Status::InvalidArgument(
        fmt::format("min_price {} is above max_price {}; swap them", **min_price, **max_price));
  }
  q.min_price = *min_price;
  q.max_price = *max_price;
  auto in_stock = QueryFlag(ctx, "in_stock");
  if (!in_stock.ok()) return in_stock.status();
  q.in_stock = *in_stock;
  auto covered = QueryFlag(ctx, "covered");
  if (!covered.ok()) return covered.status();
  q.covered = *covered;
  q.now = std::chrono::duration_cast<std::chrono::seconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count();
  return q;
}

}  // namespace

void AddProductRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;

  router.Add("GET", "/v1/products", [&engine](RequestContext& ctx) {
    auto q = ReadProductQuery(ctx);
    if (!q.ok()) return Problem(q.status(), ctx.path);
    auto snapshot = engine.snapshot();
    ProductPage page = QueryProducts(*snapshot, *q);
    boost::json::array items;
    for (const ProductNode* n : page.items) items.push_back(ProductToJson(n->product));
    boost::json::object body{{"items", std::move(items)}, {"total", page.matched}};
    body["next_cursor"] =
        page.next_cursor.empty() ? boost::json::value(nullptr) : boost::json::value(page.next_cursor);
    return HttpReply::Json(200, body);
  });

  router.Add("POST", "/v1/products:import", [&engine](RequestContext& ctx) {
    return RunImport(ctx, [&](std::string_view text, RecordFormat format) {
      return engine.ImportProducts(text, format);
    });
  });

  router.Add("GET", "/v1/products/{sku}", [&engine](RequestContext& ctx) {
    auto snapshot = engine.snapshot();
    const ProductNode* node = snapshot->Find(ctx.params[0]);
    if (!node) {
      return Problem(Status::NotFound(fmt::format("product '{}' does not exist", ctx.params[0])),
                     ctx.path);
    }
    return HttpReply::Json(200, ProductToJson(node->product))
        .Header("ETag", ETag(node->product.version));
  });

  router.Add("PUT", "/v1/products/{sku}", [&engine](RequestContext& ctx) {
    auto body = ctx.JsonObject();
    if (!body.ok()) return Problem(body.status(), ctx.path);
    auto if_match = ctx.IfMatchVersion();
    if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
    auto product = ProductFromJson(*body, ProductSource::kJson, ctx.params[0]);
    if (!product.ok()) return Problem(product.status(), ctx.path);
    auto put = engine.PutProduct(std::move(product).value(), *if_match);
    if (!put.ok()) return Problem(put.status(), ctx.path);
    return HttpReply::Json(put->created ? 201 : 200, ProductToJson(put->product))
        .Header("ETag", ETag(put->product.version))
        .Header("Location", ctx.path);
  });

  router.Add("DELETE", "/v1/products/{sku}", [&engine](RequestContext& ctx) {
    auto if_match = ctx.IfMatchVersion();
    if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
    Status st = engine.DeleteProduct(ctx.params[0], *if_match);
    return st.ok() ? HttpReply::NoContent() : Problem(st, ctx.path);
  });
}

}  // namespace affinity

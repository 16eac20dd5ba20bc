// /v1/products: create or replace, read, delete, list, bulk import.
#include <fmt/format.h>

#include "catalog/product_json.hpp"
#include "engine/product_query.hpp"
#include "server/api.hpp"

namespace affinity {

void AddProductRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;

  router.Add("GET", "/v1/products", [&engine](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"category", "brand", "q", "limit", "cursor"}); !st.ok()) {
      return Problem(st, ctx.path);
    }
    auto limit = ctx.QueryInt("limit", 50, 1, 1000);
    if (!limit.ok()) return Problem(limit.status(), ctx.path);
    ProductQuery q{.category = ctx.Query("category").value_or(""),
                   .brand = ctx.Query("brand").value_or(""),
                   .text = ctx.Query("q").value_or(""),
                   .after_sku = ctx.Query("cursor").value_or(""),
                   .limit = static_cast<std::size_t>(*limit)};
    auto snapshot = engine.snapshot();
    ProductPage page = QueryProducts(*snapshot, q);
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

// Recommendations, ranked, filtered and explained, from the current Snapshot:
//   GET  /v1/products/{sku}/recommendations?type=&limit=&explain=&include_out_of_stock=&at=&customer=
//   POST /v1/recommendations  (a product or a cart, with an explicit customer and time; previews)
#include <fmt/format.h>

#include "common/money.hpp"
#include "server/api.hpp"
#include "server/recommendation_request.hpp"

namespace affinity {
namespace {

boost::json::object ReasonToJson(const Snapshot& snapshot, const Reason& r, bool cart) {
  const RankedEdge& e = *r.edge;
  boost::json::object o;
  std::string text;
  if (e.rule) {
    const SnapshotRule& rule = snapshot.rule(e.rule);
    o = {{"kind", "rule"},           {"rule", rule.id},     {"priority", rule.priority},
         {"origin", snapshot.origin(e.origin)},           {"type", r.type->name},
         {"type_weight", r.type->weight}, {"rule_weight", e.link_weight}, {"score", e.score}};
    text = fmt::format("rule '{}' (priority {}): {} type weight {:g} x rule weight {:g} = {:g}",
                       rule.id, rule.priority, r.type->name, r.type->weight, e.link_weight,
                       e.score);
    if (rule.context) text += fmt::format("; context holds: {}", rule.context->text());
    if (!rule.schedule.always()) text += "; inside its schedule";
  } else {
    o = {{"kind", "link"},           {"relationship_id", e.relationship},
         {"origin", snapshot.origin(e.origin)},           {"type", r.type->name},
         {"type_weight", r.type->weight}, {"link_weight", e.link_weight}, {"score", e.score}};
    text = fmt::format("{} {} link #{}: type weight {:g} x link weight {:g} = {:g}",
                       snapshot.origin(e.origin), r.type->name, e.relationship, r.type->weight,
                       e.link_weight, e.score);
  }
  if (e.position != RankedEdge::kUnpinned) {
    o["position"] = e.position;
    text += fmt::format(", pinned at position {}", e.position);
  }
  if (cart) {
    o["from"] = r.from->product.sku;
    text = fmt::format("from cart item {}: {}", r.from->product.sku, text);
  }
  o["text"] = text;
  return o;
}

HttpReply Serve(const Snapshot& snapshot, const RecommendationCall& call, std::string_view path) {
  const RecommendRequest& request = call.request;
  auto recs = Recommend(snapshot, request);
  if (!recs.ok()) return Problem(recs.status(), path);
  const bool cart = recs->product == nullptr;
  boost::json::array items;
  for (const RecommendedItem& item : recs->items) {
    const Product& p = item.product->product;
    boost::json::object o{{"sku", p.sku},
                          {"name", p.name},
                          {"type", item.type->name},
                          {"score", item.score},
                          {"price", FormatMinorUnits(p.price_minor, p.currency)},
                          {"currency", p.currency},
                          {"in_stock", p.InStock()}};
    if (item.position) o["position"] = *item.position;
    if (request.explain) {
      boost::json::array reasons;
      for (const Reason& r : item.reasons) reasons.push_back(ReasonToJson(snapshot, r, cart));
      o["reasons"] = std::move(reasons);
    }
    items.push_back(std::move(o));
  }
  boost::json::object body;
  if (cart) {
    boost::json::array skus;
    for (const auto& sku : request.cart) skus.emplace_back(sku);
    body["cart"] = std::move(skus);
  } else {
    body["sku"] = recs->product->product.sku;
    body["name"] = recs->product->product.name;
  }
  body["items"] = std::move(items);
  body["at"] = FormatIsoTime(request.now);
  body["generation"] = snapshot.generation();
  return HttpReply::Json(200, body);
}

}  // namespace

void AddRecommendationRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;
  router.Add("GET", "/v1/products/{sku}/recommendations", [&engine](RequestContext& ctx) {
    auto call = RecommendationFromQuery(ctx, ctx.params[0]);
    if (!call.ok()) return Problem(call.status(), ctx.path);
    std::shared_ptr<const Snapshot> snapshot = engine.snapshot();
    return Serve(*snapshot, **call, ctx.path);
  });
  router.Add("POST", "/v1/recommendations", [&engine](RequestContext& ctx) {
    std::shared_ptr<const Snapshot> snapshot = engine.snapshot();
    auto call = RecommendationFromBody(ctx, *snapshot);
    if (!call.ok()) return Problem(call.status(), ctx.path);
    return Serve(*snapshot, **call, ctx.path);
  });
}

}  // namespace affinity

// Recommendations, ranked, filtered and explained, from the current Snapshot:
//   GET  /v1/products/{sku}/recommendations?type=&limit=&explain=&include_out_of_stock=&at=&customer=
//   POST /v1/recommendations  (a product or a cart, with an explicit customer and time; previews)
#include <fmt/format.h>

#include "common/json_write.hpp"
#include "common/money.hpp"
#include "server/api.hpp"
#include "server/recommendation_request.hpp"

namespace affinity {
namespace {

void WriteReason(JsonWriter& w, const Snapshot& snapshot, const Reason& r, bool cart) {
  const RankedEdge& e = *r.edge;
  const double weight = r.own_weight;  // the link's (or rule's) own; score = type weight x it
  std::string text;
  w.BeginObject();
  if (e.rule) {
    const SnapshotRule& rule = snapshot.rule(e.rule);
    w.Key("kind").String("rule").Key("rule").String(rule.id).Key("priority").Int(rule.priority);
    text = fmt::format("rule '{}' (priority {}): {} type weight {:g} x rule weight {:g} = {:g}",
                       rule.id, rule.priority, r.type->name, r.type_weight, weight, r.score);
    if (rule.context) text += fmt::format("; context holds: {}", rule.context->text());
    if (!rule.schedule.always()) text += "; inside its schedule";
  } else {
    w.Key("kind").String("link").Key("relationship_id").UInt(e.relationship);
    text = fmt::format("{} {} link #{}: type weight {:g} x link weight {:g} = {:g}",
                       snapshot.origin(e.origin), r.type->name, e.relationship, r.type_weight,
                       weight, r.score);
  }
  w.Key("origin").String(snapshot.origin(e.origin)).Key("type").String(r.type->name);
  w.Key("type_weight").Double(r.type_weight);
  w.Key(e.rule ? "rule_weight" : "link_weight").Double(weight);
  w.Key("score").Double(r.score);
  if (e.position != RankedEdge::kUnpinned) {
    w.Key("position").Int(e.position);
    text += fmt::format(", pinned at position {}", e.position);
  }
  if (cart) {
    w.Key("from").String(r.from->product.sku);
    text = fmt::format("from cart item {}: {}", r.from->product.sku, text);
  }
  w.Key("text").String(text);
  w.EndObject();
}

// Writes the reply straight to text: this is the hot path, so no JSON tree is built.
HttpReply Serve(const Snapshot& snapshot, const RecommendationCall& call, std::string_view path) {
  const RecommendRequest& request = call.request;
  auto recs = Recommend(snapshot, request);
  if (!recs.ok()) return Problem(recs.status(), path);
  const bool cart = recs->product == nullptr;
  HttpReply reply{200, "application/json", {}, {}};
  reply.body.reserve(256 + recs->items.size() * (request.explain ? 400 : 160));
  JsonWriter w(reply.body);
  w.BeginObject();
  if (cart) {
    w.Key("cart").BeginArray();
    for (const auto& sku : request.cart) w.String(sku);
    w.EndArray();
  } else {
    w.Key("sku").String(recs->product->product.sku);
    w.Key("name").String(recs->product->product.name);
  }
  w.Key("items").BeginArray();
  for (const RecommendedItem& item : recs->items) {
    const Product& p = item.product->product;
    w.BeginObject();
    w.Key("sku").String(p.sku).Key("name").String(p.name).Key("type").String(item.type->name);
    w.Key("score").Double(item.score);
    char price[kMaxMinorUnitsText];
    w.Key("price").String({price, FormatMinorUnitsTo(price, p.price_minor, p.currency)});
    w.Key("currency").String(p.currency);
    w.Key("in_stock").Bool(p.InStock());
    if (item.position) w.Key("position").Int(*item.position);
    if (request.explain) {
      w.Key("reasons").BeginArray();
      for (const Reason& r : item.reasons) WriteReason(w, snapshot, r, cart);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("at").String(FormatIsoTime(request.now));
  // Ranked with weights the request gave, not the saved ones: nothing was changed.
  if (request.weights && !request.weights->empty()) w.Key("preview").Bool(true);
  w.Key("generation").UInt(snapshot.generation());
  w.EndObject();
  return reply;
}

}  // namespace

void AddRecommendationRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;
  OrderBook& book = api.orders;
  ProfileLookup profiles = [&book](std::string_view id, std::int64_t as_of) {
    return book.Profile(id, as_of);
  };
  router.Add("GET", "/v1/products/{sku}/recommendations", [&engine, profiles](RequestContext& ctx) {
    auto call = RecommendationFromQuery(ctx, ctx.params[0], profiles);
    if (!call.ok()) return Problem(call.status(), ctx.path);
    return Serve(*engine.ThreadSnapshot(), **call, ctx.path);
  });
  router.Add("POST", "/v1/recommendations", [&engine, profiles](RequestContext& ctx) {
    std::shared_ptr<const Snapshot> snapshot = engine.snapshot();
    auto call = RecommendationFromBody(ctx, *snapshot, profiles);
    if (!call.ok()) return Problem(call.status(), ctx.path);
    return Serve(*snapshot, **call, ctx.path);
  });
}

}  // namespace affinity

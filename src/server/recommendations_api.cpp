// GET /v1/products/{sku}/recommendations: ranked, filtered, explained, from the current Snapshot.
#include <fmt/format.h>

#include "common/money.hpp"
#include "engine/recommender.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

std::vector<std::string> SplitList(const std::multimap<std::string, std::string>& query,
                                   const std::string& key) {
  std::vector<std::string> out;
  auto [begin, end] = query.equal_range(key);
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      if (auto item = rest.substr(0, comma); !item.empty()) out.emplace_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

boost::json::object ReasonToJson(const Snapshot& snapshot, const Reason& r) {
  const RankedEdge& e = *r.edge;
  boost::json::object o{{"kind", "link"},
                        {"relationship_id", e.relationship},
                        {"origin", snapshot.origin(e.origin)},
                        {"type", r.type->name},
                        {"type_weight", r.type->weight},
                        {"link_weight", e.link_weight},
                        {"score", e.score}};
  std::string text = fmt::format("{} {} link #{}: type weight {:g} x link weight {:g} = {:g}",
                                 snapshot.origin(e.origin), r.type->name, e.relationship,
                                 r.type->weight, e.link_weight, e.score);
  if (e.position != RankedEdge::kUnpinned) {
    o["position"] = e.position;
    text += fmt::format(", pinned at position {}", e.position);
  }
  o["text"] = text;
  return o;
}

}  // namespace

void AddRecommendationRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;
  router.Add("GET", "/v1/products/{sku}/recommendations", [&engine](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"type", "limit", "explain", "include_out_of_stock"});
        !st.ok()) {
      return Problem(st, ctx.path);
    }
    RecommendRequest request;
    request.sku = ctx.params[0];
    request.types = SplitList(ctx.query, "type");
    auto limit = ctx.QueryInt("limit", 10, 1, RecommendRequest::kMaxLimit);
    auto explain = ctx.QueryBool("explain", false);
    auto oos = ctx.QueryBool("include_out_of_stock", false);
    for (const Status* st : {&limit.status(), &explain.status(), &oos.status()}) {
      if (!st->ok()) return Problem(*st, ctx.path);
    }
    request.limit = static_cast<std::size_t>(*limit);
    request.explain = *explain;
    request.include_out_of_stock = *oos;

    std::shared_ptr<const Snapshot> snapshot = engine.snapshot();
    auto recs = Recommend(*snapshot, request);
    if (!recs.ok()) return Problem(recs.status(), ctx.path);
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
        for (const Reason& r : item.reasons) reasons.push_back(ReasonToJson(*snapshot, r));
        o["reasons"] = std::move(reasons);
      }
      items.push_back(std::move(o));
    }
    return HttpReply::Json(200, {{"sku", recs->product->product.sku},
                                 {"name", recs->product->product.name},
                                 {"items", std::move(items)},
                                 {"generation", snapshot->generation()}});
  });
}

}  // namespace affinity

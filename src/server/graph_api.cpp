// The recommendation graph around a product, for the console's graph page:
//   GET /v1/products/{sku}/graph?depth=2&types=cross_sell,upsell&max_nodes=500&at=
// Nodes (with their depth from the product), the served edges among them (manual, mined and
// rule-generated, with origin, weight and pin), and the lint's findings there: cycles and
// contradictions within a directed type.
#include <fmt/format.h>

#include <chrono>

#include "common/money.hpp"
#include "engine/product_graph.hpp"
#include "rules/schedule.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

namespace json = boost::json;

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    if (std::string_view item = text.substr(0, comma); !item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

json::object NodeJson(const GraphNode& n) {
  const Product& p = n.node->product;
  return {{"sku", p.sku},
          {"name", p.name},
          {"category", p.category},
          {"brand", p.brand},
          {"price", FormatMinorUnits(p.price_minor, p.currency)},
          {"currency", p.currency},
          {"stock", p.stock ? json::value(*p.stock) : json::value(nullptr)},
          {"in_stock", p.InStock()},
          {"depth", n.depth}};
}

json::object EdgeJson(const Snapshot& snapshot, const GraphEdge& g) {
  const RankedEdge& e = *g.edge;
  const RelationType& type = snapshot.types()[e.type];
  json::object o{{"id", e.relationship ? json::value(e.relationship) : json::value(nullptr)},
                 {"source", g.source->product.sku},
                 {"target", snapshot.Get(e.target)->product.sku},
                 {"type", type.name},
                 {"weight", type.weight != 0 ? e.score / type.weight : 0.0},
                 {"score", e.score},
                 {"origin", snapshot.origin(e.origin)},
                 {"rule", e.rule ? json::value(snapshot.rule(e.rule).id) : json::value(nullptr)},
                 {"position", e.position != RankedEdge::kUnpinned ? json::value(e.position)
                                                                  : json::value(nullptr)},
                 {"symmetric", g.symmetric},
                 {"live", g.live},
                 {"cycle", g.cycle},
                 {"contradiction", g.contradiction}};
  return o;
}

Result<GraphRequest> ReadRequest(const RequestContext& ctx) {
  AFFINITY_RETURN_IF_ERROR(ctx.RejectUnknownQuery({"depth", "types", "type", "max_nodes", "at"}));
  GraphRequest r;
  r.sku = ctx.params[0];
  auto depth = ctx.QueryInt("depth", 1, 1, GraphRequest::kMaxDepth);
  if (!depth.ok()) return depth.status();
  r.depth = static_cast<int>(*depth);
  auto max_nodes = ctx.QueryInt("max_nodes", 500, 1, GraphRequest::kMaxNodes);
  if (!max_nodes.ok()) return max_nodes.status();
  r.max_nodes = static_cast<std::size_t>(*max_nodes);
  for (const char* key : {"types", "type"}) {
    auto [begin, end] = ctx.query.equal_range(key);
    for (auto it = begin; it != end; ++it) {
      for (std::string& t : SplitList(it->second)) r.types.push_back(std::move(t));
    }
  }
  if (auto at = ctx.Query("at")) {
    auto t = ParseIsoTime(*at);
    if (!t.ok()) {
      return Status::InvalidArgument(
          fmt::format("'at' must be an ISO 8601 date or time such as 2026-12-01: {}",
                      t.status().message()));
    }
    r.now = *t;
  } else {
    r.now = std::chrono::duration_cast<std::chrono::seconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  }
  return r;
}

}  // namespace

void AddGraphRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;
  router.Add("GET", "/v1/products/{sku}/graph", [&engine](RequestContext& ctx) {
    auto request = ReadRequest(ctx);
    if (!request.ok()) return Problem(request.status(), ctx.path);
    auto snapshot = engine.snapshot();
    auto graph = BuildProductGraph(*snapshot, *request);
    if (!graph.ok()) return Problem(graph.status(), ctx.path);
    json::array nodes, edges, findings;
    for (const GraphNode& n : graph->nodes) nodes.push_back(NodeJson(n));
    for (const GraphEdge& e : graph->edges) edges.push_back(EdgeJson(*snapshot, e));
    for (const GraphFinding& f : graph->findings) {
      json::array skus;
      for (const std::string& s : f.skus) skus.push_back(json::string(s));
      findings.push_back(
          {{"kind", f.kind}, {"type", f.type}, {"message", f.message}, {"skus", std::move(skus)}});
    }
    return HttpReply::Json(200, {{"root", request->sku},
                                 {"depth", request->depth},
                                 {"nodes", std::move(nodes)},
                                 {"edges", std::move(edges)},
                                 {"findings", std::move(findings)},
                                 {"truncated", graph->truncated},
                                 {"generation", snapshot->generation()}});
  });
}

}  // namespace affinity

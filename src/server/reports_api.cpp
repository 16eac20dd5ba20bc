// /v1/reports: coverage (how much of the catalog gets recommendations, by type, category and
// brand, and the uncovered SKUs best sellers first), violations (live relationships that break a
// brand guideline, with their origin) and missing accessories. Each is a pure function of the
// current snapshot (and order history or the latest mining job) in src/analytics.
#include <fmt/format.h>

#include <charconv>

#include "analytics/coverage.hpp"
#include "analytics/missing_accessories.hpp"
#include "analytics/sku_revenue.hpp"
#include "analytics/violations.hpp"
#include "common/money.hpp"
#include "rules/schedule.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

namespace json = boost::json;

// A fraction query parameter in [0, 1]; `fallback` when absent.
Result<double> FractionParam(const RequestContext& ctx, std::string_view key, double fallback) {
  auto text = ctx.Query(key);
  if (!text) return fallback;
  double value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || !(value >= 0 && value <= 1)) {
    return Status::InvalidArgument(fmt::format(
        "query parameter '{}' must be a fraction between 0 and 1 such as 0.85, got '{}'", key,
        *text));
  }
  return value;
}

// category_depth: a number of leading path segments (1: top level), or "full".
Result<std::size_t> DepthParam(const RequestContext& ctx) {
  auto text = ctx.Query("category_depth");
  if (text && *text == "full") return CoverageOptions::kFullPath;
  auto depth = ctx.QueryInt("category_depth", 1, 1, 100);
  if (!depth.ok()) {
    return Status::InvalidArgument(
        fmt::format("{} (or \"full\" for the whole path)", depth.status().message()));
  }
  return static_cast<std::size_t>(*depth);
}

json::object CountJson(const CoverageCount& c, bool with_total = true) {
  json::object o;
  if (with_total) o["total_skus"] = c.total_skus;
  o["covered_skus"] = c.covered_skus;
  o["coverage"] = c.coverage();
  return o;
}

json::object CoverageJson(const CoverageReport& r, std::int64_t at, std::size_t depth) {
  json::object by_type, by_category, by_brand;
  for (const auto& [type, covered] : r.by_type) {
    by_type[type] = CountJson({r.all.total_skus, covered}, false);
  }
  for (const auto& [category, count] : r.by_category) by_category[category] = CountJson(count);
  for (const auto& [brand, count] : r.by_brand) by_brand[brand] = CountJson(count);
  json::array uncovered;
  for (const UncoveredSku& u : r.uncovered) {
    const Product& p = u.product->product;
    json::object item{{"sku", p.sku},
                      {"name", p.name},
                      {"category", p.category},
                      {"brand", p.brand},
                      {"status", ProductStatusName(p.status)},
                      {"in_stock", p.InStock()},
                      {"edges", u.product->edges.size()}};
    if (r.ranked_by_revenue) item["revenue"] = FormatMinorUnits(u.revenue_minor, p.currency);
    uncovered.push_back(std::move(item));
  }
  json::object o{{"at", FormatIsoTime(at)},
                 {"total_skus", r.all.total_skus},
                 {"covered_skus", r.all.covered_skus},
                 {"uncovered_skus", r.all.total_skus - r.all.covered_skus},
                 {"coverage", r.all.coverage()},
                 {"goal", r.goal},
                 {"meets_goal", r.meets_goal()},
                 {"by_type", std::move(by_type)},
                 {"category_depth",
                  depth == CoverageOptions::kFullPath ? json::value("full") : json::value(depth)},
                 {"by_category", std::move(by_category)},
                 {"by_brand", std::move(by_brand)},
                 {"uncovered_ranked_by", r.ranked_by_revenue ? "revenue" : "sku"},
                 {"uncovered", std::move(uncovered)}};
  o["next_cursor"] = r.next_cursor.empty() ? json::value(nullptr) : json::value(r.next_cursor);
  return o;
}

// Where an edge comes from: {"kind": "manual" | "rule" | "mined", and the link id, rule id or job}.
json::object OriginJson(const std::string& origin, const RankedEdge& edge) {
  json::object o;
  auto link = [&] {
    if (edge.relationship) o["relationship"] = edge.relationship;
  };
  if (origin.starts_with("rule:")) {
    o["kind"] = "rule";
    o["rule"] = origin.substr(5);
  } else if (origin.starts_with("mined:")) {
    o["kind"] = "mined";
    o["job"] = origin.substr(6);
    link();
  } else {
    o["kind"] = origin;
    link();
  }
  return o;
}

json::object ViolationsJson(const ViolationsReport& r) {
  json::object counts;
  for (const auto& [g, n] : r.counts) counts[g->guideline.id] = n;
  json::array items;
  for (const Violation& v : r.items) {
    const Guideline& g = v.guideline->guideline;
    items.push_back({{"guideline", g.id},
                     {"severity", GuidelineSeverityName(g.severity)},
                     {"description", g.description},
                     {"source", v.source->product.sku},
                     {"target", v.target->product.sku},
                     {"type", v.type->name},
                     {"origin", OriginJson(*v.origin, *v.edge)},
                     {"message", v.message}});
  }
  json::object o{{"total", r.total},
                 {"edges_checked", r.edges_checked},
                 {"counts", std::move(counts)},
                 {"items", std::move(items)}};
  o["next_cursor"] = r.next_cursor.empty() ? json::value(nullptr) : json::value(r.next_cursor);
  return o;
}

HttpReply Coverage(ApiContext& api, const RequestContext& ctx) {
  if (Status st =
          ctx.RejectUnknownQuery({"at", "goal", "category_depth", "sku", "limit", "cursor"});
      !st.ok()) {
    return Problem(st, ctx.path);
  }
  auto at = AtParam(ctx);
  if (!at.ok()) return Problem(at.status(), ctx.path);
  auto goal = FractionParam(ctx, "goal", api.coverage_goal);
  if (!goal.ok()) return Problem(goal.status(), ctx.path);
  auto depth = DepthParam(ctx);
  if (!depth.ok()) return Problem(depth.status(), ctx.path);
  auto limit = ctx.QueryInt("limit", 100, 1, CoverageOptions::kMaxLimit);
  if (!limit.ok()) return Problem(limit.status(), ctx.path);
  const SkuRevenue revenue = SkuRevenue::FromBook(api.orders);
  CoverageOptions options;
  options.now = *at;
  options.goal = *goal;
  options.category_depth = *depth;
  options.sku = ctx.Query("sku").value_or("");
  options.limit = static_cast<std::size_t>(*limit);
  options.cursor = ctx.Query("cursor").value_or("");
  options.revenue = &revenue;
  auto snapshot = api.engine.snapshot();
  auto report = ComputeCoverage(*snapshot, options);
  if (!report.ok()) return Problem(report.status(), ctx.path);
  return HttpReply::Json(200, CoverageJson(*report, *at, *depth));
}

HttpReply Violations(ApiContext& api, const RequestContext& ctx) {
  if (Status st =
          ctx.RejectUnknownQuery({"guideline", "severity", "type", "sku", "limit", "cursor"});
      !st.ok()) {
    return Problem(st, ctx.path);
  }
  ViolationQuery query;
  query.guideline = ctx.Query("guideline").value_or("");
  query.type = ctx.Query("type").value_or("");
  query.sku = ctx.Query("sku").value_or("");
  query.cursor = ctx.Query("cursor").value_or("");
  if (auto severity = ctx.Query("severity")) {
    if (*severity != "error" && *severity != "warning") {
      return Problem(
          Status::InvalidArgument(fmt::format(
              "query parameter 'severity' must be error or warning, got '{}'", *severity)),
          ctx.path);
    }
    query.severity = *severity == "error" ? GuidelineSeverity::kError : GuidelineSeverity::kWarning;
  }
  auto limit = ctx.QueryInt("limit", 100, 1, ViolationQuery::kMaxLimit);
  if (!limit.ok()) return Problem(limit.status(), ctx.path);
  query.limit = static_cast<std::size_t>(*limit);
  auto snapshot = api.engine.snapshot();
  auto report = FindViolations(*snapshot, snapshot->guidelines(), query);
  if (!report.ok()) return Problem(report.status(), ctx.path);
  return HttpReply::Json(200, ViolationsJson(*report));
}

HttpReply MissingAccessoriesReport(ApiContext& api, const RequestContext& ctx) {
  if (Status st = ctx.RejectUnknownQuery({"category", "limit", "min_peer_share", "min_peers"});
      !st.ok()) {
    return Problem(st, ctx.path);
  }
  MissingAccessoriesOptions options;
  options.category = ctx.Query("category").value_or("");
  auto limit = ctx.QueryInt("limit", 100, 1, 10000);
  auto min_peers = ctx.QueryInt("min_peers", 2, 1, 1000000);
  if (!limit.ok()) return Problem(limit.status(), ctx.path);
  if (!min_peers.ok()) return Problem(min_peers.status(), ctx.path);
  options.limit = static_cast<std::size_t>(*limit);
  options.min_peers = static_cast<std::size_t>(*min_peers);
  if (auto share = ctx.QueryInt("min_peer_share", 50, 1, 100); share.ok()) {
    options.min_peer_share = static_cast<double>(*share) / 100.0;  // a percentage
  } else {
    return Problem(share.status(), ctx.path);
  }
  auto snapshot = api.engine.snapshot();
  auto history = api.mining.latest();
  json::array items;
  for (const MissingAccessories& m : FindMissingAccessories(*snapshot, options, history.get())) {
    json::array suggestions;
    for (const AccessorySuggestion& s : m.suggestions) {
      suggestions.push_back({{"sku", s.product->product.sku},
                             {"name", s.product->product.name},
                             {"peers_linking", s.peers_linking},
                             {"bought_together", s.bought_together},
                             {"evidence", s.evidence}});
    }
    items.push_back(
        {{"sku", m.product->product.sku},
         {"name", m.product->product.name},
         {"category", m.product->product.category},
         {"peers", m.peers},
         {"peers_with_accessories", m.peers_with_accessories},
         {"evidence", fmt::format("{} of {} other products in {} have accessories",
                                  m.peers_with_accessories, m.peers, m.product->product.category)},
         {"suggested_accessories", std::move(suggestions)}});
  }
  json::object body{{"items", std::move(items)}};
  body["mining_job"] = history ? json::value(history->job) : json::value(nullptr);
  return HttpReply::Json(200, body);
}

}  // namespace

void AddReportRoutes(Router& router, ApiContext& api) {
  router.Add("GET", "/v1/reports/coverage",
             [&api](RequestContext& ctx) { return Coverage(api, ctx); });
  router.Add("GET", "/v1/reports/violations",
             [&api](RequestContext& ctx) { return Violations(api, ctx); });
  router.Add("GET", "/v1/reports/missing-accessories",
             [&api](RequestContext& ctx) { return MissingAccessoriesReport(api, ctx); });
}

}  // namespace affinity

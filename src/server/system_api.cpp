// /healthz (the process is up), /readyz (the catalog is loaded and serving), /metrics, OpenAPI.
#include "server/api.hpp"
#include "server/openapi.hpp"

namespace affinity {

void AddSystemRoutes(Router& router, ApiContext& api) {
  router.Add("GET", "/healthz", [](RequestContext&) {
    return HttpReply::Json(200, {{"status", "ok"}});
  });
  // Ready while the catalog serves; "degraded" (still 200: recommendations are unaffected) when an
  // intake source is failing, naming it.
  router.Add("GET", "/readyz", [&api](RequestContext&) {
    auto snapshot = api.engine.snapshot();
    const std::vector<std::string> failing = api.intake.FailingSources();
    boost::json::array sources;
    for (const std::string& s : failing) sources.emplace_back(s);
    return HttpReply::Json(200, {{"status", failing.empty() ? "ready" : "degraded"},
                                 {"products", snapshot->product_count()},
                                 {"edges", snapshot->edge_count()},
                                 {"generation", snapshot->generation()},
                                 {"failing_sources", std::move(sources)}});
  });
  router.Add("GET", "/metrics", [&api](RequestContext&) {
    HttpReply reply{200, "text/plain; version=0.0.4", api.metrics.RenderPrometheus(), {}};
    auto snapshot = api.engine.snapshot();
    reply.body += "# HELP affinity_catalog_products Products in the serving snapshot.\n"
                  "# TYPE affinity_catalog_products gauge\n";
    reply.body += "affinity_catalog_products " + std::to_string(snapshot->product_count()) + "\n";
    reply.body += "# HELP affinity_catalog_edges Ranked edges in the serving snapshot.\n"
                  "# TYPE affinity_catalog_edges gauge\n";
    reply.body += "affinity_catalog_edges " + std::to_string(snapshot->edge_count()) + "\n";
    return reply;
  });
  router.Add("GET", "/v1/openapi.json", [](RequestContext&) {
    return HttpReply{200, "application/json", std::string(OpenApiDocument()), {}};
  });
}

}  // namespace affinity

// /v1/mining/jobs (start, list, read, cancel) and /v1/reports/missing-accessories.
#include <fmt/format.h>

#include "engine/missing_accessories.hpp"
#include "server/api.hpp"

namespace affinity {

void AddMiningRoutes(Router& router, ApiContext& api) {
  MiningService& mining = api.mining;

  router.Add("POST", "/v1/mining/jobs", [&mining](RequestContext& ctx) {
    boost::json::object body;
    if (!ctx.body.empty()) {
      auto parsed = ctx.JsonObject();
      if (!parsed.ok()) return Problem(parsed.status(), ctx.path);
      body = std::move(parsed).value();
    }
    auto params = MiningParams::FromJson(body);
    if (!params.ok()) return Problem(params.status(), ctx.path);
    auto job = mining.Start(*params);
    if (!job.ok()) return Problem(job.status(), ctx.path);
    return HttpReply::Json(202, job->ToJson())
        .Header("Location", "/v1/mining/jobs/" + job->id);
  });

  router.Add("GET", "/v1/mining/jobs", [&mining](RequestContext& ctx) {
    boost::json::array items;
    for (const MiningJob& j : mining.List()) items.push_back(j.ToJson());
    return HttpReply::Json(200, {{"items", std::move(items)}});
  });

  router.Add("POST", "/v1/mining/jobs/{id}:cancel", [&mining](RequestContext& ctx) {
    Status st = mining.Cancel(ctx.params[0]);
    if (!st.ok()) return Problem(st, ctx.path);
    return HttpReply::Json(202, mining.Get(ctx.params[0])->ToJson());
  });

  router.Add("GET", "/v1/mining/jobs/{id}", [&mining](RequestContext& ctx) {
    auto job = mining.Get(ctx.params[0]);
    return job.ok() ? HttpReply::Json(200, job->ToJson()) : Problem(job.status(), ctx.path);
  });

  router.Add("GET", "/v1/reports/missing-accessories", [&api](RequestContext& ctx) {
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
    boost::json::array items;
    for (const MissingAccessories& m : FindMissingAccessories(*snapshot, options, history.get())) {
      boost::json::array suggestions;
      for (const AccessorySuggestion& s : m.suggestions) {
        suggestions.push_back({{"sku", s.product->product.sku},
                               {"name", s.product->product.name},
                               {"peers_linking", s.peers_linking},
                               {"bought_together", s.bought_together},
                               {"evidence", s.evidence}});
      }
      items.push_back({{"sku", m.product->product.sku},
                       {"name", m.product->product.name},
                       {"category", m.product->product.category},
                       {"peers", m.peers},
                       {"peers_with_accessories", m.peers_with_accessories},
                       {"evidence", fmt::format("{} of {} other products in {} have accessories",
                                                m.peers_with_accessories, m.peers,
                                                m.product->product.category)},
                       {"suggested_accessories", std::move(suggestions)}});
    }
    boost::json::object body{{"items", std::move(items)}};
    body["mining_job"] = history ? boost::json::value(history->job) : boost::json::value(nullptr);
    return HttpReply::Json(200, body);
  });
}

}  // namespace affinity

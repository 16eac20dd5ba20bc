// /v1/mining/jobs: start, list, read, cancel. (The report on their results, missing accessories, is
// in reports_api.cpp.)
#include <fmt/format.h>

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
}

}  // namespace affinity

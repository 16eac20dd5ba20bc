// /v1/suggestions: relationships proposed by association mining, to accept or reject.
#include <fmt/format.h>

#include "server/api.hpp"

namespace affinity {
void AddSuggestionRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;

  router.Add("GET", "/v1/suggestions", [&engine](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"status", "type", "sku", "job", "limit", "cursor"});
        !st.ok()) {
      return Problem(st, ctx.path);
    }
    Engine::SuggestionQuery q;
    if (auto status = ctx.Query("status"); status && *status != "all") {
      q.status = ParseSuggestionStatus(*status);
      if (!q.status) {
        return Problem(Status::InvalidArgument(fmt::format(
                           "query parameter 'status' must be pending, accepted, rejected or all, "
                           "got '{}'",
                           *status)),
                       ctx.path);
      }
    } else if (!status) {
      q.status = SuggestionStatus::kPending;
    }
    q.type = ctx.Query("type").value_or("");
    q.sku = ctx.Query("sku").value_or("");
    q.job = ctx.Query("job").value_or("");
    auto limit = ctx.QueryInt("limit", 50, 1, 1000);
    if (!limit.ok()) return Problem(limit.status(), ctx.path);
    q.limit = static_cast<std::size_t>(*limit);
    auto cursor = ctx.QueryInt("cursor", 0, 0, INT64_MAX);
    if (!cursor.ok()) return Problem(cursor.status(), ctx.path);
    q.after_id = static_cast<std::uint64_t>(*cursor);
    boost::json::array items;
    std::vector<Suggestion> page = engine.ListSuggestions(q);
    for (const Suggestion& x : page) items.push_back(SuggestionToJson(x));
    boost::json::object body{{"items", std::move(items)}};
    body["next_cursor"] = page.size() == q.limit ? boost::json::value(page.back().id)
                                                 : boost::json::value(nullptr);
    return HttpReply::Json(200, body);
  });

  router.Add("POST", "/v1/suggestions/{id}:accept", [&engine](RequestContext& ctx) {
    auto id = ParsePathId(ctx.params[0], "suggestion");
    if (!id.ok()) return Problem(id.status(), ctx.path);
    std::vector<GuidelineFinding> findings;
    auto x = engine.AcceptSuggestion(*id, &findings);
    if (!x.ok()) return WriteProblem(x.status(), findings, ctx.path);
    boost::json::object o = SuggestionToJson(*x);
    if (!findings.empty()) o["warnings"] = GuidelineFindingsJson(findings);
    return HttpReply::Json(200, o);
  });

  router.Add("POST", "/v1/suggestions/{id}:reject", [&engine](RequestContext& ctx) {
    auto id = ParsePathId(ctx.params[0], "suggestion");
    if (!id.ok()) return Problem(id.status(), ctx.path);
    auto x = engine.RejectSuggestion(*id);
    return x.ok() ? HttpReply::Json(200, SuggestionToJson(*x)) : Problem(x.status(), ctx.path);
  });

  router.Add("GET", "/v1/suggestions/{id}", [&engine](RequestContext& ctx) {
    auto id = ParsePathId(ctx.params[0], "suggestion");
    if (!id.ok()) return Problem(id.status(), ctx.path);
    auto x = engine.GetSuggestion(*id);
    return x.ok() ? HttpReply::Json(200, SuggestionToJson(*x)) : Problem(x.status(), ctx.path);
  });
}

}  // namespace affinity

// /v1/guidelines: list, read, create, replace, delete, and the :validate dry run. A guideline
// whose `require` does not compile or whose types do not exist gets 422 with every diagnostic
// (field, line, column, message, nearest names) and nothing is written. Saves and dry runs say how
// many live relationships break the guideline (as if it were enabled): GET
// /v1/reports/violations?guideline=<id> lists them.
#include <fmt/format.h>

#include <optional>

#include "analytics/violations.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

boost::json::array DiagnosticsJson(const std::vector<GuidelineDiagnostic>& diagnostics,
                                   bool warnings) {
  boost::json::array out;
  for (const GuidelineDiagnostic& d : diagnostics) {
    if (d.warning == warnings) out.push_back(GuidelineDiagnosticToJson(d));
  }
  return out;
}

boost::json::object ViewJson(const CompiledGuideline& g) {
  boost::json::object o = GuidelineToJson(g.guideline);
  o["warnings"] = DiagnosticsJson(g.warnings, true);
  return o;
}

// The live relationships of `snapshot` that break `compiled`, counted as if it were enabled.
std::size_t LiveViolations(const Snapshot& snapshot, CompiledGuideline compiled) {
  compiled.guideline.enabled = true;
  const GuidelineSet alone({std::move(compiled)});
  ViolationQuery query;
  query.limit = 1;
  auto report = FindViolations(snapshot, alone, query);
  return report.ok() ? report->total : 0;
}

HttpReply Rejected(const GuidelineReport& r, std::string_view instance) {
  const GuidelineDiagnostic* first = nullptr;
  for (const GuidelineDiagnostic& d : r.diagnostics) {
    if (d.limit) {
      // Past a size limit: the request as a whole is refused, as for rules.
      return Problem(
          400, "limit_exceeded",
          fmt::format("{}: line {}, column {}: {}", d.field, d.line, d.column, d.message), instance,
          {{"field", d.field}, {"line", d.line}, {"column", d.column}});
    }
    if (!d.warning && !first) first = &d;
  }
  std::string why = !first            ? "it is not valid"
                    : first->line > 0 ? fmt::format("{}: line {}, column {}: {}", first->field,
                                                    first->line, first->column, first->message)
                                      : fmt::format("{}: {}", first->field, first->message);
  return Problem(422, "invalid_guideline",
                 fmt::format("guideline '{}' was not saved: {}", r.guideline.id, why), instance,
                 {{"valid", false},
                  {"errors", DiagnosticsJson(r.diagnostics, false)},
                  {"warnings", DiagnosticsJson(r.diagnostics, true)}});
}

HttpReply Save(Engine& engine, RequestContext& ctx, std::string_view path_id, bool create_only) {
  auto body = ctx.JsonObject();
  if (!body.ok()) return Problem(body.status(), ctx.path);
  auto if_match = ctx.IfMatchVersion();
  if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
  auto guideline = GuidelineFromJson(*body, path_id);
  if (!guideline.ok()) return Problem(guideline.status(), ctx.path);
  auto report = engine.PutGuideline(std::move(guideline).value(), create_only, *if_match);
  if (!report.ok()) return Problem(report.status(), ctx.path);
  if (!report->valid) return Rejected(*report, ctx.path);
  boost::json::object o = ViewJson(*report->compiled);
  o["violations"] = LiveViolations(*engine.snapshot(), *report->compiled);
  return HttpReply::Json(report->created ? 201 : 200, o)
      .Header("ETag", ETag(report->guideline.version))
      .Header("Location", "/v1/guidelines/" + report->guideline.id);
}

}  // namespace

void AddGuidelineRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;

  router.Add("GET", "/v1/guidelines", [&engine](RequestContext& ctx) {
    boost::json::array items;
    auto snapshot = engine.snapshot();
    for (const CompiledGuideline& g : snapshot->guidelines().all()) items.push_back(ViewJson(g));
    return HttpReply::Json(200, {{"items", std::move(items)}});
  });

  router.Add("POST", "/v1/guidelines", [&api](RequestContext& ctx) {
    return api.idempotency.Run("POST /v1/guidelines " + ctx.actor, ctx.idempotency_key, ctx.body,
                               ctx.path, [&] { return Save(api.engine, ctx, {}, true); });
  });

  // A dry run: the same body as a guideline; its diagnostics and the live relationships it would
  // flag. Nothing is saved.
  router.Add("POST", "/v1/guidelines:validate", [&engine](RequestContext& ctx) {
    auto body = ctx.JsonObject();
    if (!body.ok()) return Problem(body.status(), ctx.path);
    if (!body->contains("id")) (*body)["id"] = "draft";
    auto guideline = GuidelineFromJson(*body);
    if (!guideline.ok()) return Problem(guideline.status(), ctx.path);
    GuidelineReport report = engine.ValidateGuideline(*guideline);
    for (const GuidelineDiagnostic& d : report.diagnostics) {
      if (d.limit) return Rejected(report, ctx.path);
    }
    boost::json::object o{{"valid", report.valid},
                          {"errors", DiagnosticsJson(report.diagnostics, false)},
                          {"warnings", DiagnosticsJson(report.diagnostics, true)}};
    o["violations"] = report.compiled
                          ? boost::json::value(LiveViolations(*engine.snapshot(), *report.compiled))
                          : boost::json::value(nullptr);
    return HttpReply::Json(200, o);
  });

  router.Add("GET", "/v1/guidelines/{id}", [&engine](RequestContext& ctx) {
    auto snapshot = engine.snapshot();
    const CompiledGuideline* g = snapshot->guidelines().Find(ctx.params[0]);
    if (!g) {
      return Problem(Status::NotFound(fmt::format("guideline '{}' does not exist", ctx.params[0])),
                     ctx.path);
    }
    return HttpReply::Json(200, ViewJson(*g)).Header("ETag", ETag(g->guideline.version));
  });

  router.Add("PUT", "/v1/guidelines/{id}",
             [&engine](RequestContext& ctx) { return Save(engine, ctx, ctx.params[0], false); });

  router.Add("DELETE", "/v1/guidelines/{id}", [&engine](RequestContext& ctx) {
    auto if_match = ctx.IfMatchVersion();
    if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
    Status st = engine.DeleteGuideline(ctx.params[0], *if_match);
    return st.ok() ? HttpReply::NoContent() : Problem(st, ctx.path);
  });
}

}  // namespace affinity

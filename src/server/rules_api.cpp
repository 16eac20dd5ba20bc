// /v1/rules: list, read, create, replace, delete, and the :validate dry run. Unsound rules get 422
// with every diagnostic (field, line, column, message) and nothing is written.
#include <fmt/format.h>

#include <optional>

#include "server/api.hpp"

namespace affinity {
namespace {

boost::json::object Stats(std::size_t sources, std::size_t targets, std::size_t edges) {
  return {{"sources", sources}, {"targets", targets}, {"edges", edges}};
}

boost::json::array DiagnosticsJson(const std::vector<RuleDiagnostic>& diagnostics, bool warnings) {
  boost::json::array out;
  for (const RuleDiagnostic& d : diagnostics) {
    if (d.warning == warnings) out.push_back(RuleDiagnosticToJson(d));
  }
  return out;
}

boost::json::object ViewJson(const RuleView& v) {
  boost::json::object o = RuleToJson(v.rule);
  o["stats"] = Stats(v.sources, v.targets, v.edges);
  o["warnings"] = DiagnosticsJson(v.warnings, true);
  return o;
}

// Per guideline the rule's edges break: its count and a few of the pairs.
boost::json::array GuidelinesJson(const std::vector<GuidelineTally>& tallies) {
  boost::json::array out;
  for (const GuidelineTally& t : tallies) {
    boost::json::array examples;
    for (const auto& [s, x] : t.examples) examples.push_back({{"source", s}, {"target", x}});
    out.push_back({{"guideline", t.guideline},
                   {"severity", GuidelineSeverityName(t.severity)},
                   {"description", t.description},
                   {"require", t.require},
                   {"count", t.count},
                   {"examples", std::move(examples)}});
  }
  return out;
}

boost::json::object ReportJson(const RuleReport& r) {
  boost::json::array sample;
  for (const auto& [s, t] : r.sample) sample.push_back({{"source", s}, {"target", t}});
  return {{"valid", r.valid},
          {"errors", DiagnosticsJson(r.diagnostics, false)},
          {"warnings", DiagnosticsJson(r.diagnostics, true)},
          {"stats", Stats(r.sources, r.targets, r.edges)},
          {"sample", std::move(sample)},
          {"guidelines", GuidelinesJson(r.guidelines)}};
}

HttpReply Rejected(const RuleReport& r, std::string_view instance) {
  std::string first;
  for (const RuleDiagnostic& d : r.diagnostics) {
    if (d.warning) continue;
    first = d.line > 0 ? fmt::format("{}: line {}, column {}: {}", d.field, d.line, d.column,
                                     d.message)
                       : (d.field.empty() ? d.message : fmt::format("{}: {}", d.field, d.message));
    break;
  }
  boost::json::object extra = ReportJson(r);
  return Problem(422, "invalid_rule",
                 fmt::format("rule '{}' was not saved: {}", r.rule.id, first), instance,
                 std::move(extra));
}

// A condition past a size limit is not a finding to show beside the others: the request as a
// whole is refused, 400, naming the limit and where it was passed.
std::optional<HttpReply> LimitExceeded(const std::vector<RuleDiagnostic>& diagnostics,
                                       std::string_view instance) {
  for (const RuleDiagnostic& d : diagnostics) {
    if (d.code != kConditionLimitCode) continue;
    return Problem(400, "limit_exceeded",
                   fmt::format("{}: line {}, column {}: {}", d.field, d.line, d.column, d.message),
                   instance, {{"field", d.field}, {"line", d.line}, {"column", d.column}});
  }
  return std::nullopt;
}

HttpReply Save(Engine& engine, RequestContext& ctx, std::string_view path_id, bool create_only) {
  auto body = ctx.JsonObject();
  if (!body.ok()) return Problem(body.status(), ctx.path);
  auto if_match = ctx.IfMatchVersion();
  if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
  auto rule = RuleFromJson(*body, path_id);
  if (!rule.ok()) return Problem(rule.status(), ctx.path);
  auto report = engine.PutRule(std::move(rule).value(), create_only, *if_match);
  if (!report.ok()) return Problem(report.status(), ctx.path);
  if (auto refused = LimitExceeded(report->diagnostics, ctx.path)) return std::move(*refused);
  if (!report->valid) return Rejected(*report, ctx.path);
  boost::json::object o = RuleToJson(report->rule);
  o["stats"] = Stats(report->sources, report->targets, report->edges);
  o["warnings"] = DiagnosticsJson(report->diagnostics, true);
  o["sample"] = ReportJson(*report).at("sample");
  o["guidelines"] = GuidelinesJson(report->guidelines);
  return HttpReply::Json(report->created ? 201 : 200, o)
      .Header("ETag", ETag(report->rule.version))
      .Header("Location", "/v1/rules/" + report->rule.id);
}

}  // namespace

void AddRuleRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;

  router.Add("GET", "/v1/rules", [&engine](RequestContext& ctx) {
    boost::json::array items;
    for (const RuleView& v : engine.Rules()) items.push_back(ViewJson(v));
    return HttpReply::Json(200, {{"items", std::move(items)}});
  });

  router.Add("POST", "/v1/rules", [&api](RequestContext& ctx) {
    return api.idempotency.Run("POST /v1/rules " + ctx.actor, ctx.idempotency_key, ctx.body,
                               ctx.path,
                               [&] { return Save(api.engine, ctx, {}, true); });
  });

  router.Add("POST", "/v1/rules:validate", [&engine](RequestContext& ctx) {
    auto body = ctx.JsonObject();
    if (!body.ok()) return Problem(body.status(), ctx.path);
    if (!body->contains("id")) (*body)["id"] = "draft";
    auto rule = RuleFromJson(*body);
    if (!rule.ok()) return Problem(rule.status(), ctx.path);
    RuleReport report = engine.ValidateRule(*rule);
    if (auto refused = LimitExceeded(report.diagnostics, ctx.path)) return std::move(*refused);
    return HttpReply::Json(200, ReportJson(report));
  });

  router.Add("GET", "/v1/rules/{id}", [&engine](RequestContext& ctx) {
    auto v = engine.GetRule(ctx.params[0]);
    if (!v.ok()) return Problem(v.status(), ctx.path);
    return HttpReply::Json(200, ViewJson(*v)).Header("ETag", ETag(v->rule.version));
  });

  router.Add("PUT", "/v1/rules/{id}", [&engine](RequestContext& ctx) {
    return Save(engine, ctx, ctx.params[0], false);
  });

  router.Add("DELETE", "/v1/rules/{id}", [&engine](RequestContext& ctx) {
    auto if_match = ctx.IfMatchVersion();
    if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
    Status st = engine.DeleteRule(ctx.params[0], *if_match);
    return st.ok() ? HttpReply::NoContent() : Problem(st, ctx.path);
  });
}

}  // namespace affinity

#include "server/api.hpp"

#include <fmt/format.h>

#include <chrono>

#include "rules/schedule.hpp"

namespace affinity {

void AddAllRoutes(Router& router, ApiContext& api) {
  AddSystemRoutes(router, api);
  AddProductRoutes(router, api);
  AddRelationRoutes(router, api);
  AddRecommendationRoutes(router, api);
  AddGraphRoutes(router, api);
  AddRuleRoutes(router, api);
  AddBundleRoutes(router, api);
  AddSuggestionRoutes(router, api);
  AddOrderRoutes(router, api);
  AddMiningRoutes(router, api);
  AddIntakeRoutes(router, api);
  AddKeyRoutes(router, api);
  AddHistoryRoutes(router, api);
  AddGuidelineRoutes(router, api);
  AddReportRoutes(router, api);
}

std::string ETag(std::int64_t version) { return fmt::format("\"{}\"", version); }

Result<std::int64_t> AtParam(const RequestContext& ctx) {
  auto at = ctx.Query("at");
  if (!at) {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  Result<std::int64_t> t = ParseIsoTime(*at);
  if (!t.ok()) {
    return Status::InvalidArgument(fmt::format(
        "query parameter 'at' must be an ISO 8601 date or time such as 2026-12-01 or "
        "2026-12-01T10:00:00Z: {}",
        t.status().message()));
  }
  return *t;
}

boost::json::array GuidelineFindingsJson(const std::vector<GuidelineFinding>& findings) {
  boost::json::array out;
  for (const GuidelineFinding& f : findings) {
    out.push_back({{"guideline", f.guideline},
                   {"severity", GuidelineSeverityName(f.severity)},
                   {"description", f.description},
                   {"source", f.source},
                   {"target", f.target},
                   {"type", f.type},
                   {"message", f.message}});
  }
  return out;
}

HttpReply WriteProblem(const Status& status, const std::vector<GuidelineFinding>& findings,
                       std::string_view instance) {
  if (status.code() != StatusCode::kFailedPrecondition || !HasErrorFinding(findings)) {
    return Problem(status, instance);
  }
  std::vector<GuidelineFinding> errors, warnings;
  for (const GuidelineFinding& f : findings) {
    (f.severity == GuidelineSeverity::kError ? errors : warnings).push_back(f);
  }
  return Problem(409, "guideline_violation", status.message(), instance,
                 {{"violations", GuidelineFindingsJson(errors)},
                  {"warnings", GuidelineFindingsJson(warnings)}});
}

HttpReply ImportReply(const Result<ImportReport>& report, std::string_view instance) {
  if (!report.ok()) return Problem(report.status(), instance);
  boost::json::array errors;
  for (const RecordError& e : report->errors) {
    errors.push_back({{"line", e.line}, {"message", e.message}});
  }
  if (!report->errors.empty()) {
    return Problem(422, "import_rejected",
                   fmt::format("{} row(s) are invalid; nothing was imported. Fix them and send "
                               "the whole file again",
                               report->errors.size()),
                   instance, {{"imported", 0}, {"errors", std::move(errors)}});
  }
  boost::json::array warnings;
  for (const RecordError& w : report->warnings) {
    warnings.push_back({{"line", w.line}, {"message", w.message}});
  }
  return HttpReply::Json(200, {{"imported", report->imported},
                               {"created", report->created},
                               {"updated", report->updated},
                               {"errors", std::move(errors)},
                               {"warnings", std::move(warnings)}});
}

HttpReply RunImport(const RequestContext& ctx,
                    const std::function<Result<ImportReport>(std::string_view, RecordFormat)>& run) {
  auto format = RecordFormatFromContentType(ctx.content_type);
  if (!format) {
    return Problem(415, "unsupported_media_type",
                   fmt::format("Content-Type '{}' is not importable; send text/csv, "
                               "application/json (an array) or application/x-ndjson",
                               ctx.content_type),
                   ctx.path);
  }
  return ImportReply(run(ctx.body, *format), ctx.path);
}

}  // namespace affinity

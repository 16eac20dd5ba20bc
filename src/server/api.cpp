#include "server/api.hpp"

#include <fmt/format.h>

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
}

std::string ETag(std::int64_t version) { return fmt::format("\"{}\"", version); }

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
  return HttpReply::Json(200, {{"imported", report->imported},
                               {"created", report->created},
                               {"updated", report->updated},
                               {"errors", std::move(errors)}});
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

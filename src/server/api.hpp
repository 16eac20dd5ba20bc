// The REST API under /v1 plus /healthz, /readyz, /metrics and /v1/openapi.json. Handlers are thin:
// they parse the request, call the Engine (or read its Snapshot), and map the Status with Problem().
// One Add*Routes function per resource, each in its own file.
#pragma once

#include "engine/engine.hpp"
#include "engine/mining_service.hpp"
#include "intake/intake_service.hpp"
#include "orders/order_book.hpp"
#include "server/idempotency_cache.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"
#include "trust/keyring.hpp"
#include "trust/trust_store.hpp"
#include "trust/webhook_secrets.hpp"

namespace affinity {

struct ApiContext {
  Engine& engine;
  OrderBook& orders;
  MiningService& mining;
  Metrics& metrics;
  IdempotencyCache& idempotency;
  IntakeService& intake;
  Keyring& keys;
  WebhookSecrets& webhook_secrets;
  TrustStore& trust;  // the audit trail
  // The default goal of GET /v1/reports/coverage (`serve --coverage-goal`); `?goal=` overrides it.
  double coverage_goal = 0.85;
};

void AddProductRoutes(Router& router, ApiContext& api);
void AddRelationRoutes(Router& router, ApiContext& api);
void AddRecommendationRoutes(Router& router, ApiContext& api);
void AddGraphRoutes(Router& router, ApiContext& api);  // the graph around a product
void AddRuleRoutes(Router& router, ApiContext& api);
void AddBundleRoutes(Router& router, ApiContext& api);  // bundles, product bundle offers
void AddSuggestionRoutes(Router& router, ApiContext& api);
void AddOrderRoutes(Router& router, ApiContext& api);      // orders and customer profiles
void AddMiningRoutes(Router& router, ApiContext& api);     // mining jobs and reports
void AddIntakeRoutes(Router& router, ApiContext& api);     // order intake from sales channels
void AddSystemRoutes(Router& router, ApiContext& api);
void AddKeyRoutes(Router& router, ApiContext& api);      // API keys, /v1/me, webhook secrets
void AddHistoryRoutes(Router& router, ApiContext& api);  // audit trail, rule and link versions
void AddGuidelineRoutes(Router& router, ApiContext& api);  // brand guidelines
void AddReportRoutes(Router& router, ApiContext& api);  // coverage, violations, missing accessories

// Every route above.
void AddAllRoutes(Router& router, ApiContext& api);

// Shared by handlers: an import reply, 200 with the counts or 422 with every bad line.
HttpReply ImportReply(const Result<ImportReport>& report, std::string_view instance);
// Runs an import of the request body in the format its Content-Type names (415 problem if none).
HttpReply RunImport(const RequestContext& ctx,
                    const std::function<Result<ImportReport>(std::string_view, RecordFormat)>& run);
// "\"<version>\"": the ETag of a versioned resource.
std::string ETag(std::int64_t version);

// The `at` query parameter (ISO 8601) as Unix seconds; now when absent.
Result<std::int64_t> AtParam(const RequestContext& ctx);

// Brand guideline findings as JSON: {"guideline", "severity", "description", "source", "target",
// "type", "message"} each.
boost::json::array GuidelineFindingsJson(const std::vector<GuidelineFinding>& findings);
// The reply to a write that failed: a refusal by `error` guidelines is 409 guideline_violation
// with the findings as "violations"; any other error is Problem(status).
HttpReply WriteProblem(const Status& status, const std::vector<GuidelineFinding>& findings,
                       std::string_view instance);

}  // namespace affinity

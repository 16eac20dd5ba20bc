#include "cli/serve_command.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "cli/data_dir.hpp"
#include "cli/file_drop.hpp"
#include "cli/intake_command.hpp"
#include "cli/keys_command.hpp"
#include "engine/mining_service.hpp"
#include "server/api.hpp"
#include "server/authorizer.hpp"
#include "server/console_assets.hpp"

namespace affinity {

std::string DefaultWebDir() { return AFFINITY_DEFAULT_WEB_DIR; }

int RunServe(const std::string& data_dir, const ServeFlags& flags) {
  spdlog::info("opening data directory {}", data_dir);
  Keyring::Options key_options;
  key_options.default_rate_limit = flags.rate_limit;
  auto trust = OpenTrust(data_dir, key_options);
  if (!trust.ok()) return Fail(trust.status());
  if (Status st = EnsureAdminKey(data_dir, *trust->keys); !st.ok()) return Fail(st);
  auto engine = OpenEngine(data_dir);
  if (!engine.ok()) return Fail(engine.status());
  auto snapshot = (*engine)->snapshot();
  spdlog::info("loaded {} products, {} ranked edges", snapshot->product_count(),
               snapshot->edge_count());
  auto orders = OpenOrders(data_dir, **engine, flags.segments);
  if (!orders.ok()) return Fail(orders.status());
  spdlog::info("loaded {} orders", (*orders)->size());
  OrderBook& book = **orders;
  MiningService mining(**engine, [&book](const std::function<void(const Order&)>& fn) {
    book.ForEachBasket(fn);
    return Status::Ok();
  });
  auto intake = OpenIntake(data_dir, **engine, book, flags.intake_config);
  if (!intake.ok()) return Fail(intake.status());
  IntakeService& intake_service = *intake->service;
  intake_service.Start();
  FileDrop drop(flags.drop_dir.empty() ? std::filesystem::path(data_dir) / "drop"
                                              : std::filesystem::path(flags.drop_dir),
                intake_service);
  if (Status st = drop.Prepare(); !st.ok()) return Fail(st);
  drop.Start(std::chrono::milliseconds(500));
  Metrics metrics;
  IdempotencyCache idempotency;
  ApiContext api{**engine,      book,           mining, metrics, idempotency, intake_service,
                 *trust->keys, *trust->secrets, *trust->store, flags.coverage_goal};
  Router router;
  AddAllRoutes(router, api);
  const ConsoleAssets console =
      ConsoleAssets::Load(flags.web_dir.empty() ? DefaultWebDir() : flags.web_dir);
  if (console.built()) {
    spdlog::info("console: {} files from {}", console.file_count(), console.dir().string());
  } else {
    spdlog::warn("console: not built in {}; `/` says how to build it (cd web && npm ci && npm run "
                 "build)", console.dir().string());
  }
  router.SetFallback([&console](RequestContext& ctx) { return console.Serve(ctx); });
  Authorizer authorizer(*trust->keys, *trust->secrets, metrics,
                        {.metrics_public = flags.metrics_public});
  router.SetGuard([&authorizer](RequestContext& ctx, Access access) {
    return authorizer.Check(ctx, access);
  });
  ServerOptions serving = flags.server;
  serving.large_body_gate = [&authorizer](std::string_view authorization) {
    return authorizer.AdmitsLargeBody(authorization);
  };
  HttpServer server(serving, router, metrics);
  if (Status st = server.Listen(); !st.ok()) return Fail(st);
  spdlog::info("listening on http://{}:{}", flags.server.host, server.port());
  if (!flags.port_file.empty()) {
    std::ofstream(flags.port_file) << server.port() << "\n";
  }
  server.Run();
  drop.Stop();
  intake_service.Stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace affinity

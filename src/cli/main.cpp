// affinity: the command line. `serve` runs the HTTP API over a data directory (and the order
// intake: its worker and its file drop); `import` loads products, relationships or orders from a
// CSV / JSON / NDJSON file; `intake` takes one sales-channel file through the intake; `mine` runs an association
// mining job; `evaluate` scores co-purchase recommendations on a time split of an order file;
// `demo` fills a data directory with a realistic demo catalog.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/json/parse.hpp>

#include "analytics/evaluation.hpp"
#include "cli/data_dir.hpp"
#include "cli/demo_catalog.hpp"
#include "cli/demo_orders.hpp"
#include "cli/intake_command.hpp"
#include "cli/keys_command.hpp"
#include "cli/serve_command.hpp"
#include "common/json_write.hpp"
#include "engine/engine.hpp"
#include "engine/mining_service.hpp"
#include "orders/order_import.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace {

Result<OrderColumns> ParseColumns(const std::string& json) {
  if (json.empty()) return OrderColumns::OnlineRetail();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) {
    return Status::InvalidArgument("--columns must be a JSON object such as {\"sku\":\"Item\"}");
  }
  return OrderColumns::FromJson(v.as_object());
}

int PrintReport(const Result<ImportReport>& report, const std::string& what) {
  if (!report.ok()) return Fail(report.status());
  if (!report->errors.empty()) {
    for (const auto& e : report->errors) std::cerr << "line " << e.line << ": " << e.message << "\n";
    std::cerr << fmt::format("affinity: {} invalid row(s); no {} were imported\n",
                             report->errors.size(), what);
    return 1;
  }
  std::cout << fmt::format("imported {} {} ({} created, {} updated)\n", report->imported, what,
                           report->created, report->updated);
  return 0;
}

int ImportOrders(const std::string& data_dir, const std::string& text, RecordFormat format,
                 const std::string& columns_json) {
  auto columns = ParseColumns(columns_json);
  if (!columns.ok()) return Fail(columns.status());
  OrderBatch batch = ParseOrders(text, format, *columns);
  if (!batch.ok()) {
    for (const auto& e : batch.errors) std::cerr << "line " << e.line << ": " << e.message << "\n";
    std::cerr << fmt::format("affinity: {} invalid row(s); no orders were imported\n",
                             batch.errors.size());
    return 1;
  }
  auto engine = OpenEngine(data_dir);
  if (!engine.ok()) return Fail(engine.status());
  auto book = OpenOrders(data_dir, **engine);
  if (!book.ok()) return Fail(book.status());
  const std::size_t n = batch.orders.size();
  auto outcome = (*book)->Upsert(std::move(batch.orders));
  if (!outcome.ok()) return Fail(outcome.status());
  std::cout << fmt::format("imported {} orders from {} rows ({} created, {} updated, {} duplicates)\n",
                           n, batch.records, outcome->inserted, outcome->updated,
                           outcome->duplicates);
  return 0;
}

int Import(const std::string& data_dir, const std::string& kind, const std::string& path,
           const std::string& format_name, const std::string& columns) {
  std::optional<RecordFormat> format;
  if (format_name == "csv") format = RecordFormat::kCsv;
  if (format_name == "json") format = RecordFormat::kJsonArray;
  if (format_name == "ndjson") format = RecordFormat::kNdjson;
  if (!format) format = RecordFormatFromPath(path);
  if (!format) {
    return Fail(Status::InvalidArgument(fmt::format(
        "cannot tell the format of '{}' from its name; pass --format csv|json|ndjson", path)));
  }
  auto text = ReadFile(path);
  if (!text.ok()) return Fail(text.status());
  if (kind == "orders") return ImportOrders(data_dir, *text, *format, columns);
  auto engine = OpenEngine(data_dir);
  if (!engine.ok()) return Fail(engine.status());
  if (kind == "products") return PrintReport((*engine)->ImportProducts(*text, *format), kind);
  return PrintReport((*engine)->ImportRelationships(*text, *format), kind);
}

int Mine(const std::string& data_dir, const std::string& params_json) {
  boost::json::object body;
  if (!params_json.empty()) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(params_json, ec);
    if (ec || !v.is_object()) {
      return Fail(Status::InvalidArgument("--params must be a JSON object"));
    }
    body = v.as_object();
  }
  auto params = MiningParams::FromJson(body);
  if (!params.ok()) return Fail(params.status());
  auto engine = OpenEngine(data_dir);
  if (!engine.ok()) return Fail(engine.status());
  auto book = OpenOrders(data_dir, **engine);
  if (!book.ok()) return Fail(book.status());
  OrderBook& orders = **book;
  MiningService mining(**engine, [&orders](const std::function<void(const Order&)>& fn) {
    orders.ForEachBasket(fn);
    return Status::Ok();
  });
  MiningJob job = mining.Run(*params, [](const MiningJob& j) {
    std::cerr << fmt::format("{:>4.0f}%  {}\n", j.progress * 100, j.stage);
  });
  std::cout << ToJsonText(job.ToJson()) << "\n";
  return job.state == "succeeded" ? 0 : 1;
}

int Evaluate(const std::string& path, const std::string& columns_json, const std::string& split,
             double split_fraction, std::size_t k, const std::string& measure) {
  auto text = ReadFile(path);
  if (!text.ok()) return Fail(text.status());
  auto format = RecordFormatFromPath(path).value_or(RecordFormat::kCsv);
  auto columns = ParseColumns(columns_json);
  if (!columns.ok()) return Fail(columns.status());
  OrderBatch batch = ParseOrders(*text, format, *columns);
  if (!batch.ok()) {
    return Fail(Status::InvalidArgument(fmt::format("line {}: {}", batch.errors[0].line,
                                                    batch.errors[0].message)));
  }
  EvaluationOptions options;
  options.k = k;
  if (measure == "lift") options.measure = mining::PairMeasure::kLift;
  if (measure == "count") options.measure = mining::PairMeasure::kCount;
  if (!split.empty()) {
    auto t = ParseIsoTime(split);
    if (!t.ok()) return Fail(t.status());
    options.split = *t;
  } else {
    std::vector<std::int64_t> times;
    for (const Order& o : batch.orders) {
      if (CountsAsPurchase(o)) times.push_back(o.placed_at);
    }
    if (times.empty()) return Fail(Status::InvalidArgument("the file holds no purchases"));
    std::sort(times.begin(), times.end());
    options.split = times[static_cast<std::size_t>(split_fraction * (times.size() - 1))];
  }
  auto report = EvaluateTimeSplit(batch.orders, options);
  if (!report.ok()) return Fail(report.status());
  const EvaluationReport& r = *report;
  std::cout << fmt::format(
      "time split at {}: {} training baskets, {} test baskets, {} queries, {} products\n"
      "{:<22} {:>12} {:>14}\n"
      "{:<22} {:>12.4f} {:>14.4f}\n{:<22} {:>12.4f} {:>14.4f}\n{:<22} {:>12.4f} {:>14.4f}\n"
      "co-purchase partners found for {:.1f}% of queries\n",
      FormatIsoTime(options.split), r.train_baskets, r.test_baskets, r.queries, r.products,
      "recommender", fmt::format("hit rate@{}", k), fmt::format("precision@{}", k),
      fmt::format("co-purchase ({})", measure), r.mined.hit_rate, r.mined.precision, "mined + best sellers",
      r.blended.hit_rate, r.blended.precision, "best sellers", r.popularity.hit_rate,
      r.popularity.precision,
      100.0 * static_cast<double>(r.queries_with_recommendations) / static_cast<double>(r.queries));
  return 0;
}

int Demo(const std::string& data_dir, std::size_t products, std::size_t order_count) {
  auto engine = OpenEngine(data_dir);
  if (!engine.ok()) return Fail(engine.status());
  DemoCatalog demo = MakeDemoCatalog(products);
  if (int rc = PrintReport((*engine)->ImportProducts(demo.products_ndjson, RecordFormat::kNdjson),
                           "products")) {
    return rc;
  }
  if (int rc = PrintReport(
          (*engine)->ImportRelationships(demo.relationships_ndjson, RecordFormat::kNdjson),
          "relationships")) {
    return rc;
  }
  if (order_count > 0) {
    auto book = OpenOrders(data_dir, **engine);
    if (!book.ok()) return Fail(book.status());
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    auto stored = (*book)->Upsert(MakeDemoOrders(*(*engine)->snapshot(), now, order_count));
    if (!stored.ok()) return Fail(stored.status());
    // Mined from them: the suggestions inbox has something to accept.
    OrderBook& orders = **book;
    MiningService mining(**engine, [&orders](const std::function<void(const Order&)>& fn) {
      orders.ForEachBasket(fn);
      return Status::Ok();
    });
    auto params = MiningParams::FromJson({});
    if (!params.ok()) return Fail(params.status());
    MiningJob job = mining.Run(*params, [](const MiningJob&) {});
    if (job.state != "succeeded") return Fail(Status::Internal("demo mining failed: " + job.error));
    std::cout << fmt::format("imported {} demo orders; mining suggested {} links\n",
                             stored->inserted, job.suggestions);
  }
  auto trust = OpenTrust(data_dir);
  if (!trust.ok()) return Fail(trust.status());
  if (Status st = EnsureAdminKey(data_dir, *trust->keys); !st.ok()) return Fail(st);
  std::cout << fmt::format("demo catalog ready in {}; try: affinity serve --data {}\n", data_dir,
                           data_dir);
  return 0;
}

}  // namespace
}  // namespace affinity

int main(int argc, char** argv) {
  using namespace affinity;
  CLI::App app{"affinity: product relationships and recommendations"};
  app.require_subcommand(1);
  std::string data_dir = "./data";

  ServeFlags sf;
  std::string access_log = "on";
  auto* serve = app.add_subcommand("serve", "Serve the HTTP API and the console over a data directory");
  serve->add_option("--data", data_dir, "Data directory (created if missing)");
  serve->add_option("--host", sf.server.host, "Address to listen on");
  serve->add_option("--port", sf.server.port, "Port to listen on (0: any free port)");
  serve->add_option("--threads", sf.server.threads, "I/O threads (0: one per core)");
  serve->add_option("--max-body", sf.server.max_body_bytes, "Largest request body in bytes");
  serve->add_option("--max-import-body", sf.server.max_import_body_bytes,
                    "Largest import body in bytes");
  std::int64_t header_timeout = sf.server.header_timeout.count();
  serve->add_option("--header-timeout", header_timeout,
                    "Seconds a request header may take to arrive whole")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--max-connections", sf.server.max_connections,
                    "Connections beyond this are answered 503 at once")
      ->check(CLI::Range(1, 1000000));
  serve->add_option("--access-log", access_log, "on, stdout or off")
      ->check(CLI::IsMember({"on", "stdout", "off"}));
  serve->add_option("--port-file", sf.port_file, "Write the bound port to this file once listening");
  serve->add_option("--segments", sf.segments,
                    "Customer lifecycle thresholds as JSON: churned_after_days, at_risk_after_days, "
                    "high_value_ltv_minor, top_monetary_share, top_min_orders, new_within_days");
  serve->add_flag("--metrics-public", sf.metrics_public,
                  "Serve /metrics without an API key (for a scraper on a private network)");
  serve->add_option("--rate-limit", sf.rate_limit,
                    "Requests per second each API key may make, bursts of twice that (0: "
                    "unlimited); a key's own limit overrides it")
      ->check(CLI::Range(0.0, 1e7));
  serve->add_option("--intake-config", sf.intake_config,
                    "Intake settings as a JSON file: profiles, csv_columns, retry");
  serve->add_option("--drop-dir", sf.drop_dir,
                    "Watched directory for order files (default: <data>/drop)");
  serve->add_option("--web", sf.web_dir,
                    "The built console to serve at / (default: " + DefaultWebDir() + ")");
  serve->add_option("--coverage-goal", sf.coverage_goal,
                    "The share of SKUs that should get recommendations, the default goal of GET "
                    "/v1/reports/coverage (?goal= overrides it)")
      ->check(CLI::Range(0.0, 1.0));

  std::string kind, file, format, columns;
  auto* import = app.add_subcommand("import", "Import products, relationships or orders");
  import->add_option("kind", kind, "products, relationships or orders")
      ->required()
      ->check(CLI::IsMember({"products", "relationships", "orders"}));
  import->add_option("file", file, "CSV, JSON array or NDJSON file")->required();
  import->add_option("--data", data_dir, "Data directory");
  import->add_option("--format", format, "csv, json or ndjson (default: from the extension)")
      ->check(CLI::IsMember({"csv", "json", "ndjson"}));
  import->add_option("--columns", columns,
                     "orders CSV column mapping as JSON (default: the UCI Online Retail layout)");

  std::string mine_params;
  auto* mine = app.add_subcommand("mine", "Mine co-purchases into suggested relationships");
  mine->add_option("--data", data_dir, "Data directory");
  mine->add_option("--params", mine_params,
                   "JSON: min_pair_count, min_confidence, min_lift, top_k, itemset_min_support...");

  std::string eval_file, eval_split;
  double eval_fraction = 0.8;
  std::size_t eval_k = 10;
  auto* evaluate = app.add_subcommand(
      "evaluate", "Score co-purchase recommendations on a time split of an orders file");
  evaluate->add_option("file", eval_file, "Orders CSV (Online Retail layout) or NDJSON")->required();
  evaluate->add_option("--columns", columns, "CSV column mapping as JSON");
  evaluate->add_option("--split", eval_split, "Split time (ISO 8601); default: --split-fraction");
  evaluate->add_option("--split-fraction", eval_fraction,
                       "Train on this share of purchases by time")
      ->check(CLI::Range(0.05, 0.95));
  evaluate->add_option("--k", eval_k, "Recommendations per query")->check(CLI::Range(1, 100));
  std::string eval_measure = "confidence";
  evaluate->add_option("--measure", eval_measure, "How partners are ranked")
      ->check(CLI::IsMember({"confidence", "lift", "count"}));

  std::string intake_file, intake_channel, intake_account = "default";
  auto* intake = app.add_subcommand("intake", "Take an order file of a sales channel into the intake");
  intake->add_option("file", intake_file, "The channel's payload or export (e.g. a POS CSV)")
      ->required();
  intake->add_option("--channel", intake_channel, "shopify, woocommerce, ..., csv")->required();
  intake->add_option("--account", intake_account, "The channel account it came from");
  intake->add_option("--data", data_dir, "Data directory");
  std::string intake_config;
  intake->add_option("--intake-config", intake_config, "Intake settings as a JSON file");

  std::string keys_action, key_role, key_name;
  double key_rate = -1;
  auto* keys = app.add_subcommand("keys", "Make, list and revoke API keys");
  keys->require_subcommand(1);
  auto* keys_create = keys->add_subcommand("create", "Make a key; its secret is the last line");
  keys_create->add_option("--role", key_role, "admin, merchandiser, viewer, intake or storefront")
      ->required();
  keys_create->add_option("--name", key_name, "A unique name (default: <role>-<number>)");
  keys_create->add_option("--rate-limit", key_rate,
                          "Requests per second for this key (0: unlimited; default: the server's)");
  keys_create->add_option("--data", data_dir, "Data directory");
  auto* keys_list = keys->add_subcommand("list", "List keys (never their secrets)");
  keys_list->add_option("--data", data_dir, "Data directory");
  auto* keys_revoke = keys->add_subcommand("revoke", "Revoke a key by name, at once");
  keys_revoke->add_option("name", key_name, "The key's name")->required();
  keys_revoke->add_option("--data", data_dir, "Data directory");

  std::size_t demo_products = 3000;
  auto* demo = app.add_subcommand("demo", "Fill a data directory with a demo catalog");
  demo->add_option("--data", data_dir, "Data directory");
  demo->add_option("--products", demo_products, "How many products")->check(CLI::Range(10, 1000000));
  std::size_t demo_orders = 3000;
  demo->add_option("--orders", demo_orders, "How many sample orders (mined into suggestions)")
      ->check(CLI::Range(0, 1000000));

  CLI11_PARSE(app, argc, argv);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  if (*serve) {
    sf.server.access_log = access_log != "off";
    sf.server.header_timeout = std::chrono::seconds(header_timeout);
    return RunServe(data_dir, sf);
  }
  if (*import) return Import(data_dir, kind, file, format, columns);
  if (*mine) return Mine(data_dir, mine_params);
  if (*keys) {
    const std::string action = *keys_create ? "create" : *keys_revoke ? "revoke" : "list";
    return RunKeys(data_dir, action, key_role, key_name, key_rate);
  }
  if (*intake) {
    return RunIntakeFile(data_dir, intake_file, intake_channel, intake_account, intake_config);
  }
  if (*evaluate) return Evaluate(eval_file, columns, eval_split, eval_fraction, eval_k, eval_measure);
  return Demo(data_dir, demo_products, demo_orders);
}

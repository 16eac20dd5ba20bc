// affinity: the command line. `serve` runs the HTTP API over a data directory; `import` loads
// products or relationships from a CSV / JSON / NDJSON file; `demo` fills a data directory with a
// realistic demo catalog.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/demo_catalog.hpp"
#include "engine/engine.hpp"
#include "server/api.hpp"
#include "server/http_server.hpp"
#include "storage/sqlite_store.hpp"

namespace affinity {
namespace {

Result<std::unique_ptr<Engine>> OpenEngine(const std::string& data_dir) {
  auto store = SqliteStore::Open(data_dir);
  if (!store.ok()) return store.status();
  return Engine::Open(std::move(store).value());
}

int Fail(const Status& st) {
  std::cerr << "affinity: " << st.message() << "\n";
  return 1;
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

int Serve(const std::string& data_dir, const ServerOptions& options, const std::string& port_file) {
  spdlog::info("opening data directory {}", data_dir);
  auto engine = OpenEngine(data_dir);
  if (!engine.ok()) return Fail(engine.status());
  auto snapshot = (*engine)->snapshot();
  spdlog::info("loaded {} products, {} ranked edges", snapshot->product_count(),
               snapshot->edge_count());
  Metrics metrics;
  IdempotencyCache idempotency;
  ApiContext api{**engine, metrics, idempotency};
  Router router;
  AddAllRoutes(router, api);
  HttpServer server(options, router, metrics);
  if (Status st = server.Listen(); !st.ok()) return Fail(st);
  spdlog::info("listening on http://{}:{}", options.host, server.port());
  if (!port_file.empty()) {
    std::ofstream(port_file) << server.port() << "\n";
  }
  server.Run();
  spdlog::info("stopped");
  return 0;
}

int Import(const std::string& data_dir, const std::string& kind, const std::string& path,
           const std::string& format_name) {
  std::optional<RecordFormat> format;
  if (format_name == "csv") format = RecordFormat::kCsv;
  if (format_name == "json") format = RecordFormat::kJsonArray;
  if (format_name == "ndjson") format = RecordFormat::kNdjson;
  if (!format) format = RecordFormatFromPath(path);
  if (!format) {
    return Fail(Status::InvalidArgument(fmt::format(
        "cannot tell the format of '{}' from its name; pass --format csv|json|ndjson", path)));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Status::NotFound(fmt::format("cannot read '{}'", path)));
  std::stringstream text;
  text << in.rdbuf();
  auto engine = OpenEngine(data_dir);
  if (!engine.ok()) return Fail(engine.status());
  if (kind == "products") return PrintReport((*engine)->ImportProducts(text.str(), *format), kind);
  return PrintReport((*engine)->ImportRelationships(text.str(), *format), kind);
}

int Demo(const std::string& data_dir, std::size_t products) {
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

  ServerOptions options;
  std::string port_file;
  std::string access_log = "on";
  auto* serve = app.add_subcommand("serve", "Serve the HTTP API over a data directory");
  serve->add_option("--data", data_dir, "Data directory (created if missing)");
  serve->add_option("--host", options.host, "Address to listen on");
  serve->add_option("--port", options.port, "Port to listen on (0: any free port)");
  serve->add_option("--threads", options.threads, "I/O threads (0: one per core)");
  serve->add_option("--max-body", options.max_body_bytes, "Largest request body in bytes");
  serve->add_option("--max-import-body", options.max_import_body_bytes,
                    "Largest import body in bytes");
  serve->add_option("--access-log", access_log, "on, stdout or off")
      ->check(CLI::IsMember({"on", "stdout", "off"}));
  serve->add_option("--port-file", port_file, "Write the bound port to this file once listening");

  std::string kind, file, format;
  auto* import = app.add_subcommand("import", "Import products or relationships from a file");
  import->add_option("kind", kind, "products or relationships")
      ->required()
      ->check(CLI::IsMember({"products", "relationships"}));
  import->add_option("file", file, "CSV, JSON array or NDJSON file")->required();
  import->add_option("--data", data_dir, "Data directory");
  import->add_option("--format", format, "csv, json or ndjson (default: from the extension)")
      ->check(CLI::IsMember({"csv", "json", "ndjson"}));

  std::size_t demo_products = 3000;
  auto* demo = app.add_subcommand("demo", "Fill a data directory with a demo catalog");
  demo->add_option("--data", data_dir, "Data directory");
  demo->add_option("--products", demo_products, "How many products")->check(CLI::Range(10, 1000000));

  CLI11_PARSE(app, argc, argv);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  if (*serve) {
    options.access_log = access_log != "off";
    return Serve(data_dir, options, port_file);
  }
  if (*import) return Import(data_dir, kind, file, format);
  return Demo(data_dir, demo_products);
}

// Orders per second through the whole intake flow on one core: durable append to the inbox (what
// a 202 waits for), then parse -> map -> validate -> resolve -> durably store in the order book and
// settle the inbox, over SQLite in a temporary directory (synchronous=FULL, as in production).
//
// Beside it, in the same run: the baseline of only appending the same deliveries durably (the
// least any durable intake must do), and the CPU-only pipeline (parse, map, validate, no I/O). The
// process pins itself to one CPU. Producers are threads posting concurrently, as HTTP handlers do;
// with one producer every delivery is its own commit.
//
//   build/bench/intake_benchmark [deliveries=20000] [producers=16]
#include <fmt/format.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "intake/adapters.hpp"
#include "intake/intake_service.hpp"
#include "storage/sqlite_inbox_store.hpp"
#include "storage/sqlite_order_store.hpp"

namespace affinity {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// shopify-1.json (Shopify's API docs, MIT; tests/fixtures/payloads) with order id and webhook id
// made unique per delivery: one order of three lines each.
std::vector<RawDelivery> MakeDeliveries(const std::string& body, std::size_t n) {
  std::vector<RawDelivery> out;
  out.reserve(n);
  const std::string id = "450789469";
  const std::size_t at = body.find(id);
  for (std::size_t i = 0; i < n; ++i) {
    RawDelivery d;
    d.channel = "shopify";
    d.account = "bench";
    d.body = body;
    d.body.replace(at, id.size(), std::to_string(900000000 + i));
    d.headers.Set("X-Shopify-Webhook-Id", fmt::format("bench-{}", i));
    out.push_back(std::move(d));
  }
  return out;
}

// Appends every delivery from `producers` threads; returns the seconds it took.
double Post(IntakeService& intake, const std::vector<RawDelivery>& deliveries, int producers) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> failed{0};
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < producers; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i; (i = next.fetch_add(1)) < deliveries.size();) {
        if (!intake.Receive(deliveries[i], "bench").ok()) ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  if (failed) fmt::print("  {} appends failed\n", failed.load());
  return Seconds(start);
}

struct Stack {
  std::filesystem::path dir;
  std::unique_ptr<SqliteInboxStore> inbox;
  std::unique_ptr<OrderBook> book;
  std::unique_ptr<IntakeService> service;

  explicit Stack(const std::string& name) {
    dir = std::filesystem::temp_directory_path() /
          fmt::format("affinity-intake-bench-{}-{}", name, ::getpid());
    std::filesystem::remove_all(dir);
    inbox = std::move(SqliteInboxStore::Open(dir.string())).value();
    book =
        std::move(OrderBook::Open(std::move(SqliteOrderStore::Open(dir.string())).value())).value();
    IntakeCatalog catalog;
    catalog.known = [](std::string_view sku) { return sku.starts_with("IPOD2008"); };
    IntakeOptions options;
    options.batch = 256;
    service = std::make_unique<IntakeService>(*inbox, *book, std::move(catalog), options);
  }
  ~Stack() {
    service.reset();
    std::filesystem::remove_all(dir);
  }
};

}  // namespace
}  // namespace affinity

int main(int argc, char** argv) {
  using namespace affinity;
  const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 20000;
  const int producers = argc > 2 ? std::stoi(argv[2]) : 16;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  if (sched_setaffinity(0, sizeof one, &one) != 0) fmt::print("could not pin to CPU 0\n");

  std::ifstream in(std::string(AFFINITY_REPO_ROOT) + "/tests/fixtures/payloads/shopify-1.json");
  std::stringstream text;
  text << in.rdbuf();
  const std::vector<RawDelivery> deliveries = MakeDeliveries(text.str(), n);
  fmt::print("intake benchmark: {} deliveries (1 order, 3 lines each), {} producers, 1 CPU\n", n,
             producers);

  {  // CPU only: parse, map, validate, resolve.
    const ChannelAdapter& shopify = *FindAdapter("shopify");
    const ValidationProfile profile = ValidationProfile::DefaultFor("shopify");
    SkuKnown known = [](std::string_view sku) { return sku.starts_with("IPOD2008"); };
    std::size_t ok = 0;
    const auto start = Clock::now();
    for (const RawDelivery& d : deliveries) {
      ok += ProcessDelivery(d, shopify, profile, known).accepted.size();
    }
    const double s = Seconds(start);
    fmt::print("  pipeline only (no I/O):        {:>9.0f} orders/s ({} ok)\n", ok / s, ok);
  }
  double append_rate = 0;
  {  // Baseline: durable appends only.
    Stack stack("append");
    const double s = Post(*stack.service, deliveries, producers);
    append_rate = n / s;
    fmt::print("  durable append only (baseline): {:>8.0f} deliveries/s\n", append_rate);
  }
  {  // One producer: one commit per delivery, the floor of an unbatched intake.
    Stack stack("single");
    const std::size_t m = std::min<std::size_t>(n, 2000);
    std::vector<RawDelivery> few(deliveries.begin(), deliveries.begin() + m);
    const double s = Post(*stack.service, few, 1);
    fmt::print("  durable append, 1 producer:    {:>9.0f} deliveries/s\n", m / s);
  }
  {  // The whole flow: producers post while the worker processes.
    Stack stack("flow");
    stack.service->Start();
    const auto start = Clock::now();
    Post(*stack.service, deliveries, producers);
    while (stack.book->size() < n) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const double s = Seconds(start);
    stack.service->Stop();
    const double rate = n / s;
    fmt::print("  whole flow (append..stored):   {:>9.0f} orders/s\n", rate);
    fmt::print("  ratio whole flow / baseline:   {:>9.2f}\n", rate / append_rate);
  }
  return 0;
}

// crash_cycles [SCENARIO [CYCLES [SEED]]]: SCENARIO is import, rules, mining, intake or all
// (default all), CYCLES per scenario (default 20), SEED for the kill moments (default: from the
// clock, printed). gtest flags are accepted too. See crash_cycles.hpp.
#include "crash_cycles.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <latch>
#include <map>
#include <thread>

namespace affinity::e2e::crash {
namespace {

Options g_options;
std::map<std::string, Tally> g_tallies;
const char* const kScenarios[] = {"import", "rules", "mining", "intake"};

int Usage(const char* argv0) {
  std::cerr << "usage: " << argv0
            << " [import|rules|mining|intake|all] [CYCLES (default 20)] [SEED]\n";
  return 2;
}

void PrintTallies() {
  std::cout << fmt::format(
      "\nkilled before / after ack: whether the cycle's request (import, rule save, burst of\n"
      "deliveries) was answered (a mining job: seen succeeded) when the server was killed. Items\n"
      "acknowledged: rows, rules, jobs, deliveries. duplicates, missing, half applied must be 0.\n"
      "{:<8} {:>6} {:>13} {:>9} {:>8} {:>8} {:>10} {:>7} {:>12} {:>7}\n",
      "scenario", "cycles", "killed before", "after ack", "acked", "found", "duplicates", "missing",
      "half applied", "seconds");
  for (const char* name : kScenarios) {
    auto it = g_tallies.find(name);
    if (it == g_tallies.end()) continue;
    const Tally& t = it->second;
    std::cout << fmt::format("{:<8} {:>6} {:>13} {:>9} {:>8} {:>8} {:>10} {:>7} {:>12} {:>7.1f}\n",
                             t.scenario, t.cycles, t.kills_before_ack, t.kills_after_ack,
                             t.acknowledged, t.found, t.duplicates, t.missing, t.half_applied,
                             t.seconds);
  }
  std::cout << std::flush;
}

}  // namespace

const Options& CurrentOptions() { return g_options; }

Tally& TallyOf(const std::string& scenario) {
  Tally& t = g_tallies[scenario];
  t.scenario = scenario;
  return t;
}

KillClock::KillClock(std::uint64_t seed, std::string_view scenario) {
  std::seed_seq seq{seed, static_cast<std::uint64_t>(std::hash<std::string_view>{}(scenario))};
  rng_.seed(seq);
}

void RaceKill(TestServer& server, std::chrono::microseconds delay,
              const std::function<void()>& work) {
  std::latch started(1);
  std::thread worker([&] {
    started.count_down();
    work();
  });
  started.wait();
  std::this_thread::sleep_for(delay);
  server.Kill9();
  worker.join();
}

bool Restart(TestServer& server) {
  server.Start();
  return !::testing::Test::HasFatalFailure() && server.running();
}

std::int64_t Int(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_int64() ? it->value().as_int64() : -1;
}

std::string Str(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

std::int64_t CountProducts(const TestServer& server, const std::string& query) {
  Response r = server.Request("GET", "/v1/products?limit=1" + (query.empty() ? "" : "&" + query));
  EXPECT_EQ(r.status, 200u) << query << ": " << r;
  return r.status == 200u ? Int(r.Object(), "total") : -1;
}

}  // namespace affinity::e2e::crash

int main(int argc, char** argv) {
  using namespace affinity::e2e::crash;
  ::testing::InitGoogleTest(&argc, argv);
  std::string scenario = argc > 1 ? argv[1] : "all";
  if (argc > 4) return Usage(argv[0]);
  char* end = nullptr;
  if (argc > 2) {
    g_options.cycles = static_cast<int>(std::strtol(argv[2], &end, 10));
    if (*end != '\0' || g_options.cycles < 1) return Usage(argv[0]);
  }
  g_options.seed = static_cast<std::uint64_t>(
      std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);
  if (argc > 3) {
    g_options.seed = std::strtoull(argv[3], &end, 10);
    if (*end != '\0') return Usage(argv[0]);
  }
  bool known = scenario == "all";
  for (const char* name : kScenarios) known = known || scenario == name;
  if (!known) return Usage(argv[0]);
  if (scenario != "all") {
    std::string test = scenario;
    test[0] = static_cast<char>(std::toupper(test[0]));
    ::testing::GTEST_FLAG(filter) = "CrashCycles." + test;
  }
  std::cout << fmt::format(
                   "crash cycles: scenario {}, {} cycles each, seed {} (rerun: {} {} {} {})\n",
                   scenario, g_options.cycles, g_options.seed, argv[0], scenario, g_options.cycles,
                   g_options.seed)
            << std::flush;
  const int rc = RUN_ALL_TESTS();
  PrintTallies();
  return rc;
}

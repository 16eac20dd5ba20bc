// Association mining on the FIMI benchmark sets (research-use only: read in place from
// $AFFINITY_SHARED/data/fimi, default <repo>/../shared, never copied into the repository; each case
// is skipped when its file is absent).
//   FpGrowthCount/retail/0.1%, /0.01%, T10I4D100K/1%, /0.1%: CountFrequentItemsets; counters
//     `itemsets` (expected: retail 0.01% = 240,852) and `min_support`.
//   PairsTop20/retail: every co-bought pair streamed plus the top-20 partners per item by lift.
// Parsing is done once per file, outside the timed loop.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "mining/fp_growth.hpp"
#include "mining/pair_miner.hpp"
#include "mining/transactions.hpp"

namespace {

using affinity::mining::TransactionSet;

std::string SharedDir() {
  const char* env = std::getenv("AFFINITY_SHARED");
  if (env != nullptr && *env != '\0') return env;
  return std::string(AFFINITY_REPO_ROOT) + "/../shared";
}

// The parsed file, or nullptr (with *error set) when it is absent or malformed.
const TransactionSet* Load(const std::string& name, std::string* error) {
  static std::map<std::string, std::unique_ptr<TransactionSet>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second.get();
  std::string path = SharedDir() + "/data/fimi/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + " not found (set AFFINITY_SHARED to the shared directory)";
    return nullptr;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  auto parsed = affinity::mining::ParseFimi(buf.str());
  if (!parsed.ok()) {
    *error = path + ": " + parsed.status().ToString();
    return nullptr;
  }
  auto owned = std::make_unique<TransactionSet>(std::move(parsed).value());
  const TransactionSet* raw = owned.get();
  cache.emplace(name, std::move(owned));
  return raw;
}

void FpGrowthCount(benchmark::State& state, const char* file, double fraction) {
  std::string error;
  const TransactionSet* ts = Load(file, &error);
  if (ts == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  affinity::mining::FpGrowthOptions options;
  options.min_support = affinity::mining::MinSupportFromFraction(fraction, ts->size());
  std::uint64_t itemsets = 0;
  for (auto _ : state) {
    auto counts = affinity::mining::CountFrequentItemsets(*ts, options);
    if (!counts.ok()) {
      state.SkipWithError(counts.status().ToString().c_str());
      return;
    }
    itemsets = counts->total;
    benchmark::DoNotOptimize(itemsets);
  }
  state.counters["itemsets"] = static_cast<double>(itemsets);
  state.counters["min_support"] = static_cast<double>(options.min_support);
}

void PairsTop20(benchmark::State& state, const char* file) {
  std::string error;
  const TransactionSet* ts = Load(file, &error);
  if (ts == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::uint64_t pairs = 0;
  std::size_t ranked = 0;
  for (auto _ : state) {
    affinity::mining::PairMiner miner(*ts, {});
    pairs = 0;
    double lift_sum = 0;
    auto top = miner.FindTopPartners({.k = 20}, [&](const affinity::mining::ItemPair& p) {
      ++pairs;
      lift_sum += p.lift;
    });
    if (!top.ok()) {
      state.SkipWithError(top.status().ToString().c_str());
      return;
    }
    ranked = top->total();
    benchmark::DoNotOptimize(lift_sum);
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["ranked_partners"] = static_cast<double>(ranked);
}

BENCHMARK_CAPTURE(FpGrowthCount, retail_0_1pct, "retail.dat", 0.001)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(FpGrowthCount, retail_0_01pct, "retail.dat", 0.0001)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(FpGrowthCount, T10I4D100K_1pct, "T10I4D100K.dat", 0.01)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(FpGrowthCount, T10I4D100K_0_1pct, "T10I4D100K.dat", 0.001)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(PairsTop20, retail, "retail.dat")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

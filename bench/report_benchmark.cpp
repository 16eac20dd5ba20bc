// report_benchmark: the reports of src/analytics on a generated snapshot of 1 M products and 10 M
// ranked edges (generated_catalog.hpp), each a whole pass over the catalog, beside a baseline
// measured in the same run: a plain loop that touches each product's first edge's target (one
// random access per product, the least any per-product report can do) and, as a diagnostic, the
// same touching every edge's target (what walking every edge costs in memory alone). The reports
// split their pass in parts on every core (analytics/parallel_scan.hpp); so do the baselines.
// See bench/README.md.
//
// The target (DESIGN.md): a report on 1 M SKUs in under 2 s. Each pass is timed with steady_clock
// (UseManualTime: `Time` is the mean per pass); `x_baseline` is the ratio to the first-edge loop.
//
// Sizes can be shrunk for a quick run: AFFINITY_BENCH_PRODUCTS, AFFINITY_BENCH_EDGES,
// AFFINITY_BENCH_PASSES.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "analytics/coverage.hpp"
#include "analytics/parallel_scan.hpp"
#include "analytics/sku_revenue.hpp"
#include "analytics/violations.hpp"
#include "engine/snapshot.hpp"
#include "generated_catalog.hpp"
#include "rules/guideline_set.hpp"

namespace affinity {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

struct Fixture {
  GeneratedCatalog catalog;
  SkuRevenue revenue;  // orders over a fifth of the SKUs
  GuidelineSet guidelines;
  double baseline_seconds = 0;  // the mean first-edge pass, once measured
};
Fixture* g = nullptr;

void SetUp(const CatalogShape& shape) {
  g = new Fixture;
  const auto t0 = Clock::now();
  g->catalog = GenerateCatalog(shape);
  std::mt19937_64 rng(shape.seed + 7);
  const std::size_t products = g->catalog.nodes.size();
  for (std::size_t i = 0; i < products / 5; ++i) {
    Order o;
    o.id = fmt::format("o{}", i);
    for (int line = 0; line < 3; ++line) {
      o.lines.push_back({GeneratedSku(rng() % products), "", 1,
                         static_cast<std::int64_t>(100 + rng() % 20000), 0, false});
    }
    g->revenue.Add(o);
  }
  // Two guidelines of the kinds: sellable targets for every type, dearer upsells.
  std::vector<CompiledGuideline> compiled;
  for (auto [id, require, type] :
       {std::tuple{"sellable-targets", "target.in_stock && target.status == \"active\"", ""},
        std::tuple{"upsell-costs-more", "target.price > source.price", "upsell"}}) {
    Guideline guideline;
    guideline.id = id;
    guideline.require = require;
    if (*type) guideline.types = {type};
    std::vector<GuidelineDiagnostic> diagnostics;
    compiled.push_back(*CompileGuideline(guideline, {}, &diagnostics));
  }
  g->guidelines = GuidelineSet(std::move(compiled));
  const std::string summary = fmt::format(
      "{} products, {} edges; generated in {:.2f} s with {} orders of revenue; {:.0f} MiB RSS",
      g->catalog.snapshot->product_count(), g->catalog.snapshot->edge_count(),
      Seconds(t0, Clock::now()), g->revenue.orders(), ProcessMemoryMiB("VmRSS"));
  fmt::print(stderr, "snapshot: {}\n", summary);
  benchmark::AddCustomContext("snapshot", summary);
}

// Runs `pass` once per iteration, timing each; reports the mean against the baseline.
template <typename Pass>
void TimePasses(benchmark::State& state, Pass pass, bool is_baseline = false) {
  double total = 0;
  std::size_t passes = 0;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    const bool ok = pass(state);
    const double s = Seconds(t0, Clock::now());
    if (!ok) state.SkipWithError("the report failed");
    state.SetIterationTime(s);
    total += s;
    ++passes;
  }
  const double mean = passes ? total / static_cast<double>(passes) : 0;
  state.counters["seconds"] = mean;
  if (is_baseline) g->baseline_seconds = mean;
  if (g->baseline_seconds > 0) state.counters["x_baseline"] = mean / g->baseline_seconds;
}

// Sums, over the products, what `touch` reads of each; split in parts on threads as the reports
// are (parallel_scan.hpp), so that the ratio compares like with like.
template <typename Touch>
std::int64_t Walk(const Snapshot& snapshot, Touch touch) {
  const std::size_t n = snapshot.id_limit();
  std::vector<std::int64_t> sums(ScanParts(n), 0);
  ScanInParts(n, sums.size(), [&](std::size_t part, std::size_t begin, std::size_t end) {
    std::int64_t sum = 0;
    for (std::size_t id = begin; id < end; ++id) {
      if (const ProductNode* node = snapshot.Get(static_cast<ProductId>(id))) sum += touch(*node);
    }
    sums[part] = sum;
  });
  std::int64_t total = 0;
  for (std::int64_t s : sums) total += s;
  return total;
}

// The least a per-product report does: each product, then one random access to its first target.
void BM_BaselineFirstEdge(benchmark::State& state) {
  const Snapshot& snapshot = *g->catalog.snapshot;
  TimePasses(
      state,
      [&](benchmark::State&) {
        benchmark::DoNotOptimize(Walk(snapshot, [&](const ProductNode& node) -> std::int64_t {
          if (node.edges.empty()) return 0;
          const ProductNode* target = snapshot.Get(node.edges.front().target);
          return target && target->product.InStock();
        }));
        return true;
      },
      true);
  state.counters["parts"] = static_cast<double>(ScanParts(snapshot.id_limit()));
}

// Diagnostic: the same, touching every edge's target.
void BM_DiagnosticEveryEdge(benchmark::State& state) {
  const Snapshot& snapshot = *g->catalog.snapshot;
  TimePasses(state, [&](benchmark::State&) {
    benchmark::DoNotOptimize(Walk(snapshot, [&](const ProductNode& node) {
      std::int64_t sum = 0;
      for (const RankedEdge& e : node.edges) {
        const ProductNode* target = snapshot.Get(e.target);
        sum += target && target->product.InStock();
      }
      return sum;
    }));
    return true;
  });
}

void BM_Coverage(benchmark::State& state, bool by_revenue) {
  const Snapshot& snapshot = *g->catalog.snapshot;
  CoverageOptions options;
  options.now = 1796083200;
  options.revenue = by_revenue ? &g->revenue : nullptr;
  std::optional<CoverageReport> last;
  TimePasses(state, [&](benchmark::State&) {
    Result<CoverageReport> r = ComputeCoverage(snapshot, options);
    if (!r.ok()) return false;
    last = std::move(r).value();
    return true;
  });
  if (last) {
    state.counters["coverage"] = last->all.coverage();
    state.counters["covered_skus"] = static_cast<double>(last->all.covered_skus);
  }
}

void BM_Violations(benchmark::State& state) {
  const Snapshot& snapshot = *g->catalog.snapshot;
  std::optional<ViolationsReport> last;
  TimePasses(state, [&](benchmark::State&) {
    Result<ViolationsReport> r = FindViolations(snapshot, g->guidelines, {});
    if (!r.ok()) return false;
    last = std::move(r).value();
    return true;
  });
  if (last) {
    state.counters["violations"] = static_cast<double>(last->total);
    state.counters["edges_checked"] = static_cast<double>(last->edges_checked);
  }
}

std::size_t EnvSize(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

void RegisterAll(benchmark::IterationCount passes) {
  auto add = [&](const char* name, auto fn) {
    benchmark::RegisterBenchmark(name, fn)->Iterations(passes)->UseManualTime()->Unit(
        benchmark::kMillisecond);
  };
  // The baseline first: the others report their ratio to it.
  add("reports/baseline_touch_first_edge_target", BM_BaselineFirstEdge);
  add("reports/diagnostic_touch_every_edge_target", BM_DiagnosticEveryEdge);
  add("reports/ComputeCoverage", [](benchmark::State& s) { BM_Coverage(s, false); });
  add("reports/ComputeCoverage_ranked_by_revenue",
      [](benchmark::State& s) { BM_Coverage(s, true); });
  add("reports/FindViolations_2_guidelines", BM_Violations);
}

}  // namespace
}  // namespace affinity

int main(int argc, char** argv) {
  using namespace affinity;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  CatalogShape shape;
  shape.products = std::max<std::size_t>(1000, EnvSize("AFFINITY_BENCH_PRODUCTS", shape.products));
  shape.edges = std::min(EnvSize("AFFINITY_BENCH_EDGES", shape.products * 10), shape.products * 25);
  SetUp(shape);
  RegisterAll(static_cast<benchmark::IterationCount>(EnvSize("AFFINITY_BENCH_PASSES", 5)));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fmt::print(stderr, "peak RSS {:.0f} MiB\n", ProcessMemoryMiB("VmHWM"));
  return 0;
}

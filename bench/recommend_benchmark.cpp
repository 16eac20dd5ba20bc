// recommend_benchmark: Recommend() on a generated snapshot of 1 M products and 10 M ranked edges
// (generated_catalog.hpp), timed call by call against the memory-lookup limit (one
// std::unordered_map lookup, then reading the first 10 entries of a flat array), and the cost of
// one copy-on-write snapshot update against the naive design (copying a std::vector of 1 M
// shared_ptrs per write). See bench/README.md.
//
// Each call is timed alone with steady_clock (UseManualTime: `Time` is the mean per call) and the
// percentiles are counters in microseconds: p50_us, p99_us, p999_us, max_us, with the ratio to the
// baseline measured in the same run.
//
// Sizes can be shrunk for a quick run: AFFINITY_BENCH_PRODUCTS, AFFINITY_BENCH_EDGES,
// AFFINITY_BENCH_SAMPLES.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/recommender.hpp"
#include "engine/snapshot.hpp"
#include "generated_catalog.hpp"

namespace affinity {
namespace {

using Clock = std::chrono::steady_clock;

double Micros(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::micro>(to - from).count();
}

struct Percentiles {
  double p50 = 0, p99 = 0, p999 = 0, max = 0;  // microseconds
};

Percentiles Summarize(std::vector<double> us) {
  Percentiles p;
  if (us.empty()) return p;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<std::size_t>(q * us.size()))]; };
  p.p50 = at(0.50);
  p.p99 = at(0.99);
  p.p999 = at(0.999);
  p.max = us.back();
  return p;
}

// Reads report how many times slower than their baseline they are (p50_x_base); writes, how many
// times faster than the naive copy (base_p50_x_this).
enum class Versus { kSlowdown, kSpeedup };

void Report(benchmark::State& state, const Percentiles& p, const Percentiles* base,
            Versus versus = Versus::kSlowdown) {
  state.counters["p50_us"] = p.p50;
  state.counters["p99_us"] = p.p99;
  state.counters["p999_us"] = p.p999;
  state.counters["max_us"] = p.max;
  if (base && versus == Versus::kSlowdown) {
    state.counters["p50_x_base"] = p.p50 / base->p50;
    state.counters["p99_x_base"] = p.p99 / base->p99;
  }
  if (base && versus == Versus::kSpeedup) {
    state.counters["base_p50_x_this"] = base->p50 / p.p50;
    state.counters["base_p99_x_this"] = base->p99 / p.p99;
  }
}

// The generated catalog and what the benchmarks compare it with.
struct Fixture {
  GeneratedCatalog catalog;
  // The memory-lookup limit: one hash lookup, then a contiguous run of target ids (CSR).
  std::unordered_map<std::string, std::uint32_t> baseline_index;
  std::vector<std::uint32_t> baseline_offsets;
  std::vector<std::uint32_t> baseline_targets;
  std::vector<std::string> sample_skus;  // the random SKUs every read benchmark looks up
  std::vector<std::string> hub_skus;     // the products with more than 40 edges
  std::optional<Percentiles> read_baseline;
  std::optional<Percentiles> write_baseline;
};
Fixture* g = nullptr;

void SetUp(const CatalogShape& shape, std::size_t samples) {
  g = new Fixture;
  const auto t0 = Clock::now();
  g->catalog = GenerateCatalog(shape);
  const double total_s = Micros(t0, Clock::now()) / 1e6;
  const auto& nodes = g->catalog.nodes;

  g->baseline_index.reserve(nodes.size());
  g->baseline_offsets.reserve(nodes.size() + 1);
  g->baseline_targets.reserve(shape.edges);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    g->baseline_index.emplace(GeneratedSku(i), static_cast<std::uint32_t>(i));
    g->baseline_offsets.push_back(static_cast<std::uint32_t>(g->baseline_targets.size()));
    for (const RankedEdge& e : nodes[i]->edges) g->baseline_targets.push_back(e.target);
    if (nodes[i]->edges.size() > 40) g->hub_skus.push_back(GeneratedSku(i));
  }
  g->baseline_offsets.push_back(static_cast<std::uint32_t>(g->baseline_targets.size()));
  std::mt19937_64 rng(shape.seed + 1);
  g->sample_skus.reserve(samples);
  for (std::size_t i = 0; i < samples; ++i) g->sample_skus.push_back(GeneratedSku(rng() % nodes.size()));

  const std::string summary = fmt::format(
      "{} products, {} edges ({} hubs); generated and built in {:.2f} s (nodes+edges+SKU index "
      "{:.2f} s, Build() {:.4f} s); snapshot {:.0f} MiB RSS, process {:.0f} MiB with baselines",
      g->catalog.snapshot->product_count(), g->catalog.snapshot->edge_count(), g->hub_skus.size(),
      total_s, g->catalog.nodes_seconds, g->catalog.build_seconds,
      g->catalog.rss_mib, ProcessMemoryMiB("VmRSS"));
  fmt::print(stderr, "snapshot: {}\n", summary);
  benchmark::AddCustomContext("snapshot", summary);
}

// Runs `state`'s iterations over `skus`, timing `call` (not `prepare`) one call at a time.
template <typename Prepare, typename Call>
std::vector<double> TimeEach(benchmark::State& state, const std::vector<std::string>& skus,
                             Prepare prepare, Call call) {
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(state.max_iterations));
  std::size_t i = 0, failures = 0;
  for (auto _ : state) {
    prepare(skus[i++ % skus.size()]);
    const auto t0 = Clock::now();
    const bool ok = call();
    const auto t1 = Clock::now();
    failures += !ok;
    state.SetIterationTime(Micros(t0, t1) / 1e6);
    us.push_back(Micros(t0, t1));
  }
  if (failures) state.SkipWithError(fmt::format("{} calls failed", failures).c_str());
  return us;
}

// ----------------------------------------------------------------------------------------- reads

// The baseline lookup: the first 10 targets of `sku`, each passed to `visit`.
template <typename Visit>
bool BaselineLookup(const std::string& sku, Visit visit) {
  auto it = g->baseline_index.find(sku);
  if (it == g->baseline_index.end()) return false;
  const std::uint32_t begin = g->baseline_offsets[it->second];
  const std::uint32_t end = std::min(begin + 10, g->baseline_offsets[it->second + 1]);
  for (std::uint32_t k = begin; k < end; ++k) visit(g->baseline_targets[k]);
  return true;
}

void BM_BaselineRead(benchmark::State& state) {
  const std::string* sku = nullptr;
  std::uint64_t sink = 0;
  auto us = TimeEach(
      state, g->sample_skus, [&](const std::string& s) { sku = &s; },
      [&] {
        const bool ok = BaselineLookup(*sku, [&](std::uint32_t target) { sink += target; });
        benchmark::DoNotOptimize(sink);
        return ok;
      });
  g->read_baseline = Summarize(std::move(us));
  Report(state, *g->read_baseline, nullptr);
}

// The read baseline, measured here (the same loop, by hand) if its benchmark was filtered out.
const Percentiles& ReadBaseline() {
  if (!g->read_baseline) {
    std::vector<double> us;
    std::uint64_t sink = 0;
    for (const std::string& sku : g->sample_skus) {
      const auto t0 = Clock::now();
      (void)BaselineLookup(sku, [&](std::uint32_t target) { sink += target; });
      benchmark::DoNotOptimize(sink);
      us.push_back(Micros(t0, Clock::now()));
    }
    g->read_baseline = Summarize(std::move(us));
  }
  return *g->read_baseline;
}

// Not the limit but a diagnostic: the baseline plus reading the stock of each of the 10 targets
// through their nodes, the random memory accesses Recommend cannot avoid with this node layout.
// Recommend minus this is the engine's own overhead.
void BM_BaselineReadTouchTargets(benchmark::State& state) {
  const Percentiles& base = ReadBaseline();
  const auto& nodes = g->catalog.nodes;
  const std::string* sku = nullptr;
  std::uint64_t sink = 0;
  auto us = TimeEach(
      state, g->sample_skus, [&](const std::string& s) { sku = &s; },
      [&] {
        const bool ok = BaselineLookup(
            *sku, [&](std::uint32_t target) { sink += nodes[target]->product.InStock(); });
        benchmark::DoNotOptimize(sink);
        return ok;
      });
  Report(state, Summarize(std::move(us)), &base);
}

struct ReadCase {
  bool explain = false;
  std::vector<std::string> types = {};  // empty: every type
  std::size_t limit = 10;
  bool hubs_only = false;
};

void BM_Recommend(benchmark::State& state, const ReadCase& c) {
  const Percentiles& base = ReadBaseline();
  RecommendRequest request;
  request.limit = c.limit;
  request.explain = c.explain;
  request.types = c.types;
  std::size_t items = 0;
  auto us = TimeEach(
      state, c.hubs_only ? g->hub_skus : g->sample_skus,
      [&](const std::string& sku) { request.sku = sku; },
      [&] {
        Result<Recommendations> r = Recommend(*g->catalog.snapshot, request);
        if (!r.ok()) return false;
        items += r->items.size();
        benchmark::DoNotOptimize(r->items.data());
        return true;
      });
  Report(state, Summarize(std::move(us)), &base);
  state.counters["items_per_call"] =
      static_cast<double>(items) / static_cast<double>(state.iterations());
}

// ---------------------------------------------------------------------------------------- writes

using NodeArray = std::vector<std::shared_ptr<const ProductNode>>;

// A changed copy of product `id`, made before the clock starts.
std::shared_ptr<const ProductNode> ChangedNode(std::size_t id) {
  auto node = std::make_shared<ProductNode>(*g->catalog.nodes[id]);
  node->product.price_minor += 100;
  ++node->product.version;
  return node;
}

// Times `write` (which returns the new state) and, apart, dropping what it returned.
template <typename Write>
void TimeWrites(benchmark::State& state, Write write, Percentiles* out_baseline) {
  std::vector<double> us, release_us;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t id = (i++ * 7919) % g->catalog.nodes.size();
    auto node = ChangedNode(id);
    const auto t0 = Clock::now();
    auto next = write(id, std::move(node));
    const auto t1 = Clock::now();
    benchmark::DoNotOptimize(next.get());
    next.reset();
    state.SetIterationTime(Micros(t0, t1) / 1e6);
    us.push_back(Micros(t0, t1));
    release_us.push_back(Micros(t1, Clock::now()));
  }
  const Percentiles p = Summarize(std::move(us));
  if (out_baseline) *out_baseline = p;
  Report(state, p, out_baseline || !g->write_baseline ? nullptr : &*g->write_baseline,
         Versus::kSpeedup);
  state.counters["release_p50_us"] = Summarize(std::move(release_us)).p50;
}

// The naive design: copy the array of every node and set one.
void BM_BaselineWriteCopyArray(benchmark::State& state) {
  Percentiles p;
  TimeWrites(
      state,
      [](std::size_t id, std::shared_ptr<const ProductNode> node) {
        auto next = std::make_unique<NodeArray>(g->catalog.nodes);
        (*next)[id] = std::move(node);
        return next;
      },
      &p);
  g->write_baseline = p;
}

// One product changed: Builder from the published snapshot, SetNode, Build. The time is the
// writer's, up to the new snapshot being ready to publish.
void BM_WriteUpdateProduct(benchmark::State& state) {
  TimeWrites(
      state,
      [](std::size_t id, std::shared_ptr<const ProductNode> node) {
        Snapshot::Builder builder(*g->catalog.snapshot);
        builder.SetNode(static_cast<ProductId>(id), std::move(node));
        return builder.Build();
      },
      nullptr);
}

// New products, one write each, every write building on the previous snapshot (as the Engine
// does), so the SKU index delta grows and is folded into a new base every 4096 new SKUs.
void BM_WriteAddProductChained(benchmark::State& state) {
  std::shared_ptr<const Snapshot> current = g->catalog.snapshot;
  std::vector<double> us;
  std::size_t i = 0;
  for (auto _ : state) {
    auto node = std::make_shared<ProductNode>(*g->catalog.nodes[i % g->catalog.nodes.size()]);
    node->product.sku = fmt::format("NEW-{:07}", i++);
    const auto t0 = Clock::now();
    Snapshot::Builder builder(*current);
    builder.SetNode(current->id_limit(), std::move(node));  // a new id, as the Engine assigns it
    std::shared_ptr<const Snapshot> next = builder.Build();
    const auto t1 = Clock::now();
    current = std::move(next);  // releases the previous write's snapshot, untimed
    state.SetIterationTime(Micros(t0, t1) / 1e6);
    us.push_back(Micros(t0, t1));
  }
  // Count the writes that paid for folding the delta into a copy of the whole base.
  std::string slow;
  std::size_t slow_count = 0;
  for (std::size_t k = 0; k < us.size(); ++k) {
    if (us[k] < 10'000) continue;
    ++slow_count;
    slow += fmt::format(" #{}: {:.0f} ms", k + 1, us[k] / 1000);
  }
  if (slow_count) fmt::print(stderr, "add_one_product writes over 10 ms:{}\n", slow);
  state.counters["writes_over_10ms"] = static_cast<double>(slow_count);
  Report(state, Summarize(std::move(us)), g->write_baseline ? &*g->write_baseline : nullptr,
         Versus::kSpeedup);
  state.counters["products_after"] = static_cast<double>(current->product_count());
}

std::size_t EnvSize(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

void RegisterAll(benchmark::IterationCount samples) {
  auto add = [](const std::string& name, auto fn, benchmark::IterationCount iterations) {
    benchmark::RegisterBenchmark(name.c_str(), fn)
        ->Iterations(iterations)
        ->UseManualTime()
        ->Unit(benchmark::kMicrosecond);
  };
  // Baselines first: the benchmarks after them report their ratio to them.
  add("read/baseline_unordered_map_then_10_of_vector", BM_BaselineRead, samples);
  add("read/diagnostic_baseline_plus_touch_10_targets", BM_BaselineReadTouchTargets, samples);
  const std::pair<const char*, ReadCase> reads[] = {
      {"read/Recommend_limit10", {}},
      {"read/Recommend_limit10_explain", {.explain = true}},
      {"read/Recommend_limit10_type_accessory", {.types = {"accessory"}}},
  };
  for (const auto& [name, c] : reads) {
    add(name, [c](benchmark::State& s) { BM_Recommend(s, c); }, samples);
  }
  // Worst cases: the largest limit, on the products with the most edges only.
  const std::pair<const char*, ReadCase> worst[] = {
      {"read/Recommend_limit1000_hubs_only", {.limit = 1000, .hubs_only = true}},
      {"read/Recommend_limit1000_explain_hubs_only",
       {.explain = true, .limit = 1000, .hubs_only = true}},
  };
  for (const auto& [name, c] : worst) {
    add(name, [c](benchmark::State& s) { BM_Recommend(s, c); }, 2000);
  }
  add("write/baseline_copy_array_of_shared_ptr", BM_BaselineWriteCopyArray, 50);
  add("write/Snapshot_update_one_product", BM_WriteUpdateProduct, 5000);
  add("write/Snapshot_add_one_product_chained", BM_WriteAddProductChained, 3 * 4096);
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
  const std::size_t samples = std::max<std::size_t>(1000, EnvSize("AFFINITY_BENCH_SAMPLES", 200'000));
  SetUp(shape, samples);
  RegisterAll(static_cast<benchmark::IterationCount>(samples));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fmt::print(stderr, "peak RSS {:.0f} MiB\n", ProcessMemoryMiB("VmHWM"));
  return 0;
}

// Rule materialisation at catalog scale: 1 M products x 100 rules, through the same TargetIndex and
// Materializer the engine uses, beside a baseline in the same run: the naive "compare every pair"
// evaluation of the same `then` conditions, timed on a sample of sources and extrapolated.
//
//   build/bench/materialize_benchmark                  # 1,000,000 products, 100 rules
//   AFFINITY_BENCH_PRODUCTS=200000 build/bench/materialize_benchmark
//
// Prints the index build time, the total materialisation time and edges, the per-rule spread, and
// the ratio to the all-pairs baseline. Plain main (not Google Benchmark): one run is minutes of
// work at most and its numbers are what matters.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/strings.hpp"
#include "rules/compiled_rule.hpp"
#include "rules/materializer.hpp"
#include "rules/target_index.hpp"

namespace affinity {
namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

class Catalog : public CatalogView {
 public:
  ProductId id_limit() const override { return static_cast<ProductId>(products.size()); }
  const Product* Get(ProductId id) const override {
    return id < products.size() ? &products[id] : nullptr;
  }
  std::optional<ProductId> Find(std::string_view sku) const override {
    auto it = ids.find(sku);
    if (it == ids.end()) return std::nullopt;
    return it->second;
  }
  std::vector<Product> products;
  std::unordered_map<std::string, ProductId, StringHash, std::equal_to<>> ids;
};

// 40 departments x 5 sub-categories; the first 10 departments are accessory departments.
std::string Category(int dept, int sub) { return fmt::format("Dept{:02}/Sub{}", dept, sub); }

Catalog MakeCatalog(std::size_t n) {
  Catalog c;
  c.products.reserve(n);
  std::mt19937_64 rng(7);
  const char* tags[] = {"winter", "summer", "premium", "eco", "sale", "kids", "outdoor", "gift"};
  for (std::size_t i = 0; i < n; ++i) {
    Product p;
    p.sku = fmt::format("SKU{:07}", i);
    p.name = p.sku;
    const int dept = static_cast<int>(rng() % 40);
    p.category = Category(dept, static_cast<int>(rng() % 5));
    p.brand = fmt::format("Brand{:03}", rng() % 500);
    p.price_minor = static_cast<std::int64_t>(500 + rng() % 50000);
    p.stock = static_cast<std::int64_t>(rng() % 20);
    p.tags.push_back(tags[rng() % 8]);
    if (rng() % 3 == 0) p.tags.push_back(tags[rng() % 8]);
    c.ids.emplace(p.sku, static_cast<ProductId>(i));
    c.products.push_back(std::move(p));
  }
  return c;
}

// 100 rules of the shapes merchandisers write: accessories of the same brand from a department,
// cross-sells between departments in a price band, seasonal tag rules, upsells within a category.
std::vector<Rule> MakeRules() {
  std::vector<Rule> rules;
  for (int i = 0; i < 100; ++i) {
    Rule r;
    r.id = fmt::format("r{:03}", i);
    r.limit = 5;
    const int dept = 10 + i % 30;
    const int acc = i % 10;
    switch (i % 4) {
      case 0:
        r.type = "accessory";
        r.when = fmt::format("source.category startsWith \"Dept{:02}/\" && source.price > 50", dept);
        r.then = fmt::format(
            "target.category startsWith \"Dept{:02}/\" && target.brand == source.brand && "
            "target.price < source.price",
            acc);
        break;
      case 1:
        r.type = "cross_sell";
        r.when = fmt::format("source.category == \"{}\"", Category(dept, i % 5));
        r.then = fmt::format(
            "target.category == \"{}\" && target.price < source.price * 0.5 && target.in_stock",
            Category(acc, (i / 4) % 5));
        break;
      case 2:
        r.type = "cross_sell";
        r.when = fmt::format("source.category startsWith \"Dept{:02}/\" && source.tags contains "
                             "\"winter\"",
                             dept);
        r.then = fmt::format("target.tags contains \"winter\" && target.category startsWith "
                             "\"Dept{:02}/\"",
                             acc);
        break;
      default:
        r.type = "upsell";
        r.when = fmt::format("source.category == \"{}\"", Category(dept, (i / 4) % 5));
        r.then = "target.category == source.category && target.brand == source.brand && "
                 "target.price > source.price && target.tags contains \"premium\"";
        break;
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

}  // namespace
}  // namespace affinity

int main() {
  using namespace affinity;
  const char* env = std::getenv("AFFINITY_BENCH_PRODUCTS");
  const std::size_t n = env ? std::strtoull(env, nullptr, 10) : 1'000'000;
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  auto t0 = Clock::now();
  Catalog catalog = MakeCatalog(n);
  fmt::print("catalog: {} products generated in {:.2f} s\n", n, Seconds(t0));

  std::vector<CompiledRule> compiled;
  AttributeCatalog attributes;
  for (const Rule& r : MakeRules()) {
    std::vector<RuleDiagnostic> diagnostics;
    auto c = CompileRule(r, attributes, true, &diagnostics);
    if (!c) {
      fmt::print(stderr, "rule {} does not compile: {}\n", r.id, diagnostics.at(0).message);
      return 1;
    }
    compiled.push_back(std::move(*c));
  }

  t0 = Clock::now();
  TargetIndex index(catalog);
  const double index_seconds = Seconds(t0);
  Materializer materializer(catalog, index, nullptr);

  t0 = Clock::now();
  std::size_t edges = 0, sources = 0;
  double slowest = 0;
  std::string slowest_id;
  for (const CompiledRule& rule : compiled) {
    auto r0 = Clock::now();
    RuleEdges e = materializer.Run(rule, threads);
    const double s = Seconds(r0);
    if (s > slowest) {
      slowest = s;
      slowest_id = rule.rule.id;
    }
    edges += e.edge_count;
    sources += e.matched.size();
  }
  const double total = Seconds(t0);
  fmt::print("materialise: 100 rules on {} threads: {:.2f} s ({:.1f} ms per rule, slowest {} "
             "{:.0f} ms); {} sources matched, {} edges; index built in {:.2f} s\n",
             threads, total, total * 10, slowest_id, slowest * 1000, sources, edges, index_seconds);

  // Baseline: evaluate `then` against every product for a sample of sources of each rule, one
  // thread, and extrapolate to all sources.
  std::size_t sampled = 0;
  double baseline_seconds = 0;
  for (const CompiledRule& rule : compiled) {
    std::vector<ProductId> matched;
    EvalContext ctx;
    for (ProductId id = 0; id < catalog.id_limit() && matched.size() < 3; id += 97) {
      ctx.source = catalog.Get(id);
      if (rule.when.Matches(ctx)) matched.push_back(id);
    }
    auto b0 = Clock::now();
    std::size_t hits = 0;
    for (ProductId s : matched) {
      ctx.source = catalog.Get(s);
      for (ProductId t = 0; t < catalog.id_limit(); ++t) {
        ctx.target = catalog.Get(t);
        hits += t != s && rule.then.Matches(ctx);
      }
    }
    baseline_seconds += Seconds(b0) / std::max<std::size_t>(1, matched.size());
    sampled += matched.size();
    (void)hits;
  }
  // baseline_seconds is now the all-pairs time of one source per rule; scale by the real sources.
  const double all_pairs = baseline_seconds / 100.0 * static_cast<double>(sources) / threads;
  fmt::print("baseline: all-pairs evaluation would take ~{:.0f} s on {} threads (from {} sampled "
             "sources); indexed materialisation is {:.0f}x faster\n",
             all_pairs, threads, sampled, all_pairs / total);
  return 0;
}

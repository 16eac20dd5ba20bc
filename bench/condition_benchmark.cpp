// condition_benchmark: CompiledCondition::Matches() on a typical `then` condition and a `context`
// condition, each beside a hand-written C++ lambda doing the same checks (the baseline). One
// evaluation per iteration over a rotating set of 1024 targets, so `Time` is ns per evaluation;
// compare the *_Compiled and *_Baseline rows for the ratio.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "rules/condition.hpp"

namespace affinity {
namespace {

constexpr const char* kThen =
    "target.category == \"Accessories/Socks\" && target.brand == source.brand && "
    "target.price < source.price";
constexpr const char* kContext =
    "customer.segment == \"high_value\" && cart.total > 100 && !cart.contains(target.sku)";

struct Fixture {
  Product source;
  std::vector<Product> targets;
  CustomerProfile customer;
  Cart cart;

  Fixture() {
    source.sku = "RS-1";
    source.price_minor = 5999;
    source.category = "Footwear/Running";
    source.brand = "Stride";
    const char* categories[] = {"Accessories/Socks", "Accessories/Laces", "Footwear/Running",
                                "Accessories/Socks"};
    const char* brands[] = {"Stride", "Peak", "Stride"};
    for (int i = 0; i < 1024; ++i) {
      Product p;
      p.sku = "SKU-" + std::to_string(i);
      p.price_minor = 500 + (i * 37) % 9000;
      p.category = categories[i % 4];
      p.brand = brands[i % 3];
      targets.push_back(std::move(p));
    }
    customer.segment = "high_value";
    for (int i = 0; i < 4; ++i) cart.lines.push_back({"SKU-" + std::to_string(i * 7), 1, 4000});
  }
};

const Fixture& TheFixture() {
  static const Fixture f;
  return f;
}

CompiledCondition MustCompile(const char* text, ConditionRole role) {
  Result<CompiledCondition> c = CompileCondition(text, role, AttributeCatalog{});
  if (!c.ok()) std::abort();
  return *c;
}

template <typename Check>
void Run(benchmark::State& state, const Check& check, bool with_context) {
  const Fixture& f = TheFixture();
  EvalContext ctx;
  ctx.source = &f.source;
  if (with_context) {
    ctx.customer = &f.customer;
    ctx.cart = &f.cart;
  }
  std::size_t i = 0, matched = 0;
  for (auto _ : state) {
    ctx.target = &f.targets[i++ & 1023];
    bool m = check(ctx);
    benchmark::DoNotOptimize(m);
    matched += m;
  }
  state.counters["match_rate"] = static_cast<double>(matched) / state.iterations();
}

void BM_ThenCondition_Compiled(benchmark::State& state) {
  CompiledCondition c = MustCompile(kThen, ConditionRole::kThen);
  Run(state, [&](const EvalContext& ctx) { return c.Matches(ctx); }, false);
}
BENCHMARK(BM_ThenCondition_Compiled);

void BM_ThenCondition_Baseline(benchmark::State& state) {
  auto check = [](const EvalContext& ctx) {
    const Product& s = *ctx.source;
    const Product& t = *ctx.target;
    return t.category == "Accessories/Socks" && t.brand == s.brand &&
           t.currency == s.currency && t.price_minor < s.price_minor;
  };
  Run(state, check, false);
}
BENCHMARK(BM_ThenCondition_Baseline);

void BM_ContextCondition_Compiled(benchmark::State& state) {
  CompiledCondition c = MustCompile(kContext, ConditionRole::kContext);
  Run(state, [&](const EvalContext& ctx) { return c.Matches(ctx); }, true);
}
BENCHMARK(BM_ContextCondition_Compiled);

void BM_ContextCondition_Baseline(benchmark::State& state) {
  auto check = [](const EvalContext& ctx) {
    return ctx.customer->segment == "high_value" && ctx.cart->TotalMinor() > 10000 &&
           !ctx.cart->Contains(ctx.target->sku);
  };
  Run(state, check, true);
}
BENCHMARK(BM_ContextCondition_Baseline);

}  // namespace
}  // namespace affinity

BENCHMARK_MAIN();

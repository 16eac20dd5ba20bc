// Fuzzes the product import: Engine::ImportProducts over a MemoryStore, the format picked by the
// first byte ('c' CSV, 'j' JSON array, 'n' NDJSON), on a fresh engine per input that already holds
// a product and a rule (so an import also re-materialises). Checks the all-or-nothing promise: with
// any error, the catalog is unchanged.
// Seeds: tests/fixtures CSV files and JSON payloads, prefixed with their format letter.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "engine/engine.hpp"
#include "fuzz_input.hpp"
#include "storage/memory_store.hpp"

namespace {

std::unique_ptr<affinity::Engine> NewEngine() {
  using namespace affinity;
  auto engine = std::move(Engine::Open(std::make_unique<MemoryStore>())).value();
  Product p;
  p.sku = "RS-1";
  p.name = "Running Shoes";
  p.price_minor = 5999;
  p.category = "Footwear/Running";
  p.brand = "Stride";
  if (!engine->PutProduct(p).ok()) __builtin_trap();
  Rule rule;
  rule.id = "same-brand";
  rule.type = "cross_sell";
  rule.when = "source.price > 10";
  rule.then = "target.brand == source.brand";
  if (!engine->PutRule(rule, true).ok()) __builtin_trap();
  return engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace affinity;
  if (size == 0) return 0;
  constexpr RecordFormat kFormats[] = {RecordFormat::kCsv, RecordFormat::kJsonArray,
                                       RecordFormat::kNdjson};
  const RecordFormat format = kFormats[fuzz::Pick(data[0], "cjn")];
  auto engine = NewEngine();
  const std::size_t before = engine->snapshot()->product_count();
  Result<ImportReport> report = engine->ImportProducts(fuzz::Text(data + 1, size - 1), format);
  if (!report.ok()) __builtin_trap();  // a memory store never fails
  const std::size_t after = engine->snapshot()->product_count();
  if (!report->errors.empty() && (after != before || report->imported != 0)) __builtin_trap();
  if (report->errors.empty() && after != before + report->created) __builtin_trap();
  return 0;
}

// DemoCatalog: a realistic, self-contained sample catalog for `affinity demo --data DIR`, so a new
// user sees recommendations, explanations and analytics without preparing data of their own.
//
// The catalog spreads products over ~26 retail category paths (Footwear/Running,
// Electronics/Phones, Home/Kitchen/Coffee Machines, Sports/Cycling/Bikes, ...) and ~30 brands, with
// per-category price bands, tags, margins, stock and attributes. Categories are either "main" items
// or the accessory categories that go with them (socks for shoes, cases and chargers for phones,
// beans for coffee machines, helmets for bikes), and the links follow that:
//   - accessory: main item -> items of its accessory categories (same brand and a matching price
//     tier preferred). Sources and targets are disjoint sets of categories, so the type stays a
//     DAG.
//   - cross_sell: between complementary categories (coats <-> scarves, shoes <-> socks), at most
//   one
//     link per unordered pair.
//   - upsell: to a strictly pricier item of the same category, so it can never form a cycle.
//   - a few links pinned at position 1.
// About 4% of products are fresh arrivals (tag "new") that nothing links yet, as in a real catalog.
//
// Always present, and used by the README walkthrough and the tests:
//   RUN-SHOE-001 "Running Shoes" (Footwear/Running, 89.99)  cross_sell  RUN-SOCK-001 "Running
//   Socks" STD-MODEL-001 "Standard Model" (Electronics/Phones, 499.00)  upsell  PERF-MODEL-001
//   "Performance Model" (799.00); both links are pinned at position 1.
//
// The output is a pure function of `product_count`: no clock, no files, no global state; the only
// randomness is a fixed-seed std::mt19937_64 whose raw output the standard fixes on every platform.
// Thread safety: MakeDemoCatalog may be called concurrently.
#pragma once

#include <cstddef>
#include <string>

namespace affinity {

struct DemoCatalog {
  std::string products_ndjson;         // one product JSON object per line (see product_json.hpp)
  std::string relationships_ndjson;    // {"source","target","type","weight"?,"position"?} per line
  std::size_t product_count = 0;       // lines in products_ndjson
  std::size_t relationship_count = 0;  // lines in relationships_ndjson
};

// Builds a catalog of `product_count` products (at least the four seed products, whatever the
// count), ready for Engine::ImportProducts and then Engine::ImportRelationships with
// RecordFormat::kNdjson. Both imports succeed with no errors on an empty catalog.
DemoCatalog MakeDemoCatalog(std::size_t product_count = 3000);

}  // namespace affinity

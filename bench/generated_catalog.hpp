// GeneratedCatalog: a synthetic snapshot of the size the performance targets name (1 M products,
// 10 M ranked edges), built directly with Snapshot::Builder: no Engine, no store. Deterministic
// for a given seed.
//
// The shape: 15% of the products have no links, 0.05% are hubs with 500..2000 (bestsellers with
// many accessories), the rest follow a geometric law of mean ~12 capped at 40, nudged so that the
// total is exactly `edges`. Targets are uniform, never the source. Types are the built-in ones
// (cross_sell 50%, accessory 30%, upsell 20%), all manual (no rule), 3% of the links are pinned at positions 1..5, 10% of
// the products are out of stock and 20% do not track stock. Each product's edges are sorted as
// Engine::BuildNode sorts them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/snapshot.hpp"

namespace affinity {

struct CatalogShape {
  std::size_t products = 1'000'000;
  std::size_t edges = 10'000'000;  // REQUIRES: edges <= 25 * products
  std::uint64_t seed = 42;
};

struct GeneratedCatalog {
  std::shared_ptr<const Snapshot> snapshot;
  // Every node by id, shared with the snapshot: the naive design's array, and the source of the
  // baselines' data.
  std::vector<std::shared_ptr<const ProductNode>> nodes;
  double nodes_seconds = 0;  // generating, sorting and setting every node (SetNode indexes it)
  double build_seconds = 0;  // Builder::Build()
  double rss_mib = 0;        // resident memory growth while generating (snapshot + nodes array)
};

// "SKU-0000042": zero-padded, so SKU order is id order.
std::string GeneratedSku(std::size_t id);

GeneratedCatalog GenerateCatalog(const CatalogShape& shape);

// "VmRSS" or "VmHWM" of this process in MiB, from /proc/self/status (0 if unreadable).
double ProcessMemoryMiB(const std::string& field);

}  // namespace affinity

#include "generated_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <random>

#include "relations/relation_type.hpp"

namespace affinity {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

std::vector<std::uint32_t> Degrees(const CatalogShape& shape, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  const double mean = 1.2 * static_cast<double>(shape.edges) / static_cast<double>(shape.products);
  std::vector<std::uint32_t> d(shape.products);
  std::int64_t total = 0;
  for (auto& x : d) {
    const double r = u(rng);
    if (r < 0.0005) {
      x = 500 + rng() % 1501;
    } else if (r < 0.15) {
      x = 0;
    } else {
      x = std::min<std::uint32_t>(40, static_cast<std::uint32_t>(-mean * std::log(1 - u(rng))));
    }
    total += x;
  }
  for (std::int64_t diff = static_cast<std::int64_t>(shape.edges) - total; diff != 0;) {
    auto& x = d[rng() % d.size()];
    if (diff > 0 && x >= 1 && x < 40) ++x, --diff;
    if (diff < 0 && x >= 2 && x <= 40) --x, ++diff;
  }
  return d;
}

Product MakeProduct(std::size_t id, std::mt19937_64& rng) {
  static const char* const kCategories[] = {"Footwear/Running", "Footwear/Trail", "Apparel/Tops",
                                            "Apparel/Jackets", "Accessories/Socks", "Electronics"};
  static const char* const kBrands[] = {"Stride", "Peak", "Northwind", "Aero", "Kestrel"};
  Product p;
  p.sku = GeneratedSku(id);
  p.name = fmt::format("Product {}", id);
  p.price_minor = 500 + static_cast<std::int64_t>(rng() % 50000);
  p.category = kCategories[rng() % std::size(kCategories)];
  p.brand = kBrands[rng() % std::size(kBrands)];
  const auto r = rng() % 10;
  if (r == 0) p.stock = 0;                                           // 10% out of stock
  if (r >= 3) p.stock = 1 + static_cast<std::int64_t>(rng() % 100);  // 20% untracked
  p.version = 1;
  return p;
}

}  // namespace

std::string GeneratedSku(std::size_t id) { return fmt::format("SKU-{:07}", id); }

double ProcessMemoryMiB(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtod(line.c_str() + field.size() + 1, nullptr) / 1024;
    }
  }
  return 0;
}

GeneratedCatalog GenerateCatalog(const CatalogShape& shape) {
  GeneratedCatalog out;
  const double rss_before = ProcessMemoryMiB("VmRSS");
  std::mt19937_64 rng(shape.seed);
  const std::vector<std::uint32_t> degrees = Degrees(shape, rng);

  auto t = Clock::now();
  Snapshot empty;
  Snapshot::Builder builder(empty);
  builder.SetTypes(BuiltinRelationTypes());
  const auto& types = builder.current().types();
  const int cross_sell = builder.current().TypeIndex("cross_sell");
  const int upsell = builder.current().TypeIndex("upsell");
  const int accessory = builder.current().TypeIndex("accessory");
  const int type_of[10] = {cross_sell, cross_sell, cross_sell, cross_sell, cross_sell,
                           accessory,  accessory,  accessory,  upsell,     upsell};
  const std::uint32_t origins[3] = {builder.OriginIndex("manual"), builder.OriginIndex("rule:r1"),
                                    builder.OriginIndex("mined:job-1")};
  out.nodes.resize(shape.products);
  RelationshipId next_relationship = 1;
  for (std::size_t i = 0; i < shape.products; ++i) {
    auto node = std::make_shared<ProductNode>();
    node->product = MakeProduct(i, rng);
    node->edges.resize(degrees[i]);
    for (RankedEdge& e : node->edges) {
      e.target = static_cast<ProductId>(rng() % (shape.products - 1));
      if (e.target >= i) ++e.target;  // no self links
      e.type = static_cast<std::uint16_t>(type_of[rng() % 10]);
      const double link_weight = 0.5 + static_cast<double>(rng() % 151) / 100.0;
      e.score = types[e.type].weight * link_weight;
      if (rng() % 100 < 3) e.position = 1 + static_cast<std::int32_t>(rng() % 5);
      e.origin = origins[rng() % 3];
      e.relationship = next_relationship++;
    }
    // As Engine::BuildNode: pinned position, score descending, rule priority (none here), target
    // SKU (= id here), type.
    std::sort(node->edges.begin(), node->edges.end(), [](const RankedEdge& a, const RankedEdge& b) {
      if (a.position != b.position) return a.position < b.position;
      if (a.score != b.score) return a.score > b.score;
      if (a.target != b.target) return a.target < b.target;
      return a.type < b.type;
    });
    out.nodes[i] = node;
    builder.SetNode(static_cast<ProductId>(i), std::move(node));  // also indexes the SKU
  }
  out.nodes_seconds = Seconds(t);

  t = Clock::now();
  out.snapshot = builder.Build();
  out.build_seconds = Seconds(t);
  out.rss_mib = ProcessMemoryMiB("VmRSS") - rss_before;
  return out;
}

}  // namespace affinity

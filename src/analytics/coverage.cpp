#include "analytics/coverage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string_view>
#include <unordered_map>

#include "analytics/parallel_scan.hpp"
#include "engine/recommender.hpp"

namespace affinity {
namespace {

// An uncovered SKU's place in the ranking: revenue descending, then SKU ascending.
struct RankKey {
  std::int64_t revenue = 0;
  std::string_view sku;
  bool operator<(const RankKey& o) const {
    return revenue != o.revenue ? revenue > o.revenue : sku < o.sku;
  }
};

// "<revenue>:<sku>"
std::string EncodeCursor(const RankKey& key) { return fmt::format("{}:{}", key.revenue, key.sku); }

bool DecodeCursor(std::string_view cursor, RankKey* key) {
  const std::size_t colon = cursor.find(':');
  if (colon == std::string_view::npos || colon + 1 == cursor.size()) return false;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + colon, key->revenue);
  if (ec != std::errc() || end != cursor.data() + colon) return false;
  key->sku = cursor.substr(colon + 1);
  return true;
}

// The first `depth` segments of a category path ("Apparel/Outerwear/Coats", 1: "Apparel").
std::string_view CategoryKey(std::string_view category, std::size_t depth) {
  if (category.empty()) return kNoGroup;
  std::size_t end = 0;
  for (std::size_t segment = 0, from = 0; segment < depth; ++segment, from = end + 1) {
    end = category.find('/', from);
    if (end == std::string_view::npos) return category;
  }
  return category.substr(0, end);
}

using Groups = std::unordered_map<std::string_view, CoverageCount>;

std::map<std::string, CoverageCount> Sorted(const Groups& groups) {
  std::map<std::string, CoverageCount> out;
  for (const auto& [key, count] : groups) out.emplace(key, count);
  return out;
}

}  // namespace

Result<CoverageReport> ComputeCoverage(const Snapshot& snapshot, const CoverageOptions& options) {
  if (!(options.goal >= 0 && options.goal <= 1)) {
    return Status::InvalidArgument(
        fmt::format("the coverage goal must be a fraction between 0 and 1, such as 0.85; got {}",
                    options.goal));
  }
  if (options.limit < 1 || options.limit > CoverageOptions::kMaxLimit) {
    return Status::InvalidArgument(fmt::format("limit must be between 1 and {}, got {}",
                                               CoverageOptions::kMaxLimit, options.limit));
  }
  if (options.category_depth < 1) {
    return Status::InvalidArgument("category_depth must be at least 1 (1: top-level categories)");
  }
  RankKey after;
  if (!options.cursor.empty() && !DecodeCursor(options.cursor, &after)) {
    return Status::InvalidArgument(
        fmt::format("cursor '{}' is not one this report gave out; start again without a cursor",
                    options.cursor));
  }
  const SkuRevenue* revenue =
      options.revenue && options.revenue->orders() > 0 ? options.revenue : nullptr;

  const ProductNode* only = nullptr;
  if (!options.sku.empty()) {
    only = snapshot.Find(options.sku);
    if (!only) return Status::NotFound(fmt::format("product '{}' does not exist", options.sku));
  }

  // What one part of the pass tallies; merged in part order below.
  struct Part {
    CoverageCount all;
    std::vector<std::size_t> by_type;
    Groups categories, brands;
    std::vector<RankKey> uncovered;  // after the cursor
    std::vector<const ProductNode*> uncovered_nodes;
    std::vector<std::uint8_t> covering;  // scratch for CoveringTypes
  };
  auto visit = [&](Part& part, const ProductNode& node) {
    const Product& p = node.product;
    const bool covered = CoveringTypes(snapshot, node, options.now, &part.covering);
    for (std::size_t t = 0; t < part.covering.size(); ++t) part.by_type[t] += part.covering[t];
    ++part.all.total_skus;
    part.all.covered_skus += covered;
    CoverageCount& category = part.categories[CategoryKey(p.category, options.category_depth)];
    ++category.total_skus;
    category.covered_skus += covered;
    CoverageCount& brand = part.brands[p.brand.empty() ? std::string_view(kNoGroup) : p.brand];
    ++brand.total_skus;
    brand.covered_skus += covered;
    if (covered) return;
    RankKey key{revenue ? revenue->Of(p.sku) : 0, p.sku};
    if (!options.cursor.empty() && !(after < key)) return;  // on an earlier page
    part.uncovered.push_back(key);
    part.uncovered_nodes.push_back(&node);
  };
  const std::size_t n = only ? 1 : snapshot.id_limit();
  std::vector<Part> parts(only ? 1 : options.parts ? options.parts : ScanParts(n));
  ScanInParts(n, parts.size(), [&](std::size_t index, std::size_t begin, std::size_t end) {
    // Tallied on this thread's own memory and handed over at the end: parts side by side in
    // `parts` would share cache lines, and every write of one would stall the others.
    Part part;
    part.by_type.assign(snapshot.types().size(), 0);
    if (only) {
      visit(part, *only);
    } else {
      for (std::size_t id = begin; id < end; ++id) {
        if (const ProductNode* node = snapshot.Get(static_cast<ProductId>(id))) visit(part, *node);
      }
    }
    parts[index] = std::move(part);
  });

  CoverageReport report;
  report.goal = options.goal;
  report.ranked_by_revenue = revenue != nullptr;
  std::vector<std::size_t> by_type(snapshot.types().size(), 0);
  Groups categories, brands;
  std::vector<RankKey> uncovered;
  std::vector<const ProductNode*> uncovered_nodes;
  for (Part& part : parts) {
    report.all.total_skus += part.all.total_skus;
    report.all.covered_skus += part.all.covered_skus;
    for (std::size_t t = 0; t < by_type.size(); ++t) by_type[t] += part.by_type[t];
    for (auto [groups, from] :
         {std::pair{&categories, &part.categories}, std::pair{&brands, &part.brands}}) {
      for (const auto& [key, count] : *from) {
        CoverageCount& into = (*groups)[key];
        into.total_skus += count.total_skus;
        into.covered_skus += count.covered_skus;
      }
    }
    uncovered.insert(uncovered.end(), part.uncovered.begin(), part.uncovered.end());
    uncovered_nodes.insert(uncovered_nodes.end(), part.uncovered_nodes.begin(),
                           part.uncovered_nodes.end());
  }
  for (std::size_t t = 0; t < by_type.size(); ++t) {
    report.by_type.emplace_back(snapshot.types()[t].name, by_type[t]);
  }
  report.by_category = Sorted(categories);
  report.by_brand = Sorted(brands);

  // One page: the `limit` best-ranked of what is left, without sorting all of it.
  std::vector<std::size_t> order(uncovered.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const std::size_t page = std::min(options.limit, order.size());
  auto by_rank = [&](std::size_t a, std::size_t b) { return uncovered[a] < uncovered[b]; };
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(page), order.end(),
                    by_rank);
  for (std::size_t i = 0; i < page; ++i) {
    report.uncovered.push_back({uncovered_nodes[order[i]], uncovered[order[i]].revenue});
  }
  if (page < order.size()) report.next_cursor = EncodeCursor(uncovered[order[page - 1]]);
  return report;
}

}  // namespace affinity

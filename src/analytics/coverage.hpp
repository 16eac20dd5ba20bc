// ComputeCoverage: how much of the catalog the graph covers. A SKU is covered when a
// recommendation request for it with no customer and no cart, at `now`, returns at least one item
// (IsCovered in engine/recommender.hpp): a live edge to an active, in-stock product, whose rule (if
// any) is scheduled and whose context holds for an anonymous visitor. The report counts every
// product of the snapshot, whatever its status, and breaks the count down by relation type (the
// SKUs that type alone covers), by category (the first `category_depth` segments of the path) and
// by brand, and lists the uncovered SKUs a page at a time, best sellers first when there is order
// history. Pure and lock-free over a Snapshot; one pass over the products, touching each live
// edge's target at most once per type.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analytics/sku_revenue.hpp"
#include "common/status.hpp"
#include "engine/snapshot.hpp"

namespace affinity {

struct CoverageOptions {
  std::int64_t now = 0;  // Unix seconds: the time the requests are "as of"
  double goal = 0.85;    // the share of SKUs that should be covered, 0..1
  std::string sku;       // only this product ("is it covered, and by which types?"); "" = every one
  std::size_t category_depth = 1;  // leading segments of the category path; kFullPath: all
  static constexpr std::size_t kFullPath = SIZE_MAX;
  // The page of uncovered SKUs.
  std::size_t limit = 100;  // 1..kMaxLimit
  std::string cursor;       // CoverageReport::next_cursor of the previous page; "" = the first
  static constexpr std::size_t kMaxLimit = 10000;
  // Ranks the uncovered SKUs by revenue, highest first, then by SKU; without it (or without any
  // order) by SKU alone.
  const SkuRevenue* revenue = nullptr;
  // Threads for the pass (parallel_scan.hpp); 0: ScanParts(). The report is the same for any.
  std::size_t parts = 0;
};

struct CoverageCount {
  std::size_t total_skus = 0;
  std::size_t covered_skus = 0;
  // covered / total; 0 for none (an empty catalog is not covered).
  double coverage() const {
    return total_skus == 0 ? 0.0
                           : static_cast<double>(covered_skus) / static_cast<double>(total_skus);
  }
};

struct UncoveredSku {
  const ProductNode* product;  // owned by the snapshot
  std::int64_t revenue_minor = 0;
};

struct CoverageReport {
  CoverageCount all;
  double goal = 0.85;
  // Per relation type, in the snapshot's type order: the SKUs that type alone covers (out of
  // all.total_skus).
  std::vector<std::pair<std::string, std::size_t>> by_type;
  // "(none)" for products without a category or brand.
  std::map<std::string, CoverageCount> by_category;
  std::map<std::string, CoverageCount> by_brand;
  bool ranked_by_revenue = false;
  std::vector<UncoveredSku> uncovered;  // one page, in rank order
  std::string next_cursor;              // "" on the last page

  bool meets_goal() const { return all.total_skus > 0 && all.coverage() >= goal; }
};

// The key products without a category or brand are counted under.
inline constexpr char kNoGroup[] = "(none)";

// NotFound for an unknown `sku`; InvalidArgument for a goal outside 0..1, a limit out of range or
// a cursor this function did not give out. The report points into `snapshot`, which must outlive
// it.
Result<CoverageReport> ComputeCoverage(const Snapshot& snapshot, const CoverageOptions& options);

}  // namespace affinity

// FindViolations: every live relationship that breaks a brand guideline. It walks the ranked edges
// of a Snapshot (manual links, accepted mining suggestions and rule-generated edges alike; a
// symmetric link is an edge each way, and each way is checked) and evaluates every enforced
// guideline of the edge's type on (source, target). Links are checked when they are saved, but a
// guideline added later, a product that changed or a rule's edge can still break one: this report
// is where they show. Pure and lock-free over a Snapshot.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.hpp"
#include "engine/snapshot.hpp"
#include "rules/guideline_set.hpp"

namespace affinity {

struct ViolationQuery {
  std::string guideline;                      // "" = any
  std::optional<GuidelineSeverity> severity;  // none = any
  std::string type;                           // relation type; "" = any
  std::string sku;                            // as source or target; "" = any
  std::size_t limit = 100;                    // 1..kMaxLimit
  std::string cursor;  // ViolationsReport::next_cursor of the previous page; "" = the first page
  static constexpr std::size_t kMaxLimit = 10000;
  // Threads for the pass (parallel_scan.hpp); 0: ScanParts(). The report is the same for any.
  std::size_t parts = 0;
};

// One edge that breaks one guideline. Pointers are into the snapshot and the guideline set.
struct Violation {
  const CompiledGuideline* guideline;
  const ProductNode* source;
  const ProductNode* target;
  const RankedEdge* edge;
  const RelationType* type;
  const std::string* origin;  // "manual", "rule:<id>", "mined:<job>"
  std::string message;        // CompiledGuideline::Message for the pair
};

struct ViolationsReport {
  std::size_t edges_checked = 0;  // edges of the types the query and the guidelines cover
  std::size_t total = 0;          // violations matching the query, on every page
  // Per enforced guideline the query selects, by id: its violations (0 included).
  std::vector<std::pair<const CompiledGuideline*, std::size_t>> counts;
  std::vector<Violation> items;  // one page, by source SKU, target SKU, type, guideline id
  std::string next_cursor;       // "" on the last page
};

// Checks the edges of `snapshot` against `guidelines` (usually snapshot.guidelines(); a dry run
// passes a set holding a draft). NotFound for an unknown guideline or SKU, InvalidArgument for an
// unknown type (with the nearest name), a limit out of range or a cursor this function did not give
// out. The report points into both arguments, which must outlive it.
Result<ViolationsReport> FindViolations(const Snapshot& snapshot, const GuidelineSet& guidelines,
                                        const ViolationQuery& query);

}  // namespace affinity

// ProductGraph: the recommendation graph around one product, read from a Snapshot, for the
// console's graph page: the products within `depth` steps along served edges (manual, mined and
// rule-generated links), the edges among them, and what the lint would flag there: cycles within
// one directed type, and contradictions (A -> B and B -> A of the same directed type), each
// named with the origins of its edges.
//
// Pure: no I/O, no locks; the result points into the snapshot, which must outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "engine/snapshot.hpp"

namespace affinity {

struct GraphRequest {
  std::string sku;
  int depth = 1;                   // 1..kMaxDepth
  std::vector<std::string> types;  // empty: every type
  std::size_t max_nodes = 500;     // 1..kMaxNodes; the walk stops there (truncated)
  std::int64_t now = 0;            // Unix seconds: whether a scheduled rule's edges are live
  static constexpr int kMaxDepth = 4;
  static constexpr std::size_t kMaxNodes = 5000;
};

struct GraphNode {
  const ProductNode* node;
  int depth;  // steps from the root (0)
};

struct GraphEdge {
  const ProductNode* source;
  const RankedEdge* edge;
  bool symmetric = false;  // the type is undirected: one edge for both directions
  bool live = true;        // false: a rule edge outside its schedule at `now`
  bool cycle = false;      // on a cycle of its (directed) type within the graph
  bool contradiction = false;
};

struct GraphFinding {
  std::string kind;  // "cycle" | "contradiction"
  std::string type;
  std::string message;
  std::vector<std::string> skus;  // in order around the cycle
};

struct ProductGraph {
  std::vector<GraphNode> nodes;  // root first, then by depth
  std::vector<GraphEdge> edges;
  std::vector<GraphFinding> findings;
  bool truncated = false;
};

// NotFound for an unknown SKU; InvalidArgument for an unknown type or a depth or size out of range.
Result<ProductGraph> BuildProductGraph(const Snapshot& snapshot, const GraphRequest& request);

}  // namespace affinity

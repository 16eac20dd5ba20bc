#include "engine/product_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "engine/recommender.hpp"

namespace affinity {
namespace {

// Strongly connected components of a small directed graph (Tarjan, iterative): comp[v] per vertex.
std::vector<int> Components(const std::vector<std::vector<int>>& adj) {
  const int n = static_cast<int>(adj.size());
  std::vector<int> index(n, -1), low(n, 0), comp(n, -1), stack;
  std::vector<bool> on_stack(n, false);
  int next_index = 0, next_comp = 0;
  for (int root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    std::vector<std::pair<int, std::size_t>> work{{root, 0}};  // vertex, next successor
    while (!work.empty()) {
      auto& [v, i] = work.back();
      if (i == 0 && index[v] < 0) {
        index[v] = low[v] = next_index++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (i < adj[v].size()) {
        const int w = adj[v][i++];
        if (index[w] < 0) {
          work.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        int w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp[w] = next_comp;
        } while (w != v);
        ++next_comp;
      }
      const int done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  return comp;
}

// A shortest cycle through `start` inside its component, as vertices (start first).
std::vector<int> CycleThrough(int start, const std::vector<std::vector<int>>& adj,
                              const std::vector<int>& comp) {
  std::unordered_map<int, int> parent;
  std::deque<int> queue;
  for (int w : adj[start]) {
    if (comp[w] == comp[start] && !parent.contains(w)) {
      parent[w] = start;
      queue.push_back(w);
    }
  }
  while (!queue.empty()) {
    const int v = queue.front();
    queue.pop_front();
    if (v == start) break;
    for (int w : adj[v]) {
      if (comp[w] == comp[start] && !parent.contains(w)) {
        parent[w] = v;
        queue.push_back(w);
      }
    }
  }
  std::vector<int> path;
  if (!parent.contains(start)) return path;
  for (int v = parent[start]; v != start; v = parent[v]) path.push_back(v);
  path.push_back(start);
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace

Result<ProductGraph> BuildProductGraph(const Snapshot& snapshot, const GraphRequest& request) {
  if (request.depth < 1 || request.depth > GraphRequest::kMaxDepth) {
    return Status::InvalidArgument(fmt::format("depth must be between 1 and {}, got {}",
                                               GraphRequest::kMaxDepth, request.depth));
  }
  if (request.max_nodes < 1 || request.max_nodes > GraphRequest::kMaxNodes) {
    return Status::InvalidArgument(fmt::format("max_nodes must be between 1 and {}, got {}",
                                               GraphRequest::kMaxNodes, request.max_nodes));
  }
  auto keep = TypeMask(snapshot, request.types);
  if (!keep.ok()) return keep.status();
  const ProductNode* root = snapshot.Find(request.sku);
  if (!root) return Status::NotFound(fmt::format("product '{}' does not exist", request.sku));
  const auto& types = snapshot.types();

  ProductGraph graph;
  std::unordered_map<const ProductNode*, int> at;  // node -> index in graph.nodes
  graph.nodes.push_back({root, 0});
  at[root] = 0;
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const GraphNode current = graph.nodes[i];
    if (current.depth >= request.depth) continue;
    for (const RankedEdge& e : current.node->edges) {
      if (!(*keep)[e.type]) continue;
      const ProductNode* target = snapshot.Get(e.target);
      if (!target || at.contains(target)) continue;
      if (graph.nodes.size() >= request.max_nodes) {
        graph.truncated = true;
        continue;
      }
      at[target] = static_cast<int>(graph.nodes.size());
      graph.nodes.push_back({target, current.depth + 1});
    }
  }

  // Edges among the nodes; an undirected type's link appears once, not once per end.
  std::set<std::tuple<int, int, std::uint16_t, RelationshipId, std::uint32_t>> undirected;
  for (const GraphNode& n : graph.nodes) {
    const int from = at[n.node];
    for (const RankedEdge& e : n.node->edges) {
      if (!(*keep)[e.type]) continue;
      auto it = at.find(snapshot.Get(e.target));
      if (it == at.end()) continue;
      GraphEdge edge{n.node, &e};
      edge.symmetric = !types[e.type].directed;
      if (edge.symmetric &&
          !undirected.emplace(std::min(from, it->second), std::max(from, it->second), e.type,
                              e.relationship, e.rule)
               .second) {
        continue;
      }
      edge.live = !e.rule || snapshot.rule(e.rule).schedule.IsActive(request.now);
      graph.edges.push_back(edge);
    }
  }

  // Per directed type: contradictions (A -> B and B -> A), then longer cycles.
  auto sku = [&](int v) -> const std::string& { return graph.nodes[v].node->product.sku; };
  auto describe = [&](const GraphEdge& e) {
    return fmt::format("{} {} {} ({})", e.source->product.sku, types[e.edge->type].name,
                       snapshot.Get(e.edge->target)->product.sku, snapshot.origin(e.edge->origin));
  };
  for (std::size_t t = 0; t < types.size(); ++t) {
    if (!types[t].directed || !(*keep)[t]) continue;
    std::vector<std::vector<int>> adj(graph.nodes.size());
    std::map<std::pair<int, int>, std::vector<std::size_t>> by_pair;
    for (std::size_t i = 0; i < graph.edges.size(); ++i) {
      const GraphEdge& e = graph.edges[i];
      if (e.edge->type != t) continue;
      const int u = at[e.source], v = at[snapshot.Get(e.edge->target)];
      adj[u].push_back(v);
      by_pair[{u, v}].push_back(i);
    }
    for (const auto& [pair, forward] : by_pair) {
      auto back = by_pair.find({pair.second, pair.first});
      if (back == by_pair.end() || pair.first > pair.second) continue;
      for (std::size_t i : forward) graph.edges[i].contradiction = graph.edges[i].cycle = true;
      for (std::size_t i : back->second) graph.edges[i].contradiction = graph.edges[i].cycle = true;
      graph.findings.push_back(
          {"contradiction", types[t].name,
           fmt::format("contradiction: {} and {}; '{}' links must not point both ways",
                       describe(graph.edges[forward.front()]),
                       describe(graph.edges[back->second.front()]), types[t].name),
           {sku(pair.first), sku(pair.second)}});
    }
    const std::vector<int> comp = Components(adj);
    std::vector<int> size(graph.nodes.size(), 0);
    for (int c : comp) ++size[c];
    std::vector<bool> reported(graph.nodes.size(), false);
    for (const auto& [pair, edges] : by_pair) {
      if (comp[pair.first] != comp[pair.second] || size[comp[pair.first]] < 2) continue;
      for (std::size_t i : edges) graph.edges[i].cycle = true;
      const int c = comp[pair.first];
      if (reported[c] || size[c] == 2) continue;  // a pair is the contradiction above
      reported[c] = true;
      std::vector<std::string> skus;
      for (int v : CycleThrough(pair.first, adj, comp)) skus.push_back(sku(v));
      graph.findings.push_back(
          {"cycle", types[t].name,
           fmt::format("cycle in '{}': {} -> {}; '{}' links should form no cycle", types[t].name,
                       fmt::join(skus, " -> "), skus.front(), types[t].name),
           skus});
    }
  }
  return graph;
}

}  // namespace affinity

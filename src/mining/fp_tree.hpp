// FP-tree storage for fp_growth.cpp (internal): the node arena and the per-depth header tables.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "mining/transactions.hpp"

namespace affinity::mining::fp_tree {

constexpr std::uint32_t kNil = std::numeric_limits<std::uint32_t>::max();

// The FP-tree nodes of every live tree, stacked (a conditional tree sits above its parent and is
// dropped when mined), as parallel arrays: walking up a path touches only `up`. A node's `item` is
// its rank in its tree (0 = most frequent in that tree's database); ancestors have smaller ranks.
class NodeArena {
 public:
  struct Up {
    std::uint32_t parent;
    std::uint32_t item;
  };
  static constexpr std::size_t kBytesPerNode = sizeof(Up) + 4 * sizeof(std::uint32_t);

  // Node ids are 32-bit with kNil reserved, hence the clamp.
  explicit NodeArena(std::size_t max_nodes)
      : max_nodes_(std::min<std::size_t>(max_nodes, kNil - 1)) {}

  std::size_t size() const { return up.size(); }

  // Appends a node, or returns kNil when max_nodes are alive. Grows by hand so that the arena
  // never holds room for more than max_nodes.
  std::uint32_t Add(std::uint32_t item, std::uint32_t parent) {
    if (up.size() == up.capacity()) {
      if (up.size() >= max_nodes_) return kNil;
      Reserve(std::min<std::size_t>(std::max<std::size_t>(up.size() * 2, 1024), max_nodes_));
    }
    auto id = static_cast<std::uint32_t>(up.size());
    up.push_back({parent, item});
    count.push_back(0);
    link.push_back(kNil);
    child.push_back(kNil);
    sibling.push_back(kNil);
    return id;
  }

  void Reserve(std::size_t n) {
    n = std::min(n, max_nodes_);
    up.reserve(n);
    count.reserve(n);
    link.reserve(n);
    child.reserve(n);
    sibling.reserve(n);
  }

  void Truncate(std::size_t n) {
    up.resize(n);
    count.resize(n);
    link.resize(n);
    child.resize(n);
    sibling.resize(n);
  }

  std::vector<Up> up;
  std::vector<std::uint32_t> count;
  std::vector<std::uint32_t> link;     // next node of the same item
  std::vector<std::uint32_t> child;    // first child
  std::vector<std::uint32_t> sibling;  // next child of the parent

 private:
  std::size_t max_nodes_;
};

// The header table of one tree (one per recursion depth; buffers are reused across trees).
struct Level {
  std::uint32_t root = kNil;
  std::uint32_t k = 0;             // items in this tree: ranks 0..k-1
  std::vector<std::uint32_t> head;  // first node of each rank
  std::vector<std::uint32_t> support;
  std::vector<ItemId> item;         // original item id of each rank
  std::vector<std::uint32_t> root_child;  // child of the root holding each rank, or kNil
  // Scratch used while building a conditional tree of this tree.
  std::vector<std::uint32_t> cond_count;
  std::vector<std::uint32_t> new_rank;

  void Resize(std::uint32_t n) {
    k = n;
    if (head.size() < n) {
      head.resize(n);
      support.resize(n);
      item.resize(n);
      root_child.resize(n);
    }
    if (cond_count.size() < n) {
      cond_count.resize(n, 0);
      new_rank.resize(n, kNil);
    }
    std::fill_n(head.begin(), n, kNil);
    std::fill_n(root_child.begin(), n, kNil);
  }
};

}  // namespace affinity::mining::fp_tree

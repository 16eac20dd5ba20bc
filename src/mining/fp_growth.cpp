#include "mining/fp_growth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "mining/fp_tree.hpp"

namespace affinity::mining {

namespace {

using fp_tree::kNil;
using fp_tree::Level;
using fp_tree::NodeArena;

std::string FormatCount(std::uint64_t n) { return std::to_string(n); }

template <bool kEnumerate>
class Miner {
 public:
  Miner(const FpGrowthOptions& options, const ItemsetSink* sink)
      : opt_(options),
        sink_(sink),
        min_support_(std::max<std::uint64_t>(options.min_support, 1)),
        nodes_(options.max_nodes) {}

  Status Run(const TransactionSet& ts) {
    if (min_support_ > ts.size()) return Status::Ok();
    if (!BuildInitialTree(ts)) return status_;
    Level& top = levels_[0];
    by_length_.assign(top.k + 2, 0);
    progress_.items_total = top.k;
    if (IsSinglePath(top.root)) {
      if (!MineSinglePath(0)) return status_;
    } else if (!Mine(0)) {
      return status_;
    }
    return Status::Ok();
  }

  ItemsetCounts TakeCounts() {
    ItemsetCounts out;
    while (!by_length_.empty() && by_length_.back() == 0) by_length_.pop_back();
    out.by_length = std::move(by_length_);
    out.total = total_;
    return out;
  }

 private:
  Level& LevelAt(std::size_t depth) {
    if (levels_.size() <= depth) levels_.resize(depth + 1);
    return levels_[depth];
  }

  bool Fail(Status st) {
    status_ = std::move(st);
    return false;
  }

  bool TooManyNodes() {
    return Fail(Status::ResourceExhausted(
        "FP-growth: the FP-trees need more than max_nodes = " + FormatCount(opt_.max_nodes) +
        " nodes (" + FormatCount(opt_.max_nodes * NodeArena::kBytesPerNode >> 20) +
        " MiB) at min support " + FormatCount(min_support_) +
        "; raise FpGrowthOptions::max_nodes or raise the min support"));
  }

  bool TooManyItemsets() {
    return Fail(Status::ResourceExhausted(
        "FP-growth: more than max_itemsets = " + FormatCount(opt_.max_itemsets) +
        " frequent itemsets at min support " + FormatCount(min_support_) +
        "; raise FpGrowthOptions::max_itemsets, raise the min support or set max_length"));
  }

  bool Cancelled() {
    if (opt_.cancel != nullptr && opt_.cancel->load(std::memory_order_relaxed)) {
      return !Fail(Status::Aborted("FP-growth: cancelled after " + FormatCount(total_) +
                                   " frequent itemsets"));
    }
    return false;
  }

  std::uint32_t NewNode(std::uint32_t item, std::uint32_t parent) { return nodes_.Add(item, parent); }

  // Tree nodes are created so that a tree is a single path exactly when each node is the child of
  // the one created before it.
  bool IsSinglePath(std::uint32_t root) const {
    for (std::size_t n = root + 1; n < nodes_.size(); ++n) {
      if (nodes_.up[n].parent != n - 1) return false;
    }
    return true;
  }

  bool BuildInitialTree(const TransactionSet& ts) {
    std::vector<std::uint32_t> counts = ts.ItemCounts();
    std::vector<ItemId> frequent;
    for (ItemId id = 0; id < counts.size(); ++id) {
      if (counts[id] >= min_support_) frequent.push_back(id);
    }
    std::sort(frequent.begin(), frequent.end(), [&](ItemId a, ItemId b) {
      return counts[a] != counts[b] ? counts[a] > counts[b] : a < b;
    });
    Level& top = LevelAt(0);
    top.Resize(static_cast<std::uint32_t>(frequent.size()));
    std::vector<std::uint32_t> rank(counts.size(), kNil);
    for (std::uint32_t r = 0; r < frequent.size(); ++r) {
      rank[frequent[r]] = r;
      top.item[r] = frequent[r];
      top.support[r] = counts[frequent[r]];
    }

    // Recode each basket to sorted ranks, then sort the baskets so that baskets sharing a prefix
    // are adjacent: the tree is then built without searching children.
    std::vector<std::uint32_t> flat;
    std::vector<std::uint64_t> begin;
    flat.reserve(ts.total_items());
    begin.reserve(ts.size() + 1);
    for (std::size_t t = 0; t < ts.size(); ++t) {
      std::size_t start = flat.size();
      for (ItemId id : ts.basket(t)) {
        if (rank[id] != kNil) flat.push_back(rank[id]);
      }
      if (flat.size() == start) continue;
      std::sort(flat.begin() + static_cast<std::ptrdiff_t>(start), flat.end());
      begin.push_back(start);
    }
    std::vector<std::uint32_t> order(begin.size());
    begin.push_back(flat.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    auto span_of = [&](std::uint32_t i) {
      return std::span<const std::uint32_t>(flat.data() + begin[i], flat.data() + begin[i + 1]);
    };
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      auto x = span_of(a);
      auto y = span_of(b);
      return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
    });

    nodes_.Truncate(0);
    nodes_.Reserve(flat.size() + 1);
    top.root = NewNode(kNil, kNil);
    if (top.root == kNil) return TooManyNodes();
    std::vector<std::uint32_t> stack;  // nodes along the previous basket's path
    std::span<const std::uint32_t> prev;
    for (std::uint32_t idx : order) {
      auto cur = span_of(idx);
      std::size_t common = 0;
      while (common < cur.size() && common < prev.size() && cur[common] == prev[common]) ++common;
      stack.resize(common);
      std::uint32_t parent = common == 0 ? top.root : stack.back();
      for (std::size_t d = common; d < cur.size(); ++d) {
        std::uint32_t n = NewNode(cur[d], parent);
        if (n == kNil) return TooManyNodes();
        Link(top, n, parent, cur[d]);
        stack.push_back(n);
        parent = n;
      }
      for (std::uint32_t n : stack) ++nodes_.count[n];
      prev = cur;
    }
    return true;
  }

  // Hooks a new node `n` of rank `r` into its parent's child list and the header's node links.
  void Link(Level& level, std::uint32_t n, std::uint32_t parent, std::uint32_t r) {
    nodes_.link[n] = level.head[r];
    level.head[r] = n;
    if (parent == level.root) {
      level.root_child[r] = n;
    } else {
      nodes_.sibling[n] = nodes_.child[parent];
      nodes_.child[parent] = n;
    }
  }

  bool Emit(std::uint64_t support) {
    if (++total_ > opt_.max_itemsets) return TooManyItemsets();
    ++by_length_[prefix_.size()];
    if constexpr (kEnumerate) {
      sorted_.assign(prefix_.begin(), prefix_.end());
      std::sort(sorted_.begin(), sorted_.end());
      (*sink_)(sorted_, support);
    }
    return true;
  }

  bool DepthAllowed() const { return opt_.max_length == 0 || prefix_.size() < opt_.max_length; }

  // Mines the tree at `depth` (not a single path); prefix_ holds the items it is conditioned on.
  bool Mine(std::size_t depth) {
    for (std::uint32_t i = levels_[depth].k; i-- > 0;) {
      if (Cancelled()) return false;
      prefix_.push_back(levels_[depth].item[i]);
      if (!Emit(levels_[depth].support[i])) return false;
      if (i > 0 && DepthAllowed()) {
        std::size_t mark = nodes_.size();
        if (!BuildConditional(depth, i)) return false;
        const Level& cond = levels_[depth + 1];
        if (cond.k > 0) {
          bool ok = IsSinglePath(cond.root) ? MineSinglePath(depth + 1) : Mine(depth + 1);
          if (!ok) return false;
        }
        nodes_.Truncate(mark);
      }
      prefix_.pop_back();
      if (depth == 0 && opt_.progress) {
        progress_.items_done = levels_[0].k - i;
        progress_.itemsets_found = total_;
        opt_.progress(progress_);
      }
    }
    return true;
  }

  // Builds the conditional tree of rank `i` of the tree at `depth` into level depth + 1, keeping the
  // parent's item order and dropping items that are infrequent in the conditional database. The
  // prefix paths are walked once: their items go to a buffer while being counted.
  bool BuildConditional(std::size_t depth, std::uint32_t i) {
    LevelAt(depth + 1);  // may reallocate levels_: take references after it
    Level& p = levels_[depth];
    Level& c = levels_[depth + 1];
    // cond_count and new_rank are all-zero / all-kNil between calls; only touched entries are reset,
    // so a call costs O(paths), not O(items in the parent tree).
    std::uint32_t* cnt = p.cond_count.data();
    path_items_.clear();
    path_ends_.clear();
    path_weights_.clear();
    touched_.clear();
    {
      const NodeArena::Up* up = nodes_.up.data();
      const std::uint32_t* count = nodes_.count.data();
      const std::uint32_t* link = nodes_.link.data();
      const std::uint32_t root = p.root;
      for (std::uint32_t n = p.head[i]; n != kNil; n = link[n]) {
        std::uint32_t w = count[n];
        std::size_t before = path_items_.size();
        for (std::uint32_t a = up[n].parent; a != root; a = up[a].parent) {
          std::uint32_t item = up[a].item;
          if (cnt[item] == 0) touched_.push_back(item);
          cnt[item] += w;
          path_items_.push_back(item);
        }
        if (path_items_.size() == before) continue;
        path_ends_.push_back(path_items_.size());
        path_weights_.push_back(w);
      }
    }
    frequent_.clear();
    for (std::uint32_t j : touched_) {
      if (cnt[j] >= min_support_) frequent_.push_back(j);
    }
    std::sort(frequent_.begin(), frequent_.end());
    auto k = static_cast<std::uint32_t>(frequent_.size());
    c.Resize(k);
    for (std::uint32_t r = 0; r < k; ++r) {
      std::uint32_t j = frequent_[r];
      p.new_rank[j] = r;
      c.item[r] = p.item[j];
      c.support[r] = cnt[j];
    }
    if (k == 0) {
      ResetScratch(p);
      return true;
    }
    c.root = NewNode(kNil, kNil);
    if (c.root == kNil) return TooManyNodes();
    const std::uint32_t* new_rank = p.new_rank.data();
    std::size_t begin = 0;
    for (std::size_t path = 0; path < path_ends_.size(); ++path) {
      std::size_t end = path_ends_[path];
      std::uint32_t w = path_weights_[path];
      std::uint32_t cur = c.root;
      for (std::size_t d = end; d-- > begin;) {  // stored bottom-up; insert top-down
        std::uint32_t r = new_rank[path_items_[d]];
        if (r == kNil) continue;
        std::uint32_t next;
        if (cur == c.root) {
          next = c.root_child[r];
        } else {
          next = nodes_.child[cur];
          while (next != kNil && nodes_.up[next].item != r) next = nodes_.sibling[next];
        }
        if (next == kNil) {
          next = NewNode(r, cur);
          if (next == kNil) return TooManyNodes();
          Link(c, next, cur, r);
        }
        nodes_.count[next] += w;
        cur = next;
      }
      begin = end;
    }
    ResetScratch(p);
    return true;
  }

  void ResetScratch(Level& p) {
    for (std::uint32_t j : touched_) {
      p.cond_count[j] = 0;
      p.new_rank[j] = kNil;
    }
  }

  // The tree at `depth` is one path root -> n1 -> ... -> nm (the newest nodes of the arena): every
  // non-empty subset of the path is frequent, with the count of its deepest node as support.
  bool MineSinglePath(std::size_t depth) {
    const Level& level = levels_[depth];
    std::size_t m = nodes_.size() - level.root - 1;
    std::size_t room = opt_.max_length == 0 ? m : std::min(m, opt_.max_length - prefix_.size());
    if constexpr (kEnumerate) {
      single_path_.clear();
      for (std::size_t n = level.root + 1; n < nodes_.size(); ++n) {
        single_path_.push_back({level.item[nodes_.up[n].item], nodes_.count[n]});
      }
      return EnumeratePath(0, room);
    } else {
      // C(m, s) itemsets of length prefix + s, for s = 1..room.
      unsigned __int128 binom = 1;
      std::size_t base = prefix_.size();
      for (std::size_t s = 1; s <= room; ++s) {
        binom = binom * (m - s + 1) / s;
        if (binom > opt_.max_itemsets || total_ + binom > opt_.max_itemsets) {
          return TooManyItemsets();
        }
        total_ += static_cast<std::uint64_t>(binom);
        by_length_[base + s] += static_cast<std::uint64_t>(binom);
      }
      return true;
    }
  }

  bool EnumeratePath(std::size_t start, std::size_t room) {
    if (room == 0) return true;
    for (std::size_t j = start; j < single_path_.size(); ++j) {
      prefix_.push_back(single_path_[j].first);
      if (!Emit(single_path_[j].second)) return false;
      if (!EnumeratePath(j + 1, room - 1)) return false;
      prefix_.pop_back();
    }
    return true;
  }

  const FpGrowthOptions& opt_;
  const ItemsetSink* sink_;
  std::uint64_t min_support_;
  Status status_;
  NodeArena nodes_;
  std::vector<Level> levels_;
  std::vector<ItemId> prefix_;
  std::vector<ItemId> sorted_;
  std::vector<std::uint32_t> path_items_;  // prefix paths of one item, each bottom-up
  std::vector<std::size_t> path_ends_;
  std::vector<std::uint32_t> path_weights_;
  std::vector<std::uint32_t> touched_;   // items on the prefix paths
  std::vector<std::uint32_t> frequent_;  // those frequent in the conditional database, ascending
  std::vector<std::pair<ItemId, std::uint64_t>> single_path_;
  std::vector<std::uint64_t> by_length_;
  std::uint64_t total_ = 0;
  FpGrowthProgress progress_;
};

}  // namespace

std::uint64_t MinSupportFromFraction(double fraction, std::size_t num_transactions) {
  double x = fraction * static_cast<double>(num_transactions);
  auto count = static_cast<std::uint64_t>(std::ceil(x - 1e-9 * std::max(1.0, x)));
  return std::max<std::uint64_t>(count, 1);
}

Result<ItemsetCounts> CountFrequentItemsets(const TransactionSet& transactions,
                                            const FpGrowthOptions& options) {
  Miner<false> miner(options, nullptr);
  Status st = miner.Run(transactions);
  if (!st.ok()) return st;
  return miner.TakeCounts();
}

Status EnumerateFrequentItemsets(const TransactionSet& transactions, const FpGrowthOptions& options,
                                 const ItemsetSink& sink) {
  Miner<true> miner(options, &sink);
  return miner.Run(transactions);
}

Result<std::vector<FrequentItemset>> CollectFrequentItemsets(const TransactionSet& transactions,
                                                             const FpGrowthOptions& options) {
  std::vector<FrequentItemset> out;
  Status st = EnumerateFrequentItemsets(
      transactions, options, [&](std::span<const ItemId> items, std::uint64_t support) {
        out.push_back({{items.begin(), items.end()}, support});
      });
  if (!st.ok()) return st;
  std::sort(out.begin(), out.end(), [](const FrequentItemset& a, const FrequentItemset& b) {
    return a.items.size() != b.items.size() ? a.items.size() < b.items.size() : a.items < b.items;
  });
  return out;
}

}  // namespace affinity::mining

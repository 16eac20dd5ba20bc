// FP-growth (Han, Pei & Yin 2000): every itemset that occurs in at least `min_support` baskets of a
// TransactionSet, found by building a frequency-ordered prefix tree (FP-tree) with per-item node
// links and mining conditional trees recursively; a tree that is a single path is finished by
// combinatorics instead of recursion.
//
// Two modes: CountFrequentItemsets (only how many itemsets of each length; the fastest) and
// EnumerateFrequentItemsets (each itemset and its support streamed to a callback, so memory stays
// bounded by the trees, not by the output). Both stop with ResourceExhausted instead of running out
// of memory or time when a cap in FpGrowthOptions is hit, and with Aborted when cancelled.
//
// Memory: the trees are kept in one arena of 24-byte nodes, at most `max_nodes` at a time (the
// initial tree plus the conditional trees on the current recursion path), plus a few arrays per
// frequent item. Thread safety: the functions are reentrant; a TransactionSet may be mined by
// several threads at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "common/status.hpp"
#include "mining/transactions.hpp"

namespace affinity::mining {

struct FpGrowthProgress {
  std::size_t items_done = 0;   // top-level frequent items whose conditional trees are mined
  std::size_t items_total = 0;  // frequent single items
  std::uint64_t itemsets_found = 0;
};

struct FpGrowthOptions {
  // An itemset is frequent when at least this many baskets contain it. 0 is treated as 1.
  std::uint64_t min_support = 1;
  // Longest itemset reported; 0 means no limit.
  std::size_t max_length = 0;
  // More frequent itemsets than this ends the run with ResourceExhausted (nothing is reported
  // beyond the cap). Bounds the time of a run with too low a min_support.
  std::uint64_t max_itemsets = 100'000'000;
  // FP-tree nodes alive at once (24 bytes each); more ends the run with ResourceExhausted.
  std::size_t max_nodes = std::size_t{16} << 20;
  // When set and it becomes true, the run stops soon after with Aborted. Not owned.
  const std::atomic<bool>* cancel = nullptr;
  // Called after each top-level item is mined (on the mining thread).
  std::function<void(const FpGrowthProgress&)> progress;
};

// The absolute support for a fraction of `num_transactions`: ceil(fraction * n), at least 1, with a
// tolerance so that 0.001 of 100000 is 100, not 101. REQUIRES: 0 <= fraction <= 1.
std::uint64_t MinSupportFromFraction(double fraction, std::size_t num_transactions);

struct ItemsetCounts {
  // by_length[k] = number of frequent itemsets with k items; by_length[0] is always 0. Trailing
  // zeros are trimmed (empty when there is no frequent item).
  std::vector<std::uint64_t> by_length;
  std::uint64_t total = 0;
};

// Counts the frequent itemsets. Returns ResourceExhausted when more than max_itemsets itemsets or
// max_nodes tree nodes would be needed (the message names the cap and how to raise it), Aborted when
// cancelled.
Result<ItemsetCounts> CountFrequentItemsets(const TransactionSet& transactions,
                                            const FpGrowthOptions& options);

// Receives one frequent itemset: its items ascending (the span is only valid during the call) and
// its support count.
using ItemsetSink = std::function<void(std::span<const ItemId> items, std::uint64_t support)>;

// Streams every frequent itemset to `sink`, in no particular order, each exactly once. On
// ResourceExhausted or Aborted the itemsets already streamed are a subset of the answer.
Status EnumerateFrequentItemsets(const TransactionSet& transactions, const FpGrowthOptions& options,
                                 const ItemsetSink& sink);

struct FrequentItemset {
  std::vector<ItemId> items;  // ascending
  std::uint64_t support = 0;
  friend bool operator==(const FrequentItemset&, const FrequentItemset&) = default;
};

// EnumerateFrequentItemsets into a vector, sorted by (length, items). Same errors.
Result<std::vector<FrequentItemset>> CollectFrequentItemsets(const TransactionSet& transactions,
                                                             const FpGrowthOptions& options);

}  // namespace affinity::mining

// PairMiner: every pair of items bought together (co-occurring in a basket), with its count,
// confidence both ways and lift, and the best k partners of each item. The miner keeps a vertical
// index (for each item, the baskets holding it: 8 bytes per item occurrence) and counts the
// partners of one item at a time in a dense array, so memory is O(occurrences + items), never
// O(pairs), unless the caller collects the pairs.
//
// Huge baskets (a wholesale order, a data glitch) would add O(size^2) pairs; options cap each
// basket's contribution to its first `max_basket_items` items (ascending id order, as stored) or
// skip it. The item counts used by the metrics are taken over the same capped baskets, so
// confidences stay <= 1; n is the number of baskets in the set (skipped ones included).
//
// Thread safety: const methods may run concurrently. The TransactionSet must outlive the miner.
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

enum class OversizedBasket {
  kTruncate,  // keep the first max_basket_items items
  kSkip,      // ignore the basket for pairs and item counts
};

struct PairMinerOptions {
  std::size_t max_basket_items = 500;
  OversizedBasket oversized = OversizedBasket::kTruncate;
  // ForEachPair and AllPairs report pairs bought together at least this often.
  std::uint32_t min_pair_count = 1;
  // When set and it becomes true, a scan stops soon after with Aborted. Not owned.
  const std::atomic<bool>* cancel = nullptr;
};

struct ItemPair {
  ItemId a = 0;  // a < b
  ItemId b = 0;
  std::uint32_t count = 0;   // baskets holding both
  double support = 0;        // count / n
  double confidence_ab = 0;  // P(b | a)
  double confidence_ba = 0;  // P(a | b)
  double lift = 0;
};

enum class PairMeasure { kLift, kConfidence, kCount };

struct TopPartnersOptions {
  std::size_t k = 20;
  PairMeasure measure = PairMeasure::kLift;
  // Partners bought together with the item fewer times than this are not ranked (lift on one
  // shared basket is noise).
  std::uint32_t min_pair_count = 2;
};

// A partner of item x.
struct Partner {
  ItemId item = 0;
  std::uint32_t count = 0;  // baskets holding x and item
  double confidence = 0;    // P(item | x)
  double lift = 0;
};

// The ranked partners of every item: best first by the measure, then count (descending), then item
// id (ascending).
class TopPartners {
 public:
  // Empty for an item without qualifying partners or beyond the id range.
  std::span<const Partner> Of(ItemId item) const {
    if (item + std::size_t{1} >= offsets_.size()) return {};
    return {partners_.data() + offsets_[item], partners_.data() + offsets_[item + 1]};
  }
  std::size_t total() const { return partners_.size(); }

 private:
  friend class PairMiner;
  std::vector<std::uint64_t> offsets_;  // item x's partners are partners_[offsets_[x], offsets_[x+1])
  std::vector<Partner> partners_;
};

using PairSink = std::function<void(const ItemPair&)>;

class PairMiner {
 public:
  // Indexes `transactions`. REQUIRES: options.max_basket_items >= 2.
  PairMiner(const TransactionSet& transactions, const PairMinerOptions& options);

  std::size_t num_transactions() const { return transactions_.size(); }
  // Baskets holding `item` after capping.
  std::uint32_t ItemCount(ItemId item) const {
    return item < item_counts_.size() ? item_counts_[item] : 0;
  }
  std::size_t baskets_truncated() const { return truncated_; }
  std::size_t baskets_skipped() const { return skipped_; }

  // Streams each pair with count >= options.min_pair_count, ordered by (a, b). Returns Aborted when
  // cancelled.
  Status ForEachPair(const PairSink& sink) const;

  // ForEachPair into a vector; ResourceExhausted (naming the cap and how to raise it) when there are
  // more than `max_pairs` pairs.
  Result<std::vector<ItemPair>> AllPairs(std::size_t max_pairs) const;

  // The best `options.k` partners of every item, in one scan; `each_pair`, when given, also
  // receives every pair ForEachPair would, grouped by `a` but with `b` in no particular order.
  // Memory O(items x k). Returns Aborted when cancelled.
  Result<TopPartners> FindTopPartners(const TopPartnersOptions& options,
                                      const PairSink& each_pair = nullptr) const;

 private:
  // Calls fn(a, partners, counts) for each item a with the items b > a it co-occurs with (in no
  // order) and their counts.
  // `sorted`: the partners come in ascending order (ForEachPair's promise); sorting costs a third
  // of a top-k scan, which does not need it.
  template <typename Fn>
  Status Scan(Fn&& fn, bool sorted = true) const;
  ItemPair MakePair(ItemId a, ItemId b, std::uint32_t count) const;

  const TransactionSet& transactions_;
  PairMinerOptions options_;
  std::vector<std::uint32_t> item_counts_;
  // Vertical index: occurrences of item x are occ_[occ_begin_[x], occ_begin_[x+1]).
  std::vector<std::uint64_t> occ_begin_;
  std::vector<std::uint32_t> occ_basket_;  // basket holding the occurrence
  std::vector<std::uint32_t> occ_index_;   // x's index inside the basket
  std::size_t truncated_ = 0;
  std::size_t skipped_ = 0;
};

}  // namespace affinity::mining

// TransactionSet: a compact, immutable-once-built database of market baskets for the miners. Items
// are dense uint32 ids (a product's internal id, or a FIMI item number); each basket is kept sorted
// and without duplicates in one flat array, so a set of n baskets with m item occurrences costs
// about 4m + 8n bytes.
//
// Thread safety: const methods may be called concurrently; AddBasket needs exclusive access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace affinity::mining {

using ItemId = std::uint32_t;

// The largest item id a TransactionSet accepts. Miners keep dense per-item arrays, so ids must be
// dense-ish: remap sparse keys (SKUs, hashes) to 0..n-1 before adding them.
inline constexpr ItemId kMaxItemId = (1u << 26) - 1;

class TransactionSet {
 public:
  TransactionSet() = default;

  // Builds a set from `baskets` (any order, duplicates allowed). Returns InvalidArgument naming the
  // basket and item when an id exceeds kMaxItemId, or when there are more than 2^32-1 baskets.
  static Result<TransactionSet> FromBaskets(const std::vector<std::vector<ItemId>>& baskets);

  // Appends one basket; duplicate items inside it are dropped, order does not matter. An empty
  // basket is kept (it counts as a transaction for support fractions). Returns InvalidArgument
  // (and leaves the set unchanged) when an id exceeds kMaxItemId or the set already holds 2^32-1
  // baskets.
  Status AddBasket(std::span<const ItemId> items);

  // Number of baskets (transactions).
  std::size_t size() const { return offsets_.size() - 1; }
  bool empty() const { return size() == 0; }
  // One more than the largest item id seen (0 when no basket has an item): the size of a dense
  // per-item array.
  std::size_t item_limit() const { return item_limit_; }
  // Total item occurrences over all baskets.
  std::size_t total_items() const { return items_.size(); }
  // The items of basket `i`, ascending and unique. REQUIRES: i < size(). Valid until the next
  // AddBasket.
  std::span<const ItemId> basket(std::size_t i) const {
    return {items_.data() + offsets_[i], items_.data() + offsets_[i + 1]};
  }
  // Support count of every item: result[id] = baskets containing id; size item_limit().
  std::vector<std::uint32_t> ItemCounts() const;

 private:
  std::vector<ItemId> items_;
  std::vector<std::uint64_t> offsets_ = {0};  // basket i is items_[offsets_[i], offsets_[i+1])
  std::size_t item_limit_ = 0;
  std::vector<ItemId> scratch_;  // AddBasket's sort buffer, reused
};

// Parses the FIMI format: one transaction per line, items as non-negative integers separated by
// spaces or tabs (a trailing space is fine), lines ended by '\n' or "\r\n". Blank lines are skipped
// (they are not transactions). Returns InvalidArgument naming the line and column of a token that
// is not an item id or is larger than kMaxItemId.
Result<TransactionSet> ParseFimi(std::string_view text);

}  // namespace affinity::mining

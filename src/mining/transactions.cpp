#include "mining/transactions.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace affinity::mining {

namespace {

constexpr std::size_t kMaxBaskets = std::numeric_limits<std::uint32_t>::max();

std::string TooLargeMessage(std::size_t basket, std::uint64_t item) {
  return "basket " + std::to_string(basket) + ": item id " + std::to_string(item) +
         " exceeds the largest supported id " + std::to_string(kMaxItemId) +
         " (remap item keys to dense ids 0..n-1 first)";
}

}  // namespace

Result<TransactionSet> TransactionSet::FromBaskets(
    const std::vector<std::vector<ItemId>>& baskets) {
  TransactionSet set;
  std::size_t total = 0;
  for (const auto& b : baskets) total += b.size();
  set.items_.reserve(total);
  set.offsets_.reserve(baskets.size() + 1);
  for (const auto& b : baskets) {
    Status st = set.AddBasket(b);
    if (!st.ok()) return st;
  }
  return set;
}

Status TransactionSet::AddBasket(std::span<const ItemId> items) {
  if (size() >= kMaxBaskets) {
    return Status::InvalidArgument("transaction set is full: at most " +
                                   std::to_string(kMaxBaskets) + " baskets are supported");
  }
  ItemId max_id = 0;
  for (ItemId id : items) max_id = std::max(max_id, id);
  if (max_id > kMaxItemId) return Status::InvalidArgument(TooLargeMessage(size(), max_id));

  scratch_.assign(items.begin(), items.end());
  if (!std::is_sorted(scratch_.begin(), scratch_.end())) std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  items_.insert(items_.end(), scratch_.begin(), scratch_.end());
  offsets_.push_back(items_.size());
  if (!scratch_.empty()) item_limit_ = std::max<std::size_t>(item_limit_, max_id + 1);
  return Status::Ok();
}

std::vector<std::uint32_t> TransactionSet::ItemCounts() const {
  std::vector<std::uint32_t> counts(item_limit_, 0);
  for (ItemId id : items_) ++counts[id];
  return counts;
}

Result<TransactionSet> ParseFimi(std::string_view text) {
  TransactionSet set;
  std::vector<ItemId> basket;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    basket.clear();
    std::size_t i = 0;
    while (i < line.size()) {
      char c = line[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      std::size_t start = i;
      std::uint64_t value = 0;
      while (i < line.size() && line[i] >= '0' && line[i] <= '9') {
        value = value * 10 + static_cast<std::uint64_t>(line[i] - '0');
        if (value > kMaxItemId) {
          return Status::InvalidArgument(
              "FIMI line " + std::to_string(line_no) + " column " + std::to_string(start + 1) +
              ": item id '" + std::string(line.substr(start, std::min<std::size_t>(24, line.size() - start))) +
              "' exceeds the largest supported id " + std::to_string(kMaxItemId) +
              " (remap item keys to dense ids first)");
        }
        ++i;
      }
      bool ends_token = i == line.size() || line[i] == ' ' || line[i] == '\t' || line[i] == '\r';
      if (i == start || !ends_token) {
        std::size_t bad_end = line.find_first_of(" \t\r", start);
        if (bad_end == std::string_view::npos) bad_end = line.size();
        return Status::InvalidArgument(
            "FIMI line " + std::to_string(line_no) + " column " + std::to_string(start + 1) + ": '" +
            std::string(line.substr(start, std::min<std::size_t>(24, bad_end - start))) +
            "' is not an item id (expected non-negative integers separated by spaces)");
      }
      basket.push_back(static_cast<ItemId>(value));
    }
    if (!basket.empty()) {
      Status st = set.AddBasket(basket);
      if (!st.ok()) {
        return Status::InvalidArgument("FIMI line " + std::to_string(line_no) + ": " + st.message());
      }
    }
    pos = end + 1;
  }
  return set;
}

}  // namespace affinity::mining

// Helpers for the mining tests: random basket sets, brute-force miners to compare against, and the
// Online Retail fixture as baskets.
#pragma once

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv_reader.hpp"
#include "mining/fp_growth.hpp"
#include "mining/transactions.hpp"

namespace affinity::mining::testing {

using Baskets = std::vector<std::vector<ItemId>>;

// `n` baskets over `items` items; sizes up to `max_size`. Skewed item popularity (items with
// small ids are more likely) so that long itemsets are frequent too.
inline Baskets RandomBaskets(std::uint32_t seed, std::size_t n, std::uint32_t items,
                             std::size_t max_size) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> size(0, max_size);
  std::geometric_distribution<std::uint32_t> pick(0.25);
  Baskets out(n);
  for (auto& b : out) {
    std::size_t s = size(rng);
    for (std::size_t j = 0; j < s; ++j) b.push_back(std::min(pick(rng), items - 1));
  }
  return out;
}

inline std::size_t CountContaining(const TransactionSet& ts, const std::vector<ItemId>& items) {
  std::size_t count = 0;
  for (std::size_t t = 0; t < ts.size(); ++t) {
    auto b = ts.basket(t);
    if (std::includes(b.begin(), b.end(), items.begin(), items.end())) ++count;
  }
  return count;
}

// Level-wise search with a full scan per candidate: slow, obviously right.
inline std::vector<FrequentItemset> BruteForceItemsets(const TransactionSet& ts,
                                                       std::uint64_t min_support,
                                                       std::size_t max_length = 0) {
  std::vector<FrequentItemset> out;
  std::vector<std::vector<ItemId>> level;
  std::vector<ItemId> singles;  // only frequent items can extend an itemset
  for (ItemId i = 0; i < ts.item_limit(); ++i) {
    if (CountContaining(ts, {i}) >= std::max<std::uint64_t>(min_support, 1)) singles.push_back(i);
  }
  for (ItemId i : singles) level.push_back({i});
  while (!level.empty()) {
    std::vector<std::vector<ItemId>> next;
    for (auto& items : level) {
      std::size_t s = CountContaining(ts, items);
      if (s < std::max<std::uint64_t>(min_support, 1)) continue;
      out.push_back({items, s});
      if (max_length != 0 && items.size() >= max_length) continue;
      for (ItemId j : singles) {
        if (j <= items.back()) continue;
        auto longer = items;
        longer.push_back(j);
        next.push_back(std::move(longer));
      }
    }
    level = std::move(next);
  }
  std::sort(out.begin(), out.end(), [](const FrequentItemset& a, const FrequentItemset& b) {
    return a.items.size() != b.items.size() ? a.items.size() < b.items.size() : a.items < b.items;
  });
  return out;
}

// Invoices of tests/fixtures/online_retail_sample.csv as baskets of StockCodes (dense ids in order
// of first appearance); cancellations ('C' invoices) and non-positive quantities are left out.
inline Baskets OnlineRetailBaskets(std::vector<std::string>* codes = nullptr) {
  std::ifstream in(std::string(AFFINITY_FIXTURES_DIR) + "/online_retail_sample.csv");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  CsvReader reader(text);
  CsvRecord rec;
  Status error;
  std::map<std::string, ItemId> ids;
  std::map<std::string, std::size_t> invoice_index;
  Baskets baskets;
  bool header = true;
  while (reader.Next(&rec, &error)) {
    if (header) {
      header = false;
      continue;
    }
    if (rec.fields.size() < 4 || rec.fields[0].starts_with("C")) continue;
    if (std::stol(rec.fields[3]) <= 0) continue;
    auto [it, added] = ids.emplace(rec.fields[1], static_cast<ItemId>(ids.size()));
    if (added && codes != nullptr) codes->push_back(rec.fields[1]);
    auto [inv, new_invoice] = invoice_index.emplace(rec.fields[0], baskets.size());
    if (new_invoice) baskets.emplace_back();
    baskets[inv->second].push_back(it->second);
  }
  return baskets;
}

}  // namespace affinity::mining::testing

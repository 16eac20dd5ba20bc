#include "mining/pair_miner.hpp"

#include <algorithm>
#include <cassert>
#include <string>

#include "mining/association.hpp"

namespace affinity::mining {

namespace {

struct Candidate {
  double score;
  std::uint32_t count;
  ItemId item;
};

// Whether x ranks before y: higher score, then higher count, then lower id.
bool Better(const Candidate& x, const Candidate& y) {
  if (x.score != y.score) return x.score > y.score;
  if (x.count != y.count) return x.count > y.count;
  return x.item < y.item;
}

// Keeps the best k candidates as a heap with the worst on top.
void Offer(std::vector<Candidate>& heap, std::size_t k, const Candidate& c) {
  if (heap.size() < k) {
    heap.push_back(c);
    std::push_heap(heap.begin(), heap.end(), Better);
  } else if (Better(c, heap.front())) {
    std::pop_heap(heap.begin(), heap.end(), Better);
    heap.back() = c;
    std::push_heap(heap.begin(), heap.end(), Better);
  }
}

}  // namespace

PairMiner::PairMiner(const TransactionSet& transactions, const PairMinerOptions& options)
    : transactions_(transactions), options_(options) {
  assert(options.max_basket_items >= 2 && "a basket capped below 2 items has no pairs");
  const std::size_t limit = transactions.item_limit();
  const std::size_t cap = options.max_basket_items;
  item_counts_.assign(limit, 0);
  for (std::size_t t = 0; t < transactions.size(); ++t) {
    auto basket = transactions.basket(t);
    if (basket.size() > cap) {
      if (options.oversized == OversizedBasket::kSkip) {
        ++skipped_;
        continue;
      }
      ++truncated_;
      basket = basket.first(cap);
    }
    for (ItemId id : basket) ++item_counts_[id];
  }
  occ_begin_.assign(limit + 1, 0);
  for (std::size_t x = 0; x < limit; ++x) occ_begin_[x + 1] = occ_begin_[x] + item_counts_[x];
  occ_basket_.resize(occ_begin_[limit]);
  occ_index_.resize(occ_begin_[limit]);
  std::vector<std::uint64_t> fill(occ_begin_.begin(), occ_begin_.end() - 1);
  for (std::size_t t = 0; t < transactions.size(); ++t) {
    auto basket = transactions.basket(t);
    if (basket.size() > cap && options.oversized == OversizedBasket::kSkip) continue;
    std::size_t n = std::min(basket.size(), cap);
    for (std::size_t j = 0; j < n; ++j) {
      std::uint64_t slot = fill[basket[j]]++;
      occ_basket_[slot] = static_cast<std::uint32_t>(t);
      occ_index_[slot] = static_cast<std::uint32_t>(j);
    }
  }
}

template <typename Fn>
Status PairMiner::Scan(Fn&& fn, bool sorted) const {
  const std::size_t limit = item_counts_.size();
  const std::size_t cap = options_.max_basket_items;
  std::vector<std::uint32_t> count(limit, 0);
  std::vector<ItemId> touched;
  for (ItemId a = 0; a < limit; ++a) {
    if (options_.cancel != nullptr && (a & 255) == 0 &&
        options_.cancel->load(std::memory_order_relaxed)) {
      return Status::Aborted("pair mining: cancelled at item " + std::to_string(a) + " of " +
                             std::to_string(limit));
    }
    touched.clear();
    for (std::uint64_t o = occ_begin_[a]; o < occ_begin_[a + 1]; ++o) {
      auto basket = transactions_.basket(occ_basket_[o]);
      std::size_t end = std::min(basket.size(), cap);
      for (std::size_t j = occ_index_[o] + 1; j < end; ++j) {
        ItemId b = basket[j];
        if (count[b]++ == 0) touched.push_back(b);
      }
    }
    if (touched.empty()) continue;
    if (sorted) std::sort(touched.begin(), touched.end());
    fn(a, touched, count);
    for (ItemId b : touched) count[b] = 0;
  }
  return Status::Ok();
}

ItemPair PairMiner::MakePair(ItemId a, ItemId b, std::uint32_t count) const {
  const std::uint64_t n = transactions_.size();
  const std::uint32_t ca = item_counts_[a];
  const std::uint32_t cb = item_counts_[b];
  return ItemPair{a,
                  b,
                  count,
                  Support(count, n),
                  Confidence(count, ca),
                  Confidence(count, cb),
                  Lift(count, ca, cb, n)};
}

Status PairMiner::ForEachPair(const PairSink& sink) const {
  const std::uint32_t min_count = std::max<std::uint32_t>(options_.min_pair_count, 1);
  return Scan([&](ItemId a, const std::vector<ItemId>& partners,
                  const std::vector<std::uint32_t>& counts) {
    for (ItemId b : partners) {
      if (counts[b] >= min_count) sink(MakePair(a, b, counts[b]));
    }
  });
}

Result<std::vector<ItemPair>> PairMiner::AllPairs(std::size_t max_pairs) const {
  std::vector<ItemPair> out;
  bool overflow = false;
  Status st = ForEachPair([&](const ItemPair& p) {
    if (out.size() >= max_pairs) {
      overflow = true;
      return;
    }
    out.push_back(p);
  });
  if (!st.ok()) return st;
  if (overflow) {
    return Status::ResourceExhausted(
        "pair mining: more than max_pairs = " + std::to_string(max_pairs) +
        " pairs; raise max_pairs, raise PairMinerOptions::min_pair_count, or stream them with "
        "ForEachPair");
  }
  return out;
}

Result<TopPartners> PairMiner::FindTopPartners(const TopPartnersOptions& options,
                                               const PairSink& each_pair) const {
  const std::size_t limit = item_counts_.size();
  const std::uint64_t n = transactions_.size();
  const std::uint32_t min_count = std::max<std::uint32_t>(options.min_pair_count, 1);
  const std::uint32_t sink_min = std::max<std::uint32_t>(options_.min_pair_count, 1);
  std::vector<std::vector<Candidate>> heaps(options.k == 0 ? 0 : limit);
  auto score = [&](ItemId x, ItemId y, std::uint32_t c) {
    switch (options.measure) {
      case PairMeasure::kLift:
        return Lift(c, item_counts_[x], item_counts_[y], n);
      case PairMeasure::kConfidence:
        return Confidence(c, item_counts_[x]);
      case PairMeasure::kCount:
        return static_cast<double>(c);
    }
    return 0.0;
  };
  Status st = Scan([&](ItemId a, const std::vector<ItemId>& partners,
                       const std::vector<std::uint32_t>& counts) {
    for (ItemId b : partners) {
      std::uint32_t c = counts[b];
      if (each_pair && c >= sink_min) each_pair(MakePair(a, b, c));
      if (c < min_count || options.k == 0) continue;
      Offer(heaps[a], options.k, Candidate{score(a, b, c), c, b});
      Offer(heaps[b], options.k, Candidate{score(b, a, c), c, a});
    }
  }, /*sorted=*/false);  // the top k under a total order do not depend on the offer order
  if (!st.ok()) return st;

  TopPartners top;
  top.offsets_.assign(limit + 1, 0);
  for (std::size_t x = 0; x < heaps.size(); ++x) {
    top.offsets_[x + 1] = top.offsets_[x] + heaps[x].size();
  }
  top.partners_.reserve(top.offsets_[limit]);
  for (std::size_t x = 0; x < heaps.size(); ++x) {
    std::vector<Candidate>& h = heaps[x];
    std::sort(h.begin(), h.end(), Better);
    for (const Candidate& c : h) {
      top.partners_.push_back(Partner{c.item, c.count, Confidence(c.count, item_counts_[x]),
                                      Lift(c.count, item_counts_[x], item_counts_[c.item], n)});
    }
    std::vector<Candidate>().swap(h);
  }
  return top;
}

}  // namespace affinity::mining

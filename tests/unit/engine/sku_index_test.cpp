#include "engine/sku_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace affinity {
namespace {

std::string Sku(std::size_t i) { return "SKU-" + std::to_string(i); }

TEST(SkuIndexTest, FindsWhatWasAddedAndNothingElse) {
  SkuIndex index;
  index.Add("RS-1", 0);
  index.Add("SK-1", 1);
  EXPECT_EQ(index.Find("RS-1"), 0u);
  EXPECT_EQ(index.Find("SK-1"), 1u);
  EXPECT_EQ(index.Find("RS-2"), std::nullopt);
  EXPECT_EQ(index.Find(""), std::nullopt);
  EXPECT_EQ(index.size(), 2u);
}

TEST(SkuIndexTest, CopiesDoNotSeeEachOthersLaterAdds) {
  SkuIndex a;
  a.Add("RS-1", 0);
  SkuIndex b = a;
  b.Add("SK-1", 1);
  a.Add("IN-1", 2);
  EXPECT_EQ(a.Find("SK-1"), std::nullopt);
  EXPECT_EQ(b.Find("IN-1"), std::nullopt);
  EXPECT_EQ(a.Find("RS-1"), 0u);
  EXPECT_EQ(b.Find("RS-1"), 0u);
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(b.size(), 2u);
  SkuIndex c = b;
  c.Add("CL-1", 3);
  EXPECT_EQ(b.Find("CL-1"), std::nullopt);
  EXPECT_EQ(c.Find("SK-1"), 1u);
}

TEST(SkuIndexTest, SoleOwnerAddsManyInPlace) {
  SkuIndex index;
  for (std::size_t i = 0; i < 10000; ++i) index.Add(Sku(i), static_cast<ProductId>(i));
  EXPECT_EQ(index.size(), 10000u);
  for (std::size_t i = 0; i < 10000; ++i) ASSERT_EQ(index.Find(Sku(i)), i) << i;
}

// The engine's pattern: each write copies the published index and adds a few SKUs; old snapshots
// live on for a while. More than 5000 adds cross the delta fold (4096) at least once.
TEST(SkuIndexTest, ManyCopiesAcrossDeltaFoldsEachKeepExactlyTheirSkus) {
  constexpr std::size_t kTotal = 6000;
  SkuIndex current;
  std::vector<std::pair<std::size_t, SkuIndex>> kept;  // (count, index) of old snapshots
  std::size_t added = 0;
  for (std::size_t write = 0; added < kTotal; ++write) {
    const std::size_t batch = std::min<std::size_t>(1 + write % 37, kTotal - added);
    if (write % 3 == 2) {
      // Written where it lies: in place when no kept copy shares the base.
      for (std::size_t i = 0; i < batch; ++i, ++added) {
        current.Add(Sku(added), static_cast<ProductId>(added));
      }
    } else {
      SkuIndex next = current;
      for (std::size_t i = 0; i < batch; ++i, ++added) {
        next.Add(Sku(added), static_cast<ProductId>(added));
      }
      current = std::move(next);
    }
    if (write % 25 == 0) kept.emplace_back(added, current);
    if (kept.size() > 6) kept.erase(kept.begin() + 1);  // old readers go away, the first stays
  }
  ASSERT_EQ(current.size(), kTotal);
  for (std::size_t i = 0; i < kTotal; ++i) ASSERT_EQ(current.Find(Sku(i)), i) << Sku(i);
  EXPECT_EQ(current.Find(Sku(kTotal)), std::nullopt);
  ASSERT_GE(kept.size(), 2u);
  for (const auto& [count, index] : kept) {
    EXPECT_EQ(index.size(), count);
    for (std::size_t i = 0; i < count; ++i) ASSERT_EQ(index.Find(Sku(i)), i) << Sku(i);
    for (std::size_t i = count; i < kTotal; i += 97) {
      ASSERT_EQ(index.Find(Sku(i)), std::nullopt) << Sku(i) << " leaked into a copy of " << count;
    }
  }
}

// Around the fold, every add is made on a fresh copy of the published index, as the engine does.
TEST(SkuIndexTest, EveryCopyAroundTheDeltaFoldStaysIntact) {
  constexpr std::size_t kTotal = 5200;
  constexpr std::size_t kOnePerCopyFrom = 4080;
  const std::vector<std::size_t> checked = {1, 2, 4095, 4096, 4097, 4098, 5000, kTotal};
  std::vector<std::pair<std::size_t, SkuIndex>> kept = {{0, SkuIndex()}};
  SkuIndex current = kept[0].second;  // shares its base with a reader: adds go to the delta
  for (std::size_t i = 0; i < kTotal; ++i) {
    if (i < kOnePerCopyFrom) {
      current.Add(Sku(i), static_cast<ProductId>(i));  // cheap: the delta is current's alone
    } else {
      SkuIndex next = current;
      next.Add(Sku(i), static_cast<ProductId>(i));
      current = std::move(next);
    }
    if (std::find(checked.begin(), checked.end(), i + 1) != checked.end()) {
      kept.emplace_back(i + 1, current);
    }
  }
  ASSERT_EQ(kept.size(), checked.size() + 1);
  for (const auto& [count, index] : kept) {
    EXPECT_EQ(index.size(), count);
    for (std::size_t i = 0; i < count; ++i) ASSERT_EQ(index.Find(Sku(i)), i) << count << " " << i;
    if (count < kTotal) {
      EXPECT_EQ(index.Find(Sku(count)), std::nullopt) << count;
    }
  }
}

}  // namespace
}  // namespace affinity

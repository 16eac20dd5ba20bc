#include "engine/paged_array.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace affinity {
namespace {

// Four elements a page, so that page boundaries are easy to reason about.
using Small = PagedArray<int, 2>;

TEST(PagedArrayTest, StartsEmpty) {
  Small a;
  EXPECT_EQ(a.size(), 0u);
  EXPECT_EQ(Small::kPageSize, 4u);
  EXPECT_EQ((PagedArray<int>::kPageSize), 1024u);
}

TEST(PagedArrayTest, SetGrowsWithDefaultValues) {
  Small a;
  a.Set(5, 7);
  EXPECT_EQ(a.size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(a[i], 0) << i;
  EXPECT_EQ(a[5], 7);
  a.Set(2, 9);
  EXPECT_EQ(a.size(), 6u);
  EXPECT_EQ(a[2], 9);
}

TEST(PagedArrayTest, GrowsAcrossManyPagesOfTheDefaultSize) {
  PagedArray<std::string> a;
  a.Set(2500, "RS-1");
  EXPECT_EQ(a.size(), 2501u);
  EXPECT_EQ(a[2500], "RS-1");
  EXPECT_EQ(a[1024], "");
}

TEST(PagedArrayTest, CopySharesPagesItDoesNotWrite) {
  Small a;
  for (int i = 0; i < 12; ++i) a.Set(i, i * 10);
  Small b = a;
  b.Set(5, -1);  // page 1 (elements 4..7)
  EXPECT_EQ(a[5], 50);
  EXPECT_EQ(b[5], -1);
  EXPECT_NE(&a[5], &b[5]);
  EXPECT_NE(&a[4], &b[4]);  // the whole page was copied ...
  EXPECT_EQ(b[4], 40);      // ... with its other values
  EXPECT_EQ(&a[0], &b[0]);  // untouched pages are shared
  EXPECT_EQ(&a[11], &b[11]);
}

TEST(PagedArrayTest, WritingTheOriginalLeavesTheCopyAlone) {
  Small a;
  for (int i = 0; i < 8; ++i) a.Set(i, i);
  Small b = a;
  a.Set(1, 100);
  EXPECT_EQ(b[1], 1);
  EXPECT_EQ(a[1], 100);
  EXPECT_EQ(&a[6], &b[6]);
}

TEST(PagedArrayTest, SoleOwnerWritesInPlace) {
  Small a;
  for (int i = 0; i < 8; ++i) a.Set(i, i);
  const int* before = &a[3];
  a.Set(3, 33);
  EXPECT_EQ(&a[3], before);
  Small b = a;
  b.Set(3, 34);           // now shared: copies
  const int* copied = &b[3];
  b.Set(2, 22);           // b owns its copy alone: in place
  EXPECT_EQ(&b[3], copied);
  EXPECT_EQ(a[2], 2);
}

TEST(PagedArrayTest, GrowingACopyDoesNotGrowTheOriginal) {
  Small a;
  a.Set(5, 5);  // size 6, a partly filled second page
  Small b = a;
  b.Set(6, 6);
  b.Set(20, 20);
  EXPECT_EQ(a.size(), 6u);
  EXPECT_EQ(b.size(), 21u);
  EXPECT_EQ(b[6], 6);
  Small c = a;
  c.Set(7, 7);  // the same page slot, in another copy
  EXPECT_EQ(b[7], 0);
  EXPECT_EQ(c[7], 7);
  EXPECT_EQ(c[6], 0);
}

TEST(PagedArrayTest, CopyOfSharedPointersDoesNotCopyTheObjects) {
  PagedArray<std::shared_ptr<const std::string>> a;
  a.Set(0, std::make_shared<const std::string>("RS-1"));
  PagedArray<std::shared_ptr<const std::string>> b = a;
  b.Set(0, nullptr);
  ASSERT_NE(a[0], nullptr);
  EXPECT_EQ(*a[0], "RS-1");
  EXPECT_EQ(b[0], nullptr);
  EXPECT_EQ(a[0].use_count(), 1);  // the old page released by b still held by a only
}

}  // namespace
}  // namespace affinity

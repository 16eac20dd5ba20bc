// PagedArray<T>: an immutable array of T split into fixed-size pages held by shared_ptr, so that a
// modified copy shares every page it did not touch. Copying costs O(size / kPageSize) and setting an
// element copies one page: a 1 M element array is updated in microseconds, not milliseconds.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

namespace affinity {

template <typename T, std::size_t kPageBits = 10>
class PagedArray {
 public:
  static constexpr std::size_t kPageSize = std::size_t{1} << kPageBits;

  std::size_t size() const { return size_; }
  // REQUIRES: i < size()
  const T& operator[](std::size_t i) const { return (*pages_[i >> kPageBits])[i & (kPageSize - 1)]; }

  // Sets element i, growing the array with default values as needed. Copies the page it writes to
  // unless this array is the page's only owner.
  void Set(std::size_t i, T value) {
    if (i >= size_) Resize(i + 1);
    std::shared_ptr<Page>& page = pages_[i >> kPageBits];
    if (page.use_count() > 1) page = std::make_shared<Page>(*page);
    (*page)[i & (kPageSize - 1)] = std::move(value);
  }

 private:
  using Page = std::array<T, kPageSize>;
  void Resize(std::size_t n) {
    while (pages_.size() * kPageSize < n) pages_.push_back(std::make_shared<Page>());
    size_ = n;
  }

  std::vector<std::shared_ptr<Page>> pages_;
  std::size_t size_ = 0;
};

}  // namespace affinity

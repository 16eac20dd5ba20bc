// ScanInParts: a report's pass over every product of a snapshot, split into contiguous id ranges
// run on their own threads. Each part keeps its own tallies and the caller merges them in part
// order, so the parts share nothing but the immutable snapshot and the result does not depend on
// how many parts there were. Used by the reports of this folder; no I/O.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace affinity {

// How many parts a pass over `n` products takes: one per hardware thread, at most kMaxScanParts,
// and none of fewer than kMinScanPart products (a small catalog is one part, on the caller).
inline constexpr std::size_t kMaxScanParts = 8;
inline constexpr std::size_t kMinScanPart = 16384;
inline std::size_t ScanParts(std::size_t n) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max<std::size_t>(1, std::min({cores, kMaxScanParts, n / kMinScanPart}));
}

// Calls fn(part, begin, end) for `parts` ranges covering [0, n) in order: part 0 on the calling
// thread, the others on threads of their own; returns once all have. `fn` must not throw.
template <typename Fn>
void ScanInParts(std::size_t n, std::size_t parts, Fn&& fn) {
  auto range = [&](std::size_t part) { fn(part, n * part / parts, n * (part + 1) / parts); };
  std::vector<std::thread> pool;
  for (std::size_t part = 1; part < parts; ++part) pool.emplace_back(range, part);
  range(0);
  for (std::thread& t : pool) t.join();
}

}  // namespace affinity

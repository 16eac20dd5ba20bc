// Metrics: process-wide request counters and a latency histogram, rendered in the Prometheus text
// format at /metrics. Lock-free: every field is an atomic, and each thread counts in its own
// cache-line-aligned shard (summed when rendered), so I/O threads never contend on a counter.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace affinity {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.00005, 0.0001, 0.00025, 0.0005, 0.001,
                                                      0.0025,  0.005,  0.01,    0.05,   0.1,
                                                      0.5,     1.0};
  // Records one request of route family `recommendation` (true for the recommendation endpoint).
  void Record(unsigned http_status, double seconds, bool recommendation);
  std::string RenderPrometheus() const;

  // Requests refused before their handler ran, by why.
  enum class Refusal {
    kNoKey,          // 401: no Authorization header
    kUnknownKey,     // 401: a key this server does not know
    kRevokedKey,     // 401
    kBadSignature,   // 401: a webhook signature missing or wrong where a secret is set
    kForbidden,      // 403: the key's role may not do this
    kRateLimited,    // 429
    kOverloaded,     // 503: connection limit reached
    kCount
  };
  void Refused(Refusal why) {
    refusals_[static_cast<std::size_t>(why)].fetch_add(1, std::memory_order_relaxed);
  }

 private:
  struct Histogram {
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> counts{};
    std::atomic<std::uint64_t> sum_micros{0};
    std::atomic<std::uint64_t> count{0};
    void Observe(double seconds);
  };
  struct alignas(64) Shard {
    std::array<std::atomic<std::uint64_t>, 6> by_class{};  // 0: other, 1..5: 1xx..5xx
    Histogram all;
    Histogram recommend;
  };
  static constexpr std::size_t kShards = 16;
  Shard& ThreadShard();
  // One field of histogram `which` summed over the shards: `field` < counts.size() is that
  // bucket (the last one is +Inf), counts.size() is sum_micros, counts.size() + 1 is count.
  std::uint64_t Sum(Histogram Shard::*which, std::size_t field) const;

  std::array<Shard, kShards> shards_;
  std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(Refusal::kCount)> refusals_{};
  std::atomic<std::size_t> next_shard_{0};
};

}  // namespace affinity

// Metrics: process-wide request counters and a latency histogram, rendered in the Prometheus text
// format at /metrics. Lock-free: every field is an atomic.
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

 private:
  struct Histogram {
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> counts{};
    std::atomic<std::uint64_t> sum_micros{0};
    std::atomic<std::uint64_t> count{0};
    void Observe(double seconds);
  };
  std::array<std::atomic<std::uint64_t>, 6> by_class_{};  // 0: other, 1..5: 1xx..5xx
  Histogram all_;
  Histogram recommend_;
};

}  // namespace affinity

#include "server/metrics.hpp"

#include <fmt/format.h>

namespace affinity {

void Metrics::Histogram::Observe(double seconds) {
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  counts[i].fetch_add(1, std::memory_order_relaxed);
  sum_micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  count.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::Record(unsigned http_status, double seconds, bool recommendation) {
  unsigned cls = http_status / 100;
  by_class_[cls >= 1 && cls <= 5 ? cls : 0].fetch_add(1, std::memory_order_relaxed);
  all_.Observe(seconds);
  if (recommendation) recommend_.Observe(seconds);
}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  out += "# HELP affinity_http_requests_total HTTP requests answered, by status class.\n";
  out += "# TYPE affinity_http_requests_total counter\n";
  for (int c = 1; c <= 5; ++c) {
    out += fmt::format("affinity_http_requests_total{{code=\"{}xx\"}} {}\n", c,
                       by_class_[c].load(std::memory_order_relaxed));
  }
  auto histogram = [&](const char* name, const char* help, const Histogram& h) {
    out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i].load(std::memory_order_relaxed);
      out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, kBuckets[i], cumulative);
    }
    cumulative += h.counts[kBuckets.size()].load(std::memory_order_relaxed);
    out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n", name, cumulative);
    out += fmt::format("{}_sum {}\n", name, h.sum_micros.load(std::memory_order_relaxed) / 1e6);
    out += fmt::format("{}_count {}\n", name, h.count.load(std::memory_order_relaxed));
  };
  histogram("affinity_http_request_duration_seconds",
            "Time from a complete request to its response being built, all endpoints.", all_);
  histogram("affinity_recommendation_duration_seconds",
            "The same, for the recommendation endpoint only.", recommend_);
  return out;
}

}  // namespace affinity

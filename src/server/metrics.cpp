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

Metrics::Shard& Metrics::ThreadShard() {
  thread_local const Metrics* owner = nullptr;
  thread_local std::size_t index = 0;
  if (owner != this) {
    owner = this;
    index = next_shard_.fetch_add(1, std::memory_order_relaxed) % kShards;
  }
  return shards_[index];
}

void Metrics::Record(unsigned http_status, double seconds, bool recommendation) {
  Shard& shard = ThreadShard();
  unsigned cls = http_status / 100;
  shard.by_class[cls >= 1 && cls <= 5 ? cls : 0].fetch_add(1, std::memory_order_relaxed);
  shard.all.Observe(seconds);
  if (recommendation) shard.recommend.Observe(seconds);
}

std::uint64_t Metrics::Sum(Histogram Shard::*which, std::size_t field) const {
  std::uint64_t total = 0;
  for (const Shard& shard : shards_) {
    const Histogram& h = shard.*which;
    if (field < h.counts.size()) total += h.counts[field].load(std::memory_order_relaxed);
    else if (field == h.counts.size()) total += h.sum_micros.load(std::memory_order_relaxed);
    else total += h.count.load(std::memory_order_relaxed);
  }
  return total;
}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  out += "# HELP affinity_http_requests_total HTTP requests answered, by status class.\n";
  out += "# TYPE affinity_http_requests_total counter\n";
  for (int c = 1; c <= 5; ++c) {
    std::uint64_t n = 0;
    for (const Shard& shard : shards_) n += shard.by_class[c].load(std::memory_order_relaxed);
    out += fmt::format("affinity_http_requests_total{{code=\"{}xx\"}} {}\n", c, n);
  }
  auto histogram = [&](const char* name, const char* help, Histogram Shard::*which) {
    out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += Sum(which, i);
      out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, kBuckets[i], cumulative);
    }
    cumulative += Sum(which, kBuckets.size());
    out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n", name, cumulative);
    out += fmt::format("{}_sum {}\n", name, Sum(which, kBuckets.size() + 1) / 1e6);
    out += fmt::format("{}_count {}\n", name, Sum(which, kBuckets.size() + 2));
  };
  histogram("affinity_http_request_duration_seconds",
            "Time from a complete request to its response being built, all endpoints.",
            &Shard::all);
  histogram("affinity_recommendation_duration_seconds",
            "The same, for the recommendation endpoint only.", &Shard::recommend);
  static constexpr const char* kReasons[] = {"no_key",   "unknown_key",  "revoked_key",
                                             "bad_signature", "forbidden", "rate_limited",
                                             "overloaded"};
  static_assert(std::size(kReasons) == static_cast<std::size_t>(Refusal::kCount));
  out += "# HELP affinity_http_refused_total Requests refused before their handler, by reason.\n"
         "# TYPE affinity_http_refused_total counter\n";
  for (std::size_t i = 0; i < refusals_.size(); ++i) {
    out += fmt::format("affinity_http_refused_total{{reason=\"{}\"}} {}\n", kReasons[i],
                       refusals_[i].load(std::memory_order_relaxed));
  }
  return out;
}

}  // namespace affinity

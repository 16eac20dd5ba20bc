// RetryPolicy: when a delivery that failed transiently (the order store busy, a dependency down) is
// tried again, and when the intake gives up and dead-letters it. Exponential backoff with jitter:
// the n-th retry waits min(max_delay, base_delay * 2^(n-1)) scaled by a random factor in
// [0.5, 1.0] ("equal jitter"), so deliveries that failed together do not retry together; it gives
// up after max_attempts attempts or once the first failure is give_up_after seconds old,
// whichever comes first.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

#include "common/status.hpp"

namespace affinity {

struct RetryPolicy {
  int max_attempts = 8;
  std::int64_t base_delay_seconds = 1;
  std::int64_t max_delay_seconds = 300;
  std::int64_t give_up_after_seconds = 3600;

  // Seconds to wait after `failed_attempts` (>= 1) failed attempts; `unit_random` in [0, 1) picks
  // the jitter. At least 1.
  std::int64_t DelayAfter(int failed_attempts, double unit_random) const;
  // Whether to stop retrying after `failed_attempts` failures, the first at `first_failure_at`.
  bool Exhausted(int failed_attempts, std::int64_t first_failure_at, std::int64_t now) const;

  // {"max_attempts":8,"base_delay_seconds":1,"max_delay_seconds":300,"give_up_after_seconds":3600}
  // over the defaults. InvalidArgument naming an unknown key or a value out of range.
  static Result<RetryPolicy> FromJson(const boost::json::object& json);
};

}  // namespace affinity

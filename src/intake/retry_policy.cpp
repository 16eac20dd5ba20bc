#include "intake/retry_policy.hpp"

#include <algorithm>
#include <cmath>

#include "common/json_fields.hpp"

namespace affinity {

std::int64_t RetryPolicy::DelayAfter(int failed_attempts, double unit_random) const {
  const int doublings = std::clamp(failed_attempts - 1, 0, 40);
  std::int64_t delay = base_delay_seconds;
  for (int i = 0; i < doublings && delay < max_delay_seconds; ++i) delay *= 2;
  delay = std::min(delay, max_delay_seconds);
  const double jitter = 0.5 + 0.5 * std::clamp(unit_random, 0.0, 1.0);
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(delay * jitter)));
}

bool RetryPolicy::Exhausted(int failed_attempts, std::int64_t first_failure_at,
                            std::int64_t now) const {
  return failed_attempts >= max_attempts || now - first_failure_at >= give_up_after_seconds;
}

Result<RetryPolicy> RetryPolicy::FromJson(const boost::json::object& json) {
  RetryPolicy p;
  JsonFields f(json);
  auto positive = [&](const char* key, auto* out) {
    if (auto v = f.Int(key)) {
      if (*v < 1)
        f.AddError(key, "must be at least 1");
      else
        *out = static_cast<std::remove_reference_t<decltype(*out)>>(*v);
    }
  };
  positive("max_attempts", &p.max_attempts);
  positive("base_delay_seconds", &p.base_delay_seconds);
  positive("max_delay_seconds", &p.max_delay_seconds);
  positive("give_up_after_seconds", &p.give_up_after_seconds);
  f.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(f.status());
  if (p.max_delay_seconds < p.base_delay_seconds) {
    return Status::InvalidArgument(
        "retry: 'max_delay_seconds' must be at least 'base_delay_seconds'");
  }
  return p;
}

}  // namespace affinity

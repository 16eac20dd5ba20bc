// Schedule: when a rule's edges are visible. Either a fixed window {"from","to"} (ISO 8601 dates or
// times, either end optional) or a yearly recurring season {"recurring":"11-01/02-28"} (month-day to
// month-day, inclusive, which may cross the year end). No schedule: always active.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "common/status.hpp"

namespace affinity {

class Schedule {
 public:
  Schedule() = default;  // always active

  // Parses {"from":"2026-11-01","to":"2027-02-28T23:59:59Z"} or {"recurring":"11-01/02-28"}; null
  // gives an always-active schedule. InvalidArgument names the field and the expected form.
  static Result<Schedule> FromJson(const boost::json::value& json);
  boost::json::value ToJson() const;  // null when always active

  // True when `unix_seconds` (UTC) falls inside the window: from <= t <= to; a recurring season
  // covers its first and last day completely.
  bool IsActive(std::int64_t unix_seconds) const;
  bool always() const { return !from_ && !to_ && !recurring_; }

 private:
  std::optional<std::int64_t> from_, to_;
  struct Season {
    int from_month, from_day, to_month, to_day;
  };
  std::optional<Season> recurring_;
};

// ISO 8601 in UTC: "2026-12-01", "2026-12-01T10:00:00Z", "2026-12-01T10:00:00+01:00",
// "2026-12-01T10:00:00" (no zone: UTC). A date alone is its first second. InvalidArgument otherwise.
Result<std::int64_t> ParseIsoTime(std::string_view text);
std::string FormatIsoTime(std::int64_t unix_seconds);  // "2026-12-01T10:00:00Z"

}  // namespace affinity

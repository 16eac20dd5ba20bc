#include "rules/schedule.hpp"

#include <boost/json/object.hpp>
#include <cstdio>
#include <limits>
#include <string>

#include "rules/civil_time.hpp"

namespace affinity {
namespace {

namespace json = boost::json;

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

// Reads exactly `width` digits at `*pos`.
bool ReadDigits(std::string_view s, std::size_t* pos, int width, int* out) {
  if (*pos + width > s.size()) return false;
  int v = 0;
  for (int i = 0; i < width; ++i) {
    char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += width;
  *out = v;
  return true;
}

bool Expect(std::string_view s, std::size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

// "11-01" -> month 11, day 1, checked against a leap year (02-29 is a valid season end).
Status ParseMonthDay(std::string_view text, int* month, int* day) {
  std::size_t pos = 0;
  if (!ReadDigits(text, &pos, 2, month) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, day) || pos != text.size()) {
    return Status::InvalidArgument("schedule.recurring: expected \"MM-DD/MM-DD\" such as "
                                   "\"11-01/02-28\", got '" + std::string(text) + "'");
  }
  if (*month < 1 || *month > 12) {
    return Status::InvalidArgument("schedule.recurring: month " + std::to_string(*month) +
                                   " in '" + std::string(text) + "' must be 01-12");
  }
  if (*day < 1 || *day > DaysInMonth(2000, *month)) {
    return Status::InvalidArgument("schedule.recurring: day " + std::to_string(*day) + " in '" +
                                   std::string(text) + "' does not exist in " +
                                   kMonthNames[*month - 1]);
  }
  return Status::Ok();
}

std::string TwoDigits(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

}  // namespace

Result<std::int64_t> ParseIsoTime(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not an ISO 8601 time" +
                                   (why.empty() ? std::string(" such as 2026-12-01 or "
                                                              "2026-12-01T10:00:00Z")
                                                : ": " + std::string(why)));
  };
  std::size_t pos = 0;
  int year, month, day;
  if (!ReadDigits(text, &pos, 4, &year) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &month) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &day)) {
    return bad("");
  }
  if (month < 1 || month > 12) return bad("month must be 01-12");
  if (day < 1 || day > DaysInMonth(year, month)) {
    return bad("day " + TwoDigits(day) + " does not exist in " + kMonthNames[month - 1] + " " +
               std::to_string(year));
  }
  std::int64_t seconds = DaysFromCivil(year, month, day) * 86400;
  if (pos == text.size()) return seconds;
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return bad("");
  ++pos;
  int hour, minute, second = 0;
  if (!ReadDigits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &minute)) {
    return bad("");
  }
  if (pos < text.size() && text[pos] == ':' && !(++pos, ReadDigits(text, &pos, 2, &second))) {
    return bad("");
  }
  if (pos < text.size() && text[pos] == '.') {  // fractions of a second are dropped
    ++pos;
    std::size_t digits = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == digits) return bad("");
  }
  if (hour > 23 || minute > 59 || second > 60) return bad("time of day out of range");
  seconds += hour * 3600 + minute * 60 + std::min(second, 59);
  if (pos == text.size()) return seconds;
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) return seconds;
  if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '+' ? 1 : -1;
    ++pos;
    int oh, om = 0;
    if (!ReadDigits(text, &pos, 2, &oh)) return bad("");
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (pos < text.size() && !ReadDigits(text, &pos, 2, &om)) return bad("");
    if (pos != text.size() || oh > 23 || om > 59) return bad("bad zone offset");
    return seconds - sign * (oh * 3600 + om * 60);
  }
  return bad("");
}

std::string FormatIsoTime(std::int64_t unix_seconds) {
  // Replies stamp the current second, many times a second: keep the last one per thread.
  thread_local std::int64_t cached_at = std::numeric_limits<std::int64_t>::min();
  thread_local std::string cached;
  if (unix_seconds == cached_at) return cached;
  const std::int64_t days = DaysOfUnixSeconds(unix_seconds);
  const std::int64_t rest = unix_seconds - days * 86400;
  const CivilDate d = CivilFromDays(days);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
                static_cast<long long>(d.year), d.month, d.day, static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  cached_at = unix_seconds;
  cached = buf;
  return cached;
}

Result<Schedule> Schedule::FromJson(const json::value& value) {
  Schedule s;
  if (value.is_null()) return s;
  constexpr const char* kForms =
      "{\"from\":\"2026-11-01\",\"to\":\"2027-02-28T23:59:59Z\"} or {\"recurring\":\"11-01/02-28\"}";
  if (!value.is_object()) {
    return Status::InvalidArgument(std::string("schedule must be an object such as ") + kForms);
  }
  const json::object& o = value.get_object();
  for (const auto& kv : o) {
    if (kv.key() != "from" && kv.key() != "to" && kv.key() != "recurring") {
      return Status::InvalidArgument("schedule: unknown field '" + std::string(kv.key()) +
                                     "': use from and to, or recurring");
    }
    if (!kv.value().is_string()) {
      return Status::InvalidArgument("schedule." + std::string(kv.key()) + " must be a string, as in " +
                                     kForms);
    }
  }
  if (const json::value* r = o.if_contains("recurring")) {
    if (o.contains("from") || o.contains("to")) {
      return Status::InvalidArgument("schedule: use either recurring or from/to, not both");
    }
    std::string_view text = r->get_string();
    std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) {
      return Status::InvalidArgument("schedule.recurring: expected \"MM-DD/MM-DD\" such as "
                                     "\"11-01/02-28\", got '" + std::string(text) + "'");
    }
    Season season{};
    AFFINITY_RETURN_IF_ERROR(ParseMonthDay(text.substr(0, slash), &season.from_month, &season.from_day));
    AFFINITY_RETURN_IF_ERROR(ParseMonthDay(text.substr(slash + 1), &season.to_month, &season.to_day));
    s.recurring_ = season;
    return s;
  }
  for (const char* field : {"from", "to"}) {
    const json::value* v = o.if_contains(field);
    if (!v) continue;
    Result<std::int64_t> t = ParseIsoTime(v->get_string());
    if (!t.ok()) {
      return Status::InvalidArgument("schedule." + std::string(field) + ": " + t.status().message());
    }
    (std::string_view(field) == "from" ? s.from_ : s.to_) = *t;
  }
  if (s.from_ && s.to_ && *s.from_ > *s.to_) {
    return Status::InvalidArgument("schedule: from (" + FormatIsoTime(*s.from_) +
                                   ") is after to (" + FormatIsoTime(*s.to_) + ")");
  }
  return s;
}

json::value Schedule::ToJson() const {
  if (always()) return nullptr;
  json::object o;
  if (recurring_) {
    const Season& r = *recurring_;
    o["recurring"] = TwoDigits(r.from_month) + "-" + TwoDigits(r.from_day) + "/" +
                     TwoDigits(r.to_month) + "-" + TwoDigits(r.to_day);
    return o;
  }
  if (from_) o["from"] = FormatIsoTime(*from_);
  if (to_) o["to"] = FormatIsoTime(*to_);
  return o;
}

bool Schedule::IsActive(std::int64_t unix_seconds) const {
  if (recurring_) {
    // Month-day keys compare within a year; a 02-29 end in a common year then ends with February
    // (03-01 sorts after it), and a 02-29 start begins on 03-01.
    const CivilDate d = CivilFromDays(DaysOfUnixSeconds(unix_seconds));
    const int key = d.month * 100 + d.day;
    const int start = recurring_->from_month * 100 + recurring_->from_day;
    const int end = recurring_->to_month * 100 + recurring_->to_day;
    return start <= end ? (start <= key && key <= end) : (key >= start || key <= end);
  }
  if (from_ && unix_seconds < *from_) return false;
  if (to_ && unix_seconds > *to_) return false;
  return true;
}

}  // namespace affinity

#include "intake/map_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "common/money.hpp"

namespace affinity {
namespace {

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](unsigned char c) { return std::isdigit(c) != 0; });
}

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The `len` digits at `pos` as an int. Longer than 4 digits is no part of a date (and past 9 an
// int would overflow: an RFC 2822 day of 20 digits once did).
bool ReadInt(std::string_view s, std::size_t pos, std::size_t len, int* out) {
  if (len > 4 || pos + len > s.size()) return false;
  std::string_view d = s.substr(pos, len);
  if (!Digits(d)) return false;
  *out = 0;
  for (char c : d) *out = *out * 10 + (c - '0');
  return true;
}

// Parses a zone suffix: "Z", "UTC", "GMT", "+05:00", "-0400", "+05". Offset in seconds east of UTC.
bool ParseZone(std::string_view z, int* offset) {
  while (!z.empty() && z.front() == ' ') z.remove_prefix(1);
  if (z == "Z" || z == "z" || z == "UTC" || z == "GMT") {
    *offset = 0;
    return true;
  }
  if (z.size() < 3 || (z[0] != '+' && z[0] != '-')) return false;
  int sign = z[0] == '-' ? -1 : 1;
  int h = 0, m = 0;
  if (!ReadInt(z, 1, 2, &h)) return false;
  std::string_view rest = z.substr(3);
  if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
  if (!rest.empty()) {
    if (rest.size() != 2 || !ReadInt(rest, 0, 2, &m)) return false;
  }
  if (h > 23 || m > 59) return false;
  *offset = sign * (h * 3600 + m * 60);
  return true;
}

bool ValidDate(int y, int mo, int d) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= kDays[mo - 1] &&
         !(mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

std::optional<SourceTime> ParseIsoLike(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!ReadInt(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !ReadInt(s, 5, 2, &mo) ||
      s[7] != '-' || !ReadInt(s, 8, 2, &d) || !ValidDate(y, mo, d)) {
    return std::nullopt;
  }
  std::size_t pos = 10;
  SourceTime out;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ') && pos + 1 < s.size() &&
      std::isdigit(static_cast<unsigned char>(s[pos + 1]))) {
    ++pos;
    if (!ReadInt(s, pos, 2, &h) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
        !ReadInt(s, pos + 3, 2, &mi)) {
      return std::nullopt;
    }
    pos += 5;
    if (pos < s.size() && s[pos] == ':') {
      if (!ReadInt(s, pos + 1, 2, &sec)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {  // fraction: dropped
        ++pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  int offset = 0;
  std::string_view zone = s.substr(pos);
  if (!zone.empty()) {
    if (!ParseZone(zone, &offset)) return std::nullopt;
    out.had_zone = true;
  }
  out.unix_seconds = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
  return out;
}

// "Fri, 02 Mar 2012 21:36:24 +0000" (the weekday is optional).
std::optional<SourceTime> ParseRfc2822(std::string_view s) {
  if (auto comma = s.find(','); comma != std::string_view::npos) s.remove_prefix(comma + 1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  std::size_t p1 = s.find(' ');
  if (p1 == std::string_view::npos) return std::nullopt;
  int d = 0;
  if (!ReadInt(s, 0, p1, &d)) return std::nullopt;
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string_view mon = s.substr(p1 + 1, 3);
  int mo = 0;
  for (int i = 0; i < 12; ++i) {
    if (mon == kMonths[i]) mo = i + 1;
  }
  if (mo == 0 || s.size() < p1 + 5 || s[p1 + 4] != ' ') return std::nullopt;
  std::string_view rest = s.substr(p1 + 5);
  int y = 0, h = 0, mi = 0, sec = 0;
  if (!ReadInt(rest, 0, 4, &y) || rest.size() < 13 || rest[4] != ' ' || !ReadInt(rest, 5, 2, &h) ||
      rest[7] != ':' || !ReadInt(rest, 8, 2, &mi) || rest[10] != ':' ||
      !ReadInt(rest, 11, 2, &sec) || !ValidDate(y, mo, d) || h > 23 || mi > 59 || sec > 60) {
    return std::nullopt;
  }
  SourceTime out;
  int offset = 0;
  std::string_view zone = rest.substr(13);
  if (!zone.empty()) {
    if (!ParseZone(zone, &offset)) return std::nullopt;
    out.had_zone = true;
  }
  out.unix_seconds = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
  return out;
}

}  // namespace

void AddNote(MappedOrder* mapped, std::string note) {
  if (std::find(mapped->notes.begin(), mapped->notes.end(), note) == mapped->notes.end()) {
    mapped->notes.push_back(std::move(note));
  }
}

std::int64_t MinorFromText(std::string_view text, std::string_view currency, std::string_view field,
                           MappedOrder* mapped) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::string_view whole = s, frac;
  if (auto dot = s.find('.'); dot != std::string_view::npos) {
    whole = s.substr(0, dot);
    frac = s.substr(dot + 1);
  }
  if ((whole.empty() && frac.empty()) || (!whole.empty() && !Digits(whole)) ||
      (!frac.empty() && !Digits(frac)) || whole.size() > 15) {
    ThrowMapFailure(std::string(field),
                    fmt::format("expected a decimal amount such as \"19.99\", got \"{}\"", text));
  }
  const int exponent = CurrencyExponent(currency);
  std::int64_t minor = 0;
  for (char c : whole) minor = minor * 10 + (c - '0');
  for (int i = 0; i < exponent; ++i) {
    minor = minor * 10 + (static_cast<std::size_t>(i) < frac.size() ? frac[i] - '0' : 0);
  }
  if (frac.size() > static_cast<std::size_t>(exponent)) {
    std::string_view dropped = frac.substr(exponent);
    bool lossy = dropped.find_first_not_of('0') != std::string_view::npos;
    if (dropped[0] >= '5') ++minor;  // half-up on the magnitude
    AddNote(mapped, fmt::format("amounts carry {} decimals; rounded half-up to the {} of {}",
                                frac.size(), exponent, currency));
    if (lossy) {
      AddNote(mapped, fmt::format("{}: \"{}\" has more decimals than {} allows; rounded half-up to "
                                  "{}",
                                  field, text, currency,
                                  FormatMinorUnits(negative ? -minor : minor, currency)));
    }
  }
  return negative ? -minor : minor;
}

std::int64_t Minor(const JsonView& v, std::string_view currency, MappedOrder* mapped) {
  return MinorFromText(v.DecimalText(), currency, v.path(), mapped);
}

std::int64_t MinorOr(const JsonView& v, std::string_view currency, MappedOrder* mapped,
                     std::int64_t fallback) {
  if (v.missing() || (v.is_string() && v.StrOr().find_first_not_of(' ') == std::string::npos)) {
    return fallback;
  }
  return Minor(v, currency, mapped);
}

std::optional<SourceTime> ParseSourceTime(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(text[0])) && text.size() >= 10 && text[4] == '-') {
    return ParseIsoLike(text);
  }
  return ParseRfc2822(text);
}

std::int64_t TimeField(const JsonView& v, MappedOrder* mapped) {
  std::string text = v.Str();
  std::optional<SourceTime> t = ParseSourceTime(text);
  if (!t) {
    v.Fail(fmt::format("expected a timestamp such as \"2026-11-01T10:00:00Z\" or \"Fri, 02 Mar "
                       "2012 21:36:24 +0000\", got \"{}\"",
                       text));
  }
  if (!t->had_zone) AddNote(mapped, fmt::format("{}: \"{}\" has no zone; taken as UTC", v.path(), text));
  return t->unix_seconds;
}

void SetIdentity(const RawDelivery& delivery, std::string_view channel, std::string external_id,
                 MappedOrder* mapped) {
  Order& o = mapped->order;
  o.channel = std::string(channel);
  o.account = delivery.account.empty() ? "default" : delivery.account;
  o.external_id = std::move(external_id);
  o.id = CanonicalOrderId(o.channel, o.account, o.external_id);
}

std::string ResolveCurrency(std::string_view payload_currency, const RawDelivery& delivery,
                            std::string_view field, MappedOrder* mapped) {
  if (!payload_currency.empty()) {
    if (!IsCurrencyCode(payload_currency)) {
      ThrowMapFailure(std::string(field),
                      fmt::format("expected an ISO 4217 currency code such as \"USD\", got \"{}\"",
                                  payload_currency));
    }
    mapped->attributes[kAttrCurrencySource] = "payload";
    return std::string(payload_currency);
  }
  if (!IsCurrencyCode(delivery.default_currency)) {
    ThrowMapFailure(std::string(field),
                    fmt::format("the payload has no currency and account '{}' has no default "
                                "currency; set the account's default currency",
                                delivery.account));
  }
  AddNote(mapped, fmt::format("{}: no currency in the payload; used the account default {}", field,
                              delivery.default_currency));
  mapped->attributes[kAttrCurrencySource] = "account_default";
  return delivery.default_currency;
}

std::int64_t SumLines(const Order& order) {
  std::int64_t sum = 0;
  for (const OrderLine& l : order.lines) sum += l.TotalMinor();
  return sum;
}

Result<std::vector<MappedOrder>> RunMap(const std::function<std::vector<MappedOrder>()>& fn) {
  try {
    return fn();
  } catch (const MapFailure& f) {
    return IntakeError{IntakeErrorClass::kPermanent, "map", f.field, f.message}.ToStatus();
  }
}

Result<std::vector<MappedOrder>> RunJsonMap(
    std::string_view body, const std::function<std::vector<MappedOrder>(const JsonView&)>& fn) {
  Result<boost::json::value> parsed = ParseJsonBody(body);
  if (!parsed.ok()) return parsed.status();
  const boost::json::value& root = *parsed;
  return RunMap([&] { return fn(JsonView(&root, "")); });
}

}  // namespace affinity

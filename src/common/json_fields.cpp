#include "common/json_fields.hpp"

#include <fmt/format.h>

#include <charconv>

#include "common/json_write.hpp"
#include "common/strings.hpp"

namespace affinity {
namespace json = boost::json;

std::string DescribeJson(const json::value& value) {
  std::string text = ToJsonText(value);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

bool JsonFields::Has(std::string_view key) const {
  auto it = object_.find(key);
  return it != object_.end() && !it->value().is_null();
}

const json::value* JsonFields::Find(std::string_view key, bool required) {
  asked_.emplace(key);
  auto it = object_.find(key);
  bool absent = it == object_.end() || it->value().is_null() ||
                (lenient_ && it->value().is_string() && Trim(it->value().as_string()).empty());
  if (absent) {
    if (required) AddError(key, "is required");
    return nullptr;
  }
  return &it->value();
}

const json::value* JsonFields::Raw(std::string_view key) { return Find(key, false); }

void JsonFields::AddError(std::string_view key, std::string_view message) {
  errors_.push_back(fmt::format("field '{}{}' {}", path_, key, message));
}

void JsonFields::Absorb(const JsonFields& nested) {
  errors_.insert(errors_.end(), nested.errors_.begin(), nested.errors_.end());
}

void JsonFields::TypeError(std::string_view key, std::string_view expected, const json::value& got) {
  AddError(key, fmt::format("must be {}, got {}", expected, DescribeJson(got)));
}

std::optional<std::string> JsonFields::String(std::string_view key, bool required) {
  const json::value* v = Find(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    TypeError(key, "a string", *v);
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::optional<std::int64_t> JsonFields::Int(std::string_view key, bool required) {
  const json::value* v = Find(key, required);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= INT64_MAX) return static_cast<std::int64_t>(v->as_uint64());
  // Only a double within [-2^63, 2^63) may be cast: converting one beyond int64 (1e300) is
  // undefined behaviour, not a value that fails the comparison.
  if (v->is_double() && v->as_double() >= -0x1p63 && v->as_double() < 0x1p63 &&
      v->as_double() == static_cast<double>(static_cast<std::int64_t>(v->as_double()))) {
    return static_cast<std::int64_t>(v->as_double());
  }
  if (lenient_ && v->is_string()) {
    std::string_view s = Trim(v->as_string());
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size()) return out;
  }
  TypeError(key, "an integer", *v);
  return std::nullopt;
}

std::optional<double> JsonFields::Number(std::string_view key, bool required) {
  const json::value* v = Find(key, required);
  if (!v) return std::nullopt;
  if (v->is_number()) return v->to_number<double>();
  if (lenient_ && v->is_string()) {
    std::string_view s = Trim(v->as_string());
    double out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size()) return out;
  }
  TypeError(key, "a number", *v);
  return std::nullopt;
}

std::optional<bool> JsonFields::Bool(std::string_view key, bool required) {
  const json::value* v = Find(key, required);
  if (!v) return std::nullopt;
  if (v->is_bool()) return v->as_bool();
  if (lenient_ && v->is_string()) {
    std::string s = ToLower(Trim(v->as_string()));
    if (s == "true" || s == "1" || s == "yes") return true;
    if (s == "false" || s == "0" || s == "no") return false;
  }
  TypeError(key, "true or false", *v);
  return std::nullopt;
}

std::optional<std::string> JsonFields::Decimal(std::string_view key, bool required) {
  const json::value* v = Find(key, required);
  if (!v) return std::nullopt;
  if (v->is_string()) return std::string(Trim(v->as_string()));
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_double()) {
    // std::to_chars without a precision gives the shortest text that round-trips the double.
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v->as_double(), std::chars_format::fixed);
    if (ec == std::errc()) return std::string(buf, p);
  }
  TypeError(key, "a decimal string such as \"59.99\"", *v);
  return std::nullopt;
}

std::vector<std::string> JsonFields::UnknownKeys() const {
  std::vector<std::string> out;
  for (const auto& kv : object_) {
    if (!asked_.contains(kv.key())) out.emplace_back(kv.key());
  }
  return out;
}

void JsonFields::RejectUnknown(std::string_view hint) {
  std::vector<std::string_view> known(asked_.begin(), asked_.end());
  for (const std::string& key : UnknownKeys()) {
    std::string nearest = NearestName(key, known);
    if (!nearest.empty()) {
      errors_.push_back(
          fmt::format("unknown field '{}{}' (did you mean '{}'?)", path_, key, nearest));
    } else if (!hint.empty()) {
      errors_.push_back(fmt::format("unknown field '{}{}' ({})", path_, key, hint));
    } else {
      errors_.push_back(fmt::format("unknown field '{}{}'", path_, key));
    }
  }
}

Status JsonFields::status() const {
  if (errors_.empty()) return Status::Ok();
  std::string joined;
  for (std::size_t i = 0; i < errors_.size() && i < kMaxReportedErrors; ++i) {
    if (!joined.empty()) joined += "; ";
    joined += errors_[i];
  }
  if (errors_.size() > kMaxReportedErrors) {
    joined += fmt::format("; and {} more errors", errors_.size() - kMaxReportedErrors);
  }
  return Status::InvalidArgument(joined);
}

}  // namespace affinity

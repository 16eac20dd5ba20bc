#include "intake/json_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/stream_parser.hpp>
#include <cctype>
#include <charconv>

#include "common/json_fields.hpp"
#include "intake/channel_adapter.hpp"

namespace affinity {
namespace json = boost::json;

void ThrowMapFailure(std::string field, std::string message) {
  throw MapFailure{std::move(field), std::move(message)};
}

namespace {

std::string Where(std::string_view body, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < body.size(); ++i) {
    if (body[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return fmt::format("byte {} (line {}, column {})", offset, line, col);
}

Status ParseFailure(std::string message) {
  return IntakeError{IntakeErrorClass::kPermanent, "parse", "", std::move(message)}.ToStatus();
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<json::value> ParseJsonBody(std::string_view body) {
  if (TrimView(body).empty()) return ParseFailure("the body is empty (expected a JSON document)");
  json::parse_options opts;
  opts.max_depth = kMaxPayloadDepth;
  json::stream_parser p(json::storage_ptr(), opts);
  boost::system::error_code ec;
  std::size_t used = p.write_some(body.data(), body.size(), ec);
  if (ec == json::error::too_deep) {
    return ParseFailure(
        fmt::format("the JSON nests deeper than {} levels at {}; no channel sends "
                    "such a payload",
                    kMaxPayloadDepth, Where(body, used)));
  }
  if (ec) {
    return ParseFailure(fmt::format("malformed JSON: {} at {}", ec.message(), Where(body, used)));
  }
  if (!p.done()) {
    p.finish(ec);
    if (ec || !p.done()) {
      return ParseFailure(fmt::format(
          "incomplete JSON: the body ends at {} inside an unfinished value; was it truncated?",
          Where(body, body.size())));
    }
  }
  if (used < body.size() && !TrimView(body.substr(used)).empty()) {
    return ParseFailure(fmt::format("text after the JSON document at {}", Where(body, used)));
  }
  return p.release();
}

void JsonView::Fail(std::string message) const { ThrowMapFailure(path_, std::move(message)); }

JsonView JsonView::operator[](std::string_view key) const {
  std::string child = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  if (missing()) return JsonView(nullptr, std::move(child));
  if (!value_->is_object()) Fail("expected an object, got " + DescribeJson(*value_));
  return JsonView(value_->as_object().if_contains(key), std::move(child));
}

JsonView JsonView::at(std::size_t i) const {
  if (!is_array()) Fail(missing() ? "is missing (expected an array)"
                                  : "expected an array, got " + DescribeJson(*value_));
  const json::array& a = value_->as_array();
  if (i >= a.size()) Fail(fmt::format("index {} out of range (size {})", i, a.size()));
  return JsonView(&a[i], fmt::format("{}[{}]", path_, i));
}

std::size_t JsonView::size() const {
  if (missing()) return 0;
  if (!value_->is_array()) Fail("expected an array, got " + DescribeJson(*value_));
  return value_->as_array().size();
}

const json::object& JsonView::object() const {
  if (!is_object()) {
    Fail(missing() ? "is missing (expected an object)"
                   : "expected an object, got " + DescribeJson(*value_));
  }
  return value_->as_object();
}

std::string JsonView::Str() const {
  if (missing()) Fail("is required (a string)");
  if (!value_->is_string()) Fail("expected a string, got " + DescribeJson(*value_));
  return std::string(value_->as_string());
}

std::string JsonView::StrOr(std::string_view fallback) const {
  if (missing()) return std::string(fallback);
  if (!value_->is_string()) Fail("expected a string, got " + DescribeJson(*value_));
  return std::string(value_->as_string());
}

std::string JsonView::IdText() const {
  if (missing()) Fail("is required (an id)");
  if (value_->is_int64()) return std::to_string(value_->as_int64());
  if (value_->is_uint64()) return std::to_string(value_->as_uint64());
  if (value_->is_string()) {
    std::string s(TrimView(value_->as_string()));
    if (s.empty()) Fail("is an empty string (expected an id)");
    return s;
  }
  Fail("expected an id (an integer or a string), got " + DescribeJson(*value_) +
       (value_->is_double() ? " (a number with a fraction or exponent cannot be an exact id)" : ""));
}

std::optional<std::string> JsonView::OptIdText() const {
  if (missing()) return std::nullopt;
  if (value_->is_string() && TrimView(value_->as_string()).empty()) return std::nullopt;
  return IdText();
}

std::int64_t JsonView::Int() const {
  if (missing()) Fail("is required (an integer)");
  if (value_->is_int64()) return value_->as_int64();
  if (value_->is_uint64()) {
    if (value_->as_uint64() > static_cast<std::uint64_t>(INT64_MAX)) Fail("integer too large");
    return static_cast<std::int64_t>(value_->as_uint64());
  }
  if (value_->is_string()) {
    std::string_view s = TrimView(value_->as_string());
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return out;
    Fail("expected an integer, got " + DescribeJson(*value_));
  }
  if (value_->is_double()) {
    // Integral doubles are exact below 2^53; quantities are far below that.
    double d = value_->as_double();
    if (d == static_cast<double>(static_cast<std::int64_t>(d)) && d > -9e15 && d < 9e15) {
      return static_cast<std::int64_t>(d);
    }
  }
  Fail("expected an integer, got " + DescribeJson(*value_));
}

std::optional<bool> JsonView::OptBool() const {
  if (missing()) return std::nullopt;
  if (value_->is_bool()) return value_->as_bool();
  if (value_->is_int64() && (value_->as_int64() == 0 || value_->as_int64() == 1)) {
    return value_->as_int64() == 1;
  }
  if (value_->is_string()) {
    std::string s(TrimView(value_->as_string()));
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (s == "true" || s == "1" || s == "yes") return true;
    if (s == "false" || s == "0" || s == "no") return false;
  }
  Fail("expected a boolean (true/false or \"true\"/\"false\"), got " + DescribeJson(*value_));
}

std::string JsonView::DecimalText() const {
  if (missing()) Fail("is required (a decimal amount)");
  if (value_->is_string()) return std::string(TrimView(value_->as_string()));
  if (value_->is_int64()) return std::to_string(value_->as_int64());
  if (value_->is_uint64()) return std::to_string(value_->as_uint64());
  if (value_->is_double()) {
    // Shortest text that round-trips the double: the digits the sender wrote.
    char buf[400];
    auto [p, ec] =
        std::to_chars(buf, buf + sizeof buf, value_->as_double(), std::chars_format::fixed);
    if (ec == std::errc()) return std::string(buf, p);
  }
  Fail("expected a decimal amount (\"19.99\" or a number), got " + DescribeJson(*value_));
}

}  // namespace affinity

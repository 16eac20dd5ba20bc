// JsonView: a read-only cursor into a parsed payload that knows its path
// ("orders[0].line_items[2].price"), for adapters. Its getters throw MapFailure with that path on a
// wrong shape; ChannelAdapter::Map implementations catch it (RunMap in map_support.hpp) and return
// a kPermanent IntakeError, so nothing throws across the port.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace affinity {

// Thrown inside adapters only.
struct MapFailure {
  std::string field;
  std::string message;
};
[[noreturn]] void ThrowMapFailure(std::string field, std::string message);

// The deepest nesting of arrays and objects a delivery body may have. Channel payloads nest fewer
// than 10 levels; the bound keeps parsing and every walk over the value shallow.
inline constexpr int kMaxPayloadDepth = 64;

// Parses a delivery body. InvalidArgument (an IntakeError, stage "parse", kPermanent) naming the
// reason and where: byte offset, line and column ("incomplete JSON: the body ends at byte 1045
// (line 40, column 3); was it truncated?"; "the JSON nests deeper than 64 levels at byte 70
// (line 1, column 71)").
Result<boost::json::value> ParseJsonBody(std::string_view body);

class JsonView {
 public:
  JsonView(const boost::json::value* value, std::string path)
      : value_(value), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  const boost::json::value* raw() const { return value_; }
  bool missing() const { return value_ == nullptr || value_->is_null(); }  // absent or null
  bool present() const { return !missing(); }
  bool is_object() const { return value_ && value_->is_object(); }
  bool is_array() const { return value_ && value_->is_array(); }
  bool is_string() const { return value_ && value_->is_string(); }

  // A member (missing when absent). Throws when this is present but not an object.
  JsonView operator[](std::string_view key) const;
  // An element. Throws when this is not an array or `i` is out of range.
  JsonView at(std::size_t i) const;
  // Array size; 0 when missing. Throws when present but not an array.
  std::size_t size() const;
  // Throws unless an object.
  const boost::json::object& object() const;

  // A required string (throws when missing or not a string).
  std::string Str() const;
  // A string, or "" when missing; numbers are not accepted.
  std::string StrOr(std::string_view fallback = {}) const;
  // An identifier: a string, or an integer of any width (Shopify ids exceed 2^53) as its decimal
  // text; never through a double (a JSON number with a fraction or exponent is refused).
  std::string IdText() const;
  std::optional<std::string> OptIdText() const;
  // An integer: a JSON integer, an integral string ("1") or an integral double (2.0, as Magento
  // sends qty_ordered). Throws otherwise.
  std::int64_t Int() const;
  // true/false, "true"/"false" (any case), 1/0, "1"/"0"; nullopt when missing; throws otherwise.
  std::optional<bool> OptBool() const;
  // A decimal as text: strings as given (trimmed), integers as digits, doubles as the shortest text
  // that round-trips them (396.87 -> "396.87"), never arithmetic on the double.
  std::string DecimalText() const;

  [[noreturn]] void Fail(std::string message) const;

 private:
  const boost::json::value* value_;
  std::string path_;
};

}  // namespace affinity

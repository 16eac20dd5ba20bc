// JsonFields: reads typed fields out of a JSON object with precise errors ("field 'stock': expected an
// integer, got \"twelve\""), and rejects fields nobody asked for, suggesting the nearest known name.
// In lenient mode (CSV rows, where every value is text) numbers and booleans may arrive as strings.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace affinity {

class JsonFields {
 public:
  // `object` must outlive this reader. `path`, for an object nested in another, is put before
  // every field name in errors: with "items[2]." a bad quantity is "field 'items[2].quantity'".
  explicit JsonFields(const boost::json::object& object, bool lenient = false,
                      std::string path = {})
      : object_(object), lenient_(lenient), path_(std::move(path)) {}

  // Each getter returns nullopt when the field is absent (or null, or an empty CSV cell) and records
  // an error when it has the wrong type; `required` records an error when absent too.
  std::optional<std::string> String(std::string_view key, bool required = false);
  std::optional<std::int64_t> Int(std::string_view key, bool required = false);
  std::optional<double> Number(std::string_view key, bool required = false);
  std::optional<bool> Bool(std::string_view key, bool required = false);
  // A decimal as text: accepts "59.99", 59 and, from JSON numbers with a fraction, the shortest text
  // that round-trips the parsed value (59.99 -> "59.99"), which is the text the sender wrote.
  std::optional<std::string> Decimal(std::string_view key, bool required = false);
  // The raw value, marking the key as known; nullptr when absent.
  const boost::json::value* Raw(std::string_view key);
  bool Has(std::string_view key) const;

  void AddError(std::string_view key, std::string_view message);

  // Records an error for every key that no getter asked for ("unknown field 'colour' (did you mean
  // 'color'?)"). Call after all getters.
  // `hint`, when given, is added to unknown fields that resemble no known name.
  void RejectUnknown(std::string_view hint = {});
  // The keys no getter asked for, for callers that keep them (e.g. CSV columns as free attributes).
  std::vector<std::string> UnknownKeys() const;
  // Takes over the errors of a reader of a nested object (made with a `path`), so that status()
  // reports them with this reader's own.
  void Absorb(const JsonFields& nested);

  // OK, or InvalidArgument with the recorded errors joined by "; ": the first kMaxReportedErrors,
  // then how many more there are ("...; and 480 more errors").
  Status status() const;
  static constexpr std::size_t kMaxReportedErrors = 20;

 private:
  const boost::json::value* Find(std::string_view key, bool required);
  void TypeError(std::string_view key, std::string_view expected, const boost::json::value& got);

  const boost::json::object& object_;
  bool lenient_;
  std::string path_;
  std::set<std::string, std::less<>> asked_;
  std::vector<std::string> errors_;
};

// A short rendering of a value for error messages: strings quoted, long values cut.
std::string DescribeJson(const boost::json::value& value);

}  // namespace affinity

#include "common/record_reader.hpp"

#include <fmt/format.h>

#include <boost/json/stream_parser.hpp>
#include <cctype>

#include "common/csv_reader.hpp"
#include "common/strings.hpp"

namespace affinity {
namespace json = boost::json;
namespace {


class Collector {
 public:
  Collector(const RecordFn& fn, std::vector<RecordError>* errors, std::size_t max_errors)
      : fn_(fn), errors_(errors), max_errors_(max_errors) {}

  bool full() const { return errors_->size() >= max_errors_; }
  void Error(std::size_t line, std::string message) {
    if (!full()) errors_->push_back({line, std::move(message)});
  }
  void Deliver(std::size_t line, json::value value) {
    if (!value.is_object()) {
      Error(line, "expected a JSON object, got " + std::string(KindName(value)));
      return;
    }
    Status st = fn_(line, value.as_object());
    if (!st.ok()) Error(line, st.message());
  }
  // `text` is one record, starting on `line`.
  void ParseAndDeliver(std::size_t line, std::string_view text) {
    json::parse_options options;
    options.max_depth = kMaxRecordJsonDepth;
    json::stream_parser parser(json::storage_ptr(), options);
    boost::system::error_code ec;
    const std::size_t used = parser.write_some(text.data(), text.size(), ec);
    if (ec == json::error::too_deep) {
      Error(line, fmt::format("the record nests deeper than {} levels at {}; flatten it",
                              kMaxRecordJsonDepth, Where(line, text, used)));
      return;
    }
    if (ec) {
      Error(line, fmt::format("malformed JSON: {} at {}", ec.message(), Where(line, text, used)));
      return;
    }
    if (used < text.size() && !Trim(text.substr(used)).empty()) {
      Error(line,
            fmt::format("malformed JSON: text after the value at {}", Where(line, text, used)));
      return;
    }
    parser.finish(ec);
    if (ec || !parser.done()) {
      Error(line, "malformed JSON: the record ends inside an unfinished value");
      return;
    }
    Deliver(line, parser.release());
  }

 private:
  // "line 12, column 4" of byte `offset` of a record that starts on `line`.
  static std::string Where(std::size_t line, std::string_view text, std::size_t offset) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return fmt::format("line {}, column {}", line, column);
  }
  static std::string_view KindName(const json::value& v) {
    switch (v.kind()) {
      case json::kind::array: return "an array";
      case json::kind::string: return "a string";
      case json::kind::null: return "null";
      case json::kind::bool_: return "a boolean";
      default: return "a number";
    }
  }
  const RecordFn& fn_;
  std::vector<RecordError>* errors_;
  std::size_t max_errors_;
};

void ReadCsv(std::string_view text, Collector& out) {
  CsvReader reader(text);
  CsvRecord header;
  Status error;
  if (!reader.Next(&header, &error)) {
    out.Error(1, error.ok() ? "empty file: expected a header line such as 'sku,name,price'"
                            : error.message());
    return;
  }
  for (auto& h : header.fields) h = std::string(Trim(h));
  CsvRecord row;
  while (!out.full()) {
    if (!reader.Next(&row, &error)) {
      if (error.ok()) return;
      out.Error(row.line, error.message());
      error = Status::Ok();
      if (reader.at_end()) return;
      continue;
    }
    if (row.fields.size() == 1 && Trim(row.fields[0]).empty()) continue;
    if (row.fields.size() != header.fields.size()) {
      out.Error(row.line, "has " + std::to_string(row.fields.size()) + " fields, the header has " +
                              std::to_string(header.fields.size()));
      continue;
    }
    json::object obj;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      if (header.fields[i].empty()) continue;
      obj[header.fields[i]] = row.fields[i];
    }
    out.Deliver(row.line, std::move(obj));
  }
}

void ReadNdjson(std::string_view text, Collector& out) {
  std::size_t line = 0;
  while (!text.empty() && !out.full()) {
    ++line;
    std::size_t nl = text.find('\n');
    std::string_view current = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (Trim(current).empty()) continue;
    out.ParseAndDeliver(line, current);
  }
}

// Splits a top-level JSON array into its elements without parsing them, tracking the line each
// starts on, so that one bad element is reported with its line and the others still load.
void ReadJsonArray(std::string_view text, Collector& out) {
  std::size_t pos = 0, line = 1;
  auto skip_space = [&] {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) {
      if (text[pos++] == '\n') ++line;
    }
  };
  skip_space();
  if (pos < text.size() && text.substr(pos).starts_with("\xEF\xBB\xBF")) pos += 3;
  if (pos >= text.size() || text[pos] != '[') {
    out.Error(line, "expected a JSON array of objects ('[{...}, {...}]')");
    return;
  }
  ++pos;
  while (!out.full()) {
    skip_space();
    if (pos >= text.size()) {
      out.Error(line, "the array is never closed (missing ']')");
      return;
    }
    if (text[pos] == ']') {
      ++pos;
      skip_space();
      if (pos < text.size()) out.Error(line, "unexpected text after the closing ']'");
      return;
    }
    const std::size_t start = pos, start_line = line;
    int depth = 0;
    bool in_string = false;
    for (; pos < text.size(); ++pos) {
      char c = text[pos];
      if (c == '\n') ++line;
      if (in_string) {
        if (c == '\\') ++pos;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '{' || c == '[') ++depth;
      else if (c == '}' || c == ']') {
        if (depth == 0) break;  // the closing ']' of the outer array
        --depth;
      } else if (c == ',' && depth == 0) break;
    }
    std::string_view element = Trim(text.substr(start, pos - start));
    if (element.empty()) {
      out.Error(start_line, "empty array element (a stray ',')");
    } else {
      out.ParseAndDeliver(start_line, element);
    }
    if (pos < text.size() && text[pos] == ',') ++pos;
  }
}

}  // namespace

std::optional<RecordFormat> RecordFormatFromContentType(std::string_view content_type) {
  std::string ct = ToLower(Trim(content_type.substr(0, content_type.find(';'))));
  if (ct == "text/csv" || ct == "application/csv") return RecordFormat::kCsv;
  if (ct == "application/json") return RecordFormat::kJsonArray;
  if (ct == "application/x-ndjson" || ct == "application/ndjson" ||
      ct == "application/jsonlines" || ct == "application/x-jsonlines") {
    return RecordFormat::kNdjson;
  }
  return std::nullopt;
}

std::optional<RecordFormat> RecordFormatFromPath(std::string_view path) {
  std::string p = ToLower(path);
  if (p.ends_with(".csv")) return RecordFormat::kCsv;
  if (p.ends_with(".json")) return RecordFormat::kJsonArray;
  if (p.ends_with(".ndjson") || p.ends_with(".jsonl")) return RecordFormat::kNdjson;
  return std::nullopt;
}

void ReadRecords(std::string_view text, RecordFormat format, const RecordFn& fn,
                 std::vector<RecordError>* errors, std::size_t max_errors) {
  Collector out(fn, errors, max_errors);
  switch (format) {
    case RecordFormat::kCsv: ReadCsv(text, out); break;
    case RecordFormat::kNdjson: ReadNdjson(text, out); break;
    case RecordFormat::kJsonArray: ReadJsonArray(text, out); break;
  }
}

}  // namespace affinity

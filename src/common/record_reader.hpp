// Reads a batch file (CSV with a header, a JSON array of objects, or NDJSON) as a sequence of JSON
// objects, each with the line it starts on. CSV values arrive as strings, keyed by header names.
// Every import (products, relationships) goes through here, so each reports bad rows the same way.
// Limits: CSV records as CsvReader's (kMaxCsvFieldBytes, kMaxCsvFields); a JSON record may nest
// kMaxRecordJsonDepth levels. Either is reported as a bad record with its line, never a crash.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace affinity {

enum class RecordFormat { kCsv, kJsonArray, kNdjson };

// The deepest nesting of arrays and objects in one JSON record (boost::json's default).
inline constexpr int kMaxRecordJsonDepth = 32;

// From a Content-Type ("text/csv; charset=utf-8", "application/json", "application/x-ndjson").
std::optional<RecordFormat> RecordFormatFromContentType(std::string_view content_type);
// From a file name's extension (.csv, .json, .ndjson / .jsonl).
std::optional<RecordFormat> RecordFormatFromPath(std::string_view path);

struct RecordError {
  std::size_t line = 0;
  std::string message;
};

// Called once per record. The callback reports a problem with the record by returning a non-OK
// Status; its message is recorded with the record's line.
using RecordFn = std::function<Status(std::size_t line, boost::json::object& record)>;

// Reads every record of `text`, calling `fn` for each well-formed one. Problems (malformed lines,
// rejected records) are appended to `errors`; reading continues past them so that one pass reports
// every bad row. Stops early once `max_errors` errors were collected.
void ReadRecords(std::string_view text, RecordFormat format, const RecordFn& fn,
                 std::vector<RecordError>* errors, std::size_t max_errors = 1000);

}  // namespace affinity

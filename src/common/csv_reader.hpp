// CsvReader: RFC 4180 records (quoted fields, doubled quotes, CR/LF/CRLF line ends, line breaks
// inside quotes) with the physical line each record starts on, for error messages that point at a
// line. Reading is iterative and bounded: a field longer than kMaxCsvFieldBytes or a record of more
// than kMaxCsvFields fields is an error naming the limit and the line, not an allocation the size
// of the input times the bookkeeping of each field.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace affinity {

// The longest field, in bytes. Product descriptions and payload columns stay far below it; a field
// this long is almost always a quote left open, which would swallow the rest of the file.
inline constexpr std::size_t kMaxCsvFieldBytes = 1024 * 1024;
// The most fields of one record. A catalog with many attribute columns has a few hundred; a file
// read with the wrong delimiter (a run of commas) could otherwise make millions of empty fields.
inline constexpr std::size_t kMaxCsvFields = 10'000;

struct CsvRecord {
  std::size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  // `text` must outlive the reader. A leading UTF-8 byte-order mark is skipped.
  explicit CsvReader(std::string_view text, char delimiter = ',');

  // Reads the next record into `out`. Returns false at the end of input. A malformed record (a
  // quote left open, text after a closing quote, a field over kMaxCsvFieldBytes, more than
  // kMaxCsvFields fields) sets `error` (InvalidArgument) with its line and returns false; reading
  // may go on after it (the rest of that line is skipped; an over-long quoted field is skipped to
  // its closing quote first) unless at_end().
  bool Next(CsvRecord* out, Status* error);
  bool at_end() const { return pos_ >= text_.size(); }

 private:
  // Skips to the start of the next line (after the next line break).
  void SkipLine();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  char delimiter_;
};

}  // namespace affinity

// CsvReader: RFC 4180 records (quoted fields, doubled quotes, CR/LF/CRLF line ends, line breaks inside
// quotes) with the physical line each record starts on, for error messages that point at a line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace affinity {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  // `text` must outlive the reader. A leading UTF-8 byte-order mark is skipped.
  explicit CsvReader(std::string_view text, char delimiter = ',');

  // Reads the next record into `out`. Returns false at the end of input. A malformed record (a quote
  // left open, text after a closing quote) sets `error` with its line and returns false; reading
  // may go on after it (the rest of that line is skipped) unless at_end().
  bool Next(CsvRecord* out, Status* error);
  bool at_end() const { return pos_ >= text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  char delimiter_;
};

}  // namespace affinity

#include "common/csv_reader.hpp"

#include <fmt/format.h>

namespace affinity {

void CsvReader::SkipLine() {
  while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
  if (pos_ < text_.size()) {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }
}

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

bool CsvReader::Next(CsvRecord* out, Status* error) {
  out->fields.clear();
  // Skip blank lines between records.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n' || (text_[pos_] == '\r' && (pos_ + 1 >= text_.size() ||
                                                        text_[pos_ + 1] != '\n'))) {
      ++line_;
    }
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  out->line = line_;
  std::string field;
  while (true) {
    field.clear();
    if (out->fields.size() == kMaxCsvFields) {
      *error = Status::InvalidArgument(fmt::format(
          "line {}: the record has more than {} fields, the most one record may have (is the "
          "delimiter '{}' right?)",
          out->line, kMaxCsvFields,
          delimiter_ == '\t' ? std::string("\\t") : std::string(1, delimiter_)));
      SkipLine();
      return false;
    }
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const std::size_t open_line = line_;
      ++pos_;
      bool closed = false;
      bool too_long = false;
      while (pos_ < text_.size()) {
        char ch = text_[pos_++];
        if (ch == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            if (!too_long) field.push_back('"');
            ++pos_;
          } else {
            closed = true;
            break;
          }
        } else {
          // A line break inside quotes is LF, CRLF (counted at its LF) or a lone CR.
          if (ch == '\n' || (ch == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) ++line_;
          if (!too_long) field.push_back(ch);
        }
        // Past the limit the field is only scanned to its end, so reading can resume after it.
        if (field.size() > kMaxCsvFieldBytes) too_long = true;
      }
      if (!closed) {
        *error = Status::InvalidArgument("line " + std::to_string(open_line) +
                                         ": a quoted field is never closed (add the closing '\"')");
        return false;
      }
      if (too_long) {
        *error = Status::InvalidArgument(fmt::format(
            "line {}: the quoted field that starts there is longer than {} bytes, the longest a "
            "field may be (is a closing quote missing?)",
            open_line, kMaxCsvFieldBytes));
        SkipLine();
        return false;
      }
      if (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n' &&
          text_[pos_] != '\r') {
        *error = Status::InvalidArgument(
            "line " + std::to_string(line_) +
            ": unexpected text after a closing quote (double a quote inside a field: \"\")");
        // Skip the rest of the line, so the records after this one can still be read.
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        if (pos_ < text_.size()) {
          ++pos_;
          ++line_;
        }
        return false;
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n' &&
             text_[pos_] != '\r') {
        field.push_back(text_[pos_++]);
        if (field.size() > kMaxCsvFieldBytes) {
          *error = Status::InvalidArgument(
              fmt::format("line {}: field {} is longer than {} bytes, the longest a field may be",
                          line_, out->fields.size() + 1, kMaxCsvFieldBytes));
          SkipLine();
          return false;
        }
      }
    }
    out->fields.push_back(field);
    if (pos_ >= text_.size()) return true;
    char ch = text_[pos_++];
    if (ch == delimiter_) continue;
    // End of record: CRLF, LF or a lone CR.
    if (ch == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
    return true;
  }
}

}  // namespace affinity

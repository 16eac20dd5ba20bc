// Fuzzes CSV reading: CsvReader record by record (the delimiter picked by the first byte) and
// ReadRecords in each format, CSV, a JSON array of objects and NDJSON (the same bytes for all).
// Checks what the readers promise: records come back in line order, every error has a line, and
// reading always ends. Seeds: tests/fixtures/online_retail_sample.csv, the POS export, the
// payloads.
#include <cstddef>
#include <cstdint>

#include "common/csv_reader.hpp"
#include "common/record_reader.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace affinity;
  if (size == 0) return 0;
  constexpr char kDelimiters[] = {',', ';', '\t', '|'};
  const char delimiter = kDelimiters[data[0] % 4];
  const std::string_view text = fuzz::Text(data + 1, size - 1);

  CsvReader reader(text, delimiter);
  CsvRecord record;
  std::size_t last_line = 0, records = 0;
  for (;;) {
    Status error;
    if (reader.Next(&record, &error)) {
      if (record.line < last_line || record.fields.empty()) __builtin_trap();
      last_line = record.line;
      ++records;
      continue;
    }
    if (error.ok() || reader.at_end()) break;
    if (error.message().empty()) __builtin_trap();
    if (++records > text.size() + 1) __builtin_trap();  // every call consumes input
  }

  for (RecordFormat format :
       {RecordFormat::kCsv, RecordFormat::kJsonArray, RecordFormat::kNdjson}) {
    std::vector<RecordError> errors;
    std::size_t delivered = 0;
    ReadRecords(
        text, format,
        [&](std::size_t line, boost::json::object& object) {
          ++delivered;
          if (line == 0) __builtin_trap();
          return object.size() % 3 == 0 ? Status::InvalidArgument("rejected by the fuzzer")
                                        : Status::Ok();
        },
        &errors, 50);
    if (errors.size() > 50) __builtin_trap();
    for (const RecordError& e : errors) {
      if (e.message.empty()) __builtin_trap();
    }
  }
  return 0;
}

#include "common/record_reader.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

namespace affinity {
namespace {

struct Read {
  std::vector<std::size_t> lines;
  std::vector<std::string> skus;  // the "sku" of each delivered record, "" when absent
  std::vector<boost::json::object> records;
  std::vector<RecordError> errors;
};

Read ReadAll(std::string_view text, RecordFormat format, const RecordFn& check = nullptr,
             std::size_t max_errors = 1000) {
  Read out;
  ReadRecords(
      text, format,
      [&](std::size_t line, boost::json::object& record) -> Status {
        if (check) AFFINITY_RETURN_IF_ERROR(check(line, record));
        out.lines.push_back(line);
        auto it = record.find("sku");
        out.skus.push_back(it != record.end() && it->value().is_string()
                               ? std::string(it->value().as_string())
                               : "");
        out.records.push_back(record);
        return Status::Ok();
      },
      &out.errors, max_errors);
  return out;
}

std::string Describe(const std::vector<RecordError>& errors) {
  std::string out;
  for (const auto& e : errors) out += "[" + std::to_string(e.line) + "] " + e.message + "\n";
  return out;
}

using Lines = std::vector<std::size_t>;
using Skus = std::vector<std::string>;

TEST(RecordReaderTest, FormatFromContentType) {
  EXPECT_EQ(RecordFormatFromContentType("text/csv; charset=utf-8"), RecordFormat::kCsv);
  EXPECT_EQ(RecordFormatFromContentType("application/csv"), RecordFormat::kCsv);
  EXPECT_EQ(RecordFormatFromContentType("Application/JSON"), RecordFormat::kJsonArray);
  EXPECT_EQ(RecordFormatFromContentType("application/x-ndjson"), RecordFormat::kNdjson);
  EXPECT_EQ(RecordFormatFromContentType(" application/jsonlines ; q=1"), RecordFormat::kNdjson);
  EXPECT_EQ(RecordFormatFromContentType("text/plain"), std::nullopt);
  EXPECT_EQ(RecordFormatFromContentType(""), std::nullopt);
}

TEST(RecordReaderTest, FormatFromPath) {
  EXPECT_EQ(RecordFormatFromPath("exports/products.CSV"), RecordFormat::kCsv);
  EXPECT_EQ(RecordFormatFromPath("products.json"), RecordFormat::kJsonArray);
  EXPECT_EQ(RecordFormatFromPath("products.ndjson"), RecordFormat::kNdjson);
  EXPECT_EQ(RecordFormatFromPath("products.jsonl"), RecordFormat::kNdjson);
  EXPECT_EQ(RecordFormatFromPath("products.txt"), std::nullopt);
  EXPECT_EQ(RecordFormatFromPath("csv"), std::nullopt);
}

// ------------------------------------------------------------------------------ JSON array

TEST(RecordReaderTest, JsonArrayGivesEachElementTheLineItStartsOn) {
  Read read = ReadAll(
      "[\n"
      "  {\"sku\": \"RS-1\", \"name\": \"Running Shoes\"},\n"
      "  {\"sku\": \"SK-1\",\n"
      "   \"name\": \"Crew Socks\",\n"
      "   \"tags\": [\"socks\",\n"
      "            \"cotton\"]},\n"
      "\n"
      "  {\"sku\": \"IN-1\"}\n"
      "]\n",
      RecordFormat::kJsonArray);
  EXPECT_TRUE(read.errors.empty()) << Describe(read.errors);
  EXPECT_EQ(read.skus, (Skus{"RS-1", "SK-1", "IN-1"}));
  EXPECT_EQ(read.lines, (Lines{2, 3, 8}));
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.records[1].at("tags").as_array().size(), 2u);
}

TEST(RecordReaderTest, JsonArrayMalformedElementIsReportedWithItsLineWhileOthersLoad) {
  Read read = ReadAll(
      "[\n"
      "  {\"sku\": \"RS-1\"},\n"
      "  {\"sku\": \"SK-1\", \"price\": 9.5.0},\n"
      "  {\"sku\": \"IN-1\"}\n"
      "]",
      RecordFormat::kJsonArray);
  ASSERT_EQ(read.errors.size(), 1u) << Describe(read.errors);
  EXPECT_EQ(read.errors[0].line, 3u);
  EXPECT_NE(read.errors[0].message.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(read.skus, (Skus{"RS-1", "IN-1"}));
  EXPECT_EQ(read.lines, (Lines{2, 4}));
}

TEST(RecordReaderTest, JsonArrayElementThatIsNotAnObjectIsReported) {
  Read read = ReadAll("[\n  \"RS-1\",\n  42,\n  {\"sku\": \"SK-1\"}\n]", RecordFormat::kJsonArray);
  ASSERT_EQ(read.errors.size(), 2u) << Describe(read.errors);
  EXPECT_EQ(read.errors[0].line, 2u);
  EXPECT_EQ(read.errors[0].message, "expected a JSON object, got a string");
  EXPECT_EQ(read.errors[1].line, 3u);
  EXPECT_EQ(read.errors[1].message, "expected a JSON object, got a number");
  EXPECT_EQ(read.skus, (Skus{"SK-1"}));
}

TEST(RecordReaderTest, JsonArrayBracketsAndQuotesInsideStringsDoNotSplit) {
  Read read = ReadAll(R"([{"sku": "TS-1", "name": "Tee \"[Classic]\", {v2}\\"}, {"sku": "TS-2"}])",
                      RecordFormat::kJsonArray);
  ASSERT_TRUE(read.errors.empty()) << Describe(read.errors);
  EXPECT_EQ(read.skus, (Skus{"TS-1", "TS-2"}));
  EXPECT_EQ(read.records[0].at("name").as_string(), "Tee \"[Classic]\", {v2}\\");
}

TEST(RecordReaderTest, JsonArrayStrayCommaIsReportedAndTheRestLoads) {
  Read read = ReadAll("[{\"sku\": \"RS-1\"},\n ,\n{\"sku\": \"SK-1\"}]", RecordFormat::kJsonArray);
  ASSERT_EQ(read.errors.size(), 1u) << Describe(read.errors);
  EXPECT_EQ(read.errors[0].line, 2u);
  EXPECT_NE(read.errors[0].message.find("stray ','"), std::string::npos);
  EXPECT_EQ(read.skus, (Skus{"RS-1", "SK-1"}));
}

TEST(RecordReaderTest, JsonArrayMustBeAnArray) {
  Read read = ReadAll("\n{\"sku\": \"RS-1\"}", RecordFormat::kJsonArray);
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].line, 2u);
  EXPECT_NE(read.errors[0].message.find("expected a JSON array"), std::string::npos);
  EXPECT_TRUE(read.records.empty());
}

TEST(RecordReaderTest, JsonArrayNeverClosedIsReportedAfterTheElements) {
  Read read = ReadAll("[\n{\"sku\": \"RS-1\"},\n{\"sku\": \"SK-1\"}\n", RecordFormat::kJsonArray);
  EXPECT_EQ(read.skus, (Skus{"RS-1", "SK-1"}));
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_NE(read.errors[0].message.find("never closed"), std::string::npos);
}

TEST(RecordReaderTest, JsonArrayTextAfterTheCloseIsReported) {
  Read read = ReadAll("[{\"sku\": \"RS-1\"}]\n]", RecordFormat::kJsonArray);
  EXPECT_EQ(read.skus, (Skus{"RS-1"}));
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].line, 2u);
  EXPECT_NE(read.errors[0].message.find("after the closing ']'"), std::string::npos);
}

TEST(RecordReaderTest, JsonArrayEmptyHasNoRecordsAndNoErrors) {
  Read read = ReadAll("  [ ]  ", RecordFormat::kJsonArray);
  EXPECT_TRUE(read.records.empty());
  EXPECT_TRUE(read.errors.empty()) << Describe(read.errors);
}

// ------------------------------------------------------------------------------ NDJSON

TEST(RecordReaderTest, NdjsonBadLineIsReportedWhileOthersLoad) {
  Read read = ReadAll(
      "{\"sku\": \"RS-1\"}\n"
      "{\"sku\": \"SK-1\", \n"
      "\n"
      "{\"sku\": \"IN-1\"}\r\n"
      "[1, 2]\n",
      RecordFormat::kNdjson);
  EXPECT_EQ(read.skus, (Skus{"RS-1", "IN-1"}));
  EXPECT_EQ(read.lines, (Lines{1, 4}));
  ASSERT_EQ(read.errors.size(), 2u) << Describe(read.errors);
  EXPECT_EQ(read.errors[0].line, 2u);
  EXPECT_NE(read.errors[0].message.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(read.errors[1].line, 5u);
  EXPECT_EQ(read.errors[1].message, "expected a JSON object, got an array");
}

// ------------------------------------------------------------------------------ CSV

TEST(RecordReaderTest, CsvRowsBecomeObjectsOfStringsKeyedByTrimmedHeader) {
  Read read = ReadAll(" sku , price ,stock\nRS-1,59.99,12\n", RecordFormat::kCsv);
  ASSERT_TRUE(read.errors.empty()) << Describe(read.errors);
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.lines, (Lines{2}));
  const boost::json::object& row = read.records[0];
  EXPECT_EQ(row.size(), 3u);
  EXPECT_EQ(row.at("sku"), "RS-1");
  EXPECT_EQ(row.at("price"), "59.99");  // text, not a number
  EXPECT_EQ(row.at("stock"), "12");
}

TEST(RecordReaderTest, CsvFieldCountMismatchIsReportedWhileOthersLoad) {
  Read read = ReadAll(
      "sku,name\n"
      "RS-1,Running Shoes\n"
      "SK-1\n"
      "IN-1,Insoles,extra\n"
      "CL-1,Shoe Cleaner\n",
      RecordFormat::kCsv);
  EXPECT_EQ(read.skus, (Skus{"RS-1", "CL-1"}));
  EXPECT_EQ(read.lines, (Lines{2, 5}));
  ASSERT_EQ(read.errors.size(), 2u) << Describe(read.errors);
  EXPECT_EQ(read.errors[0].line, 3u);
  EXPECT_EQ(read.errors[0].message, "has 1 fields, the header has 2");
  EXPECT_EQ(read.errors[1].line, 4u);
  EXPECT_EQ(read.errors[1].message, "has 3 fields, the header has 2");
}

TEST(RecordReaderTest, CsvLinesCountNewlinesInsideQuotes) {
  Read read = ReadAll("sku,description\nRS-1,\"Light.\nFast.\"\nSK-1\n", RecordFormat::kCsv);
  EXPECT_EQ(read.lines, (Lines{2}));
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].line, 4u);
}

TEST(RecordReaderTest, CsvColumnWithEmptyHeaderIsDropped) {
  Read read = ReadAll("sku,,name\nRS-1,ignored,Running Shoes\n", RecordFormat::kCsv);
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_FALSE(read.records[0].contains(""));
  EXPECT_EQ(read.records[0].size(), 2u);
}

TEST(RecordReaderTest, CsvEmptyFileAsksForAHeader) {
  Read read = ReadAll("", RecordFormat::kCsv);
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].line, 1u);
  EXPECT_NE(read.errors[0].message.find("expected a header line"), std::string::npos);
}

TEST(RecordReaderTest, CsvUnterminatedQuoteIsReportedWithItsLine) {
  Read read = ReadAll("sku,name\nRS-1,Running Shoes\nSK-1,\"Crew\n", RecordFormat::kCsv);
  EXPECT_EQ(read.skus, (Skus{"RS-1"}));
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].line, 3u);
  EXPECT_NE(read.errors[0].message.find("never closed"), std::string::npos);
}

// ------------------------------------------------------------------------------ all formats

TEST(RecordReaderTest, RecordRejectedByTheCallbackIsReportedWithItsLine) {
  auto reject_sk1 = [](std::size_t, boost::json::object& record) -> Status {
    if (record.at("sku") == "SK-1") return Status::InvalidArgument("field 'price' is required");
    return Status::Ok();
  };
  Read read = ReadAll("sku\nRS-1\nSK-1\nIN-1\n", RecordFormat::kCsv, reject_sk1);
  EXPECT_EQ(read.skus, (Skus{"RS-1", "IN-1"}));
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].line, 3u);
  EXPECT_EQ(read.errors[0].message, "field 'price' is required");
}

TEST(RecordReaderTest, StopsOnceMaxErrorsWereCollected) {
  Read read = ReadAll("x\ny\nz\n{\"sku\": \"RS-1\"}\nw\n", RecordFormat::kNdjson, nullptr, 2);
  EXPECT_EQ(read.errors.size(), 2u);
  EXPECT_TRUE(read.records.empty());
}

TEST(RecordReaderTest, AJsonRecordNestedTooDeepIsABadRecordWithItsPosition) {
  const std::string deep =
      "{\"sku\":\"RS-1\",\"x\":" + std::string(40, '[') + std::string(40, ']') + "}";
  std::vector<RecordError> errors;
  std::vector<std::size_t> lines;
  ReadRecords(
      "{\"sku\":\"A\"}\n" + deep + "\n{\"sku\":\"B\"}\n", RecordFormat::kNdjson,
      [&](std::size_t line, boost::json::object&) {
        lines.push_back(line);
        return Status::Ok();
      },
      &errors);
  EXPECT_EQ(lines, (std::vector<std::size_t>{1, 3}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2u);
  EXPECT_EQ(errors[0].message,
            "the record nests deeper than 32 levels at line 2, column 50; flatten it");
}

}  // namespace
}  // namespace affinity

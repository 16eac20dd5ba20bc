#include "common/csv_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace affinity {
namespace {

using Fields = std::vector<std::string>;

struct CsvRead {
  std::vector<CsvRecord> records;
  Status error;
};

CsvRead ReadAll(std::string_view text, char delimiter = ',') {
  CsvReader reader(text, delimiter);
  CsvRead out;
  CsvRecord record;
  while (reader.Next(&record, &out.error)) out.records.push_back(record);
  return out;
}

std::vector<std::size_t> Lines(const CsvRead& read) {
  std::vector<std::size_t> lines;
  for (const auto& r : read.records) lines.push_back(r.line);
  return lines;
}

TEST(CsvReaderTest, SplitsFieldsAndNumbersLines) {
  CsvRead read = ReadAll("sku,name,price\nRS-1,Running Shoes,59.99\nSK-1,Crew Socks,9.50\n");
  ASSERT_TRUE(read.error.ok()) << read.error.ToString();
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.records[0].fields, (Fields{"sku", "name", "price"}));
  EXPECT_EQ(read.records[1].fields, (Fields{"RS-1", "Running Shoes", "59.99"}));
  EXPECT_EQ(read.records[2].fields, (Fields{"SK-1", "Crew Socks", "9.50"}));
  EXPECT_EQ(Lines(read), (std::vector<std::size_t>{1, 2, 3}));
}

TEST(CsvReaderTest, KeepsEmptyFieldsIncludingATrailingOne) {
  CsvRead read = ReadAll("RS-1,,Stride,\nSK-1,,,");
  ASSERT_EQ(read.records.size(), 2u);
  EXPECT_EQ(read.records[0].fields, (Fields{"RS-1", "", "Stride", ""}));
  EXPECT_EQ(read.records[1].fields, (Fields{"SK-1", "", "", ""}));
}

TEST(CsvReaderTest, LastRecordNeedsNoLineEnd) {
  CsvRead read = ReadAll("sku,name\nRS-1,Running Shoes");
  ASSERT_EQ(read.records.size(), 2u);
  EXPECT_EQ(read.records[1].fields, (Fields{"RS-1", "Running Shoes"}));
}

TEST(CsvReaderTest, QuotedFieldMayHoldTheDelimiter) {
  CsvRead read = ReadAll("RS-1,\"Shoes, Running\",59.99\n");
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.records[0].fields, (Fields{"RS-1", "Shoes, Running", "59.99"}));
}

TEST(CsvReaderTest, DoubledQuoteInsideQuotesIsOneQuote) {
  CsvRead read = ReadAll("TS-1,\"The \"\"Classic\"\" Tee\",\"\"\"\"\n");
  ASSERT_TRUE(read.error.ok()) << read.error.ToString();
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.records[0].fields, (Fields{"TS-1", "The \"Classic\" Tee", "\""}));
}

TEST(CsvReaderTest, EmptyQuotedFieldIsEmpty) {
  CsvRead read = ReadAll("\"\",b\n");
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.records[0].fields, (Fields{"", "b"}));
}

TEST(CsvReaderTest, CrLfLineEndsAreNotPartOfFields) {
  CsvRead read = ReadAll("sku,name\r\nRS-1,Running Shoes\r\nSK-1,\"Socks\"\r\n");
  ASSERT_TRUE(read.error.ok()) << read.error.ToString();
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.records[1].fields, (Fields{"RS-1", "Running Shoes"}));
  EXPECT_EQ(read.records[2].fields, (Fields{"SK-1", "Socks"}));
  EXPECT_EQ(Lines(read), (std::vector<std::size_t>{1, 2, 3}));
}

TEST(CsvReaderTest, LoneCrEndsALine) {
  CsvRead read = ReadAll("sku\rRS-1\rSK-1");
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.records[2].fields, (Fields{"SK-1"}));
  EXPECT_EQ(Lines(read), (std::vector<std::size_t>{1, 2, 3}));
}

TEST(CsvReaderTest, NewlineInsideQuotesStaysInFieldAndAdvancesLine) {
  CsvRead read = ReadAll(
      "sku,description\n"
      "RS-1,\"Light.\n"
      "Breathable.\n"
      "Fast.\"\n"
      "SK-1,Crew socks\n");
  ASSERT_TRUE(read.error.ok()) << read.error.ToString();
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.records[1].fields, (Fields{"RS-1", "Light.\nBreathable.\nFast."}));
  EXPECT_EQ(read.records[2].fields, (Fields{"SK-1", "Crew socks"}));
  EXPECT_EQ(Lines(read), (std::vector<std::size_t>{1, 2, 5}));
}

TEST(CsvReaderTest, CrLfInsideQuotesCountsAsOneLine) {
  CsvRead read = ReadAll("sku,description\r\nRS-1,\"Light.\r\nFast.\"\r\nSK-1,Socks\r\n");
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.records[1].fields[1], "Light.\r\nFast.");
  EXPECT_EQ(Lines(read), (std::vector<std::size_t>{1, 2, 4}));
}

TEST(CsvReaderTest, LoneCrInsideQuotesCountsAsALine) {
  CsvRead read = ReadAll("sku,description\rRS-1,\"Light.\rFast.\"\rSK-1,Socks");
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.records[1].fields[1], "Light.\rFast.");
  EXPECT_EQ(Lines(read), (std::vector<std::size_t>{1, 2, 4}));
}

TEST(CsvReaderTest, BlankLinesAreSkippedButCounted) {
  CsvRead read = ReadAll("sku\n\nRS-1\r\n\r\n\nSK-1\n\n");
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(Lines(read), (std::vector<std::size_t>{1, 3, 6}));
}

TEST(CsvReaderTest, UnterminatedQuoteNamesTheLineItOpenedOn) {
  CsvRead read = ReadAll("sku,name\nRS-1,Running Shoes\nSK-1,\"Crew socks\nIN-1,Insoles\n");
  ASSERT_FALSE(read.error.ok());
  EXPECT_EQ(read.error.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(read.error.message().find("line 3"), std::string::npos) << read.error.message();
  EXPECT_NE(read.error.message().find("never closed"), std::string::npos) << read.error.message();
  EXPECT_EQ(read.records.size(), 2u);  // the records before it were read
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnErrorWithItsLine) {
  CsvRead read = ReadAll("sku,name\nRS-1,\"Running\" Shoes\n");
  ASSERT_FALSE(read.error.ok());
  EXPECT_NE(read.error.message().find("line 2"), std::string::npos) << read.error.message();
  EXPECT_NE(read.error.message().find("after a closing quote"), std::string::npos);
}

TEST(CsvReaderTest, SkipsByteOrderMark) {
  CsvRead read = ReadAll("\xEF\xBB\xBFsku,name\nRS-1,Shoes\n");
  ASSERT_EQ(read.records.size(), 2u);
  EXPECT_EQ(read.records[0].fields, (Fields{"sku", "name"}));
  EXPECT_EQ(read.records[0].line, 1u);
}

TEST(CsvReaderTest, HonoursOtherDelimiters) {
  CsvRead read = ReadAll("sku;price\nRS-1;\"59,99\"\n", ';');
  ASSERT_EQ(read.records.size(), 2u);
  EXPECT_EQ(read.records[1].fields, (Fields{"RS-1", "59,99"}));
}

TEST(CsvReaderTest, EmptyInputHasNoRecordsAndNoError) {
  CsvRead read = ReadAll("");
  EXPECT_TRUE(read.records.empty());
  EXPECT_TRUE(read.error.ok());
  read = ReadAll("\n\r\n");
  EXPECT_TRUE(read.records.empty());
  EXPECT_TRUE(read.error.ok());
}

TEST(CsvReaderTest, AFieldOverTheLimitIsAnErrorAndTheNextLineIsRead) {
  const std::string huge(kMaxCsvFieldBytes + 1, 'x');
  const std::string text = "sku,name\nRS-1," + huge + ",more\nSK-1,Socks\n";
  CsvReader reader(text);
  CsvRecord record;
  Status error;
  ASSERT_TRUE(reader.Next(&record, &error));
  EXPECT_FALSE(reader.Next(&record, &error));
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(error.message(),
            "line 2: field 2 is longer than 1048576 bytes, the longest a field may be");
  error = Status::Ok();
  ASSERT_TRUE(reader.Next(&record, &error)) << error.ToString();
  EXPECT_EQ(record.line, 3u);
  EXPECT_EQ(record.fields, (Fields{"SK-1", "Socks"}));
}

TEST(CsvReaderTest, AQuotedFieldOverTheLimitIsSkippedToItsClosingQuote) {
  // Line breaks inside the long field still count, so the next record has its true line.
  std::string huge;
  for (std::size_t i = 0; i <= kMaxCsvFieldBytes / 6; ++i) huge += "ab\"\"cd\n";  // 6 bytes each
  const std::string text = "sku,name\nRS-1,\"" + huge + "\",tail\nSK-1,Socks\n";
  CsvReader reader(text);
  CsvRecord record;
  Status error;
  ASSERT_TRUE(reader.Next(&record, &error));
  EXPECT_FALSE(reader.Next(&record, &error));
  EXPECT_EQ(error.message(),
            "line 2: the quoted field that starts there is longer than 1048576 bytes, the longest "
            "a field may be (is a closing quote missing?)");
  error = Status::Ok();
  ASSERT_TRUE(reader.Next(&record, &error)) << error.ToString();
  const std::size_t breaks = std::count(huge.begin(), huge.end(), '\n');
  EXPECT_EQ(record.line, 3 + breaks);
  EXPECT_EQ(record.fields, (Fields{"SK-1", "Socks"}));
}

TEST(CsvReaderTest, ARecordWithTooManyFieldsIsAnErrorNamingTheDelimiter) {
  const std::string commas(kMaxCsvFields, ',');  // kMaxCsvFields + 1 empty fields
  CsvRead read = ReadAll("a,b\n" + commas + "\nc,d\n");
  EXPECT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.error.message(),
            "line 2: the record has more than 10000 fields, the most one record may have (is the "
            "delimiter ',' right?)");
  // Exactly the limit is fine.
  CsvRead fits = ReadAll(std::string(kMaxCsvFields - 1, ';') + "\n", ';');
  ASSERT_TRUE(fits.error.ok()) << fits.error.ToString();
  ASSERT_EQ(fits.records.size(), 1u);
  EXPECT_EQ(fits.records[0].fields.size(), kMaxCsvFields);
}

TEST(CsvReaderTest, ReadingContinuesAfterARecordWithTooManyFields) {
  const std::string text = std::string(kMaxCsvFields + 5, '\t') + "\nx\ty\n";
  CsvReader reader(text, '\t');
  CsvRecord record;
  Status error;
  EXPECT_FALSE(reader.Next(&record, &error));
  EXPECT_NE(error.message().find("(is the delimiter '\\t' right?)"), std::string::npos)
      << error.message();
  error = Status::Ok();
  ASSERT_TRUE(reader.Next(&record, &error));
  EXPECT_EQ(record.line, 2u);
  EXPECT_EQ(record.fields, (Fields{"x", "y"}));
}

}  // namespace
}  // namespace affinity

#include "common/csv_reader.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace affinity

#include "rules/schedule.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace affinity {
namespace {

std::int64_t T(std::string_view iso) {
  Result<std::int64_t> t = ParseIsoTime(iso);
  EXPECT_TRUE(t.ok()) << iso << ": " << t.status().message();
  return t.ok() ? *t : 0;
}

TEST(ParseIsoTimeTest, ReadsDatesAndTimesInUtc) {
  EXPECT_EQ(T("1970-01-01"), 0);
  EXPECT_EQ(T("2026-12-01"), 1796083200);
  EXPECT_EQ(T("2026-12-01T10:00:00Z"), 1796083200 + 36000);
  EXPECT_EQ(T("2026-12-01T10:00:00"), 1796083200 + 36000);
  EXPECT_EQ(T("2026-12-01T10:00:00+01:00"), 1796083200 + 32400);
  EXPECT_EQ(T("2026-12-01T10:00:00-02:30"), 1796083200 + 36000 + 9000);
  EXPECT_EQ(T("2024-02-29"), T("2024-02-28") + 86400);
  EXPECT_EQ(T("1969-12-31T23:59:59Z"), -1);
}

TEST(ParseIsoTimeTest, RejectsImpossibleDates) {
  EXPECT_EQ(ParseIsoTime("2026-02-29").status().message(),
            "'2026-02-29' is not an ISO 8601 time: day 29 does not exist in February 2026");
  EXPECT_EQ(ParseIsoTime("2026-13-01").status().message(),
            "'2026-13-01' is not an ISO 8601 time: month must be 01-12");
  EXPECT_FALSE(ParseIsoTime("12/01/2026").ok());
  EXPECT_FALSE(ParseIsoTime("2026-12-01T25:00:00Z").ok());
  EXPECT_FALSE(ParseIsoTime("2026-12-01T10:00:00Zjunk").ok());
  EXPECT_FALSE(ParseIsoTime("").ok());
}

TEST(FormatIsoTimeTest, RoundTrips) {
  for (std::int64_t t : {0LL, 1796119200LL, -1LL, 951782400LL /* 2000-02-29 */, 4102444799LL}) {
    EXPECT_EQ(T(FormatIsoTime(t)), t);
  }
  EXPECT_EQ(FormatIsoTime(1796119200), "2026-12-01T10:00:00Z");
  EXPECT_EQ(FormatIsoTime(-1), "1969-12-31T23:59:59Z");
}

TEST(ScheduleTest, NullIsAlwaysActive) {
  Result<Schedule> s = Schedule::FromJson(nullptr);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->always());
  EXPECT_TRUE(s->IsActive(0));
  EXPECT_TRUE(s->ToJson().is_null());
}

TEST(ScheduleTest, RecurringSeasonCrossesTheYearEnd) {
  Result<Schedule> s = Schedule::FromJson(boost::json::parse(R"({"recurring":"11-01/02-28"})"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->IsActive(T("2026-11-01T00:00:00Z")));
  EXPECT_TRUE(s->IsActive(T("2026-12-31T23:59:59Z")));
  EXPECT_TRUE(s->IsActive(T("2027-01-15")));
  EXPECT_TRUE(s->IsActive(T("2027-02-28T23:59:59Z")));
  EXPECT_FALSE(s->IsActive(T("2027-03-01")));
  EXPECT_FALSE(s->IsActive(T("2026-10-31T23:59:59Z")));
  // 02-28 as an end does not include the 29th of a leap year.
  EXPECT_FALSE(s->IsActive(T("2028-02-29T12:00:00Z")));
}

TEST(ScheduleTest, LeapDayEndMeansEndOfFebruary) {
  Result<Schedule> s = Schedule::FromJson(boost::json::parse(R"({"recurring":"12-01/02-29"})"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->IsActive(T("2027-02-28T23:59:59Z")));
  EXPECT_FALSE(s->IsActive(T("2027-03-01")));
  EXPECT_TRUE(s->IsActive(T("2028-02-29T23:59:59Z")));
  EXPECT_FALSE(s->IsActive(T("2028-03-01")));
}

TEST(ScheduleTest, FixedWindowIsInclusive) {
  Result<Schedule> s = Schedule::FromJson(
      boost::json::parse(R"({"from":"2026-11-01","to":"2027-02-28T23:59:59Z"})"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_FALSE(s->IsActive(T("2026-11-01") - 1));
  EXPECT_TRUE(s->IsActive(T("2026-11-01")));
  EXPECT_TRUE(s->IsActive(T("2027-02-28T23:59:59Z")));
  EXPECT_FALSE(s->IsActive(T("2027-03-01")));
  EXPECT_EQ(boost::json::serialize(s->ToJson()),
            R"({"from":"2026-11-01T00:00:00Z","to":"2027-02-28T23:59:59Z"})");
}

TEST(ScheduleTest, ErrorsNameTheField) {
  EXPECT_EQ(Schedule::FromJson(boost::json::parse(R"({"recurring":"13-01/02-28"})"))
                .status()
                .message(),
            "schedule.recurring: month 13 in '13-01' must be 01-12");
  EXPECT_EQ(Schedule::FromJson(boost::json::parse(R"({"recurring":"11-01/04-31"})"))
                .status()
                .message(),
            "schedule.recurring: day 31 in '04-31' does not exist in April");
  EXPECT_EQ(Schedule::FromJson(boost::json::parse(R"({"from":"2026-02-30"})")).status().message(),
            "schedule.from: '2026-02-30' is not an ISO 8601 time: day 30 does not exist in "
            "February 2026");
  EXPECT_FALSE(Schedule::FromJson(boost::json::parse(R"({"from":"2027-01-01","to":"2026-01-01"})")).ok());
  EXPECT_FALSE(Schedule::FromJson(boost::json::parse(R"({"start":"2027-01-01"})")).ok());
  EXPECT_FALSE(Schedule::FromJson(boost::json::parse(R"("11-01/02-28")")).ok());
}

}  // namespace
}  // namespace affinity

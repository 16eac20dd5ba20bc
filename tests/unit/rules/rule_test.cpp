#include "rules/rule.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

namespace affinity {
namespace {

boost::json::object Body(std::string_view json) { return boost::json::parse(json).as_object(); }

constexpr std::string_view kMinimal = R"({"id":"socks-for-shoes","type":"accessory",)"
                                      R"("when":"source.category startsWith \"Footwear\"",)"
                                      R"("then":"target.category == \"Accessories/Socks\""})";

// The message of a failed parse, or "" (with a test failure) when it parsed.
std::string Error(std::string_view json, std::string_view path_id = {}) {
  Result<Rule> r = RuleFromJson(Body(json), path_id);
  EXPECT_FALSE(r.ok()) << json;
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return std::string(r.status().message());
}

TEST(RuleFromJsonTest, MinimalBodyGetsTheDefaults) {
  Result<Rule> r = RuleFromJson(Body(kMinimal));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "socks-for-shoes");
  EXPECT_EQ(r->type, "accessory");
  EXPECT_EQ(r->weight, 1.0);
  EXPECT_EQ(r->priority, 0);
  EXPECT_EQ(r->limit, 10);
  EXPECT_TRUE(r->enabled);
  EXPECT_TRUE(r->context.empty());
  EXPECT_TRUE(r->schedule.always());
}

TEST(RuleFromJsonTest, FullBodyRoundTripsThroughRuleToJson) {
  Result<Rule> r = RuleFromJson(
      Body(R"({"id":"winter-scarves","type":"cross_sell","when":"source.category == \"Coats\"",)"
           R"("then":"target.category == \"Scarves\"","weight":2.5,"priority":-7,"limit":1000,)"
           R"("enabled":false,"context":"customer.segment == \"high_value\"",)"
           R"("schedule":{"recurring":"11-01/02-28"},"description":"cold weather","version":4})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->weight, 2.5);
  EXPECT_EQ(r->priority, -7);
  EXPECT_EQ(r->limit, 1000);
  EXPECT_FALSE(r->enabled);
  EXPECT_EQ(r->version, 0) << "version is read-only";
  EXPECT_FALSE(r->schedule.always());
  Result<Rule> again = RuleFromJson(RuleToJson(*r));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(RuleToJson(*again), RuleToJson(*r));
}

TEST(RuleFromJsonTest, MissingRequiredFieldsAreAllNamed) {
  const std::string message = Error(R"({"id":"r1"})");
  EXPECT_NE(message.find("field 'type' is required"), std::string::npos) << message;
  EXPECT_NE(message.find("field 'when' is required"), std::string::npos) << message;
  EXPECT_NE(message.find("field 'then' is required"), std::string::npos) << message;
  EXPECT_NE(
      Error(R"({"type":"accessory","when":"true","then":"true"})").find("field 'id' is required"),
      std::string::npos);
}

TEST(RuleFromJsonTest, TheIdMayComeFromThePathButMustNotContradictIt) {
  Result<Rule> r =
      RuleFromJson(Body(R"({"type":"accessory","when":"true","then":"true"})"), "from-path");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "from-path");
  EXPECT_NE(Error(kMinimal, "other-id")
                .find("field 'id' is 'socks-for-shoes' but the URL names "
                      "'other-id'"),
            std::string::npos);
}

TEST(RuleFromJsonTest, LimitOutOfRange) {
  for (std::string_view limit : {"0", "1001", "-3"}) {
    std::string json(kMinimal);
    json.insert(json.size() - 1, std::string(R"(,"limit":)") + std::string(limit));
    EXPECT_NE(Error(json).find("field 'limit' must be between 1 and 1000 targets per source, got " +
                               std::string(limit)),
              std::string::npos)
        << limit;
  }
  std::string fractional(kMinimal);
  fractional.insert(fractional.size() - 1, R"(,"limit":2.5)");
  EXPECT_NE(Error(fractional).find("field 'limit' must be an integer"), std::string::npos);
}

TEST(RuleFromJsonTest, WeightAndPriorityOutOfRange) {
  std::string json(kMinimal);
  json.insert(json.size() - 1, R"(,"weight":0,"priority":2000000)");
  const std::string message = Error(json);
  EXPECT_NE(message.find("field 'weight' must be above 0 and at most 1000, got 0"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("field 'priority' must be within +-1000000"), std::string::npos)
      << message;
}

TEST(RuleFromJsonTest, BadIds) {
  for (std::string_view id : {"Socks", "-socks", "socks for shoes", "socks.shoes"}) {
    std::string json(kMinimal);
    json.replace(json.find("socks-for-shoes"), 15, id);
    EXPECT_NE(Error(json).find("rule id '" + std::string(id) + "' must be 1 to 64 characters"),
              std::string::npos)
        << id;
  }
  std::string long_id(65, 'a');
  std::string json(kMinimal);
  json.replace(json.find("socks-for-shoes"), 15, long_id);
  EXPECT_NE(Error(json).find("must be 1 to 64 characters"), std::string::npos);
  EXPECT_TRUE(ValidateRuleId(std::string(64, 'a')).ok());
  EXPECT_TRUE(ValidateRuleId("0-a_b").ok());
  EXPECT_FALSE(ValidateRuleId("").ok());
}

TEST(RuleFromJsonTest, BadSchedules) {
  auto with_schedule = [](std::string_view schedule) {
    std::string json(kMinimal);
    json.insert(json.size() - 1, std::string(R"(,"schedule":)") + std::string(schedule));
    return json;
  };
  EXPECT_NE(Error(with_schedule(R"({"recurring":"winter"})"))
                .find("field 'schedule' schedule.recurring: expected \"MM-DD/MM-DD\""),
            std::string::npos);
  EXPECT_NE(
      Error(with_schedule(R"({"recurring":"13-01/02-28"})")).find("schedule.recurring: month 13"),
      std::string::npos);
  EXPECT_NE(
      Error(with_schedule(R"({"from":"tomorrow"})")).find("'tomorrow' is not an ISO 8601 time"),
      std::string::npos);
  EXPECT_NE(Error(with_schedule(R"({"from":"2027-01-01","to":"2026-01-01"})"))
                .find("schedule: from (2027-01-01T00:00:00Z"),
            std::string::npos);
  EXPECT_NE(Error(with_schedule(R"("always")")).find("schedule must be an object"),
            std::string::npos);
  EXPECT_NE(
      Error(with_schedule(R"({"recurring":"11-01/02-28","from":"2026-01-01"})")).find("not both"),
      std::string::npos);
  // null is an always-active schedule.
  Result<Rule> r = RuleFromJson(Body(with_schedule("null")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->schedule.always());
}

TEST(RuleFromJsonTest, WrongTypesAndUnknownFields) {
  std::string json(kMinimal);
  json.insert(json.size() - 1, R"(,"enabled":"yes","when_":1,"limt":3)");
  const std::string message = Error(json);
  EXPECT_NE(message.find("field 'enabled' must be"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown field 'limt' (did you mean 'limit'?)"), std::string::npos)
      << message;
  std::string numeric_type(kMinimal);
  numeric_type.replace(numeric_type.find(R"("accessory")"), 11, "7");
  EXPECT_NE(Error(numeric_type).find("field 'type' must be a string, got 7"), std::string::npos);
}

TEST(RuleOriginTest, NamesTheRule) {
  EXPECT_EQ(RuleOrigin("socks-for-shoes"), "rule:socks-for-shoes");
}

}  // namespace
}  // namespace affinity

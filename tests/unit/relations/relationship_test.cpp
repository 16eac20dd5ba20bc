#include "relations/relationship.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

namespace affinity {
namespace {

boost::json::object Obj(std::string_view text) { return boost::json::parse(text).as_object(); }

TEST(RelationshipTest, FromJsonReadsALink) {
  Result<Relationship> r = RelationshipFromJson(
      Obj(R"({"source": "RS-1", "target": "SK-1", "type": "accessory", "weight": 1.5,
              "position": 2})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->source, "RS-1");
  EXPECT_EQ(r->target, "SK-1");
  EXPECT_EQ(r->type, "accessory");
  EXPECT_DOUBLE_EQ(r->weight, 1.5);
  EXPECT_EQ(r->position, 2);
  EXPECT_EQ(r->origin, "manual");
}

TEST(RelationshipTest, FromJsonDefaultsWeightAndLeavesItUnpinned) {
  Result<Relationship> r =
      RelationshipFromJson(Obj(R"({"source": "RS-1", "target": "SK-1", "type": "accessory"})"));
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->weight, 1.0);
  EXPECT_EQ(r->position, std::nullopt);
}

TEST(RelationshipTest, FromJsonListsMissingAndBadFields) {
  Result<Relationship> r = RelationshipFromJson(
      Obj(R"({"source": "RS-1", "weight": 0, "position": 0, "origin": "rule:7"})"));
  ASSERT_FALSE(r.ok());
  const std::string& m = r.status().message();
  EXPECT_NE(m.find("field 'target' is required"), std::string::npos) << m;
  EXPECT_NE(m.find("field 'type' is required"), std::string::npos) << m;
  EXPECT_NE(m.find("field 'weight' must be above 0 and at most 1000, got 0"), std::string::npos)
      << m;
  EXPECT_NE(m.find("field 'position' must be between 1 and 1000, got 0"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown field 'origin'"), std::string::npos) << m;
}

TEST(RelationshipTest, FromJsonRejectsInvalidSkus) {
  Result<Relationship> r = RelationshipFromJson(
      Obj(R"({"source": "RS 1", "target": "SK-1", "type": "accessory"})"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().message().starts_with("field 'source': ")) << r.status().message();
  r = RelationshipFromJson(Obj(R"({"source": "RS-1", "target": "", "type": "accessory"})"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().message().starts_with("field 'target': ")) << r.status().message();
}

TEST(RelationshipTest, LenientRowReadsCsvText) {
  Result<Relationship> r = RelationshipFromJson(
      Obj(R"({"source": "RS-1", "target": "SK-1", "type": "accessory", "weight": "2.5",
              "position": ""})"),
      /*lenient=*/true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_DOUBLE_EQ(r->weight, 2.5);
  EXPECT_EQ(r->position, std::nullopt);
  EXPECT_FALSE(RelationshipFromJson(Obj(R"({"source": "RS-1", "target": "SK-1",
                                            "type": "accessory", "weight": "2.5"})"))
                   .ok());  // strict: text is not a number
}

TEST(RelationshipTest, PatchChangesWeightAndPosition) {
  Relationship r{.id = 3, .source = "RS-1", .target = "SK-1", .type = "accessory"};
  ASSERT_TRUE(PatchRelationship(Obj(R"({"weight": 2, "position": 1, "version": 1})"), &r).ok());
  EXPECT_DOUBLE_EQ(r.weight, 2.0);
  EXPECT_EQ(r.position, 1);
  ASSERT_TRUE(PatchRelationship(Obj(R"({"position": null})"), &r).ok());
  EXPECT_EQ(r.position, std::nullopt);
  EXPECT_DOUBLE_EQ(r.weight, 2.0);
}

TEST(RelationshipTest, PatchRefusesFixedFieldsAndLeavesTheLinkUnchanged) {
  Relationship r{.id = 3, .source = "RS-1", .target = "SK-1", .type = "accessory", .weight = 1.5};
  const Relationship before = r;
  Status st = PatchRelationship(Obj(R"({"weight": 4, "target": "IN-1", "type": "upsell"})"), &r);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("field 'target' cannot be changed"), std::string::npos);
  EXPECT_NE(st.message().find("field 'type' cannot be changed"), std::string::npos);
  EXPECT_EQ(r, before);
  st = PatchRelationship(Obj(R"({"weight": -1})"), &r);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r, before);
  st = PatchRelationship(Obj(R"({"wieght": 2})"), &r);
  EXPECT_NE(st.message().find("did you mean 'weight'?"), std::string::npos) << st.message();
}

TEST(RelationshipTest, ToJsonWritesEveryField) {
  Relationship r{.id = 7, .source = "RS-1", .target = "RS-PRO", .type = "upsell", .weight = 1.5,
                 .position = 2, .origin = "rule:premium", .version = 3};
  boost::json::object o = RelationshipToJson(r);
  EXPECT_EQ(o.at("id"), 7u);
  EXPECT_EQ(o.at("source"), "RS-1");
  EXPECT_EQ(o.at("target"), "RS-PRO");
  EXPECT_EQ(o.at("type"), "upsell");
  EXPECT_EQ(o.at("weight"), 1.5);
  EXPECT_EQ(o.at("position"), 2);
  EXPECT_EQ(o.at("origin"), "rule:premium");
  EXPECT_EQ(o.at("version"), 3);
  r.position.reset();
  EXPECT_TRUE(RelationshipToJson(r).at("position").is_null());
}

}  // namespace
}  // namespace affinity

#include "relations/relation_type.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <limits>
#include <string>
#include <vector>

namespace affinity {
namespace {

boost::json::object Obj(std::string_view text) { return boost::json::parse(text).as_object(); }

RelationType Type(std::string name, double weight, bool directed, bool acyclic) {
  return {.name = std::move(name), .weight = weight, .directed = directed, .acyclic = acyclic};
}

TEST(RelationTypeTest, BuiltinsAreCrossSellUpsellAndAccessory) {
  std::vector<RelationType> builtins = BuiltinRelationTypes();
  ASSERT_EQ(builtins.size(), 3u);
  EXPECT_EQ(builtins[0].name, "cross_sell");
  EXPECT_FALSE(builtins[0].directed);
  EXPECT_DOUBLE_EQ(builtins[0].weight, 1.0);
  EXPECT_EQ(builtins[1].name, "upsell");
  EXPECT_TRUE(builtins[1].directed && builtins[1].acyclic);
  EXPECT_DOUBLE_EQ(builtins[1].weight, 1.2);
  EXPECT_EQ(builtins[2].name, "accessory");
  EXPECT_DOUBLE_EQ(builtins[2].weight, 0.8);
  for (const auto& t : builtins) {
    EXPECT_TRUE(t.builtin);
    EXPECT_TRUE(ValidateRelationType(t).ok()) << t.name;
  }
}

TEST(RelationTypeTest, NameMustBeLowerSnakeCase) {
  EXPECT_TRUE(ValidateRelationType(Type("frequently_bought_2", 1, true, false)).ok());
  EXPECT_TRUE(ValidateRelationType(Type(std::string(64, 'a'), 1, true, false)).ok());
  for (const std::string& bad : std::vector<std::string>{
           "", "Upsell", "2nd_choice", "_hidden", "cross-sell", "upsell ", std::string(65, 'a')}) {
    Status st = ValidateRelationType(Type(bad, 1, true, false));
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << "'" << bad << "'";
    EXPECT_NE(st.message().find("must start with a lower-case letter"), std::string::npos);
  }
}

TEST(RelationTypeTest, WeightMustBePositiveAndAtMostAThousand) {
  EXPECT_TRUE(ValidateRelationType(Type("bundle", 1000, true, false)).ok());
  EXPECT_TRUE(ValidateRelationType(Type("bundle", 0.01, true, false)).ok());
  for (double bad : {0.0, -1.0, 1000.5, std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN()}) {
    Status st = ValidateRelationType(Type("bundle", bad, true, false));
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(st.message().find("field 'weight'"), std::string::npos);
  }
}

TEST(RelationTypeTest, AcyclicRequiresDirected) {
  Status st = ValidateRelationType(Type("bundle", 1, /*directed=*/false, /*acyclic=*/true));
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("cannot be both acyclic and symmetric"), std::string::npos);
}

TEST(RelationTypeTest, NegativeCapIsInvalid) {
  RelationType t = Type("bundle", 1, true, false);
  t.max_per_product = -1;
  EXPECT_NE(ValidateRelationType(t).message().find("max_per_product"), std::string::npos);
}

TEST(RelationTypeTest, FromJsonKeepsBaseFieldsItDoesNotName) {
  RelationType base = BuiltinRelationTypes()[1];  // upsell
  base.version = 4;
  Result<RelationType> t = RelationTypeFromJson(Obj(R"({"weight": 2.5})"), "upsell", base);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_DOUBLE_EQ(t->weight, 2.5);
  EXPECT_TRUE(t->directed);
  EXPECT_TRUE(t->acyclic);
  EXPECT_TRUE(t->builtin);
  EXPECT_EQ(t->version, 4);
}

TEST(RelationTypeTest, FromJsonReadsEveryField) {
  Result<RelationType> t = RelationTypeFromJson(
      Obj(R"({"name": "bought_with", "weight": 0.5, "directed": false, "acyclic": false,
              "max_per_product": 20, "builtin": true, "version": 9})"),
      "bought_with", RelationType{});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->name, "bought_with");
  EXPECT_DOUBLE_EQ(t->weight, 0.5);
  EXPECT_FALSE(t->directed);
  EXPECT_EQ(t->max_per_product, 20);
  EXPECT_FALSE(t->builtin);  // read-only: not taken from the body
  EXPECT_EQ(t->version, 0);
}

TEST(RelationTypeTest, FromJsonRejectsNameMismatchUnknownFieldsAndBadValues) {
  Result<RelationType> t = RelationTypeFromJson(
      Obj(R"({"name": "upsell", "wieght": 2})"), "bought_with", RelationType{});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("field 'name' is 'upsell' but the URL names 'bought_with'"),
            std::string::npos)
      << t.status().message();
  EXPECT_NE(t.status().message().find("unknown field 'wieght' (did you mean 'weight'?)"),
            std::string::npos)
      << t.status().message();
  t = RelationTypeFromJson(Obj(R"({"directed": false, "acyclic": true})"), "bought_with",
                           RelationType{});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("acyclic and symmetric"), std::string::npos);
  t = RelationTypeFromJson(Obj(R"({"weight": "heavy"})"), "bought_with", RelationType{});
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
}

TEST(RelationTypeTest, ToJsonThenFromJsonRoundTrips) {
  RelationType t{.name = "bought_with", .weight = 0.75, .directed = false, .acyclic = false,
                 .max_per_product = 5};
  Result<RelationType> back = RelationTypeFromJson(RelationTypeToJson(t), t.name, RelationType{});
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, t);
}

}  // namespace
}  // namespace affinity

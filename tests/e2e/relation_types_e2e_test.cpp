// /v1/relation-types end to end: custom types created and used, changes checked against the
// links that exist (cycles, symmetry), and a built-in type's weight re-ranking recommendations.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

class RelationTypesE2eTest : public ServerTest<> {
 protected:
  static std::size_t LinkCount(const std::string& sku, const std::string& query) {
    Response r = Get("/v1/products/" + sku + "/relationships?" + query);
    EXPECT_EQ(r.status, 200u) << r;
    return r.status == 200 ? r.json.at("items").as_array().size() : 0;
  }
};

TEST_F(RelationTypesE2eTest, CustomRelationTypeCanBeCreatedAndUsed) {
  ExpectProblem(Get("/v1/relation-types/bundle_with"), 404);
  Response r = Put("/v1/relation-types/bundle_with", R"({"weight":1.5,"directed":true})");
  ASSERT_EQ(r.status, 201u) << r;
  EXPECT_EQ(r.Str("name"), "bundle_with");
  EXPECT_EQ(r.json.at("weight"), json::value(1.5));
  EXPECT_EQ(r.json.at("builtin"), json::value(false));
  EXPECT_EQ(r.Header("ETag"), "\"1\"");

  Response got = Get("/v1/relation-types/bundle_with");
  ASSERT_EQ(got.status, 200u) << got;
  EXPECT_EQ(got.json.at("weight"), json::value(1.5));
  bool listed = false;
  Response types = Get("/v1/relation-types");
  ASSERT_EQ(types.status, 200u) << types;
  for (const auto& t : types.json.at("items").as_array()) {
    listed = listed || t.at("name") == "bundle_with";
  }
  EXPECT_TRUE(listed);

  CreateProduct("BND-CAMERA");
  CreateProduct("BND-BAG");
  std::int64_t id = CreateLink("BND-CAMERA", "BND-BAG", "bundle_with", 2.0);
  ASSERT_GT(id, 0);
  Response recs = Get("/v1/products/BND-CAMERA/recommendations?type=bundle_with");
  ASSERT_EQ(recs.status, 200u) << recs;
  ASSERT_EQ(recs.json.at("items").as_array().size(), 1u) << recs;
  EXPECT_EQ(recs.json.at("items").at(0).at("sku"), json::value("BND-BAG"));
  EXPECT_EQ(recs.json.at("items").at(0).at("type"), json::value("bundle_with"));
  EXPECT_EQ(recs.json.at("items").at(0).at("score"), json::value(3.0));
  // Directed: the bag does not recommend the camera.
  EXPECT_TRUE(Get("/v1/products/BND-BAG/recommendations").json.at("items").as_array().empty());

  // Changing it is a 200 with the next version; a bad definition is refused and changes nothing.
  r = Put("/v1/relation-types/bundle_with", R"({"weight":2})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.Header("ETag"), "\"2\"");
  ExpectProblem(Put("/v1/relation-types/bundle_with", R"({"weight":3})", {{"If-Match", "\"1\""}}),
                412);
  ExpectProblem(Put("/v1/relation-types/bundle_with", R"({"weight":-1})"), 400);
  ExpectProblem(Put("/v1/relation-types/bundle_with", R"({"wieght":3})"), 400);
  ExpectProblem(Put("/v1/relation-types/Bad-Name", R"({"weight":1})"), 400);
  ExpectProblem(Get("/v1/relation-types/Bad-Name"), 404);
  got = Get("/v1/relation-types/bundle_with");
  EXPECT_EQ(got.json.at("weight"), json::value(2.0)) << got;
  EXPECT_EQ(got.Header("ETag"), "\"2\"");
}

TEST_F(RelationTypesE2eTest, MakingATypeAcyclicOverACycleIs409AndChangesNothing) {
  Response r = Put("/v1/relation-types/goes_with", R"({"weight":1,"directed":true})");
  ASSERT_EQ(r.status, 201u) << r;
  for (const char* sku : {"GW-A", "GW-B", "GW-C"}) CreateProduct(sku);
  CreateLink("GW-A", "GW-B", "goes_with");
  CreateLink("GW-B", "GW-C", "goes_with");
  CreateLink("GW-C", "GW-A", "goes_with");  // allowed: the type is not acyclic yet

  std::string detail = ExpectProblem(Put("/v1/relation-types/goes_with", R"({"acyclic":true})"), 409);
  for (const char* sku : {"GW-A", "GW-B", "GW-C"}) {
    EXPECT_NE(detail.find(sku), std::string::npos) << detail;
  }
  Response got = Get("/v1/relation-types/goes_with");
  EXPECT_EQ(got.json.at("acyclic"), json::value(false)) << got;
  EXPECT_EQ(got.Header("ETag"), "\"1\"");
  EXPECT_EQ(LinkCount("GW-A", "type=goes_with&direction=both"), 2u);

  // Making a directed type with A->B and B->A symmetric is refused as well.
  ASSERT_EQ(Put("/v1/relation-types/pairs_with", R"({"directed":true})").status, 201u);
  CreateLink("GW-A", "GW-B", "pairs_with");
  CreateLink("GW-B", "GW-A", "pairs_with");
  ExpectProblem(Put("/v1/relation-types/pairs_with", R"({"directed":false})"), 409);
  EXPECT_EQ(Get("/v1/relation-types/pairs_with").json.at("directed"), json::value(true));
}

// Changing a built-in type's weight re-ranks every product, so it gets a server of its own.
class RelationTypeWeightE2eTest : public ServerTest<> {};

TEST_F(RelationTypeWeightE2eTest, RaisingUpsellWeightReRanksRecommendations) {
  for (const char* sku : {"RW-SRC", "RW-CROSS", "RW-UP"}) CreateProduct(sku);
  CreateLink("RW-SRC", "RW-CROSS", "cross_sell", 2.0);  // 1.0 x 2.0 = 2.0
  CreateLink("RW-SRC", "RW-UP", "upsell", 1.0);         // 1.2 x 1.0 = 1.2
  auto order = [] {
    Response r = Get("/v1/products/RW-SRC/recommendations");
    EXPECT_EQ(r.status, 200u) << r;
    std::vector<std::string> skus;
    for (const auto& item : r.json.at("items").as_array()) skus.emplace_back(item.at("sku").as_string());
    return skus;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(order(), (V{"RW-CROSS", "RW-UP"}));

  // upsell exists before anyone PUTs it, so changing it is a 200, not a 201 Created.
  Response before = Get("/v1/relation-types/upsell");
  ASSERT_EQ(before.status, 200u) << before;
  EXPECT_EQ(before.json.at("weight"), json::value(1.2));
  Response r = Put("/v1/relation-types/upsell", R"({"weight":5})");
  EXPECT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("weight"), json::value(5.0));
  EXPECT_EQ(r.json.at("builtin"), json::value(true));
  EXPECT_EQ(order(), (V{"RW-UP", "RW-CROSS"}));
  Response recs = Get("/v1/products/RW-SRC/recommendations?explain=true");
  EXPECT_EQ(recs.json.at("items").at(0).at("score"), json::value(5.0)) << recs;
  EXPECT_EQ(recs.json.at("items").at(0).at("reasons").at(0).at("type_weight"), json::value(5.0));

  // A built-in acyclic type cannot become symmetric; the refusal changes nothing.
  ExpectProblem(Put("/v1/relation-types/upsell", R"({"directed":false})"), 400);
  EXPECT_EQ(Get("/v1/relation-types/upsell").json.at("weight"), json::value(5.0));
  EXPECT_EQ(order(), (V{"RW-UP", "RW-CROSS"}));
}

}  // namespace
}  // namespace affinity::e2e

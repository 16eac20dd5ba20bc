// /v1/relationships end to end: create and its refusals (duplicates, symmetric reverses, cycles,
// self-links, unknown products and types), PATCH and DELETE with If-Match, listing by product, bulk
// import, and Idempotency-Key.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

class RelationshipsE2eTest : public ServerTest<> {
 protected:
  // The ids of the links GET /v1/products/{sku}/relationships?{query} lists, in order.
  static std::vector<std::int64_t> LinkIds(const std::string& sku, const std::string& query = "") {
    Response r = Get("/v1/products/" + sku + "/relationships" + (query.empty() ? "" : "?" + query));
    EXPECT_EQ(r.status, 200u) << sku << "?" << query << ": " << r;
    std::vector<std::int64_t> ids;
    if (r.status != 200) return ids;
    for (const auto& item : r.json.at("items").as_array()) {
      ids.push_back(item.at("id").to_number<std::int64_t>());
    }
    return ids;
  }
  static std::string LinkPath(std::int64_t id) { return "/v1/relationships/" + std::to_string(id); }
  static std::string NewLink(const std::string& source, const std::string& target,
                             const std::string& type) {
    return ToJson(json::object{{"source", source}, {"target", target}, {"type", type}});
  }
};

using Ids = std::vector<std::int64_t>;

TEST_F(RelationshipsE2eTest, CreateIs201WithIdLocationAndETag) {
  CreateProduct("REL-NEW-A");
  CreateProduct("REL-NEW-B");
  Response r = Post("/v1/relationships",
                    R"({"source":"REL-NEW-A","target":"REL-NEW-B","type":"upsell","weight":1.5})");
  ASSERT_EQ(r.status, 201u) << r;
  ASSERT_TRUE(r.json.at("id").is_number()) << r;
  const std::int64_t id = r.json.at("id").to_number<std::int64_t>();
  EXPECT_GT(id, 0);
  EXPECT_EQ(r.Header("Location"), LinkPath(id));
  EXPECT_EQ(r.Header("ETag"), "\"1\"");
  EXPECT_EQ(r.Str("source"), "REL-NEW-A");
  EXPECT_EQ(r.Str("target"), "REL-NEW-B");
  EXPECT_EQ(r.Str("type"), "upsell");
  EXPECT_EQ(r.json.at("weight"), json::value(1.5));
  EXPECT_TRUE(r.json.at("position").is_null());
  EXPECT_EQ(r.Str("origin"), "manual");

  Response got = Get(LinkPath(id));
  ASSERT_EQ(got.status, 200u) << got;
  EXPECT_EQ(got.json, r.json);
  EXPECT_EQ(LinkIds("REL-NEW-A"), Ids{id});
  ExpectProblem(Get("/v1/relationships/999999"), 404);
  ExpectProblem(Get("/v1/relationships/not-a-number"), 404);
}

TEST_F(RelationshipsE2eTest, DuplicateLinkIs409AndStoresNothing) {
  CreateProduct("REL-DUP-A");
  CreateProduct("REL-DUP-B");
  std::int64_t id = CreateLink("REL-DUP-A", "REL-DUP-B", "accessory");
  std::string detail = ExpectProblem(
      Post("/v1/relationships", NewLink("REL-DUP-A", "REL-DUP-B", "accessory")), 409);
  EXPECT_NE(detail.find(std::to_string(id)), std::string::npos) << detail;
  EXPECT_EQ(LinkIds("REL-DUP-A", "direction=both"), Ids{id});
}

TEST_F(RelationshipsE2eTest, ReverseOfASymmetricCrossSellIs409) {
  CreateProduct("REL-SYM-A");
  CreateProduct("REL-SYM-B");
  std::int64_t id = CreateLink("REL-SYM-A", "REL-SYM-B", "cross_sell");
  ExpectProblem(Post("/v1/relationships", NewLink("REL-SYM-B", "REL-SYM-A", "cross_sell")), 409);
  EXPECT_EQ(LinkIds("REL-SYM-A", "direction=both"), Ids{id});
  EXPECT_EQ(LinkIds("REL-SYM-B", "direction=both"), Ids{id});
  // A symmetric link is outgoing from both ends.
  EXPECT_EQ(LinkIds("REL-SYM-B", "direction=out"), Ids{id});
}

TEST_F(RelationshipsE2eTest, UpsellCycleIs409NamingTheWholeCycle) {
  CreateProduct("CYC-A");
  CreateProduct("CYC-B");
  CreateProduct("CYC-C");
  CreateLink("CYC-A", "CYC-B", "upsell");
  CreateLink("CYC-B", "CYC-C", "upsell");
  std::string detail =
      ExpectProblem(Post("/v1/relationships", NewLink("CYC-C", "CYC-A", "upsell")), 409);
  EXPECT_NE(detail.find("CYC-A -> CYC-B -> CYC-C -> CYC-A"), std::string::npos) << detail;
  EXPECT_TRUE(LinkIds("CYC-C", "type=upsell&direction=out").empty());
  EXPECT_EQ(LinkIds("CYC-A", "type=upsell&direction=in").size(), 0u);
  // The reverse of a single upsell is a 2-cycle, refused the same way.
  detail = ExpectProblem(Post("/v1/relationships", NewLink("CYC-B", "CYC-A", "upsell")), 409);
  EXPECT_NE(detail.find("cycle"), std::string::npos) << detail;
  EXPECT_EQ(LinkIds("CYC-B", "type=upsell&direction=out").size(), 1u);
}

TEST_F(RelationshipsE2eTest, SelfLinkIs400) {
  CreateProduct("REL-SELF");
  std::string detail =
      ExpectProblem(Post("/v1/relationships", NewLink("REL-SELF", "REL-SELF", "cross_sell")), 400);
  EXPECT_NE(detail.find("REL-SELF"), std::string::npos) << detail;
  EXPECT_TRUE(LinkIds("REL-SELF", "direction=both").empty());
}

TEST_F(RelationshipsE2eTest, UnknownProductIs400NamingIt) {
  CreateProduct("REL-KNOWN");
  std::string detail = ExpectProblem(
      Post("/v1/relationships", NewLink("REL-KNOWN", "REL-NOWHERE", "cross_sell")), 400);
  EXPECT_NE(detail.find("REL-NOWHERE"), std::string::npos) << detail;
  detail = ExpectProblem(
      Post("/v1/relationships", NewLink("REL-NOWHERE", "REL-KNOWN", "cross_sell")), 400);
  EXPECT_NE(detail.find("REL-NOWHERE"), std::string::npos) << detail;
  EXPECT_TRUE(LinkIds("REL-KNOWN", "direction=both").empty());
  ExpectProblem(Get("/v1/products/REL-NOWHERE"), 404);
}

TEST_F(RelationshipsE2eTest, UnknownTypeIs400SuggestingTheNearestName) {
  CreateProduct("REL-TYPO-A");
  CreateProduct("REL-TYPO-B");
  std::string detail =
      ExpectProblem(Post("/v1/relationships", NewLink("REL-TYPO-A", "REL-TYPO-B", "upsel")), 400);
  EXPECT_NE(detail.find("did you mean 'upsell'"), std::string::npos) << detail;
  EXPECT_TRUE(LinkIds("REL-TYPO-A", "direction=both").empty());
}

TEST_F(RelationshipsE2eTest, MalformedCreateBodiesAre400) {
  CreateProduct("REL-BAD-A");
  CreateProduct("REL-BAD-B");
  const char* bodies[] = {
      R"({"source":"REL-BAD-A","target":"REL-BAD-B","type":"upsell","weight":0})",
      R"({"source":"REL-BAD-A","target":"REL-BAD-B","type":"upsell","weight":"heavy"})",
      R"({"source":"REL-BAD-A","target":"REL-BAD-B","type":"upsell","position":0})",
      R"({"source":"REL-BAD-A","target":"REL-BAD-B","type":"upsell","rank":1})",
      R"({"source":"REL-BAD-A","type":"upsell"})",
  };
  for (const char* body : bodies) ExpectProblem(Post("/v1/relationships", body), 400);
  EXPECT_TRUE(LinkIds("REL-BAD-A", "direction=both").empty());
}

TEST_F(RelationshipsE2eTest, PatchChangesWeightAndPositionAndNullUnpins) {
  CreateProduct("REL-PATCH-A");
  CreateProduct("REL-PATCH-B");
  std::int64_t id = CreateLink("REL-PATCH-A", "REL-PATCH-B", "accessory");
  const std::string path = LinkPath(id);

  Response r = Patch(path, R"({"weight":2.5})");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("weight"), json::value(2.5));
  EXPECT_EQ(r.Header("ETag"), "\"2\"");

  r = Patch(path, R"({"position":3})", {{"If-Match", "\"2\""}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("position"), json::value(3));
  EXPECT_EQ(r.json.at("weight"), json::value(2.5));
  Response recs = Get("/v1/products/REL-PATCH-A/recommendations");
  ASSERT_EQ(recs.status, 200u) << recs;
  ASSERT_EQ(recs.json.at("items").as_array().size(), 1u) << recs;
  EXPECT_EQ(recs.json.at("items").at(0).at("position"), json::value(3)) << recs;
  EXPECT_EQ(recs.json.at("items").at(0).at("score"), json::value(0.8 * 2.5)) << recs;

  r = Patch(path, R"({"position":null})");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_TRUE(r.json.at("position").is_null()) << r;
  Response got = Get(path);
  EXPECT_TRUE(got.json.at("position").is_null()) << got;
  EXPECT_EQ(got.Header("ETag"), "\"4\"");
  recs = Get("/v1/products/REL-PATCH-A/recommendations");
  ASSERT_EQ(recs.json.at("items").as_array().size(), 1u) << recs;
  EXPECT_FALSE(recs.json.at("items").at(0).as_object().contains("position")) << recs;
}

TEST_F(RelationshipsE2eTest, PatchWithAStaleIfMatchIs412AndChangesNothing) {
  CreateProduct("REL-STALE-A");
  CreateProduct("REL-STALE-B");
  std::int64_t id = CreateLink("REL-STALE-A", "REL-STALE-B", "upsell", 1.0);
  ASSERT_EQ(Patch(LinkPath(id), R"({"weight":2})").status, 200u);
  ExpectProblem(Patch(LinkPath(id), R"({"weight":9,"position":1})", {{"If-Match", "\"1\""}}),
                412);
  Response got = Get(LinkPath(id));
  EXPECT_EQ(got.json.at("weight"), json::value(2.0)) << got;
  EXPECT_TRUE(got.json.at("position").is_null()) << got;
  EXPECT_EQ(got.Header("ETag"), "\"2\"");
}

TEST_F(RelationshipsE2eTest, PatchRejectsBadValuesAndFixedFieldsChangingNothing) {
  CreateProduct("REL-PBAD-A");
  CreateProduct("REL-PBAD-B");
  CreateProduct("REL-PBAD-C");
  std::int64_t id = CreateLink("REL-PBAD-A", "REL-PBAD-B", "upsell", 1.25);
  for (const char* body : {R"({"weight":-1})", R"({"position":0})", R"({"target":"REL-PBAD-C"})",
                           R"({"wieght":2})", R"([1,2])"}) {
    ExpectProblem(Patch(LinkPath(id), body), 400);
  }
  Response got = Get(LinkPath(id));
  EXPECT_EQ(got.json.at("weight"), json::value(1.25)) << got;
  EXPECT_EQ(got.Str("target"), "REL-PBAD-B");
  EXPECT_EQ(got.Header("ETag"), "\"1\"");
  ExpectProblem(Patch("/v1/relationships/999999", R"({"weight":2})"), 404);
}

TEST_F(RelationshipsE2eTest, DeleteIs204ThenTheLinkIsGone) {
  CreateProduct("REL-DEL-A");
  CreateProduct("REL-DEL-B");
  std::int64_t id = CreateLink("REL-DEL-A", "REL-DEL-B", "cross_sell");
  ExpectProblem(Delete(LinkPath(id), {{"If-Match", "\"7\""}}), 412);
  EXPECT_EQ(Get(LinkPath(id)).status, 200u);
  Response r = Delete(LinkPath(id));
  EXPECT_EQ(r.status, 204u) << r;
  ExpectProblem(Get(LinkPath(id)), 404);
  EXPECT_TRUE(LinkIds("REL-DEL-A", "direction=both").empty());
  EXPECT_TRUE(Get("/v1/products/REL-DEL-B/recommendations").json.at("items").as_array().empty());
  ExpectProblem(Delete(LinkPath(id)), 404);
  // The products themselves stay.
  EXPECT_EQ(Get("/v1/products/REL-DEL-A").status, 200u);
}

TEST_F(RelationshipsE2eTest, ListsAProductsLinksByTypeAndDirection) {
  for (const char* sku : {"HUB", "HUB-UP", "HUB-DOWN", "HUB-X", "HUB-ACC"}) CreateProduct(sku);
  std::int64_t up_out = CreateLink("HUB", "HUB-UP", "upsell");
  std::int64_t up_in = CreateLink("HUB-DOWN", "HUB", "upsell");
  std::int64_t cross = CreateLink("HUB-X", "HUB", "cross_sell");  // symmetric: both directions
  std::int64_t acc_out = CreateLink("HUB", "HUB-ACC", "accessory");

  EXPECT_EQ(LinkIds("HUB"), (Ids{up_out, cross, acc_out}));  // default: out
  EXPECT_EQ(LinkIds("HUB", "direction=out"), (Ids{up_out, cross, acc_out}));
  EXPECT_EQ(LinkIds("HUB", "direction=in"), (Ids{up_in, cross}));
  EXPECT_EQ(LinkIds("HUB", "direction=both"), (Ids{up_out, up_in, cross, acc_out}));
  EXPECT_EQ(LinkIds("HUB", "type=upsell&direction=both"), (Ids{up_out, up_in}));
  EXPECT_EQ(LinkIds("HUB", "type=upsell&direction=in"), (Ids{up_in}));
  EXPECT_EQ(LinkIds("HUB", "type=accessory&direction=in"), Ids{});
  EXPECT_EQ(LinkIds("HUB-UP", "direction=out"), Ids{});
  EXPECT_EQ(LinkIds("HUB-UP", "direction=in"), Ids{up_out});

  ExpectProblem(Get("/v1/products/HUB/relationships?direction=sideways"), 400);
  ExpectProblem(Get("/v1/products/HUB/relationships?type=upsel"), 400);
  ExpectProblem(Get("/v1/products/HUB/relationships?kind=upsell"), 400);
  ExpectProblem(Get("/v1/products/NO-SUCH-HUB/relationships"), 404);
}

TEST_F(RelationshipsE2eTest, ImportCsvUpsertsByKey) {
  for (const char* sku : {"IMP-A", "IMP-B", "IMP-C"}) CreateProduct(sku);
  std::int64_t existing = CreateLink("IMP-A", "IMP-B", "upsell", 1.0);
  const std::string csv =
      "source,target,type,weight,position\n"
      "IMP-A,IMP-B,upsell,3.5,2\n"
      "IMP-A,IMP-C,cross_sell,1.25,\n";
  Response r = Post("/v1/relationships:import", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("imported"), json::value(2));
  EXPECT_EQ(r.json.at("created"), json::value(1));
  EXPECT_EQ(r.json.at("updated"), json::value(1));

  Response updated = Get(LinkPath(existing));
  EXPECT_EQ(updated.json.at("weight"), json::value(3.5)) << updated;
  EXPECT_EQ(updated.json.at("position"), json::value(2)) << updated;
  Ids ids = LinkIds("IMP-A");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], existing);  // updated in place, not re-created
  Response created = Get(LinkPath(ids[1]));
  EXPECT_EQ(created.Str("target"), "IMP-C") << created;
  EXPECT_EQ(created.json.at("weight"), json::value(1.25)) << created;
  EXPECT_TRUE(created.json.at("position").is_null()) << created;

  // A reverse cross_sell row is the same symmetric link: an update, not a second link.
  r = Post("/v1/relationships:import", "source,target,type,weight\nIMP-C,IMP-A,cross_sell,2\n",
           {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("created"), json::value(0)) << r;
  EXPECT_EQ(r.json.at("updated"), json::value(1)) << r;
  EXPECT_EQ(LinkIds("IMP-A").size(), 2u);
}

TEST_F(RelationshipsE2eTest, ImportWithABadRowIs422AndImportsNothing) {
  for (const char* sku : {"IMPX-A", "IMPX-B", "IMPX-C"}) CreateProduct(sku);
  std::int64_t existing = CreateLink("IMPX-A", "IMPX-B", "upsell", 1.0);
  const std::string csv =
      "source,target,type,weight\n"
      "IMPX-A,IMPX-B,upsell,4\n"        // update
      "IMPX-B,IMPX-C,upsell,1\n"        // new
      "IMPX-C,IMPX-A,upsell,1\n"        // closes IMPX-A -> IMPX-B -> IMPX-C -> IMPX-A
      "IMPX-A,IMPX-GONE,accessory,1\n";  // unknown product
  Response r = Post("/v1/relationships:import", csv, {{"Content-Type", "text/csv"}});
  ExpectProblem(r, 422);
  ASSERT_TRUE(r.Object().contains("errors")) << r;
  std::set<std::int64_t> lines;
  for (const auto& e : r.json.at("errors").as_array()) {
    lines.insert(e.at("line").to_number<std::int64_t>());
  }
  EXPECT_EQ(lines, (std::set<std::int64_t>{4, 5})) << r;
  EXPECT_EQ(Get(LinkPath(existing)).json.at("weight"), json::value(1.0));
  EXPECT_EQ(LinkIds("IMPX-B"), Ids{});
  EXPECT_EQ(LinkIds("IMPX-C"), Ids{});
  ExpectProblem(
      Post("/v1/relationships:import", csv, {{"Content-Type", "application/xml"}}), 415);
}

TEST_F(RelationshipsE2eTest, IdempotencyKeyReplaysTheFirstReplyAndRefusesAnotherBody) {
  CreateProduct("IDEM-A");
  CreateProduct("IDEM-B");
  CreateProduct("IDEM-C");
  const std::string body = NewLink("IDEM-A", "IDEM-B", "upsell");
  const Headers key{{"Idempotency-Key", "order-7f3a"}};
  Response first = Post("/v1/relationships", body, key);
  ASSERT_EQ(first.status, 201u) << first;
  EXPECT_FALSE(first.HasHeader("Idempotent-Replayed"));

  Response again = Post("/v1/relationships", body, key);
  ASSERT_EQ(again.status, 201u) << again;
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.json, first.json);
  EXPECT_EQ(again.Header("Location"), first.Header("Location"));
  EXPECT_EQ(LinkIds("IDEM-A").size(), 1u);

  std::string detail =
      ExpectProblem(Post("/v1/relationships", NewLink("IDEM-A", "IDEM-C", "upsell"), key), 422);
  EXPECT_NE(detail.find("Idempotency-Key"), std::string::npos) << detail;
  EXPECT_EQ(LinkIds("IDEM-A").size(), 1u);
  EXPECT_TRUE(LinkIds("IDEM-C", "direction=both").empty());

  // Without the key, the same body is an ordinary duplicate.
  ExpectProblem(Post("/v1/relationships", body), 409);
}

}  // namespace
}  // namespace affinity::e2e

// Bundles over HTTP: create, read, replace and delete with ETag / If-Match, ids made from names,
// Idempotency-Key, drafts that say they are invalid and the list's filters, bad input answered with
// a precise problem that changes nothing, the audit trail, and who may do what.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "bundles_e2e_fixture.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

class BundlesApiE2eTest : public BundlesE2eTest {};

TEST_F(BundlesApiE2eTest, CreateReadReplaceDeleteWithEtags) {
  Product("CRUD-SHOE", "59.99", 12);
  Product("CRUD-SOCK", "9.50", 100);
  const json::array items{Item("CRUD-SHOE"), Item("CRUD-SOCK", 2)};
  Response created = Post("/v1/bundles", Body("crud-kit", items, {{"discount_percent", 10}}));
  ASSERT_EQ(created.status, 201u) << created;
  EXPECT_EQ(created.Header("Location"), "/v1/bundles/crud-kit");
  EXPECT_EQ(created.Header("ETag"), "\"1\"");
  EXPECT_EQ(created.json.at("version"), 1);
  EXPECT_EQ(created.json.at("valid"), true) << created;
  EXPECT_EQ(created.Str("currency"), "USD");
  EXPECT_EQ(created.Str("total_price"), "78.99");
  EXPECT_EQ(created.Str("bundle_price"), "71.09");  // 10% off 78.99 = 7.899 -> 7.90
  EXPECT_EQ(created.Str("savings"), "7.90");
  EXPECT_EQ(created.json.at("discount_percent").to_number<double>(), 10.0);
  EXPECT_TRUE(created.json.at("problems").as_array().empty());

  Response read = Get("/v1/bundles/crud-kit");
  ASSERT_EQ(read.status, 200u) << read;
  EXPECT_EQ(read.Header("ETag"), "\"1\"");
  EXPECT_EQ(read.json.at("items"), created.json.at("items"));
  EXPECT_EQ(read.Str("created_at"), created.Str("created_at"));

  // A GET body goes back as it is, with a changed name.
  json::object edited = read.Object();
  edited["name"] = "Renamed kit";
  Response replaced = Put("/v1/bundles/crud-kit", ToJson(edited), {{"If-Match", "\"1\""}});
  ASSERT_EQ(replaced.status, 200u) << replaced;
  EXPECT_EQ(replaced.Header("ETag"), "\"2\"");
  EXPECT_EQ(replaced.Str("name"), "Renamed kit");
  EXPECT_EQ(replaced.Str("created_at"), created.Str("created_at"));

  // A stale ETag changes nothing.
  std::string detail =
      ExpectProblem(Put("/v1/bundles/crud-kit", ToJson(edited), {{"If-Match", "\"1\""}}), 412);
  EXPECT_EQ(detail, "bundle 'crud-kit' is at version 2, not 1 as If-Match says; fetch it again "
                    "and retry");
  ExpectProblem(Delete("/v1/bundles/crud-kit", {{"If-Match", "\"1\""}}), 412);
  EXPECT_EQ(Get("/v1/bundles/crud-kit").Str("name"), "Renamed kit");

  ASSERT_EQ(Delete("/v1/bundles/crud-kit", {{"If-Match", "\"2\""}}).status, 204u);
  detail = ExpectProblem(Get("/v1/bundles/crud-kit"), 404);
  EXPECT_EQ(detail, "bundle 'crud-kit' does not exist");
  ExpectProblem(Delete("/v1/bundles/crud-kit"), 404);

  // PUT creates under the URL's id.
  Response put_new = Put("/v1/bundles/crud-put", Body("", items));
  ASSERT_EQ(put_new.status, 201u) << put_new;
  EXPECT_EQ(put_new.Str("id"), "crud-put");
}

TEST_F(BundlesApiE2eTest, PostMakesAnIdFromTheNameAndRefusesATakenOne) {
  Product("ID-A", "5.00", -1);
  Response first = Post("/v1/bundles", R"({"name": "Summer Picnic Set!", "items": [{"sku": "ID-A"}]})");
  ASSERT_EQ(first.status, 201u) << first;
  EXPECT_EQ(first.Str("id"), "summer-picnic-set");
  EXPECT_EQ(first.Header("Location"), "/v1/bundles/summer-picnic-set");
  Response second = Post("/v1/bundles", R"({"name": "Summer picnic set", "items": []})");
  ASSERT_EQ(second.status, 201u) << second;
  EXPECT_EQ(second.Str("id"), "summer-picnic-set-2");
  std::string detail = ExpectProblem(
      Post("/v1/bundles", R"({"id": "summer-picnic-set", "name": "Again", "items": []})"), 409);
  EXPECT_NE(detail.find("bundle 'summer-picnic-set' already exists"), std::string::npos) << detail;
}

TEST_F(BundlesApiE2eTest, IdempotencyKeyReplaysTheFirstReply) {
  Product("IDEM-B1", "5.00", -1);
  const std::string body = R"({"name": "Idempotent kit", "items": [{"sku": "IDEM-B1"}]})";
  const Headers key{{"Idempotency-Key", "bundle-7f3a"}};
  Response first = Post("/v1/bundles", body, key);
  ASSERT_EQ(first.status, 201u) << first;
  Response again = Post("/v1/bundles", body, key);
  ASSERT_EQ(again.status, 201u) << again;
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.json, first.json);
  EXPECT_EQ(BundleIds("sku=IDEM-B1"), Strings{"idempotent-kit"});
  std::string detail = ExpectProblem(
      Post("/v1/bundles", R"({"name": "Another kit", "items": []})", key), 422);
  EXPECT_NE(detail.find("Idempotency-Key"), std::string::npos) << detail;
}

TEST_F(BundlesApiE2eTest, ADraftIsSavedSaysWhyItIsInvalidAndTurnsValidWhenFixed) {
  Product("DRAFT-A", "20.00", 5);
  Response draft = Post("/v1/bundles", Body("draft-kit", {Item("DRAFT-A"), Item("DRAFT-LATER")}));
  ASSERT_EQ(draft.status, 201u) << draft;
  EXPECT_EQ(draft.json.at("valid"), false);
  EXPECT_EQ(Codes(draft), Strings{"unknown_sku"});
  EXPECT_TRUE(draft.json.at("total_price").is_null());
  EXPECT_EQ(BundleIds("sku=DRAFT-A&valid=false"), Strings{"draft-kit"});
  EXPECT_TRUE(BundleIds("sku=DRAFT-A&valid=true").empty());
  Product("DRAFT-LATER", "5.00", 5);
  Response now = Get("/v1/bundles/draft-kit");
  EXPECT_EQ(now.json.at("valid"), true) << now;
  EXPECT_EQ(now.Str("total_price"), "25.00");
  EXPECT_EQ(BundleIds("sku=DRAFT-LATER&valid=true"), Strings{"draft-kit"});
  // Deleting a product makes the bundle a draft again; the bundle stays.
  ASSERT_EQ(Delete("/v1/products/DRAFT-LATER").status, 204u);
  EXPECT_EQ(Codes(Get("/v1/bundles/draft-kit")), Strings{"unknown_sku"});
}

TEST_F(BundlesApiE2eTest, TheListFiltersBySkuValidityAndWindow) {
  Product("LIST-A", "10.00", 5);
  const json::array items{Item("LIST-A")};
  ASSERT_EQ(Post("/v1/bundles", Body("list-now", items)).status, 201u);
  ASSERT_EQ(Post("/v1/bundles", Body("list-xmas", items, {{"active_from", "2026-12-01"},
                                                          {"active_to", "2026-12-26"}}))
                .status,
            201u);
  EXPECT_EQ(BundleIds("sku=LIST-A"), (Strings{"list-now", "list-xmas"}));
  EXPECT_EQ(BundleIds("sku=LIST-A&active=true&at=2026-12-24T18:00:00Z"),
            (Strings{"list-now", "list-xmas"}));
  EXPECT_EQ(BundleIds("sku=LIST-A&active=false&at=2027-01-02"), Strings{"list-xmas"});
  EXPECT_TRUE(BundleIds("sku=NO-BUNDLES").empty());
  Response all = Get("/v1/bundles?at=2026-12-24");
  EXPECT_EQ(all.Str("at"), "2026-12-24T00:00:00Z");
  ExpectProblem(Get("/v1/bundles?valid=maybe"), 400);
  std::string detail = ExpectProblem(Get("/v1/bundles?skus=LIST-A"), 400);
  EXPECT_NE(detail.find("(did you mean 'sku'?)"), std::string::npos) << detail;
}

TEST_F(BundlesApiE2eTest, BadInputIsAPreciseProblemAndChangesNothing) {
  Product("BAD-A", "10.00", 5);
  const Strings before = BundleIds();
  struct Case {
    std::string body;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {R"({"id": "bad", "name": "Bad", "items": [{"sku": "BAD-A", "quantity": 0}]})",
       "field 'items[0].quantity' must be a whole number from 1 to 10000, got 0"},
      {R"({"id": "bad", "name": "Bad", "items": [{"sku": "BAD-A", "quantity": 1.5}]})",
       "field 'items[0].quantity' must be an integer, got 1.5"},
      {R"({"id": "bad", "name": "Bad", "discount_percent": 10,
           "price": {"amount": "9.00", "currency": "USD"}})",
       "field 'discount_percent' cannot be combined with 'price': give a fixed bundle price or a "
       "discount off the items' total, not both"},
      {R"({"id": "bad", "name": "Bad", "discount_percent": 100})",
       "field 'discount_percent' must be a percentage above 0 and below 100 with at most 2 "
       "decimals, such as 15 or 12.5, got 100"},
      {R"({"id": "bad", "name": "Bad", "itemz": []})",
       "unknown field 'itemz' (did you mean 'items'?)"},
      {R"({"id": "bad", "name": "Bad", "active_from": "2026-12-24", "active_to": "2026-12-01"})",
       "field 'active_to' (2026-12-01T00:00:00Z) is before active_from (2026-12-24T00:00:00Z); "
       "the window must end after it starts"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    EXPECT_EQ(ExpectProblem(Post("/v1/bundles", c.body), 400), c.detail);
    EXPECT_EQ(ExpectProblem(Put("/v1/bundles/bad", c.body), 400), c.detail);
    EXPECT_EQ(ExpectProblem(Post("/v1/bundles:validate", c.body), 400), c.detail);
  }
  const std::string bad_id =
      "bundle id 'Bad Id' must be 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a "
      "letter or digit, e.g. 'running-starter-kit'";
  EXPECT_EQ(ExpectProblem(Post("/v1/bundles", R"({"id": "Bad Id", "name": "Bad"})"), 400), bad_id);
  EXPECT_EQ(ExpectProblem(Put("/v1/bundles/Bad%20Id", R"({"name": "Bad"})"), 400), bad_id);
  std::string detail = ExpectProblem(Post("/v1/bundles", R"({"name": "Bad", )"), 400);
  EXPECT_NE(detail.find("malformed JSON at line 1"), std::string::npos) << detail;
  detail = ExpectProblem(Put("/v1/bundles/bad", R"({"id": "other", "name": "Bad"})"), 400);
  EXPECT_EQ(detail, "field 'id' is 'other' but the URL names 'bad'; they must agree");
  detail = ExpectProblem(Get("/v1/bundles?at=tomorrow"), 400);
  EXPECT_NE(detail.find("query parameter 'at' must be an ISO 8601 date or time"),
            std::string::npos);
  ExpectProblem(Put("/v1/bundles/bad", R"({"name": "Bad"})", {{"If-Match", "soon"}}), 400);
  EXPECT_EQ(BundleIds(), before);
  ExpectProblem(Get("/v1/bundles/bad"), 404);
  EXPECT_TRUE(Get("/v1/audit?entity=bundle&id=bad").Object().at("items").as_array().empty());
}

TEST_F(BundlesApiE2eTest, EveryChangeIsInTheAuditTrail) {
  Product("AUD-A", "10.00", 5);
  const std::string key = MakeKey("bundle-merch", "merchandiser");
  ASSERT_EQ(Post("/v1/bundles", Body("aud-kit", {Item("AUD-A")}), Bearer(key)).status, 201u);
  ASSERT_EQ(Put("/v1/bundles/aud-kit", Body("", {Item("AUD-A", 2)}), Bearer(key)).status, 200u);
  ASSERT_EQ(Delete("/v1/bundles/aud-kit", Bearer(key)).status, 204u);
  Response r = Get("/v1/audit?entity=bundle&id=aud-kit");
  ASSERT_EQ(r.status, 200u) << r;
  const auto& items = r.Object().at("items").as_array();
  ASSERT_EQ(items.size(), 3u) << r;
  EXPECT_EQ(items[0].at("action"), "delete");
  EXPECT_EQ(items[1].at("action"), "update");
  EXPECT_EQ(items[2].at("action"), "create");
  for (const auto& e : items) EXPECT_EQ(e.at("actor"), "bundle-merch") << r;
  EXPECT_EQ(items[1].at("before").at("items").at(0).at("quantity"), 1) << r;
  EXPECT_EQ(items[1].at("after").at("items").at(0).at("quantity"), 2) << r;
  EXPECT_EQ(items[1].at("after").at("version"), 2) << r;
  EXPECT_TRUE(items[0].at("after").is_null());
}

TEST_F(BundlesApiE2eTest, ViewersReadStorefrontsOfferMerchandisersChange) {
  Product("ROLE-A", "10.00", 5);
  Product("ROLE-B", "4.00", 5);
  ASSERT_EQ(Post("/v1/bundles", Body("role-kit", {Item("ROLE-A"), Item("ROLE-B")})).status, 201u);
  const Headers viewer = Bearer(MakeKey("bundle-viewer", "viewer"));
  const Headers shop = Bearer(MakeKey("bundle-shop", "storefront"));
  const Headers merch = Bearer(MakeKey("bundle-merch-2", "merchandiser"));
  const std::string body = Body("role-new", {Item("ROLE-A")});

  EXPECT_EQ(Get("/v1/bundles", viewer).status, 200u);
  EXPECT_EQ(Get("/v1/bundles/role-kit", viewer).status, 200u);
  std::string detail = ExpectProblem(Post("/v1/bundles", body, viewer), 403);
  EXPECT_NE(detail.find("has role 'viewer'"), std::string::npos) << detail;
  ExpectProblem(Put("/v1/bundles/role-kit", body, viewer), 403);
  ExpectProblem(Delete("/v1/bundles/role-kit", viewer), 403);
  ExpectProblem(Post("/v1/bundles:validate", body, viewer), 403);

  EXPECT_EQ(Get("/v1/products/ROLE-A/bundles", shop).status, 200u);
  EXPECT_EQ(Get("/v1/products/ROLE-A/bundles", viewer).status, 200u);
  ExpectProblem(Get("/v1/bundles", shop), 403);
  ExpectProblem(Post("/v1/bundles", body, shop), 403);
  ExpectProblem(Get("/v1/bundles", {{"Authorization", ""}}), 401);

  EXPECT_EQ(Post("/v1/bundles", body, merch).status, 201u);
  EXPECT_EQ(Post("/v1/bundles:validate", body, merch).status, 200u);
  EXPECT_EQ(BundleIds("sku=ROLE-A"), (Strings{"role-kit", "role-new"}));
}

}  // namespace
}  // namespace affinity::e2e

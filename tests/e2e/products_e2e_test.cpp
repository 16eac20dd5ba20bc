// /v1/products end to end: create, read, replace with versions and If-Match, delete (and its
// links), validation, listing with filters and cursor pagination, bulk import.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <set>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

class ProductsE2eTest : public ServerTest<> {
 protected:
  // Every SKU of a listing, following next_cursor to the end; fails on a page that repeats or
  // reorders SKUs.
  static std::vector<std::string> ListAll(const std::string& query, int limit, int* pages) {
    std::vector<std::string> skus;
    std::string cursor;
    *pages = 0;
    for (int guard = 0; guard < 100; ++guard) {
      std::string target = "/v1/products?" + query + "&limit=" + std::to_string(limit);
      if (!cursor.empty()) target += "&cursor=" + cursor;
      Response r = Get(target);
      EXPECT_EQ(r.status, 200u) << target << ": " << r;
      if (r.status != 200) break;
      ++*pages;
      const auto& items = r.json.at("items").as_array();
      EXPECT_LE(items.size(), static_cast<std::size_t>(limit));
      for (const auto& item : items) skus.emplace_back(item.at("sku").as_string());
      const auto& next = r.json.at("next_cursor");
      if (next.is_null()) break;
      cursor = std::string(next.as_string());
    }
    return skus;
  }
};

TEST_F(ProductsE2eTest, PutCreatesThenReplacesWithVersionedETags) {
  Response created = Put("/v1/products/PRD-SHOE-1",
                         R"({"name":"Trail Shoe","price":"59.99","currency":"USD",
                             "category":"Footwear/Running","brand":"Stride",
                             "tags":["running","trail"],"stock":7})");
  ASSERT_EQ(created.status, 201u) << created;
  EXPECT_EQ(created.Header("ETag"), "\"1\"");
  EXPECT_EQ(created.Header("Location"), "/v1/products/PRD-SHOE-1");
  EXPECT_EQ(created.Str("sku"), "PRD-SHOE-1");
  EXPECT_EQ(created.Str("price"), "59.99");

  Response got = Get("/v1/products/PRD-SHOE-1");
  ASSERT_EQ(got.status, 200u) << got;
  EXPECT_EQ(got.Header("ETag"), "\"1\"");
  EXPECT_EQ(got.Str("name"), "Trail Shoe");
  EXPECT_EQ(got.Str("category"), "Footwear/Running");
  EXPECT_EQ(got.Str("brand"), "Stride");
  EXPECT_EQ(got.json.at("tags"), json::parse(R"(["running","trail"])"));
  EXPECT_EQ(got.json.at("stock"), json::value(7));
  EXPECT_EQ(got.json.at("in_stock"), json::value(true));
  EXPECT_EQ(got.json.at("version"), json::value(1));

  Response replaced = Put("/v1/products/PRD-SHOE-1",
                          R"({"name":"Trail Shoe v2","price":"64.50","stock":3})",
                          {{"If-Match", "\"1\""}});
  ASSERT_EQ(replaced.status, 200u) << replaced;
  EXPECT_EQ(replaced.Header("ETag"), "\"2\"");
  EXPECT_EQ(replaced.Str("name"), "Trail Shoe v2");

  // The version the client saw is gone: the write is refused and nothing changes.
  Response stale = Put("/v1/products/PRD-SHOE-1", R"({"name":"Lost Update","price":"1.00"})",
                       {{"If-Match", "\"1\""}});
  ExpectProblem(stale, 412);
  Response after = Get("/v1/products/PRD-SHOE-1");
  ASSERT_EQ(after.status, 200u) << after;
  EXPECT_EQ(after.Header("ETag"), "\"2\"");
  EXPECT_EQ(after.Str("name"), "Trail Shoe v2");
  EXPECT_EQ(after.Str("price"), "64.50");
}

TEST_F(ProductsE2eTest, IfMatchOnAMissingProductIs412AndCreatesNothing) {
  Response r = Put("/v1/products/PRD-GHOST", R"({"name":"Ghost","price":"5.00"})",
                   {{"If-Match", "\"1\""}});
  ExpectProblem(r, 412);
  ExpectProblem(Get("/v1/products/PRD-GHOST"), 404);
}

TEST_F(ProductsE2eTest, DeleteRemovesTheProductAndEveryLinkNamingIt) {
  CreateProduct("PRD-DEL-A");
  CreateProduct("PRD-DEL-B");
  CreateProduct("PRD-DEL-C");
  std::int64_t out_link = CreateLink("PRD-DEL-A", "PRD-DEL-B", "cross_sell");
  std::int64_t in_link = CreateLink("PRD-DEL-C", "PRD-DEL-A", "upsell");
  ASSERT_GT(out_link, 0);
  ASSERT_GT(in_link, 0);

  Response deleted = Delete("/v1/products/PRD-DEL-A");
  EXPECT_EQ(deleted.status, 204u) << deleted;
  EXPECT_TRUE(deleted.body.empty());

  ExpectProblem(Get("/v1/products/PRD-DEL-A"), 404);
  ExpectProblem(Get("/v1/relationships/" + std::to_string(out_link)), 404);
  ExpectProblem(Get("/v1/relationships/" + std::to_string(in_link)), 404);
  for (const char* sku : {"PRD-DEL-B", "PRD-DEL-C"}) {
    Response links = Get(std::string("/v1/products/") + sku + "/relationships?direction=both");
    ASSERT_EQ(links.status, 200u) << links;
    EXPECT_TRUE(links.json.at("items").as_array().empty()) << sku << ": " << links;
    Response recs = Get(std::string("/v1/products/") + sku + "/recommendations");
    ASSERT_EQ(recs.status, 200u) << recs;
    EXPECT_TRUE(recs.json.at("items").as_array().empty()) << sku << ": " << recs;
  }
  // Deleting it again is a 404, not a silent success.
  ExpectProblem(Delete("/v1/products/PRD-DEL-A"), 404);
}

TEST_F(ProductsE2eTest, DeleteWithAStaleIfMatchIs412AndKeepsTheProduct) {
  CreateProduct("PRD-DEL-STALE");
  ASSERT_EQ(Put("/v1/products/PRD-DEL-STALE", R"({"name":"Renamed","price":"10.00"})").status,
            200u);
  ExpectProblem(Delete("/v1/products/PRD-DEL-STALE", {{"If-Match", "\"1\""}}), 412);
  Response got = Get("/v1/products/PRD-DEL-STALE");
  EXPECT_EQ(got.status, 200u) << got;
  EXPECT_EQ(got.Header("ETag"), "\"2\"");
  EXPECT_EQ(Delete("/v1/products/PRD-DEL-STALE", {{"If-Match", "\"2\""}}).status, 204u);
  ExpectProblem(Get("/v1/products/PRD-DEL-STALE"), 404);
}

TEST_F(ProductsE2eTest, PriceWithMoreDecimalsThanTheCurrencyHasIs400NamingTheField) {
  std::string detail = ExpectProblem(
      Put("/v1/products/PRD-PRICE", R"({"name":"Cap","price":"12.345","currency":"USD"})"), 400);
  EXPECT_NE(detail.find("price"), std::string::npos) << detail;
  ExpectProblem(Get("/v1/products/PRD-PRICE"), 404);

  // The same mistake on an existing product leaves it as it was.
  CreateProduct("PRD-PRICE-2", {{"price", "12.34"}});
  detail = ExpectProblem(
      Put("/v1/products/PRD-PRICE-2", R"({"name":"Cap","price":"12.345","currency":"USD"})"),
      400);
  EXPECT_NE(detail.find("price"), std::string::npos) << detail;
  Response got = Get("/v1/products/PRD-PRICE-2");
  EXPECT_EQ(got.Str("price"), "12.34") << got;
  EXPECT_EQ(got.Header("ETag"), "\"1\"");
}

TEST_F(ProductsE2eTest, WrongFieldTypesAre400NamingTheField) {
  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"({"name":"Sock","price":"3.00","stock":"a"})", "stock"},
      {R"({"name":42,"price":"3.00"})", "name"},
      {R"({"name":"Sock","price":"3.00","tags":"running"})", "tags"},
      {R"({"name":"Sock","price":true})", "price"},
      {R"({"name":"Sock","price":"3.00","margin":"high"})", "margin"},
      {R"({"name":"Sock"})", "price"},
  };
  for (const Case& c : cases) {
    std::string detail = ExpectProblem(Put("/v1/products/PRD-TYPES", c.body), 400);
    EXPECT_NE(detail.find(c.field), std::string::npos) << c.body << " -> " << detail;
  }
  ExpectProblem(Get("/v1/products/PRD-TYPES"), 404);
}

TEST_F(ProductsE2eTest, UnknownFieldIs400NamingIt) {
  std::string detail = ExpectProblem(
      Put("/v1/products/PRD-UNKNOWN", R"({"name":"Hat","price":"9.00","colour":"red"})"), 400);
  EXPECT_NE(detail.find("colour"), std::string::npos) << detail;
  ExpectProblem(Get("/v1/products/PRD-UNKNOWN"), 404);
}

TEST_F(ProductsE2eTest, SkuInTheBodyMustAgreeWithTheUrl) {
  std::string detail = ExpectProblem(
      Put("/v1/products/PRD-URL", R"({"sku":"PRD-OTHER","name":"Hat","price":"9.00"})"), 400);
  EXPECT_NE(detail.find("sku"), std::string::npos) << detail;
  ExpectProblem(Get("/v1/products/PRD-URL"), 404);
  ExpectProblem(Get("/v1/products/PRD-OTHER"), 404);
}

TEST_F(ProductsE2eTest, ListFiltersByCategoryPrefixBrandAndText) {
  CreateProduct("LST-1", {{"category", "Outdoor/Running"}, {"brand", "Stride"}, {"name", "Road Racer"}});
  CreateProduct("LST-2", {{"category", "Outdoor/Running/Trail"}, {"brand", "Peak"}, {"name", "Mud Runner"}});
  CreateProduct("LST-3", {{"category", "Outdoor/Runningwear"}, {"brand", "Stride"}, {"name", "Wind Jacket"}});
  CreateProduct("LST-4", {{"category", "Outdoor/Camping"}, {"brand", "Peak"}, {"name", "Tent Racer"}});

  auto skus = [](const Response& r) {
    std::vector<std::string> out;
    for (const auto& item : r.json.at("items").as_array()) out.emplace_back(item.at("sku").as_string());
    return out;
  };
  using V = std::vector<std::string>;

  // A category matches itself and what is under it, not a longer sibling name.
  Response running = Get("/v1/products?category=Outdoor/Running");
  ASSERT_EQ(running.status, 200u) << running;
  EXPECT_EQ(skus(running), (V{"LST-1", "LST-2"}));
  EXPECT_EQ(running.json.at("total"), json::value(2));
  EXPECT_TRUE(running.json.at("next_cursor").is_null());

  Response outdoor = Get("/v1/products?category=Outdoor");
  EXPECT_EQ(skus(outdoor), (V{"LST-1", "LST-2", "LST-3", "LST-4"})) << outdoor;

  Response peak = Get("/v1/products?brand=Peak&category=Outdoor");
  EXPECT_EQ(skus(peak), (V{"LST-2", "LST-4"})) << peak;

  Response racer = Get("/v1/products?q=Racer&category=Outdoor");
  EXPECT_EQ(skus(racer), (V{"LST-1", "LST-4"})) << racer;

  Response both = Get("/v1/products?q=Racer&brand=Stride&category=Outdoor");
  EXPECT_EQ(skus(both), (V{"LST-1"})) << both;

  ExpectProblem(Get("/v1/products?colour=red"), 400);
  ExpectProblem(Get("/v1/products?limit=0"), 400);
  ExpectProblem(Get("/v1/products?limit=1001"), 400);
}

TEST_F(ProductsE2eTest, CursorPaginationReturnsEveryProductExactlyOnceInSkuOrder) {
  std::set<std::string> expected;
  for (int i = 0; i < 23; ++i) {
    char sku[32];
    std::snprintf(sku, sizeof sku, "PAGE-%03d", (i * 7) % 23);  // created out of order
    CreateProduct(sku, {{"category", "Paging/Items"}});
    expected.insert(sku);
  }
  int pages = 0;
  std::vector<std::string> listed = ProductsE2eTest::ListAll("category=Paging", 5, &pages);
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(listed.size(), 23u);
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end()));
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), expected);

  Response first = Get("/v1/products?category=Paging&limit=5");
  EXPECT_EQ(first.json.at("total"), json::value(23)) << first;
  EXPECT_EQ(first.json.at("next_cursor"), json::value("PAGE-004")) << first;

  // A page size that divides the count exactly ends without an empty extra page.
  listed = ProductsE2eTest::ListAll("category=Paging", 23, &pages);
  EXPECT_EQ(pages, 1);
  EXPECT_EQ(listed.size(), 23u);
}

TEST_F(ProductsE2eTest, ImportCsvCreatesThenUpdatesAndReportsCounts) {
  const std::string csv =
      "sku,name,price,currency,category,brand,tags,stock\n"
      "CSV-1,Trail Bottle,14.99,USD,Outdoor/Hydration,Peak,a|b,12\n"
      "CSV-2,\"Camp Mug, Steel\",9.50,USD,Outdoor/Camping,Peak,camping,0\n"
      "CSV-3,Head Torch,24.00,EUR,Outdoor/Lighting,Lumo,,\n";
  Response r = Post("/v1/products:import", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("imported"), json::value(3));
  EXPECT_EQ(r.json.at("created"), json::value(3));
  EXPECT_EQ(r.json.at("updated"), json::value(0));
  EXPECT_TRUE(r.json.at("errors").as_array().empty());

  Response bottle = Get("/v1/products/CSV-1");
  ASSERT_EQ(bottle.status, 200u) << bottle;
  EXPECT_EQ(bottle.json.at("tags"), json::parse(R"(["a","b"])"));
  EXPECT_EQ(bottle.json.at("stock"), json::value(12));
  EXPECT_EQ(bottle.Str("category"), "Outdoor/Hydration");
  Response mug = Get("/v1/products/CSV-2");
  EXPECT_EQ(mug.Str("name"), "Camp Mug, Steel") << mug;
  EXPECT_EQ(mug.json.at("in_stock"), json::value(false));
  Response torch = Get("/v1/products/CSV-3");
  EXPECT_EQ(torch.Str("currency"), "EUR") << torch;
  EXPECT_TRUE(torch.json.at("stock").is_null()) << torch;

  const std::string again =
      "sku,name,price,currency,category,brand,tags,stock\n"
      "CSV-1,Trail Bottle 750ml,15.99,USD,Outdoor/Hydration,Peak,a|b,12\n"
      "CSV-4,Camp Stove,49.00,USD,Outdoor/Camping,Peak,,3\n";
  r = Post("/v1/products:import", again, {{"Content-Type", "text/csv; charset=utf-8"}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("imported"), json::value(2));
  EXPECT_EQ(r.json.at("created"), json::value(1));
  EXPECT_EQ(r.json.at("updated"), json::value(1));
  bottle = Get("/v1/products/CSV-1");
  EXPECT_EQ(bottle.Str("price"), "15.99");
  EXPECT_EQ(bottle.Header("ETag"), "\"2\"");
  EXPECT_EQ(Get("/v1/products/CSV-4").status, 200u);
}

TEST_F(ProductsE2eTest, ImportWithBadRowsIs422ListingEveryLineAndImportsNothing) {
  CreateProduct("BAD-EXISTING", {{"price", "5.00"}});
  const std::string csv =
      "sku,name,price,currency,category,brand,tags,stock\n"
      "BAD-1,Good One,1.00,USD,Misc,Acme,,1\n"
      "BAD-2,Bad Price,1.005,USD,Misc,Acme,,1\n"
      "BAD-EXISTING,Changed,6.00,USD,Misc,Acme,,1\n"
      "BAD-3,,2.00,USD,Misc,Acme,,1\n"
      "BAD-4,Good Two,3.00,USD,Misc,Acme,,1\n";
  Response r = Post("/v1/products:import", csv, {{"Content-Type", "text/csv"}});
  ExpectProblem(r, 422);
  ASSERT_TRUE(r.Object().contains("errors")) << r;
  std::set<std::int64_t> lines;
  for (const auto& e : r.json.at("errors").as_array()) {
    lines.insert(e.at("line").to_number<std::int64_t>());
    EXPECT_FALSE(e.at("message").as_string().empty());
  }
  EXPECT_EQ(lines, (std::set<std::int64_t>{3, 5})) << r;
  EXPECT_EQ(r.json.at("imported"), json::value(0));

  for (const char* sku : {"BAD-1", "BAD-2", "BAD-3", "BAD-4"}) {
    ExpectProblem(Get(std::string("/v1/products/") + sku), 404);
  }
  Response existing = Get("/v1/products/BAD-EXISTING");
  EXPECT_EQ(existing.Str("price"), "5.00") << existing;
  EXPECT_EQ(existing.Header("ETag"), "\"1\"");
}

TEST_F(ProductsE2eTest, ImportJsonArray) {
  const std::string body = R"([
    {"sku":"JSA-1","name":"Yoga Mat","price":"29.00","tags":["yoga"],"stock":4},
    {"sku":"JSA-2","name":"Yoga Block","price":"9.99","category":"Fitness/Yoga"}
  ])";
  Response r = Post("/v1/products:import", body, {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("imported"), json::value(2));
  EXPECT_EQ(r.json.at("created"), json::value(2));
  Response mat = Get("/v1/products/JSA-1");
  EXPECT_EQ(mat.json.at("tags"), json::parse(R"(["yoga"])")) << mat;
  EXPECT_EQ(Get("/v1/products/JSA-2").Str("category"), "Fitness/Yoga");

  // One bad element: 422 with its line, and the good one is not imported.
  const std::string bad = "[\n{\"sku\":\"JSA-3\",\"name\":\"Strap\",\"price\":\"5.00\"},\n"
                          "{\"sku\":\"JSA-4\",\"name\":\"Towel\",\"price\":\"x\"}\n]";
  r = Post("/v1/products:import", bad, {{"Content-Type", "application/json"}});
  ExpectProblem(r, 422);
  ASSERT_TRUE(r.Object().contains("errors")) << r;
  ASSERT_EQ(r.json.at("errors").as_array().size(), 1u) << r;
  EXPECT_EQ(r.json.at("errors").at(0).at("line"), json::value(3)) << r;
  ExpectProblem(Get("/v1/products/JSA-3"), 404);
  ExpectProblem(Get("/v1/products/JSA-4"), 404);
}

TEST_F(ProductsE2eTest, ImportNdjson) {
  const std::string body =
      "{\"sku\":\"NDJ-1\",\"name\":\"Bike Light\",\"price\":\"19.00\",\"brand\":\"Lumo\"}\n"
      "\n"
      "{\"sku\":\"NDJ-2\",\"name\":\"Bike Lock\",\"price\":\"35.00\",\"stock\":0}\n";
  Response r = Post("/v1/products:import", body, {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("imported"), json::value(2));
  EXPECT_EQ(Get("/v1/products/NDJ-1").Str("brand"), "Lumo");
  EXPECT_EQ(Get("/v1/products/NDJ-2").json.at("in_stock"), json::value(false));

  const std::string bad =
      "{\"sku\":\"NDJ-3\",\"name\":\"Pump\",\"price\":\"15.00\"}\n"
      "{\"sku\":\"NDJ-4\",\"name\":\"Bell\",\"price\":\"4.00\",\n";
  r = Post("/v1/products:import", bad, {{"Content-Type", "application/x-ndjson"}});
  ExpectProblem(r, 422);
  ASSERT_TRUE(r.Object().contains("errors")) << r;
  ASSERT_EQ(r.json.at("errors").as_array().size(), 1u) << r;
  EXPECT_EQ(r.json.at("errors").at(0).at("line"), json::value(2)) << r;
  ExpectProblem(Get("/v1/products/NDJ-3"), 404);
}

TEST_F(ProductsE2eTest, ImportWithAnUnsupportedContentTypeIs415AndImportsNothing) {
  const std::string csv = "sku,name,price\nTXT-1,Plain,1.00\n";
  std::string detail =
      ExpectProblem(Post("/v1/products:import", csv, {{"Content-Type", "text/plain"}}), 415);
  EXPECT_NE(detail.find("text/plain"), std::string::npos) << detail;
  ExpectProblem(Get("/v1/products/TXT-1"), 404);
}

}  // namespace
}  // namespace affinity::e2e

// Bundle checks over HTTP: POST /v1/bundles:validate answers every problem code (a SKU that does
// not exist among them) and saves nothing; product status as the API reads, writes and serves it;
// GET /v1/products/{sku}/bundles offers what completes a bundle; bundles and statuses survive a
// restart.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "bundles_e2e_fixture.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

class BundleChecksE2eTest : public BundlesE2eTest {
 protected:
  static Response Validate(const json::array& items, json::object extra = {}) {
    return Post("/v1/bundles:validate", Body("", items, std::move(extra)));
  }
  // The problem with `code` in a reply, or an empty object.
  static json::object Problem(const Response& r, std::string_view code) {
    for (const auto& p : r.json.at("problems").as_array()) {
      if (p.at("code").is_string() && p.at("code").get_string() == code) return p.as_object();
    }
    ADD_FAILURE() << "no problem " << code << " in " << r;
    return {};
  }
};

TEST_F(BundleChecksE2eTest, ValidateReportsEveryProblemCodeAndSavesNothing) {
  Product("VAL-SHOE", "59.99", 12);
  Product("VAL-SOCK", "9.50", 1);
  Product("VAL-OLD", "5.00", 10, {{"status", "discontinued"}});
  Product("VAL-EUR", "8.00", 10, {{"currency", "EUR"}});
  const std::size_t audited = Get("/v1/audit?entity=bundle").Object().at("items").as_array().size();

  Response ok = Validate({Item("VAL-SHOE"), Item("VAL-SOCK")}, {{"id", "val-ok"}});
  ASSERT_EQ(ok.status, 200u) << ok;
  EXPECT_EQ(ok.json.at("valid"), true);
  EXPECT_TRUE(Codes(ok).empty()) << ok;
  EXPECT_EQ(ok.Str("total_price"), "69.49");
  EXPECT_EQ(ok.Str("currency"), "USD");

  Response empty = Validate({});
  EXPECT_EQ(empty.json.at("valid"), false);
  EXPECT_EQ(Codes(empty), Strings{"empty_bundle"});
  EXPECT_TRUE(Problem(empty, "empty_bundle").at("sku").is_null());

  // A SKU that does not exist.
  Response unknown = Validate({Item("VAL-SHOE"), Item("VAL-GHOST-404")});
  EXPECT_EQ(Codes(unknown), Strings{"unknown_sku"});
  json::object p = Problem(unknown, "unknown_sku");
  EXPECT_EQ(p.at("sku"), "VAL-GHOST-404");
  EXPECT_EQ(p.at("severity"), "error");
  EXPECT_EQ(p.at("message"), "product 'VAL-GHOST-404' (item 1) does not exist; fix the SKU, "
                             "create the product or remove the item");
  EXPECT_TRUE(unknown.json.at("total_price").is_null());

  Response twice = Validate({Item("VAL-SHOE"), Item("VAL-SHOE", 2)});
  EXPECT_EQ(Codes(twice), Strings{"duplicate_item"});
  EXPECT_NE(std::string(Problem(twice, "duplicate_item").at("message").as_string())
                .find("list it once, with quantity 3"),
            std::string::npos);

  Response short_stock = Validate({Item("VAL-SHOE"), Item("VAL-SOCK", 2)});
  EXPECT_EQ(Codes(short_stock), Strings{"out_of_stock"});
  EXPECT_EQ(Problem(short_stock, "out_of_stock").at("message"),
            "product 'VAL-SOCK' has 1 in stock but the bundle needs 2; restock it or lower the "
            "quantity");

  Response retired = Validate({Item("VAL-SHOE"), Item("VAL-OLD")});
  EXPECT_EQ(Codes(retired), Strings{"inactive_product"});
  EXPECT_EQ(Problem(retired, "inactive_product").at("sku"), "VAL-OLD");

  Response euro = Validate({Item("VAL-SHOE"), Item("VAL-EUR")});
  EXPECT_EQ(Codes(euro), Strings{"currency_mismatch"});
  EXPECT_EQ(Problem(euro, "currency_mismatch").at("sku"), "VAL-EUR");
  Response euro_price = Validate({Item("VAL-SHOE")},
                                 {{"price", {{"amount", "50.00"}, {"currency", "EUR"}}}});
  EXPECT_EQ(Codes(euro_price), Strings{"currency_mismatch"});
  EXPECT_TRUE(Problem(euro_price, "currency_mismatch").at("sku").is_null());

  // A price that saves nothing is a warning: the bundle stays valid.
  Response dear = Validate({Item("VAL-SHOE"), Item("VAL-SOCK")},
                           {{"price", {{"amount", "70.00"}, {"currency", "USD"}}}});
  EXPECT_EQ(dear.json.at("valid"), true) << dear;
  EXPECT_EQ(Codes(dear), Strings{"price_not_lower!"});
  EXPECT_EQ(dear.Str("savings"), "-0.51");
  EXPECT_NE(std::string(Problem(dear, "price_not_lower").at("message").as_string())
                .find("(it costs 0.51 USD more)"),
            std::string::npos);

  // Nothing was saved, nothing audited.
  EXPECT_TRUE(BundleIds("sku=VAL-SHOE").empty());
  ExpectProblem(Get("/v1/bundles/val-ok"), 404);
  EXPECT_EQ(Get("/v1/audit?entity=bundle").Object().at("items").as_array().size(), audited);
}

TEST_F(BundleChecksE2eTest, ValidateTellsWhetherTheWindowIsOpenAt) {
  Product("WIN-A", "10.00", 5);
  const json::object window{{"active_from", "2026-12-01"}, {"active_to", "2026-12-24T23:59:59Z"}};
  Response in = Post("/v1/bundles:validate?at=2026-12-10", Body("", {Item("WIN-A")}, window));
  EXPECT_EQ(in.json.at("active"), true) << in;
  EXPECT_EQ(in.Str("at"), "2026-12-10T00:00:00Z");
  Response after = Post("/v1/bundles:validate?at=2026-12-25", Body("", {Item("WIN-A")}, window));
  EXPECT_EQ(after.json.at("active"), false) << after;
  EXPECT_EQ(after.json.at("valid"), true);
}

TEST_F(BundleChecksE2eTest, ProductStatusIsReadWrittenAndNeverRecommendedWhenNotActive) {
  Product("ST-SHOE", "59.99", 5);
  Product("ST-SOCK", "9.50", 5);
  Product("ST-LACE", "4.99", 5);
  for (const char* target : {"ST-SOCK", "ST-LACE"}) {
    Response link = Post("/v1/relationships", ToJson(json::object{
                                                  {"source", "ST-SHOE"},
                                                  {"target", target},
                                                  {"type", "accessory"}}));
    ASSERT_EQ(link.status, 201u) << link;
  }
  EXPECT_EQ(Get("/v1/products/ST-SOCK").Str("status"), "active");
  Product("ST-SOCK", "9.50", 5, {{"status", "inactive"}});
  EXPECT_EQ(Get("/v1/products/ST-SOCK").Str("status"), "inactive");
  for (const char* query : {"", "?include_out_of_stock=true"}) {
    Response recs = Get(std::string("/v1/products/ST-SHOE/recommendations") + query);
    ASSERT_EQ(recs.status, 200u) << recs;
    ASSERT_EQ(recs.json.at("items").as_array().size(), 1u) << recs;
    EXPECT_EQ(recs.json.at("items").at(0).at("sku"), "ST-LACE");
  }
  std::string detail =
      ExpectProblem(Put("/v1/products/ST-SOCK", R"({"name":"S","price":"1","status":"retired"})"),
                    400);
  EXPECT_NE(detail.find("field 'status' must be \"active\", \"inactive\" or \"discontinued\", got "
                        "\"retired\""),
            std::string::npos)
      << detail;
  Response csv = Post("/v1/products:import", "sku,name,price,status\nST-CSV,From CSV,3.00,Inactive\n",
                      {{"Content-Type", "text/csv"}});
  ASSERT_EQ(csv.status, 200u) << csv;
  EXPECT_EQ(Get("/v1/products/ST-CSV").Str("status"), "inactive");
}

TEST_F(BundleChecksE2eTest, AProductPageIsOfferedTheBundlesItCompletes) {
  Product("OFF-SHOE", "59.99", 12);
  Product("OFF-SOCK", "9.50", 100);
  Product("OFF-CLEAN", "7.49", 40);
  Product("OFF-BAG", "25.00", 0);
  ASSERT_EQ(Post("/v1/bundles",
                 Body("off-kit", {Item("OFF-SHOE"), Item("OFF-SOCK", 2), Item("OFF-CLEAN", 1, true),
                                  Item("OFF-BAG", 1, true)},
                      {{"price", {{"amount", "69.00"}, {"currency", "USD"}}},
                       {"description", "Everything for the first run"}}))
                .status,
            201u);
  ASSERT_EQ(Post("/v1/bundles", Body("off-broken", {Item("OFF-SHOE"), Item("OFF-GHOST")})).status,
            201u);
  ASSERT_EQ(Post("/v1/bundles", Body("off-xmas", {Item("OFF-SHOE"), Item("OFF-CLEAN")},
                                     {{"active_from", "2026-12-01"}, {"active_to", "2026-12-26"},
                                      {"discount_percent", 20}}))
                .status,
            201u);

  Response r = Get("/v1/products/OFF-SHOE/bundles?at=2026-11-15");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.Str("sku"), "OFF-SHOE");
  const auto& items = r.json.at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << r;  // not the broken one, not the one of December
  const auto& kit = items[0].as_object();
  EXPECT_EQ(kit.at("id"), "off-kit");
  EXPECT_EQ(kit.at("description"), "Everything for the first run");
  EXPECT_EQ(kit.at("quantity"), 1);
  EXPECT_EQ(kit.at("total_price"), "78.99");
  EXPECT_EQ(kit.at("bundle_price"), "69.00");
  EXPECT_EQ(kit.at("savings"), "9.99");
  EXPECT_EQ(kit.at("currency"), "USD");
  const auto& complete = kit.at("complete_with").as_array();
  ASSERT_EQ(complete.size(), 2u) << r;  // the bag is optional and out of stock: left out
  EXPECT_EQ(complete[0].at("sku"), "OFF-SOCK");
  EXPECT_EQ(complete[0].at("name"), "Product OFF-SOCK");
  EXPECT_EQ(complete[0].at("price"), "9.50");
  EXPECT_EQ(complete[0].at("quantity"), 2);
  EXPECT_EQ(complete[0].at("stock"), 100);
  EXPECT_EQ(complete[0].at("optional"), false);
  EXPECT_EQ(complete[1].at("sku"), "OFF-CLEAN");
  EXPECT_EQ(complete[1].at("optional"), true);

  Response xmas = Get("/v1/products/OFF-CLEAN/bundles?at=2026-12-24T12:00:00Z");
  ASSERT_EQ(xmas.json.at("items").as_array().size(), 2u) << xmas;
  EXPECT_EQ(xmas.json.at("items").at(1).at("id"), "off-xmas");
  EXPECT_EQ(xmas.json.at("items").at(1).at("bundle_price"), "53.98");  // 20% off 67.48 = 13.50
  EXPECT_EQ(xmas.json.at("items").at(1).at("active_to"), "2026-12-26T00:00:00Z");

  // A product of a bundle going out of stock takes the bundle off the page.
  Product("OFF-SOCK", "9.50", 1);
  EXPECT_TRUE(Get("/v1/products/OFF-SHOE/bundles?at=2026-11-15").json.at("items").as_array().empty());
  EXPECT_TRUE(Get("/v1/products/OFF-BAG/bundles").json.at("items").as_array().empty());
  std::string detail = ExpectProblem(Get("/v1/products/OFF-NOPE/bundles"), 404);
  EXPECT_EQ(detail, "product 'OFF-NOPE' does not exist");
  ExpectProblem(Get("/v1/products/OFF-SHOE/bundles?when=now"), 400);
}

// Its own server: bundles and product status are in the data directory, not in the process.
TEST(BundlesRestartE2eTest, BundlesAndStatusesSurviveARestart) {
  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start());
  ASSERT_EQ(server.Request("PUT", "/v1/products/RS-A", R"({"name":"A","price":"10.00","stock":3})")
                .status,
            201u);
  ASSERT_EQ(server
                .Request("PUT", "/v1/products/RS-B",
                         R"({"name":"B","price":"2.50","status":"discontinued"})")
                .status,
            201u);
  const std::string body =
      R"({"id":"persisted","name":"Persisted kit","items":[{"sku":"RS-A","quantity":2},
          {"sku":"RS-B","optional":true}],"discount_percent":12.5,"active_to":"2030-01-01"})";
  ASSERT_EQ(server.Request("POST", "/v1/bundles", body).status, 201u);
  ASSERT_EQ(server.Request("PUT", "/v1/bundles/persisted", body).status, 200u);
  Response before = server.Request("GET", "/v1/bundles/persisted?at=2026-06-01");
  ASSERT_EQ(before.status, 200u) << before;

  ASSERT_NO_FATAL_FAILURE(server.Restart());
  Response after = server.Request("GET", "/v1/bundles/persisted?at=2026-06-01");
  ASSERT_EQ(after.status, 200u) << after;
  EXPECT_EQ(after.json, before.json);
  EXPECT_EQ(after.Header("ETag"), "\"2\"");
  EXPECT_EQ(after.Str("bundle_price"), "17.50");  // 12.5% off 20.00
  EXPECT_EQ(after.json.at("problems").at(0).at("code"), "inactive_product");
  EXPECT_EQ(server.Request("GET", "/v1/products/RS-B").Str("status"), "discontinued");
  EXPECT_EQ(server.Request("GET", "/v1/audit?entity=bundle&id=persisted")
                .Object()
                .at("items")
                .as_array()
                .size(),
            2u);
  server.Stop();
}

}  // namespace
}  // namespace affinity::e2e

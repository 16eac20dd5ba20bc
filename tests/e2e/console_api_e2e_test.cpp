// What the web console needs of the server, end to end: its files served at / (content types,
// cache headers, client routes, 304, nothing outside the build, a page that says how to build it
// when there is none), and the API it drives: product filters, the graph around a product,
// drag-to-reorder, and ranking previews with other weights.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// A fake console build: index.html, a hashed asset and an unhashed file.
class ConsoleBuild {
 public:
  ConsoleBuild() {
    char tmpl[] = "/tmp/affinity-web-XXXXXX";
    dir_ = mkdtemp(tmpl);
    fs::create_directories(dir_ / "assets");
    Write("index.html", "<!doctype html><title>affinity</title><div id=root></div>");
    Write("assets/index-3f2a9c.js", "console.log('app')");
    Write("assets/index-77aa01.css", "body{}");
    Write("favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  }
  ~ConsoleBuild() { fs::remove_all(dir_); }
  std::string dir() const { return dir_.string(); }

 private:
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  fs::path dir_;
};

TEST(ConsoleAssetsE2eTest, ServesTheBuildWithTypesCacheHeadersAndClientRoutes) {
  ConsoleBuild build;
  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start(false, {"--web", build.dir()}));
  const Headers anonymous{{"Authorization", ""}};

  Response index = server.Request("GET", "/", "", anonymous);  // no key needed for the console
  ASSERT_EQ(index.status, 200u) << index;
  EXPECT_EQ(index.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");
  EXPECT_NE(index.Header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_NE(index.body.find("id=root"), std::string::npos);

  Response js = server.Request("GET", "/assets/index-3f2a9c.js", "", anonymous);
  ASSERT_EQ(js.status, 200u) << js;
  EXPECT_EQ(js.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(server.Request("GET", "/assets/index-77aa01.css", "", anonymous).Header("Content-Type"),
            "text/css; charset=utf-8");
  EXPECT_EQ(server.Request("GET", "/favicon.svg", "", anonymous).Header("Content-Type"),
            "image/svg+xml");

  // Client routes of the single-page app get index.html; so does a deep link.
  for (const char* route : {"/catalog", "/catalog/RUN-SHOE-001", "/graph/A%20B", "/rules/new"}) {
    Response r = server.Request("GET", route, "", anonymous);
    EXPECT_EQ(r.status, 200u) << route << ": " << r;
    EXPECT_EQ(r.body, index.body) << route;
  }
  // An unchanged file is not sent again.
  Response again = server.Request("GET", "/", "", {{"Authorization", ""},
                                                   {"If-None-Match", index.Header("ETag")}});
  EXPECT_EQ(again.status, 304u) << again;
  EXPECT_TRUE(again.body.empty());

  // Not the console's: missing files, the API's own 404s and methods.
  ExpectProblem(server.Request("GET", "/assets/gone-123.js", "", anonymous), 404);
  ExpectProblem(server.Request("GET", "/assets/gone", "", anonymous), 404);
  ExpectProblem(server.Request("GET", "/no-such-file.png", "", anonymous), 404);
  // Only files of the build are ever sent: a path that climbs out is at most a client route.
  for (const char* escape : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                             "/assets/..%2f..%2fetc%2fpasswd", "/..%2f..%2fetc/hostname"}) {
    Response r = server.Request("GET", escape, "", anonymous);
    EXPECT_TRUE(r.status == 404 || r.body == index.body) << escape << ": " << r;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << escape;
  }
  ExpectProblem(server.Request("GET", "/v1/no-such-endpoint"), 404);
  ExpectProblem(server.Request("POST", "/catalog", "{}"), 404);
  // The API is still guarded.
  EXPECT_EQ(server.Request("GET", "/v1/products", "", anonymous).status, 401u);
}

TEST(ConsoleAssetsE2eTest, WithoutABuildTheRootSaysHowToBuildIt) {
  char tmpl[] = "/tmp/affinity-noweb-XXXXXX";
  const std::string empty = mkdtemp(tmpl);
  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start(false, {"--web", empty}));
  Response r = server.Request("GET", "/", "", {{"Authorization", ""}});
  EXPECT_EQ(r.status, 404u) << r;
  EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("npm ci"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("npm run build"), std::string::npos) << r.body;
  EXPECT_EQ(server.Request("GET", "/v1/products").status, 200u);  // the API is unaffected
  fs::remove_all(empty);
}

class ConsoleApiE2eTest : public ServerTest<true> {
 protected:
  static std::vector<std::string> Skus(const Response& r, std::string_view list = "items") {
    std::vector<std::string> out;
    if (!r.json.is_object()) return out;
    for (const auto& item : r.json.at(list).as_array()) {
      out.emplace_back(item.at("sku").as_string());
    }
    return out;
  }
  static std::vector<std::string> Recommended(const std::string& sku, const std::string& query) {
    Response r = Get("/v1/products/" + sku + "/recommendations?" + query);
    EXPECT_EQ(r.status, 200u) << r;
    return Skus(r);
  }
};

TEST_F(ConsoleApiE2eTest, ProductsFilterByPriceStockAndCoverage) {
  CreateProduct("FLT-CHEAP", {{"price", "5.00"}, {"category", "Filter/Test"}, {"stock", 0}});
  CreateProduct("FLT-MID", {{"price", "49.99"}, {"category", "Filter/Test"}, {"stock", 4}});
  CreateProduct("FLT-DEAR", {{"price", "120.00"}, {"category", "Filter/Test"}});
  CreateLink("FLT-MID", "FLT-DEAR", "upsell");
  const std::string base = "/v1/products?category=Filter/Test";
  EXPECT_EQ(Skus(Get(base + "&min_price=49.99&max_price=120")),
            (std::vector<std::string>{"FLT-DEAR", "FLT-MID"}));
  EXPECT_EQ(Skus(Get(base + "&max_price=49.98")), std::vector<std::string>{"FLT-CHEAP"});
  EXPECT_EQ(Skus(Get(base + "&in_stock=false")), std::vector<std::string>{"FLT-CHEAP"});
  EXPECT_EQ(Skus(Get(base + "&in_stock=true")),
            (std::vector<std::string>{"FLT-DEAR", "FLT-MID"}));
  EXPECT_EQ(Skus(Get(base + "&covered=true")), std::vector<std::string>{"FLT-MID"});
  Response uncovered = Get(base + "&covered=false");
  EXPECT_EQ(Skus(uncovered), (std::vector<std::string>{"FLT-CHEAP", "FLT-DEAR"}));
  EXPECT_EQ(uncovered.json.at("total"), json::value(2));

  std::string detail = ExpectProblem(Get(base + "&min_price=cheap"), 400);
  EXPECT_NE(detail.find("'min_price' must be a price such as 49.99"), std::string::npos) << detail;
  detail = ExpectProblem(Get(base + "&min_price=50&max_price=10"), 400);
  EXPECT_NE(detail.find("swap them"), std::string::npos) << detail;
  ExpectProblem(Get(base + "&in_stock=maybe"), 400);
  detail = ExpectProblem(Get(base + "&colour=red"), 400);
  EXPECT_NE(detail.find("colour"), std::string::npos) << detail;
}

TEST_F(ConsoleApiE2eTest, GraphAroundAProductWithDepthTypesAndTruncation) {
  Response r = Get("/v1/products/RUN-SHOE-001/graph?depth=2");
  ASSERT_EQ(r.status, 200u) << r;
  const json::array& nodes = r.json.at("nodes").as_array();
  const json::array& edges = r.json.at("edges").as_array();
  ASSERT_GE(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].at("sku"), json::value("RUN-SHOE-001"));
  EXPECT_EQ(nodes[0].at("depth"), json::value(0));
  std::set<std::string> in_graph;
  for (const auto& n : nodes) {
    in_graph.emplace(n.at("sku").as_string());
    EXPECT_LE(n.at("depth").as_int64(), 2);
    EXPECT_TRUE(n.as_object().contains("category"));
  }
  bool shoe_to_sock = false;
  for (const auto& e : edges) {
    EXPECT_TRUE(in_graph.contains(std::string(e.at("source").as_string())));
    EXPECT_TRUE(in_graph.contains(std::string(e.at("target").as_string())));
    if (e.at("source") == json::value("RUN-SHOE-001") &&
        e.at("target") == json::value("RUN-SOCK-001")) {
      shoe_to_sock = true;
      EXPECT_EQ(e.at("type"), json::value("cross_sell"));
      EXPECT_EQ(e.at("origin"), json::value("manual"));
      EXPECT_EQ(e.at("symmetric"), json::value(true));
      EXPECT_EQ(e.at("position"), json::value(1));
    }
  }
  EXPECT_TRUE(shoe_to_sock) << r;
  EXPECT_TRUE(r.json.at("findings").as_array().empty());

  Response only = Get("/v1/products/RUN-SHOE-001/graph?depth=1&types=upsell");
  ASSERT_EQ(only.status, 200u) << only;
  for (const auto& e : only.json.at("edges").as_array()) {
    EXPECT_EQ(e.at("type"), json::value("upsell"));
  }
  Response small = Get("/v1/products/RUN-SHOE-001/graph?depth=3&max_nodes=2");
  ASSERT_EQ(small.status, 200u) << small;
  EXPECT_EQ(small.json.at("nodes").as_array().size(), 2u);
  EXPECT_EQ(small.json.at("truncated"), json::value(true));

  ExpectProblem(Get("/v1/products/NO-SUCH-SKU/graph"), 404);
  std::string detail = ExpectProblem(Get("/v1/products/RUN-SHOE-001/graph?depth=9"), 400);
  EXPECT_NE(detail.find("depth"), std::string::npos) << detail;
  detail = ExpectProblem(Get("/v1/products/RUN-SHOE-001/graph?types=upsel"), 400);
  EXPECT_NE(detail.find("did you mean 'upsell'"), std::string::npos) << detail;
}

TEST_F(ConsoleApiE2eTest, GraphNamesCyclesAndContradictionsOfADirectedType) {
  ASSERT_EQ(Put("/v1/relation-types/replaces", R"({"directed":true,"acyclic":false})").status,
            201u);
  for (const char* sku : {"CYC-A", "CYC-B", "CYC-C", "CYC-D"}) CreateProduct(sku);
  CreateLink("CYC-A", "CYC-B", "replaces");
  CreateLink("CYC-B", "CYC-C", "replaces");
  CreateLink("CYC-C", "CYC-A", "replaces");
  CreateLink("CYC-C", "CYC-D", "replaces");
  CreateLink("CYC-D", "CYC-C", "replaces");
  Response r = Get("/v1/products/CYC-A/graph?depth=3");
  ASSERT_EQ(r.status, 200u) << r;
  std::size_t cycles = 0, contradictions = 0;
  for (const auto& f : r.json.at("findings").as_array()) {
    const std::string message(f.at("message").as_string());
    if (f.at("kind") == json::value("contradiction")) {
      ++contradictions;
      EXPECT_NE(message.find("CYC-C replaces CYC-D (manual)"), std::string::npos) << message;
    } else {
      ++cycles;
      EXPECT_NE(message.find("cycle in 'replaces'"), std::string::npos) << message;
    }
  }
  EXPECT_EQ(contradictions, 1u) << r;
  EXPECT_EQ(cycles, 1u) << r;
  for (const auto& e : r.json.at("edges").as_array()) {
    EXPECT_EQ(e.at("cycle"), json::value(true)) << e;  // every edge here lies on a cycle
  }
}

TEST_F(ConsoleApiE2eTest, ReorderPinsTheListedLinksAndTheApiServesThatOrder) {
  for (const char* sku : {"ORD-SRC", "ORD-1", "ORD-2", "ORD-3", "ORD-X"}) CreateProduct(sku);
  const std::int64_t a = CreateLink("ORD-SRC", "ORD-1", "accessory", 3.0);
  const std::int64_t b = CreateLink("ORD-SRC", "ORD-2", "accessory", 2.0);
  const std::int64_t c = CreateLink("ORD-SRC", "ORD-3", "accessory", 1.0);
  const std::int64_t other = CreateLink("ORD-X", "ORD-1", "accessory");
  EXPECT_EQ(Recommended("ORD-SRC", "type=accessory"),
            (std::vector<std::string>{"ORD-1", "ORD-2", "ORD-3"}));

  auto reorder = [](const std::string& body) {
    return Post("/v1/products/ORD-SRC/relationships:reorder", body);
  };
  Response r = reorder(ToJson(json::object{{"type", "accessory"}, {"ids", {c, a}}}));
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("items").as_array()[0].at("position"), json::value(1));
  EXPECT_EQ(Recommended("ORD-SRC", "type=accessory"),
            (std::vector<std::string>{"ORD-3", "ORD-1", "ORD-2"}));
  // A new order replaces the old pins: b, then c; a is unpinned.
  ASSERT_EQ(reorder(ToJson(json::object{{"type", "accessory"}, {"ids", {b, c}}})).status, 200u);
  EXPECT_EQ(Recommended("ORD-SRC", "type=accessory"),
            (std::vector<std::string>{"ORD-2", "ORD-3", "ORD-1"}));
  EXPECT_TRUE(Get("/v1/relationships/" + std::to_string(a)).json.at("position").is_null());

  // Refusals change nothing.
  std::string detail =
      ExpectProblem(reorder(ToJson(json::object{{"type", "accessory"}, {"ids", {a, other}}})), 400);
  EXPECT_NE(detail.find("not a 'accessory' link of ORD-SRC"), std::string::npos) << detail;
  detail = ExpectProblem(reorder(ToJson(json::object{{"type", "accessory"}, {"ids", {a, a}}})), 400);
  EXPECT_NE(detail.find("listed twice"), std::string::npos) << detail;
  ExpectProblem(reorder(ToJson(json::object{{"type", "accessory"}, {"ids", {a, 999999}}})), 404);
  ExpectProblem(reorder(R"({"type":"accesory","ids":[1]})"), 400);
  ExpectProblem(reorder(R"({"type":"accessory","ids":"a,b"})"), 400);
  ExpectProblem(reorder(R"({"type":"accessory"})"), 400);
  ExpectProblem(Post("/v1/products/NO-SUCH/relationships:reorder",
                     ToJson(json::object{{"type", "accessory"}, {"ids", {a}}})),
                404);
  EXPECT_EQ(Recommended("ORD-SRC", "type=accessory"),
            (std::vector<std::string>{"ORD-2", "ORD-3", "ORD-1"}));
  // A viewer may look but not reorder.
  Response key = Post("/v1/keys", R"({"role":"viewer","name":"reorder-viewer"})");
  ASSERT_EQ(key.status, 201u) << key;
  const std::string viewer = key.Str("secret");
  EXPECT_EQ(Post("/v1/products/ORD-SRC/relationships:reorder",
                 ToJson(json::object{{"type", "accessory"}, {"ids", {a}}}),
                 {{"Authorization", "Bearer " + viewer}})
                .status,
            403u);
}

TEST_F(ConsoleApiE2eTest, WeightOverridesPreviewARankingWithoutChangingIt) {
  for (const char* sku : {"WGT-SRC", "WGT-UP", "WGT-ACC"}) CreateProduct(sku);
  const std::int64_t acc = CreateLink("WGT-SRC", "WGT-ACC", "accessory");  // 0.8 x 1
  CreateLink("WGT-SRC", "WGT-UP", "upsell");                               // 1.2 x 1
  EXPECT_EQ(Recommended("WGT-SRC", ""), (std::vector<std::string>{"WGT-UP", "WGT-ACC"}));

  Response by_type = Post("/v1/recommendations",
                          R"({"sku":"WGT-SRC","explain":true,"weights":{"types":{"accessory":2}}})");
  ASSERT_EQ(by_type.status, 200u) << by_type;
  EXPECT_EQ(Skus(by_type), (std::vector<std::string>{"WGT-ACC", "WGT-UP"}));
  EXPECT_EQ(by_type.json.at("preview"), json::value(true));
  const auto& first = by_type.json.at("items").as_array()[0];
  EXPECT_EQ(first.at("score"), json::value(2.0));
  EXPECT_EQ(first.at("reasons").as_array()[0].at("type_weight"), json::value(2.0));

  Response by_link = Post(
      "/v1/recommendations",
      ToJson(json::object{{"sku", "WGT-SRC"},
                          {"weights", {{"links", {{std::to_string(acc), 1.6}}}}}}));
  ASSERT_EQ(by_link.status, 200u) << by_link;
  EXPECT_EQ(Skus(by_link), (std::vector<std::string>{"WGT-ACC", "WGT-UP"}));  // 0.8 x 1.6 > 1.2

  // Nothing was saved.
  EXPECT_EQ(Recommended("WGT-SRC", ""), (std::vector<std::string>{"WGT-UP", "WGT-ACC"}));
  EXPECT_EQ(Get("/v1/relation-types/accessory").json.at("weight"), json::value(0.8));

  std::string detail = ExpectProblem(
      Post("/v1/recommendations", R"({"sku":"WGT-SRC","weights":{"types":{"upsel":2}}})"), 400);
  EXPECT_NE(detail.find("unknown relation type 'upsel'"), std::string::npos) << detail;
  detail = ExpectProblem(
      Post("/v1/recommendations", R"({"sku":"WGT-SRC","weights":{"types":{"upsell":-1}}})"), 400);
  EXPECT_NE(detail.find("between 0 and 1000"), std::string::npos) << detail;
  ExpectProblem(Post("/v1/recommendations", R"({"sku":"WGT-SRC","weights":{"links":{"x":1}}})"),
                400);
  ExpectProblem(Post("/v1/recommendations", R"({"sku":"WGT-SRC","weights":{"colours":{}}})"), 400);
  ExpectProblem(Post("/v1/recommendations", R"({"sku":"WGT-SRC","weights":[1]})"), 400);
}

// Hostile or wrong input to the console's endpoints: refused precisely, nothing changed, the
// server still serving; and none of them without a key.
TEST_F(ConsoleApiE2eTest, HostileInputIsRefusedAndEveryEndpointNeedsAKey) {
  const Headers anonymous{{"Authorization", ""}};
  EXPECT_EQ(Get("/v1/products/RUN-SHOE-001/graph", anonymous).status, 401u);
  EXPECT_EQ(Get("/v1/products?covered=true", anonymous).status, 401u);
  EXPECT_EQ(Post("/v1/products/RUN-SHOE-001/relationships:reorder",
                 R"({"type":"cross_sell","ids":[1]})", anonymous)
                .status,
            401u);
  EXPECT_EQ(Post("/v1/recommendations", R"({"sku":"RUN-SHOE-001","weights":{}})", anonymous).status,
            401u);

  // Graph: numbers that are not, sizes past the limits, a thousand type names; a query past the
  // header limit is refused before any handler.
  ExpectProblem(Get("/v1/products/RUN-SHOE-001/graph?depth=two"), 400);
  ExpectProblem(Get("/v1/products/RUN-SHOE-001/graph?max_nodes=99999999999999999999999"), 400);
  std::string types;
  for (int i = 0; i < 1000; ++i) types += "t" + std::to_string(i) + ",";
  ExpectProblem(Get("/v1/products/RUN-SHOE-001/graph?types=" + types), 400);
  ExpectProblem(Get("/v1/products/RUN-SHOE-001/graph?types=" + types + types + types + types), 431);

  // Prices that are not prices.
  for (const char* bad : {"nan", "inf", "-1", "1e3", "0x10", "", "12.5.1"}) {
    Response r = Get(std::string("/v1/products?min_price=") + bad);
    EXPECT_EQ(r.status, 400u) << bad << ": " << r;
  }

  // Reorder: deep nesting, wrong types, a huge list of ids that do not exist.
  std::string deep = R"({"type":"cross_sell","ids":)" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  ExpectProblem(Post("/v1/products/RUN-SHOE-001/relationships:reorder", deep), 400);
  ExpectProblem(Post("/v1/products/RUN-SHOE-001/relationships:reorder",
                     R"({"type":["cross_sell"],"ids":[1]})"),
                400);
  ExpectProblem(Post("/v1/products/RUN-SHOE-001/relationships:reorder",
                     R"({"type":"cross_sell","ids":[1.5, -3, "7"]})"),
                400);
  json::array many;
  for (int i = 0; i < 50000; ++i) many.push_back(900000000 + i);
  ExpectProblem(Post("/v1/products/RUN-SHOE-001/relationships:reorder",
                     ToJson(json::object{{"type", "cross_sell"}, {"ids", many}})),
                404);

  // Weights: deep nesting, wrong types, ten thousand unknown types, a body past the limit.
  std::string nested = R"({"sku":"RUN-SHOE-001","weights":{"types":)" +
                       std::string(5000, '{') + std::string(5000, '}') + "}}";
  ExpectProblem(Post("/v1/recommendations", nested), 400);
  ExpectProblem(Post("/v1/recommendations",
                     R"({"sku":"RUN-SHOE-001","weights":{"types":{"upsell":"2"}}})"),
                400);
  ExpectProblem(Post("/v1/recommendations",
                     R"({"sku":"RUN-SHOE-001","weights":{"links":{"99999999999999999999999":1}}})"),
                400);
  json::object unknown;
  for (int i = 0; i < 10000; ++i) unknown["type-" + std::to_string(i)] = 1.0;
  const std::string body = ToJson(
      json::object{{"sku", "RUN-SHOE-001"}, {"weights", json::object{{"types", unknown}}}});
  ExpectProblem(Post("/v1/recommendations", body), 400);
  ExpectProblem(Post("/v1/recommendations", body + std::string(1 << 20, ' ')), 413);

  // Still serving, unchanged.
  EXPECT_EQ(Get("/healthz").status, 200u);
  Response r = Get("/v1/products/RUN-SHOE-001/recommendations?limit=1");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("items").as_array()[0].at("sku"), json::value("RUN-SOCK-001"));
}

}  // namespace
}  // namespace affinity::e2e

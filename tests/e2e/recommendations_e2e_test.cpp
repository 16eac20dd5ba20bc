// GET /v1/products/{sku}/recommendations end to end, over the 3000-product demo catalog plus small
// hand-made neighbourhoods whose ranking is known exactly.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;
using V = std::vector<std::string>;

class RecommendationsE2eTest : public ServerTest</*kDemo=*/true> {
 protected:
  static Response Recs(const std::string& sku, const std::string& query = "") {
    return Get("/v1/products/" + sku + "/recommendations" + (query.empty() ? "" : "?" + query));
  }
  static V Skus(const Response& r) {
    V out;
    if (!r.json.is_object() || !r.Object().contains("items")) return out;
    for (const auto& item : r.json.at("items").as_array()) out.emplace_back(item.at("sku").as_string());
    return out;
  }
  static const json::object* Item(const Response& r, std::string_view sku) {
    if (!r.Object().contains("items")) return nullptr;
    for (const auto& item : r.json.at("items").as_array()) {
      if (item.at("sku").is_string() && item.at("sku").get_string() == sku) return &item.as_object();
    }
    return nullptr;
  }

  // RANK-SRC -> five targets whose order is known:
  //   RANK-E  accessory  weight 0.1, pinned 1   -> first, although its score is the lowest
  //   RANK-F  cross_sell weight 0.5, pinned 2   -> second
  //   RANK-B  cross_sell weight 2.0             -> 1.0 x 2.0 = 2.0
  //   RANK-C  cross_sell weight 1.6             -> 1.0 x 1.6 = 1.6, tie with RANK-D, 'C' < 'D'
  //   RANK-D  accessory  weight 2.0             -> 0.8 x 2.0 = 1.6
  //   RANK-A  upsell     weight 1.0             -> 1.2 x 1.0 = 1.2
  // Links are created in an order unrelated to the ranking, and the tie is between a cross_sell
  // and an accessory whose type order is the reverse of their SKU order.
  static void BuildRankingFixture() {
    for (const char* sku : {"RANK-SRC", "RANK-A", "RANK-B", "RANK-C", "RANK-D", "RANK-E", "RANK-F"}) {
      CreateProduct(sku, {{"stock", 5}});
    }
    CreateLink("RANK-SRC", "RANK-D", "accessory", 2.0);
    CreateLink("RANK-SRC", "RANK-A", "upsell", 1.0);
    CreateLink("RANK-SRC", "RANK-F", "cross_sell", 0.5, 2);
    CreateLink("RANK-SRC", "RANK-C", "cross_sell", 1.6);
    CreateLink("RANK-SRC", "RANK-E", "accessory", 0.1, 1);
    CreateLink("RANK-SRC", "RANK-B", "cross_sell", 2.0);
  }
  static void SetUpTestSuite() {
    ServerTest::SetUpTestSuite();
    if (server_ && server_->running()) BuildRankingFixture();
  }
};

TEST_F(RecommendationsE2eTest, DemoSeedPinnedCrossSellComesFirst) {
  Response r = Recs("RUN-SHOE-001");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.Str("sku"), "RUN-SHOE-001");
  EXPECT_EQ(r.Str("name"), "Running Shoes");
  ASSERT_FALSE(r.json.at("items").as_array().empty()) << r;
  const auto& first = r.json.at("items").at(0);
  EXPECT_EQ(first.at("sku"), json::value("RUN-SOCK-001")) << r;
  EXPECT_EQ(first.at("name"), json::value("Running Socks"));
  EXPECT_EQ(first.at("type"), json::value("cross_sell"));
  EXPECT_EQ(first.at("position"), json::value(1));
  EXPECT_LE(r.json.at("items").as_array().size(), 10u) << "default limit";

  // cross_sell is symmetric: the socks recommend the shoes.
  Response socks = Recs("RUN-SOCK-001", "limit=100");
  ASSERT_EQ(socks.status, 200u) << socks;
  const json::object* shoe = Item(socks, "RUN-SHOE-001");
  ASSERT_NE(shoe, nullptr) << socks;
  EXPECT_EQ(shoe->at("type"), json::value("cross_sell"));
}

TEST_F(RecommendationsE2eTest, DemoSeedUpsellIsDirected) {
  Response r = Recs("STD-MODEL-001", "type=upsell&limit=100");
  ASSERT_EQ(r.status, 200u) << r;
  ASSERT_FALSE(Skus(r).empty()) << r;
  EXPECT_EQ(Skus(r)[0], "PERF-MODEL-001") << r;
  Response back = Recs("PERF-MODEL-001", "type=upsell&limit=100");
  ASSERT_EQ(back.status, 200u) << back;
  EXPECT_EQ(Item(back, "STD-MODEL-001"), nullptr) << back;
}

TEST_F(RecommendationsE2eTest, RanksPinnedFirstThenByScoreThenBySku) {
  Response r = Recs("RANK-SRC");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(Skus(r), (V{"RANK-E", "RANK-F", "RANK-B", "RANK-C", "RANK-D", "RANK-A"})) << r;
  const auto& items = r.json.at("items").as_array();
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[0].at("position"), json::value(1));
  EXPECT_EQ(items[1].at("position"), json::value(2));
  EXPECT_FALSE(items[2].as_object().contains("position"));
  EXPECT_EQ(items[2].at("score"), json::value(2.0));
  EXPECT_EQ(items[3].at("score"), json::value(1.6));
  EXPECT_EQ(items[4].at("score"), json::value(1.6));
  EXPECT_EQ(items[5].at("score"), json::value(1.2));
  EXPECT_EQ(items[5].at("type"), json::value("upsell"));
  EXPECT_EQ(items[0].at("price"), json::value("10.00"));
  EXPECT_EQ(items[0].at("currency"), json::value("USD"));
  EXPECT_EQ(items[0].at("in_stock"), json::value(true));
}

TEST_F(RecommendationsE2eTest, LimitKeepsTheTopOfTheRanking) {
  EXPECT_EQ(Skus(Recs("RANK-SRC", "limit=1")), (V{"RANK-E"}));
  EXPECT_EQ(Skus(Recs("RANK-SRC", "limit=3")), (V{"RANK-E", "RANK-F", "RANK-B"}));
  EXPECT_EQ(Skus(Recs("RANK-SRC", "limit=1000")).size(), 6u);
  std::string detail = ExpectProblem(Recs("RANK-SRC", "limit=0"), 400);
  EXPECT_NE(detail.find("limit"), std::string::npos) << detail;
  ExpectProblem(Recs("RANK-SRC", "limit=1001"), 400);
  ExpectProblem(Recs("RANK-SRC", "limit=ten"), 400);
  ExpectProblem(Recs("RANK-SRC", "limit=-1"), 400);
}

TEST_F(RecommendationsE2eTest, TypeFilterTakesOneTypeOrACommaList) {
  EXPECT_EQ(Skus(Recs("RANK-SRC", "type=upsell")), (V{"RANK-A"}));
  EXPECT_EQ(Skus(Recs("RANK-SRC", "type=accessory")), (V{"RANK-E", "RANK-D"}));
  EXPECT_EQ(Skus(Recs("RANK-SRC", "type=upsell,accessory")), (V{"RANK-E", "RANK-D", "RANK-A"}));
  EXPECT_EQ(Skus(Recs("RANK-SRC", "type=upsell&type=cross_sell")),
            (V{"RANK-F", "RANK-B", "RANK-C", "RANK-A"}));
  std::string detail = ExpectProblem(Recs("RANK-SRC", "type=upsel"), 400);
  EXPECT_NE(detail.find("did you mean 'upsell'"), std::string::npos) << detail;
  ExpectProblem(Recs("RANK-SRC", "type=upsell,bogus"), 400);
  ExpectProblem(Recs("RANK-SRC", "types=upsell"), 400);
}

TEST_F(RecommendationsE2eTest, ExplainGivesTheReasonBehindEachScore) {
  Response plain = Recs("RANK-SRC");
  ASSERT_EQ(plain.status, 200u) << plain;
  EXPECT_FALSE(plain.json.at("items").at(0).as_object().contains("reasons"));

  Response r = Recs("RANK-SRC", "explain=true");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(Skus(r), Skus(plain));
  Response links = Get("/v1/products/RANK-SRC/relationships");
  ASSERT_EQ(links.status, 200u) << links;
  for (const auto& item : r.json.at("items").as_array()) {
    const auto& reasons = item.at("reasons").as_array();
    ASSERT_EQ(reasons.size(), 1u) << item;
    const auto& reason = reasons[0].as_object();
    // The reason names the link that produced the item.
    std::int64_t link_id = reason.at("relationship_id").to_number<std::int64_t>();
    Response link = Get("/v1/relationships/" + std::to_string(link_id));
    ASSERT_EQ(link.status, 200u) << link;
    EXPECT_EQ(link.json.at("source"), json::value("RANK-SRC"));
    EXPECT_EQ(link.json.at("target"), item.at("sku"));
    EXPECT_EQ(link.json.at("type"), item.at("type"));
    EXPECT_EQ(reason.at("origin"), json::value("manual"));
    EXPECT_EQ(reason.at("type"), item.at("type"));
    EXPECT_EQ(reason.at("link_weight"), link.json.at("weight"));
    const double type_weight = reason.at("type_weight").to_number<double>();
    const double link_weight = reason.at("link_weight").to_number<double>();
    EXPECT_DOUBLE_EQ(reason.at("score").to_number<double>(), type_weight * link_weight);
    EXPECT_EQ(reason.at("score"), item.at("score"));
  }
  const auto& top = r.json.at("items").at(0).at("reasons").at(0);
  EXPECT_EQ(top.at("type_weight"), json::value(0.8));
  EXPECT_EQ(top.at("link_weight"), json::value(0.1));
  EXPECT_EQ(top.at("position"), json::value(1));
  ExpectProblem(Recs("RANK-SRC", "explain=maybe"), 400);
}

TEST_F(RecommendationsE2eTest, AProductLinkedByTwoTypesAppearsOnceWithBothReasons) {
  for (const char* sku : {"TWO-SRC", "TWO-DST"}) CreateProduct(sku);
  CreateLink("TWO-SRC", "TWO-DST", "upsell", 1.0);     // 1.2
  CreateLink("TWO-SRC", "TWO-DST", "accessory", 1.0);  // 0.8
  Response r = Recs("TWO-SRC", "explain=true");
  ASSERT_EQ(r.status, 200u) << r;
  ASSERT_EQ(Skus(r), (V{"TWO-DST"})) << r;
  const auto& item = r.json.at("items").at(0);
  EXPECT_EQ(item.at("type"), json::value("upsell"));
  EXPECT_EQ(item.at("score"), json::value(1.2));
  EXPECT_EQ(item.at("reasons").as_array().size(), 2u) << r;
}

TEST_F(RecommendationsE2eTest, OutOfStockTargetsAreLeftOutUnlessAskedFor) {
  CreateProduct("OOS-SRC", {{"stock", 3}});
  CreateProduct("OOS-EMPTY", {{"stock", 0}});
  CreateProduct("OOS-UNTRACKED");  // stock null: not tracked, counts as available
  CreateProduct("OOS-FULL", {{"stock", 9}});
  CreateLink("OOS-SRC", "OOS-EMPTY", "cross_sell", 3.0);
  CreateLink("OOS-SRC", "OOS-UNTRACKED", "cross_sell", 2.0);
  CreateLink("OOS-SRC", "OOS-FULL", "cross_sell", 1.0);

  EXPECT_EQ(Skus(Recs("OOS-SRC")), (V{"OOS-UNTRACKED", "OOS-FULL"}));
  EXPECT_EQ(Skus(Recs("OOS-SRC", "limit=1")), (V{"OOS-UNTRACKED"}));
  Response all = Recs("OOS-SRC", "include_out_of_stock=true");
  EXPECT_EQ(Skus(all), (V{"OOS-EMPTY", "OOS-UNTRACKED", "OOS-FULL"})) << all;
  const json::object* empty = Item(all, "OOS-EMPTY");
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->at("in_stock"), json::value(false));

  // Restocking shows up on the very next read.
  ASSERT_EQ(Put("/v1/products/OOS-EMPTY", R"({"name":"Back","price":"10.00","stock":1})").status,
            200u);
  EXPECT_EQ(Skus(Recs("OOS-SRC")), (V{"OOS-EMPTY", "OOS-UNTRACKED", "OOS-FULL"}));
}

TEST_F(RecommendationsE2eTest, UnknownProductIs404) {
  std::string detail = ExpectProblem(Recs("NO-SUCH-SKU"), 404);
  EXPECT_NE(detail.find("NO-SUCH-SKU"), std::string::npos) << detail;
}

TEST_F(RecommendationsE2eTest, AWriteIsVisibleToTheVeryNextRead) {
  for (const char* sku : {"VIS-SRC", "VIS-DST"}) CreateProduct(sku);
  for (int round = 0; round < 20; ++round) {
    std::int64_t id = CreateLink("VIS-SRC", "VIS-DST", "accessory", 1.0 + round);
    ASSERT_GT(id, 0);
    Response r = Recs("VIS-SRC");
    ASSERT_EQ(Skus(r), (V{"VIS-DST"})) << "round " << round << ": " << r;
    EXPECT_DOUBLE_EQ(r.json.at("items").at(0).at("score").to_number<double>(),
                     0.8 * (1.0 + round));
    ASSERT_EQ(Delete("/v1/relationships/" + std::to_string(id)).status, 204u);
    ASSERT_EQ(Skus(Recs("VIS-SRC")), V{}) << "round " << round;
  }
}

TEST_F(RecommendationsE2eTest, ASymmetricCrossSellRecommendsBothWays) {
  for (const char* sku : {"SYM-L", "SYM-R"}) CreateProduct(sku);
  CreateLink("SYM-R", "SYM-L", "cross_sell", 1.5);
  EXPECT_EQ(Skus(Recs("SYM-R")), (V{"SYM-L"}));
  EXPECT_EQ(Skus(Recs("SYM-L")), (V{"SYM-R"}));
  EXPECT_EQ(Recs("SYM-L").json.at("items").at(0).at("score"), json::value(1.5));
  // A directed type does not.
  for (const char* sku : {"DIR-L", "DIR-R"}) CreateProduct(sku);
  CreateLink("DIR-L", "DIR-R", "accessory");
  EXPECT_EQ(Skus(Recs("DIR-L")), (V{"DIR-R"}));
  EXPECT_EQ(Skus(Recs("DIR-R")), V{});
}

}  // namespace
}  // namespace affinity::e2e

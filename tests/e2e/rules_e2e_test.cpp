// The rule engine end to end: rules saved through /v1/rules generate recommendations for the whole
// catalog, kept current as products change, gated per request by schedule, customer and cart, and
// kept across restarts and crashes. Each test runs its own server over a fresh data directory.
// The soundness checks (validate, cycles, contradictions, malformed bodies) are in
// rules_soundness_e2e_test.cpp.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "rules_e2e_fixture.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

class RulesE2eTest : public RulesE2eFixture {};

// Acceptance: "Show accessories only if product price > $50", kept current as prices change.
TEST_F(RulesE2eTest, ShowAccessoriesOnlyIfProductPriceOver50) {
  RunningShoesAndSocks();
  Response saved = CreateRule(SocksRule());
  ASSERT_EQ(saved.status, 201u) << saved;
  EXPECT_EQ(saved.Header("Location"), "/v1/rules/socks-over-50");
  EXPECT_EQ(Int(saved.json.at("stats").at("sources")), 1) << saved;
  EXPECT_EQ(Int(saved.json.at("stats").at("edges")), 1) << saved;

  EXPECT_EQ(RecSkus("RUN-060", "type=accessory"), Skus{"SOCK-010"});
  EXPECT_EQ(RecSkus("RUN-040", "type=accessory"), Skus{});
  EXPECT_EQ(RecSkus("RUN-040"), Skus{}) << "no other type either";
  // accessory is directed: the socks do not recommend the shoes.
  EXPECT_EQ(RecSkus("SOCK-010"), Skus{});

  // The $40 shoe goes up to $70: it is a source now, without touching the rule.
  PutProduct("RUN-040", "Road Runner 2", "70.00", "Footwear/Running", "Stride", {}, 200);
  EXPECT_EQ(RecSkus("RUN-040", "type=accessory"), Skus{"SOCK-010"});
  EXPECT_EQ(RecSkus("RUN-060", "type=accessory"), Skus{"SOCK-010"});
  Response rule = Get("/v1/rules/socks-over-50");
  ASSERT_EQ(rule.status, 200u) << rule;
  EXPECT_EQ(Int(rule.json.at("stats").at("sources")), 2) << rule;
  EXPECT_EQ(Int(rule.json.at("stats").at("edges")), 2) << rule;

  // And back down to $40: the edge goes away again.
  PutProduct("RUN-040", "Road Runner 2", "40.00", "Footwear/Running", "Stride", {}, 200);
  EXPECT_EQ(RecSkus("RUN-040", "type=accessory"), Skus{});
  EXPECT_EQ(RecSkus("RUN-060", "type=accessory"), Skus{"SOCK-010"});

  // A new target product is picked up as well, and a deleted one disappears.
  PutProduct("SOCK-020", "Trail Socks", "14.00", "Accessories/Socks", "Stride");
  EXPECT_EQ(RecSkus("RUN-060", "type=accessory"), (Skus{"SOCK-010", "SOCK-020"}));
  ASSERT_EQ(Delete("/v1/products/SOCK-010").status, 204u);
  EXPECT_EQ(RecSkus("RUN-060", "type=accessory"), Skus{"SOCK-020"});
}

// Acceptance: winter coats and scarves, cross-sold from November 1st to February 28th.
TEST_F(RulesE2eTest, WinterCoatsAndScarvesCrossSellActiveNovemberToFebruary) {
  PutProduct("COAT-100", "Wool Winter Coat", "189.00", "Apparel/Outerwear/Coats", "Northwind");
  PutProduct("SCARF-100", "Merino Scarf", "39.00", "Accessories/Scarves", "Northwind");
  PutProduct("CAP-100", "Summer Cap", "19.00", "Accessories/Hats", "Northwind");
  CreateRule({{"id", "winter-scarves"},
              {"type", "cross_sell"},
              {"when", "source.category == \"Apparel/Outerwear/Coats\""},
              {"then", "target.category == \"Accessories/Scarves\""},
              {"schedule", {{"recurring", "11-01/02-28"}}}});

  EXPECT_EQ(RecSkus("COAT-100", "at=2026-12-15"), Skus{"SCARF-100"});
  EXPECT_EQ(RecSkus("COAT-100", "at=2026-11-01"), Skus{"SCARF-100"}) << "the first day counts";
  EXPECT_EQ(RecSkus("COAT-100", "at=2027-02-28T23:00:00Z"), Skus{"SCARF-100"})
      << "the last day counts to its end";
  EXPECT_EQ(RecSkus("COAT-100", "at=2026-07-01"), Skus{});
  EXPECT_EQ(RecSkus("COAT-100", "at=2027-03-01T00:00:00Z"), Skus{});
  EXPECT_EQ(RecSkus("COAT-100", "at=2026-10-31T23:59:59Z"), Skus{});

  // cross_sell is symmetric: the scarf shows the coat in December, and not in July.
  EXPECT_EQ(RecSkus("SCARF-100", "at=2026-12-15"), Skus{"COAT-100"});
  EXPECT_EQ(RecSkus("SCARF-100", "at=2026-07-01"), Skus{});
  EXPECT_EQ(RecSkus("CAP-100", "at=2026-12-15"), Skus{});

  // The reply says which time it used.
  Response r = Recs("COAT-100", "at=2026-12-15");
  EXPECT_EQ(r.Str("at"), "2026-12-15T00:00:00Z") << r;
  ExpectProblem(Recs("COAT-100", "at=december"), 400);
}

// Acceptance: an upsell offer for high-value customers who bought the category more than twice.
TEST_F(RulesE2eTest, UpsellForHighValueCustomersWhoBoughtACategoryMoreThanTwice) {
  PutProduct("TRAIL-STD", "Trail Runner", "89.00", "Footwear/Running", "Stride");
  PutProduct("TRAIL-PRO", "Trail Runner Pro Carbon", "189.00", "Footwear/Running", "Stride");
  CreateRule({{"id", "vip-upsell"},
              {"type", "upsell"},
              {"when", "source.category startsWith \"Footwear\""},
              {"then", "target.category == source.category && target.price > source.price"},
              {"context",
               "customer.segment == \"high_value\" && customer.orders_in_category(\"Footwear\") > 2"}});

  auto preview = [&](const json::object& customer) {
    json::object body{{"sku", "TRAIL-STD"}, {"customer", customer}};
    return Post("/v1/recommendations", ToJson(body));
  };
  Response vip =
      preview({{"segment", "high_value"}, {"orders_in_category", {{"Footwear/Running", 3}}}});
  EXPECT_EQ(ItemSkus(vip), Skus{"TRAIL-PRO"});
  ASSERT_NE(Item(vip, "TRAIL-PRO"), nullptr) << vip;
  EXPECT_EQ(Item(vip, "TRAIL-PRO")->at("type"), json::value("upsell"));
  EXPECT_EQ(vip.Str("sku"), "TRAIL-STD");

  EXPECT_EQ(ItemSkus(preview({{"id", "new-1"}})), Skus{}) << "a new customer";
  EXPECT_EQ(RecSkus("TRAIL-STD", "customer=new-1"), Skus{}) << "a customer without a profile";
  EXPECT_EQ(RecSkus("TRAIL-STD"), Skus{}) << "no customer at all";
  EXPECT_EQ(ItemSkus(preview({{"segment", "high_value"},
                              {"orders_in_category", {{"Footwear/Running", 2}}}})),
            Skus{})
      << "bought twice is not more than twice";
  EXPECT_EQ(ItemSkus(preview({{"segment", "regular"},
                              {"orders_in_category", {{"Footwear/Running", 5}}}})),
            Skus{})
      << "not high value";
  EXPECT_EQ(ItemSkus(preview({{"segment", "high_value"}, {"orders_in_category", {{"Toys", 9}}}})),
            Skus{})
      << "orders in another category";
  // Two sub-categories add up under "Footwear".
  EXPECT_EQ(ItemSkus(preview({{"segment", "high_value"},
                              {"orders_in_category", {{"Footwear/Running", 2}, {"Footwear/Trail", 1}}}})),
            Skus{"TRAIL-PRO"});
  // upsell is directed: the premium shoe does not upsell the cheaper one.
  json::object body{{"sku", "TRAIL-PRO"},
                    {"customer",
                     {{"segment", "high_value"}, {"orders_in_category", {{"Footwear", 9}}}}}};
  EXPECT_EQ(ItemSkus(Post("/v1/recommendations", ToJson(body))), Skus{});
}

TEST_F(RulesE2eTest, CartRecommendationsExcludeCartItemsAndCartTotalGatesARule) {
  RunningShoesAndSocks();
  PutProduct("SOCK-020", "Trail Socks", "14.00", "Accessories/Socks", "Stride");
  PutProduct("BOTTLE-1", "Insulated Bottle", "25.00", "Accessories/Bottles", "Stride");
  CreateRule(SocksRule());
  CreateRule({{"id", "bottle-for-big-carts"},
              {"type", "cross_sell"},
              {"when", "source.category startsWith \"Footwear\""},
              {"then", "target.category == \"Accessories/Bottles\""},
              {"context", "cart.total > 100"}});

  // Cart of $60 + $12: both socks are recommended by the shoe, but the one in the cart is left
  // out; the bottle needs a cart above $100.
  Response small = Post("/v1/recommendations", R"({"cart":["RUN-060","SOCK-010"]})");
  EXPECT_EQ(ItemSkus(small), Skus{"SOCK-020"}) << small;
  ASSERT_TRUE(small.Object().contains("cart")) << small;
  EXPECT_EQ(small.json.at("cart"), (json::array{"RUN-060", "SOCK-010"}));

  // Two pairs of shoes: $132.
  Response big = Post("/v1/recommendations",
                      R"({"cart":[{"sku":"RUN-060","quantity":2},"SOCK-010"],"explain":true})");
  Skus items = ItemSkus(big);
  std::sort(items.begin(), items.end());
  EXPECT_EQ(items, (Skus{"BOTTLE-1", "SOCK-020"})) << big;
  const json::object* bottle = Item(big, "BOTTLE-1");
  ASSERT_NE(bottle, nullptr) << big;
  EXPECT_EQ(bottle->at("reasons").at(0).at("rule"), json::value("bottle-for-big-carts"));
  EXPECT_EQ(bottle->at("reasons").at(0).at("from"), json::value("RUN-060"));
  EXPECT_EQ(Item(big, "RUN-060"), nullptr);
  EXPECT_EQ(Item(big, "SOCK-010"), nullptr);

  // The product endpoint has no cart: the bottle rule never fires there.
  EXPECT_EQ(RecSkus("RUN-060"), (Skus{"SOCK-010", "SOCK-020"}));
  ExpectProblem(Post("/v1/recommendations", R"({"cart":["RUN-060","NO-SUCH"]})"), 404);
}

TEST_F(RulesE2eTest, ExplainNamesTheRuleItsPriorityAndWeights) {
  RunningShoesAndSocks();
  json::object rule = SocksRule();
  rule["weight"] = 1.5;
  rule["priority"] = 7;
  CreateRule(rule);
  Response r = Recs("RUN-060", "explain=true");
  ASSERT_EQ(ItemSkus(r), Skus{"SOCK-010"});
  const json::object& item = r.json.at("items").at(0).as_object();
  EXPECT_EQ(item.at("type"), json::value("accessory"));
  EXPECT_DOUBLE_EQ(Num(item.at("score")), 0.8 * 1.5);
  const json::array& reasons = item.at("reasons").as_array();
  ASSERT_EQ(reasons.size(), 1u) << r;
  const json::object& reason = reasons[0].as_object();
  EXPECT_EQ(reason.at("kind"), json::value("rule")) << reason;
  EXPECT_EQ(reason.at("rule"), json::value("socks-over-50"));
  EXPECT_EQ(Int(reason.at("priority")), 7);
  EXPECT_DOUBLE_EQ(Num(reason.at("type_weight")), 0.8);
  EXPECT_DOUBLE_EQ(Num(reason.at("rule_weight")), 1.5);
  EXPECT_DOUBLE_EQ(Num(reason.at("score")), 0.8 * 1.5);
  EXPECT_EQ(reason.at("origin"), json::value("rule:socks-over-50"));
  EXPECT_FALSE(reason.contains("relationship_id")) << reason;

  // The rule's edges are not manual links.
  Response links = Get("/v1/products/RUN-060/relationships");
  ASSERT_EQ(links.status, 200u) << links;
  EXPECT_EQ(links.body.find("SOCK-010"), std::string::npos) << links;
}

TEST_F(RulesE2eTest, PriorityOrdersTiesBetweenRulesOfEqualWeight) {
  PutProduct("RUN-120", "Tempo Racer", "120.00", "Footwear/Running", "Stride");
  PutProduct("INS-200", "Gel Insoles", "25.00", "Accessories/Insoles", "Stride");
  PutProduct("SOCK-300", "Compression Socks", "18.00", "Accessories/Socks", "Stride");
  // Equal type and weight: the same score. By SKU the insoles would come first.
  CreateRule({{"id", "insoles"},
              {"type", "accessory"},
              {"priority", 1},
              {"when", "source.category startsWith \"Footwear\""},
              {"then", "target.category == \"Accessories/Insoles\""}});
  Response socks = CreateRule({{"id", "socks"},
                               {"type", "accessory"},
                               {"priority", 5},
                               {"when", "source.category startsWith \"Footwear\""},
                               {"then", "target.category == \"Accessories/Socks\""}});
  Response r = Recs("RUN-120");
  EXPECT_EQ(ItemSkus(r), (Skus{"SOCK-300", "INS-200"}));
  ASSERT_EQ(r.json.at("items").as_array().size(), 2u) << r;
  EXPECT_EQ(r.json.at("items").at(0).at("score"), r.json.at("items").at(1).at("score"));
  EXPECT_EQ(RecSkus("RUN-120", "limit=1"), Skus{"SOCK-300"});

  // Swap the priorities: the order follows.
  Response lower = Put("/v1/rules/socks", ToJson(json::object{
                                              {"type", "accessory"},
                                              {"priority", 0},
                                              {"when", "source.category startsWith \"Footwear\""},
                                              {"then", "target.category == \"Accessories/Socks\""}}),
                       {{"If-Match", socks.Header("ETag")}});
  ASSERT_EQ(lower.status, 200u) << lower;
  EXPECT_EQ(RecSkus("RUN-120"), (Skus{"INS-200", "SOCK-300"}));

  // A higher weight beats any priority.
  Response heavy = Put("/v1/rules/socks", ToJson(json::object{
                                              {"type", "accessory"},
                                              {"priority", -5},
                                              {"weight", 2.0},
                                              {"when", "source.category startsWith \"Footwear\""},
                                              {"then", "target.category == \"Accessories/Socks\""}}));
  ASSERT_EQ(heavy.status, 200u) << heavy;
  EXPECT_EQ(RecSkus("RUN-120"), (Skus{"SOCK-300", "INS-200"}));
}

TEST_F(RulesE2eTest, LimitCapsTargetsPerSourceInStockFirst) {
  PutProduct("RUN-090", "Daily Trainer", "90.00", "Footwear/Running", "Stride");
  PutProduct("RUN-110", "Long Run Trainer", "110.00", "Footwear/Running", "Stride");
  PutProduct("SOCK-1", "Ankle Socks", "8.00", "Accessories/Socks", "Stride", {{"stock", 0}});
  PutProduct("SOCK-2", "Crew Socks", "9.00", "Accessories/Socks", "Stride");
  PutProduct("SOCK-3", "Wool Socks", "15.00", "Accessories/Socks", "Stride");
  PutProduct("SOCK-4", "Toe Socks", "12.00", "Accessories/Socks", "Stride");
  PutProduct("SOCK-5", "Race Socks", "11.00", "Accessories/Socks", "Stride");
  json::object rule = SocksRule();
  rule["limit"] = 2;
  Response saved = CreateRule(rule);
  EXPECT_EQ(Int(saved.json.at("stats").at("sources")), 2) << saved;
  EXPECT_EQ(Int(saved.json.at("stats").at("edges")), 4) << saved;
  EXPECT_EQ(Int(saved.json.at("stats").at("targets")), 2) << saved;
  // In-stock first, then by SKU: the out-of-stock SOCK-1 is not among the two.
  for (const char* shoe : {"RUN-090", "RUN-110"}) {
    EXPECT_EQ(RecSkus(shoe), (Skus{"SOCK-2", "SOCK-3"})) << shoe;
    EXPECT_EQ(RecSkus(shoe, "include_out_of_stock=true"), (Skus{"SOCK-2", "SOCK-3"})) << shoe;
  }
  // Raising the limit brings the rest.
  rule["limit"] = 10;
  rule.erase("id");
  ASSERT_EQ(Put("/v1/rules/socks-over-50", ToJson(rule)).status, 200u);
  EXPECT_EQ(RecSkus("RUN-090", "limit=100").size(), 4u);
  EXPECT_EQ(RecSkus("RUN-090", "limit=100&include_out_of_stock=true").size(), 5u);
}

TEST_F(RulesE2eTest, DisabledRuleProducesNothing) {
  RunningShoesAndSocks();
  json::object rule = SocksRule();
  rule["enabled"] = false;
  Response saved = CreateRule(rule);
  EXPECT_EQ(saved.json.at("enabled"), json::value(false)) << saved;
  EXPECT_EQ(Int(saved.json.at("stats").at("edges")), 0) << saved;
  EXPECT_EQ(RecSkus("RUN-060"), Skus{});
  EXPECT_EQ(RuleIds(), Skus{"socks-over-50"}) << "a disabled rule is still stored";

  rule["enabled"] = true;
  ASSERT_EQ(Put("/v1/rules/socks-over-50", ToJson(rule)).status, 200u);
  EXPECT_EQ(RecSkus("RUN-060"), Skus{"SOCK-010"});
  rule["enabled"] = false;
  ASSERT_EQ(Put("/v1/rules/socks-over-50", ToJson(rule)).status, 200u);
  EXPECT_EQ(RecSkus("RUN-060"), Skus{});
}

TEST_F(RulesE2eTest, DeletingARuleRemovesItsEdges) {
  RunningShoesAndSocks();
  CreateRule(SocksRule());
  ASSERT_EQ(RecSkus("RUN-060"), Skus{"SOCK-010"});
  Response gone = Delete("/v1/rules/socks-over-50");
  EXPECT_EQ(gone.status, 204u) << gone;
  EXPECT_EQ(RecSkus("RUN-060"), Skus{});
  ExpectProblem(Get("/v1/rules/socks-over-50"), 404);
  EXPECT_EQ(RuleIds(), Skus{});
  ExpectProblem(Delete("/v1/rules/socks-over-50"), 404);
  // The id can be used again.
  CreateRule(SocksRule());
  EXPECT_EQ(RecSkus("RUN-060"), Skus{"SOCK-010"});
}

class RulesDurabilityE2eTest : public RulesE2eTest {
 protected:
  void SaveSeasonalAndPlainRules() {
    RunningShoesAndSocks();
    PutProduct("COAT-100", "Wool Winter Coat", "189.00", "Apparel/Outerwear/Coats", "Northwind");
    PutProduct("SCARF-100", "Merino Scarf", "39.00", "Accessories/Scarves", "Northwind");
    CreateRule(SocksRule());
    CreateRule({{"id", "winter-scarves"},
                {"type", "cross_sell"},
                {"priority", 10},
                {"when", "source.category == \"Apparel/Outerwear/Coats\""},
                {"then", "target.category == \"Accessories/Scarves\""},
                {"context", "customer.segment == \"high_value\" || cart.total > 100"},
                {"schedule", {{"recurring", "11-01/02-28"}}}});
  }
  void ExpectRulesServed() {
    EXPECT_EQ(RuleIds(), (Skus{"socks-over-50", "winter-scarves"}));
    EXPECT_EQ(RecSkus("RUN-060"), Skus{"SOCK-010"});
    EXPECT_EQ(RecSkus("RUN-040"), Skus{});
    json::object body{{"sku", "COAT-100"},
                      {"customer", {{"segment", "high_value"}}},
                      {"at", "2026-12-15"}};
    EXPECT_EQ(ItemSkus(Post("/v1/recommendations", ToJson(body))), Skus{"SCARF-100"});
    body["at"] = "2026-07-01";
    EXPECT_EQ(ItemSkus(Post("/v1/recommendations", ToJson(body))), Skus{});
    Response rule = Get("/v1/rules/winter-scarves");
    ASSERT_EQ(rule.status, 200u) << rule;
    EXPECT_EQ(Int(rule.json.at("priority")), 10);
    EXPECT_EQ(rule.json.at("schedule").at("recurring"), json::value("11-01/02-28")) << rule;
    EXPECT_EQ(rule.json.at("context"),
              json::value("customer.segment == \"high_value\" || cart.total > 100"));
  }
};

TEST_F(RulesDurabilityE2eTest, RulesAndTheirEdgesSurviveARestart) {
  SaveSeasonalAndPlainRules();
  ASSERT_NO_FATAL_FAILURE(ExpectRulesServed());
  const std::string etag = Get("/v1/rules/socks-over-50").Header("ETag");
  ASSERT_NO_FATAL_FAILURE(server().Restart());
  ExpectRulesServed();
  EXPECT_EQ(Get("/v1/rules/socks-over-50").Header("ETag"), etag);
  // Still maintained after the restart.
  PutProduct("RUN-040", "Road Runner 2", "70.00", "Footwear/Running", "Stride", {}, 200);
  EXPECT_EQ(RecSkus("RUN-040"), Skus{"SOCK-010"});
  // A deleted rule stays deleted.
  ASSERT_EQ(Delete("/v1/rules/socks-over-50").status, 204u);
  ASSERT_NO_FATAL_FAILURE(server().Restart());
  EXPECT_EQ(RuleIds(), Skus{"winter-scarves"});
  EXPECT_EQ(RecSkus("RUN-060"), Skus{});
}

TEST_F(RulesDurabilityE2eTest, RulesAndTheirEdgesSurviveKill9) {
  SaveSeasonalAndPlainRules();
  // The last acknowledged write before the crash is a rule change.
  json::object rule = SocksRule();
  rule.erase("id");
  rule["weight"] = 3.0;
  ASSERT_EQ(Put("/v1/rules/socks-over-50", ToJson(rule)).status, 200u);
  server().Kill9();
  ASSERT_NO_FATAL_FAILURE(server().Start());
  ExpectRulesServed();
  Response r = Recs("RUN-060", "explain=true");
  ASSERT_EQ(ItemSkus(r), Skus{"SOCK-010"});
  EXPECT_DOUBLE_EQ(Num(r.json.at("items").at(0).at("reasons").at(0).at("rule_weight")), 3.0) << r;
}

}  // namespace
}  // namespace affinity::e2e

// The rule engine's checks end to end: the :validate dry run, rules that derive from each other in a
// cycle, contradictions between rule edges and manual links (both ways), manual links winning over
// rule edges, If-Match and create-only conflicts, and malformed or unsound rule bodies. A refused
// write changes nothing. Each test runs its own server over a fresh data directory.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "rules_e2e_fixture.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

class RulesSoundnessE2eTest : public RulesE2eFixture {
 protected:
  void StandardAndPremiumShoes() {
    PutProduct("TRAIL-STD", "Trail Runner", "89.00", "Footwear/Running", "Stride");
    PutProduct("TRAIL-PRO", "Trail Runner Pro Carbon", "189.00", "Footwear/Running", "Stride");
  }
  // The body of every recommendation reply for `skus`, items only (a refused write must not
  // change any of them).
  std::string AllItems(const Skus& skus) {
    std::string out;
    for (const std::string& sku : skus) {
      Response r = Recs(sku, "limit=100&explain=true&include_out_of_stock=true");
      EXPECT_EQ(r.status, 200u) << r;
      out += sku + ": " + (r.Object().contains("items") ? ToJson(r.json.at("items")) : r.body) + "\n";
    }
    return out;
  }
};

// Acceptance: two rules that derive from each other through related(): the second is refused.
TEST_F(RulesSoundnessE2eTest, TwoRulesThatDeriveFromEachOtherThroughRelatedAreRefused) {
  StandardAndPremiumShoes();
  PutProduct("INSOLE-1", "Gel Insoles", "25.00", "Accessories/Insoles", "Stride");
  PutProduct("SOCK-1", "Running Socks", "12.00", "Accessories/Socks", "Stride");
  ASSERT_EQ(Post("/v1/relationships",
                 R"({"source":"TRAIL-STD","target":"TRAIL-PRO","type":"upsell"})").status,
            201u);
  // Reads upsell, produces accessory.
  Response first = PostRule(
      {{"id", "insoles-for-upsold"},
       {"type", "accessory"},
       {"when", "source.category startsWith \"Footwear\" && count(related(source, \"upsell\")) > 0"},
       {"then", "target.category == \"Accessories/Insoles\""}});
  ASSERT_EQ(first.status, 201u) << first;
  EXPECT_EQ(RecSkus("TRAIL-STD", "type=accessory"), Skus{"INSOLE-1"});
  const Skus all{"TRAIL-STD", "TRAIL-PRO", "INSOLE-1", "SOCK-1"};
  const std::string before = AllItems(all);

  // Reads accessory, produces upsell: a cycle through related().
  json::object second{
      {"id", "upsell-accessorised"},
      {"type", "upsell"},
      {"when", "count(related(source, \"accessory\")) > 0"},
      {"then", "target.category == source.category && target.price > source.price"}};
  Response refused = PostRule(second);
  std::string detail = ExpectProblem(refused, 422);
  EXPECT_TRUE(Has(detail, "insoles-for-upsold")) << detail;
  EXPECT_TRUE(Has(detail, "upsell-accessorised")) << detail;
  const std::string errors = Messages(refused, "errors");
  EXPECT_TRUE(Has(errors, "insoles-for-upsold")) << refused;
  EXPECT_TRUE(Has(errors, "upsell-accessorised")) << refused;
  EXPECT_EQ(refused.json.at("valid"), json::value(false)) << refused;

  EXPECT_EQ(RuleIds(), Skus{"insoles-for-upsold"});
  ExpectProblem(Get("/v1/rules/upsell-accessorised"), 404);
  EXPECT_EQ(AllItems(all), before);

  // The dry run says the same, and writes nothing either.
  Response dry = Validate(second);
  ASSERT_EQ(dry.status, 200u) << dry;
  EXPECT_EQ(dry.json.at("valid"), json::value(false)) << dry;
  EXPECT_TRUE(Has(Messages(dry, "errors"), "insoles-for-upsold")) << dry;
  EXPECT_EQ(RuleIds(), Skus{"insoles-for-upsold"});

  // Reading one way only is fine: this rule builds on the first one's edges.
  Response reader = PostRule({{"id", "socks-for-insoled"},
                              {"type", "cross_sell"},
                              {"when", "count(related(source, \"accessory\")) > 0"},
                              {"then", "target.category == \"Accessories/Socks\""}});
  ASSERT_EQ(reader.status, 201u) << reader;
  EXPECT_EQ(RecSkus("TRAIL-STD", "type=cross_sell"), Skus{"SOCK-1"});
  EXPECT_EQ(RecSkus("TRAIL-PRO", "type=cross_sell"), Skus{});
}

TEST_F(RulesSoundnessE2eTest, ValidateReportsCountsAndASampleAndWritesNothing) {
  PutProduct("RUN-040", "Road Runner 2", "40.00", "Footwear/Running", "Stride");
  PutProduct("RUN-060", "Road Runner Pro", "60.00", "Footwear/Running", "Stride");
  PutProduct("RUN-075", "Tempo Trainer", "75.00", "Footwear/Running", "Stride");
  PutProduct("TRAIL-090", "Mountain Trail", "90.00", "Footwear/Trail", "Stride");
  PutProduct("SOCK-010", "Cushioned Running Socks", "12.00", "Accessories/Socks", "Stride");
  PutProduct("SOCK-020", "Trail Socks", "14.00", "Accessories/Socks", "Stride");
  const Skus all{"RUN-040", "RUN-060", "RUN-075", "TRAIL-090", "SOCK-010", "SOCK-020"};
  const std::string before = AllItems(all);

  json::object draft = SocksRule();
  draft.erase("id");
  Response r = Validate(draft);
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("valid"), json::value(true)) << r;
  EXPECT_TRUE(r.json.at("errors").as_array().empty()) << r;
  EXPECT_EQ(Int(r.json.at("stats").at("sources")), 3) << r;
  EXPECT_EQ(Int(r.json.at("stats").at("targets")), 2) << r;
  EXPECT_EQ(Int(r.json.at("stats").at("edges")), 6) << r;
  const json::array& sample = r.json.at("sample").as_array();
  ASSERT_EQ(sample.size(), 6u) << r;
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& p : sample) {
    pairs.emplace(p.at("source").as_string(), p.at("target").as_string());
  }
  std::set<std::pair<std::string, std::string>> expected;
  for (const char* s : {"RUN-060", "RUN-075", "TRAIL-090"}) {
    for (const char* t : {"SOCK-010", "SOCK-020"}) expected.emplace(s, t);
  }
  EXPECT_EQ(pairs, expected) << r;

  // Nothing was written.
  EXPECT_EQ(RuleIds(), Skus{});
  EXPECT_EQ(AllItems(all), before);
  EXPECT_EQ(RecSkus("RUN-060"), Skus{});

  // With an id, too; and a validated id can then be created.
  Response with_id = Validate(SocksRule());
  ASSERT_EQ(with_id.status, 200u) << with_id;
  EXPECT_EQ(Int(with_id.json.at("stats").at("edges")), 6) << with_id;
  ExpectProblem(Get("/v1/rules/socks-over-50"), 404);
  CreateRule(SocksRule());
  EXPECT_EQ(RecSkus("RUN-060"), (Skus{"SOCK-010", "SOCK-020"}));
}

TEST_F(RulesSoundnessE2eTest, ValidateSuggestsTheNearestAttributeForATypo) {
  PutProduct("RUN-RED", "Road Runner Red", "80.00", "Footwear/Running", "Stride",
             {{"attributes", {{"color", "red"}}}});
  PutProduct("RUN-BLUE", "Road Runner Blue", "95.00", "Footwear/Running", "Stride",
             {{"attributes", {{"color", "blue"}}}});
  json::object rule{{"type", "upsell"},
                    {"when", "source.colour == \"red\""},
                    {"then", "target.price > source.price"}};
  Response r = Validate(rule);
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("valid"), json::value(false)) << r;
  const json::array& errors = r.json.at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u) << r;
  EXPECT_EQ(errors[0].at("field"), json::value("when")) << r;
  EXPECT_EQ(errors[0].at("severity"), json::value("error")) << r;
  EXPECT_EQ(Int(errors[0].at("line")), 1) << r;
  EXPECT_EQ(Int(errors[0].at("column")), 8) << r;
  EXPECT_TRUE(Has(errors[0].at("message").as_string(), "did you mean 'color'")) << r;
  EXPECT_EQ(errors[0].at("suggestion"), "color") << r;  // the fix, for a client to offer

  // Saving it is refused with the position in the detail.
  rule["id"] = "red-upsell";
  std::string detail = ExpectProblem(PostRule(rule), 422);
  EXPECT_TRUE(Has(detail, "red-upsell")) << detail;
  EXPECT_TRUE(Has(detail, "line 1, column 8")) << detail;
  EXPECT_TRUE(Has(detail, "did you mean 'color'")) << detail;
  EXPECT_EQ(RuleIds(), Skus{});

  // Spelled right, it is valid and produces the blue upsell.
  rule["when"] = "source.color == \"red\"";
  Response fixed = CreateRule(rule);
  EXPECT_TRUE(fixed.json.at("warnings").as_array().empty()) << fixed;
  EXPECT_EQ(RecSkus("RUN-RED"), Skus{"RUN-BLUE"});
}

TEST_F(RulesSoundnessE2eTest, AnAttributeNoProductHasIsAWarningNotAnError) {
  PutProduct("RUN-060", "Road Runner Pro", "60.00", "Footwear/Running", "Stride",
             {{"attributes", {{"color", "red"}}}});
  PutProduct("SOCK-010", "Cushioned Running Socks", "12.00", "Accessories/Socks", "Stride");
  json::object rule{{"id", "waterproof-socks"},
                    {"type", "accessory"},
                    {"when", "source.price > 50 || source.waterproof == true"},
                    {"then", "target.category == \"Accessories/Socks\""}};
  Response r = Validate(rule);
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("valid"), json::value(true)) << r;
  EXPECT_TRUE(r.json.at("errors").as_array().empty()) << r;
  EXPECT_TRUE(Has(Messages(r, "warnings"), "no product has attribute 'waterproof'")) << r;
  EXPECT_EQ(Int(r.json.at("stats").at("edges")), 1) << r;

  Response saved = CreateRule(rule);
  EXPECT_TRUE(Has(Messages(saved, "warnings"), "waterproof")) << saved;
  Response stored = Get("/v1/rules/waterproof-socks");
  ASSERT_EQ(stored.status, 200u) << stored;
  EXPECT_TRUE(Has(Messages(stored, "warnings"), "waterproof")) << stored;
  EXPECT_EQ(RecSkus("RUN-060"), Skus{"SOCK-010"});
}

TEST_F(RulesSoundnessE2eTest, RuleContradictingAManualUpsellIsRefusedNamingBothOrigins) {
  StandardAndPremiumShoes();
  Response link = Post("/v1/relationships",
                       R"({"source":"TRAIL-STD","target":"TRAIL-PRO","type":"upsell"})");
  ASSERT_EQ(link.status, 201u) << link;
  const std::int64_t link_id = Int(link.json.at("id"));
  const Skus all{"TRAIL-STD", "TRAIL-PRO"};
  const std::string before = AllItems(all);

  // Generates TRAIL-PRO upsell TRAIL-STD: the reverse of the manual link.
  json::object rule{{"id", "downsell"},
                    {"type", "upsell"},
                    {"when", "source.category == \"Footwear/Running\" && source.price > 150"},
                    {"then", "target.category == source.category && target.price < source.price"}};
  const std::string manual = "manual link #" + std::to_string(link_id);
  Response dry = Validate(rule);
  ASSERT_EQ(dry.status, 200u) << dry;
  EXPECT_EQ(dry.json.at("valid"), json::value(false)) << dry;
  EXPECT_TRUE(Has(Messages(dry, "errors"), manual)) << dry;
  EXPECT_TRUE(Has(Messages(dry, "errors"), "rule:downsell")) << dry;

  Response refused = PostRule(rule);
  std::string detail = ExpectProblem(refused, 422);
  EXPECT_TRUE(Has(detail, manual)) << detail;
  EXPECT_TRUE(Has(detail, "rule:downsell")) << detail;
  EXPECT_TRUE(Has(Messages(refused, "errors"), manual)) << refused;
  EXPECT_TRUE(Has(Messages(refused, "errors"), "rule:downsell")) << refused;
  EXPECT_EQ(RuleIds(), Skus{});
  EXPECT_EQ(AllItems(all), before);
  EXPECT_EQ(RecSkus("TRAIL-PRO", "type=upsell"), Skus{});

  // Without the manual link the same rule is sound.
  ASSERT_EQ(Delete("/v1/relationships/" + std::to_string(link_id)).status, 204u);
  CreateRule(rule);
  EXPECT_EQ(RecSkus("TRAIL-PRO", "type=upsell"), Skus{"TRAIL-STD"});
}

TEST_F(RulesSoundnessE2eTest, ManualUpsellContradictingARuleEdgeIsRefused) {
  StandardAndPremiumShoes();
  CreateRule({{"id", "premium-upsell"},
              {"type", "upsell"},
              {"when", "source.category startsWith \"Footwear\""},
              {"then", "target.category == source.category && target.price > source.price"}});
  ASSERT_EQ(RecSkus("TRAIL-STD", "type=upsell"), Skus{"TRAIL-PRO"});

  Response refused = Post("/v1/relationships",
                          R"({"source":"TRAIL-PRO","target":"TRAIL-STD","type":"upsell"})");
  std::string detail = ExpectProblem(refused, 409);
  EXPECT_TRUE(Has(detail, "TRAIL-PRO") && Has(detail, "TRAIL-STD")) << detail;
  Response links = Get("/v1/products/TRAIL-PRO/relationships");
  ASSERT_EQ(links.status, 200u) << links;
  EXPECT_FALSE(Has(links.body, "TRAIL-STD")) << links;
  EXPECT_EQ(RecSkus("TRAIL-PRO", "type=upsell"), Skus{});
  // The same direction as the rule is no contradiction.
  ASSERT_EQ(Post("/v1/relationships",
                 R"({"source":"TRAIL-STD","target":"TRAIL-PRO","type":"upsell"})").status,
            201u);
}

// upsell is acyclic: a product change must not make a rule generate the reverse of a manual upsell
// either. Whether the change is refused or the rule's edge is held back, the two products must
// never upsell each other.
TEST_F(RulesSoundnessE2eTest, AProductChangeCannotMakeARuleContradictAManualUpsell) {
  StandardAndPremiumShoes();
  ASSERT_EQ(Post("/v1/relationships",
                 R"({"source":"TRAIL-STD","target":"TRAIL-PRO","type":"upsell"})").status,
            201u);
  // Today the rule gives TRAIL-STD upsell TRAIL-PRO, the same as the manual link.
  CreateRule({{"id", "premium-upsell"},
              {"type", "upsell"},
              {"when", "source.category startsWith \"Footwear\""},
              {"then", "target.category == source.category && target.price > source.price"}});
  // The premium shoe is marked down below the standard one: the rule now selects
  // TRAIL-PRO upsell TRAIL-STD.
  Response cut = Put("/v1/products/TRAIL-PRO",
                     R"({"name":"Trail Runner Pro Carbon","price":"50.00","currency":"USD",)"
                     R"("category":"Footwear/Running","brand":"Stride","stock":10})");
  EXPECT_TRUE(cut.status == 200u || cut.status == 409u) << cut;
  const bool forward = RecSkus("TRAIL-STD", "type=upsell") == Skus{"TRAIL-PRO"};
  const bool backward = RecSkus("TRAIL-PRO", "type=upsell") == Skus{"TRAIL-STD"};
  EXPECT_TRUE(forward) << "the manual link always stays";
  EXPECT_FALSE(forward && backward)
      << "TRAIL-STD and TRAIL-PRO upsell each other after the price change: "
      << ToJson(Recs("TRAIL-PRO", "type=upsell&explain=true").json);
}

TEST_F(RulesSoundnessE2eTest, AManualLinkWinsOverARuleEdgeBetweenTheSameProducts) {
  PutProduct("RUN-060", "Road Runner Pro", "60.00", "Footwear/Running", "Stride");
  PutProduct("RUN-080", "Tempo Trainer", "80.00", "Footwear/Running", "Stride");
  PutProduct("SOCK-010", "Cushioned Running Socks", "12.00", "Accessories/Socks", "Stride");
  json::object rule = SocksRule();
  rule["weight"] = 2.0;  // the rule's edge would score higher than the manual link
  CreateRule(rule);
  const std::int64_t link = Int(Post("/v1/relationships",
                                     R"({"source":"RUN-060","target":"SOCK-010",)"
                                     R"("type":"accessory","weight":0.5})")
                                    .json.at("id"));
  ASSERT_GT(link, 0);

  Response r = Recs("RUN-060", "explain=true");
  ASSERT_EQ(ItemSkus(r), Skus{"SOCK-010"});
  const json::object& item = r.json.at("items").at(0).as_object();
  const json::array& reasons = item.at("reasons").as_array();
  ASSERT_EQ(reasons.size(), 1u) << r;
  EXPECT_EQ(reasons[0].at("kind"), json::value("link")) << r;
  EXPECT_EQ(reasons[0].at("origin"), json::value("manual")) << r;
  EXPECT_EQ(Int(reasons[0].at("relationship_id")), link) << r;
  EXPECT_DOUBLE_EQ(Num(item.at("score")), 0.8 * 0.5) << r;

  // The other shoe has no manual link: its item comes from the rule.
  Response other = Recs("RUN-080", "explain=true");
  ASSERT_EQ(ItemSkus(other), Skus{"SOCK-010"});
  EXPECT_EQ(other.json.at("items").at(0).at("reasons").at(0).at("kind"), json::value("rule"));
  EXPECT_DOUBLE_EQ(Num(other.json.at("items").at(0).at("score")), 0.8 * 2.0);

  // Without the manual link the rule's edge is back.
  ASSERT_EQ(Delete("/v1/relationships/" + std::to_string(link)).status, 204u);
  Response after = Recs("RUN-060", "explain=true");
  ASSERT_EQ(ItemSkus(after), Skus{"SOCK-010"});
  EXPECT_EQ(after.json.at("items").at(0).at("reasons").at(0).at("kind"), json::value("rule"));
  EXPECT_DOUBLE_EQ(Num(after.json.at("items").at(0).at("score")), 0.8 * 2.0);
}

TEST_F(RulesSoundnessE2eTest, AManualCrossSellWinsOverARuleEdgeFromEitherEnd) {
  PutProduct("COAT-100", "Wool Winter Coat", "189.00", "Apparel/Outerwear/Coats", "Northwind");
  PutProduct("SCARF-100", "Merino Scarf", "39.00", "Accessories/Scarves", "Northwind");
  // The manual link runs scarf -> coat, the rule's edge coat -> scarf: the same symmetric pair.
  Response link = Post("/v1/relationships",
                       R"({"source":"SCARF-100","target":"COAT-100","type":"cross_sell",)"
                       R"("weight":0.5})");
  ASSERT_EQ(link.status, 201u) << link;
  CreateRule({{"id", "coat-scarves"},
              {"type", "cross_sell"},
              {"weight", 3.0},
              {"when", "source.category == \"Apparel/Outerwear/Coats\""},
              {"then", "target.category == \"Accessories/Scarves\""}});
  for (const char* sku : {"COAT-100", "SCARF-100"}) {
    Response r = Recs(sku, "explain=true");
    ASSERT_EQ(ItemSkus(r).size(), 1u) << r;
    const json::array& reasons = r.json.at("items").at(0).at("reasons").as_array();
    ASSERT_EQ(reasons.size(), 1u) << sku << ": " << r;
    EXPECT_EQ(reasons[0].at("kind"), json::value("link")) << sku << ": " << r;
    EXPECT_DOUBLE_EQ(Num(r.json.at("items").at(0).at("score")), 0.5) << sku << ": " << r;
  }
}

TEST_F(RulesSoundnessE2eTest, StaleIfMatchIs412) {
  PutProduct("RUN-060", "Road Runner Pro", "60.00", "Footwear/Running", "Stride");
  PutProduct("SOCK-010", "Cushioned Running Socks", "12.00", "Accessories/Socks", "Stride");
  Response created = CreateRule(SocksRule());
  const std::string v1 = created.Header("ETag");
  ASSERT_FALSE(v1.empty()) << created;
  json::object rule = SocksRule();
  rule["weight"] = 2.0;
  Response updated = Put("/v1/rules/socks-over-50", ToJson(rule), {{"If-Match", v1}});
  ASSERT_EQ(updated.status, 200u) << updated;
  const std::string v2 = updated.Header("ETag");
  EXPECT_NE(v2, v1);

  rule["weight"] = 5.0;
  std::string detail = ExpectProblem(Put("/v1/rules/socks-over-50", ToJson(rule),
                                         {{"If-Match", v1}}),
                                     412);
  EXPECT_TRUE(Has(detail, "socks-over-50")) << detail;
  Response now = Get("/v1/rules/socks-over-50");
  EXPECT_DOUBLE_EQ(Num(now.json.at("weight")), 2.0) << now;
  EXPECT_EQ(now.Header("ETag"), v2);
  ExpectProblem(Delete("/v1/rules/socks-over-50", {{"If-Match", v1}}), 412);
  rule.erase("id");
  ExpectProblem(Put("/v1/rules/no-such-rule", ToJson(rule), {{"If-Match", v1}}), 412);
  ExpectProblem(Get("/v1/rules/no-such-rule"), 404);
  ASSERT_EQ(RecSkus("RUN-060"), Skus{"SOCK-010"});
  EXPECT_EQ(Delete("/v1/rules/socks-over-50", {{"If-Match", v2}}).status, 204u);
  EXPECT_EQ(RecSkus("RUN-060"), Skus{});
}

TEST_F(RulesSoundnessE2eTest, PostingAnExistingIdIs409) {
  PutProduct("RUN-060", "Road Runner Pro", "60.00", "Footwear/Running", "Stride");
  PutProduct("SOCK-010", "Cushioned Running Socks", "12.00", "Accessories/Socks", "Stride");
  PutProduct("INSOLE-1", "Gel Insoles", "25.00", "Accessories/Insoles", "Stride");
  CreateRule(SocksRule());
  json::object again = SocksRule();
  again["then"] = "target.category == \"Accessories/Insoles\"";
  std::string detail = ExpectProblem(PostRule(again), 409);
  EXPECT_TRUE(Has(detail, "socks-over-50")) << detail;
  EXPECT_EQ(RuleIds(), Skus{"socks-over-50"});
  EXPECT_EQ(Get("/v1/rules/socks-over-50").json.at("then"),
            json::value("target.category == \"Accessories/Socks\""));
  EXPECT_EQ(RecSkus("RUN-060"), Skus{"SOCK-010"});
}

TEST_F(RulesSoundnessE2eTest, MalformedRuleBodiesAre400NamingTheField) {
  PutProduct("RUN-060", "Road Runner Pro", "60.00", "Footwear/Running", "Stride");
  struct Case {
    std::string body;
    std::string names;  // what the detail must name
  };
  const std::string when = R"("when":"source.price > 50")";
  const std::string then = R"("then":"target.category == \"Accessories/Socks\"")";
  const std::vector<Case> cases = {
      {R"({"id":"r1","type":"accessory",)" + then + "}", "'when'"},
      {R"({"id":"r1","type":"accessory","when":42,)" + then + "}", "'when'"},
      {R"({"id":"r1","type":"accessory",)" + when + "}", "'then'"},
      {R"({"id":"r1",)" + when + "," + then + "}", "'type'"},
      {R"({"id":"r1","type":["accessory"],)" + when + "," + then + "}", "'type'"},
      {R"({"id":"r1","type":"accessory",)" + when + "," + then + R"(,"weight":"heavy"})",
       "'weight'"},
      {R"({"id":"r1","type":"accessory",)" + when + "," + then + R"(,"weight":-1})", "'weight'"},
      {R"({"id":"r1","type":"accessory",)" + when + "," + then + R"(,"limit":0})", "'limit'"},
      {R"({"id":"r1","type":"accessory",)" + when + "," + then + R"(,"priority":1.5})",
       "'priority'"},
      {R"({"id":"r1","type":"accessory",)" + when + "," + then + R"(,"enabled":"yes"})",
       "'enabled'"},
      {R"({"id":"r1","type":"accessory",)" + when + "," + then + R"(,"priorty":3})",
       "did you mean 'priority'"},
      {R"({"id":"r1","type":"accessory",)" + when + "," + then + R"(,"color":"red"})", "'color'"},
      {R"({"id":"r1","type":"accessory",)" + when + "," + then +
           R"(,"schedule":{"recurring":"13-01/02-28"}})",
       "'schedule'"},
      {R"({"type":"accessory",)" + when + "," + then + "}", "'id'"},
      {R"({"id":"Winter Scarves","type":"accessory",)" + when + "," + then + "}", "Winter Scarves"},
  };
  for (const Case& c : cases) {
    Response r = Post("/v1/rules", c.body);
    std::string detail = ExpectProblem(r, 400);
    EXPECT_TRUE(Has(detail, c.names)) << c.body << "\n  -> " << r;
  }
  // Not an object at all.
  ExpectProblem(Post("/v1/rules", "[1,2]"), 400);
  ExpectProblem(Post("/v1/rules", R"({"id":"r1",)"), 400);
  // The URL names the rule; a body naming another is refused.
  std::string detail = ExpectProblem(
      Put("/v1/rules/r1", R"({"id":"r2","type":"accessory",)" + when + "," + then + "}"), 400);
  EXPECT_TRUE(Has(detail, "'id'")) << detail;
  // The dry run reads bodies the same way.
  detail = ExpectProblem(Post("/v1/rules:validate", R"({"type":"accessory",)" + then + "}"), 400);
  EXPECT_TRUE(Has(detail, "'when'")) << detail;
  EXPECT_EQ(RuleIds(), Skus{});
}

TEST_F(RulesSoundnessE2eTest, SyntaxErrorInThenIs422WithLineAndColumn) {
  PutProduct("RUN-060", "Road Runner Pro", "60.00", "Footwear/Running", "Stride");
  PutProduct("SOCK-010", "Cushioned Running Socks", "12.00", "Accessories/Socks", "Stride");
  json::object rule = SocksRule();
  rule["then"] = "target.category == \"Accessories/Socks\"\n  && && target.price < 20";
  Response r = PostRule(rule);
  std::string detail = ExpectProblem(r, 422);
  EXPECT_TRUE(Has(detail, "socks-over-50")) << detail;
  EXPECT_TRUE(Has(detail, "then: line 2, column 6")) << detail;
  const json::array& errors = r.json.at("errors").as_array();
  ASSERT_FALSE(errors.empty()) << r;
  EXPECT_EQ(errors[0].at("field"), json::value("then")) << r;
  EXPECT_EQ(Int(errors[0].at("line")), 2) << r;
  EXPECT_EQ(Int(errors[0].at("column")), 6) << r;
  EXPECT_EQ(RuleIds(), Skus{});
  EXPECT_EQ(RecSkus("RUN-060"), Skus{});

  // An unterminated string, and a type error, are positioned too.
  rule["then"] = "target.category == \"Accessories/Socks";
  detail = ExpectProblem(PostRule(rule), 422);
  EXPECT_TRUE(Has(detail, "then: line 1, column 20")) << detail;
  rule["then"] = "target.brand > 5";
  detail = ExpectProblem(PostRule(rule), 422);
  EXPECT_TRUE(Has(detail, "then: line 1, column 14")) << detail;
  EXPECT_TRUE(Has(detail, "cannot compare string with number")) << detail;
  // An unknown relation type is refused, naming the field and the type.
  rule = SocksRule();
  rule["type"] = "acessory";
  detail = ExpectProblem(PostRule(rule), 422);
  EXPECT_TRUE(Has(detail, "type: unknown relation type 'acessory'")) << detail;
  EXPECT_EQ(RuleIds(), Skus{});
}

}  // namespace
}  // namespace affinity::e2e

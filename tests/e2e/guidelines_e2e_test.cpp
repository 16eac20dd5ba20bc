// Brand guidelines over HTTP: /v1/guidelines CRUD with ETags, If-Match and the audit trail; bad
// conditions refused with their diagnostics; links that break an `error` guideline refused (409
// guideline_violation) by POST, PATCH and import, `warning` ones let through with `warnings`;
// rules:validate counting the edges a rule would break; bundles reporting guideline problems; all
// of it kept across a restart. The tests share one server: each uses its own SKUs and deletes the
// guidelines it made.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

std::int64_t Int(const json::value& v) { return v.to_number<std::int64_t>(); }

class GuidelinesE2eTest : public ServerTest<false> {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    // Guidelines hold for the whole catalog: start each test without any.
    const Response listed = Get("/v1/guidelines");  // kept alive while its items are walked
    for (const auto& g : listed.json.at("items").as_array()) {
      ASSERT_EQ(Delete("/v1/guidelines/" + std::string(g.at("id").as_string())).status, 204u);
    }
  }
  static void Item(const std::string& sku, const std::string& price, const std::string& brand,
                   json::object extra = {}) {
    json::object fields{{"price", price}, {"brand", brand}, {"stock", 10}};
    for (auto& kv : extra) fields[kv.key()] = kv.value();
    CreateProduct(sku, std::move(fields));
  }
  static Response SaveGuideline(std::string_view body, unsigned expected = 201) {
    Response r = Post("/v1/guidelines", body);
    EXPECT_EQ(r.status, expected) << r;
    return r;
  }
  static Response PostLink(const std::string& source, const std::string& target,
                           const std::string& type) {
    return Post("/v1/relationships",
                ToJson(json::object{{"source", source}, {"target", target}, {"type", type}}));
  }
  static constexpr std::string_view kCostsMore =
      R"({"id":"upsell-costs-more","description":"An upsell costs more than its source",
          "types":["upsell"],"require":"target.price > source.price","severity":"error"})";
};

TEST_F(GuidelinesE2eTest, CrudWithETagsIfMatchAndTheAuditTrail) {
  Response created = SaveGuideline(kCostsMore);
  EXPECT_EQ(created.Header("ETag"), "\"1\"");
  EXPECT_EQ(created.Header("Location"), "/v1/guidelines/upsell-costs-more");
  EXPECT_EQ(created.Str("severity"), "error");
  EXPECT_EQ(created.json.at("enabled"), true);
  EXPECT_EQ(Int(created.json.at("violations")), 0);
  EXPECT_TRUE(created.json.at("warnings").as_array().empty());
  ExpectProblem(Post("/v1/guidelines", kCostsMore), 409);

  Response got = Get("/v1/guidelines/upsell-costs-more");
  ASSERT_EQ(got.status, 200u) << got;
  EXPECT_EQ(got.Header("ETag"), "\"1\"");
  EXPECT_EQ(got.json.at("types"), json::array{"upsell"});
  EXPECT_EQ(Get("/v1/guidelines").json.at("items").as_array().size(), 1u);

  const std::string warning =
      R"({"types":["upsell"],"require":"target.price > source.price","severity":"warning"})";
  ExpectProblem(Put("/v1/guidelines/upsell-costs-more", warning, {{"If-Match", "\"7\""}}), 412);
  Response replaced = Put("/v1/guidelines/upsell-costs-more", warning, {{"If-Match", "\"1\""}});
  ASSERT_EQ(replaced.status, 200u) << replaced;
  EXPECT_EQ(replaced.Header("ETag"), "\"2\"");
  EXPECT_EQ(replaced.Str("severity"), "warning");
  // A read can be sent back as it is.
  Response again = Put("/v1/guidelines/upsell-costs-more", replaced.body);
  EXPECT_EQ(again.status, 200u) << again;

  ExpectProblem(Delete("/v1/guidelines/upsell-costs-more", {{"If-Match", "\"1\""}}), 412);
  EXPECT_EQ(Delete("/v1/guidelines/upsell-costs-more", {{"If-Match", "\"3\""}}).status, 204u);
  ExpectProblem(Get("/v1/guidelines/upsell-costs-more"), 404);
  ExpectProblem(Delete("/v1/guidelines/upsell-costs-more"), 404);

  Response audit = Get("/v1/audit?entity=guideline&id=upsell-costs-more");
  ASSERT_EQ(audit.status, 200u) << audit;
  const json::array& entries = audit.json.at("items").as_array();
  ASSERT_EQ(entries.size(), 4u) << audit;  // newest first
  EXPECT_EQ(entries[0].at("action"), "delete");
  EXPECT_TRUE(entries[0].at("after").is_null());
  EXPECT_EQ(entries[3].at("action"), "create");
  EXPECT_TRUE(entries[3].at("before").is_null());
  EXPECT_EQ(entries[3].at("after").at("require"), "target.price > source.price");
  EXPECT_EQ(entries[2].at("before").at("severity"), "error");
  EXPECT_EQ(entries[2].at("after").at("severity"), "warning");
  EXPECT_EQ(entries[0].at("actor"), "admin");
}

TEST_F(GuidelinesE2eTest, ABadConditionIsRefusedWithLineColumnAndTheNearestName) {
  Response r = Post("/v1/guidelines", R"({"id":"bad","types":["upsel"],
      "require":"target.prise > source.price\n  && cart.total > 100"})");
  EXPECT_NE(ExpectProblem(r, 422).find("guideline 'bad' was not saved: types: unknown relation "
                                       "type 'upsel' (did you mean 'upsell'?)"),
            std::string::npos);
  EXPECT_EQ(r.Str("type"), "urn:affinity:problem:invalid_guideline");
  const json::array& errors = r.json.at("errors").as_array();
  ASSERT_EQ(errors.size(), 3u) << r;
  EXPECT_EQ(errors[1].at("field"), "require");
  EXPECT_EQ(Int(errors[1].at("line")), 1);
  EXPECT_EQ(Int(errors[1].at("column")), 8);
  EXPECT_EQ(errors[1].at("message"), "unknown attribute 'prise' (did you mean 'price'?)");
  EXPECT_EQ(errors[1].at("suggestion"), "price");  // a fix a client can offer as it is
  EXPECT_FALSE(errors[2].as_object().contains("suggestion")) << errors[2];
  EXPECT_EQ(Int(errors[2].at("line")), 2);
  EXPECT_EQ(Int(errors[2].at("column")), 6);
  ExpectProblem(Get("/v1/guidelines/bad"), 404);

  Response dry = Post("/v1/guidelines:validate", R"({"require":"target.colour == 1"})");
  ASSERT_EQ(dry.status, 200u) << dry;
  EXPECT_EQ(dry.json.at("valid"), true) << "an attribute no product has is a warning";
  EXPECT_NE(std::string(dry.json.at("warnings").at(0).at("message").as_string())
                .find("no product has attribute 'colour'"),
            std::string::npos);
  Response invalid = Post("/v1/guidelines:validate", R"j({"require":"related(source, \"x\")"})j");
  EXPECT_EQ(invalid.json.at("valid"), false);
  EXPECT_TRUE(invalid.json.at("violations").is_null());
  ExpectProblem(Post("/v1/guidelines", R"({"id":"x","require":"true","severity":"fatal"})"), 400);
  ExpectProblem(
      Post("/v1/guidelines", R"({"id":"x","require":")" + std::string(20000, '(') + R"("})"), 400);
}

TEST_F(GuidelinesE2eTest, LinksThatBreakAnErrorGuidelineAreRefusedAndWarningsSaySo) {
  Item("GL-SHOE", "59.99", "Stride");
  Item("GL-PRO", "189.00", "Stride");
  Item("GL-PEAK", "220.00", "Peak");
  Item("GL-SOCK", "9.50", "Stride", {{"stock", 0}});
  const std::int64_t early = CreateLink("GL-PRO", "GL-SHOE", "upsell");  // before the guideline
  SaveGuideline(kCostsMore);

  Response refused = PostLink("GL-PRO", "GL-SHOE", "cross_sell");
  EXPECT_EQ(refused.status, 201u) << "the guideline is for upsells: " << refused;
  Response down = PostLink("GL-PEAK", "GL-SHOE", "upsell");
  EXPECT_EQ(ExpectProblem(down, 409),
            "upsell GL-PEAK -> GL-SHOE breaks guideline 'upsell-costs-more' (An upsell costs "
            "more than its source): it requires target.price > source.price; link other "
            "products, or change or disable the guideline");
  EXPECT_EQ(down.Str("type"), "urn:affinity:problem:guideline_violation");
  ASSERT_EQ(down.json.at("violations").as_array().size(), 1u);
  EXPECT_EQ(down.json.at("violations").at(0).at("guideline"), "upsell-costs-more");
  EXPECT_EQ(down.json.at("violations").at(0).at("description"),
            "An upsell costs more than its source");

  // A link from before the guideline can be deleted, but not changed until it obeys.
  Response patched = Patch("/v1/relationships/" + std::to_string(early), R"({"weight":2})");
  ExpectProblem(patched, 409);
  EXPECT_EQ(patched.Str("type"), "urn:affinity:problem:guideline_violation");

  Response imported = Post("/v1/relationships:import",
                           "source,target,type\nGL-SHOE,GL-PEAK,upsell\nGL-PEAK,GL-PRO,upsell\n",
                           {{"Content-Type", "text/csv"}});
  ExpectProblem(imported, 422);
  ASSERT_EQ(imported.json.at("errors").as_array().size(), 1u) << imported;
  EXPECT_EQ(Int(imported.json.at("errors").at(0).at("line")), 3);

  // A warning guideline lets the link through and the reply says so; symmetric links are checked
  // both ways.
  SaveGuideline(R"({"id":"sellable","severity":"warning","require":"target.in_stock"})");
  Response warned = PostLink("GL-SOCK", "GL-SHOE", "cross_sell");
  ASSERT_EQ(warned.status, 201u) << warned;
  ASSERT_EQ(warned.json.at("warnings").as_array().size(), 1u) << warned;
  EXPECT_EQ(warned.json.at("warnings").at(0).at("source"), "GL-SHOE");
  EXPECT_EQ(warned.json.at("warnings").at(0).at("target"), "GL-SOCK");
  EXPECT_EQ(warned.json.at("warnings").at(0).at("severity"), "warning");
  Response fine = PostLink("GL-SHOE", "GL-PEAK", "upsell");
  ASSERT_EQ(fine.status, 201u) << fine;
  EXPECT_FALSE(fine.Object().contains("warnings")) << "a clean link reads as GET reads it";
  Response import_warned =
      Post("/v1/relationships:import", "source,target,type\nGL-PRO,GL-SOCK,accessory\n",
           {{"Content-Type", "text/csv"}});
  ASSERT_EQ(import_warned.status, 200u) << import_warned;
  ASSERT_EQ(import_warned.json.at("warnings").as_array().size(), 1u);
  EXPECT_EQ(Int(import_warned.json.at("warnings").at(0).at("line")), 2);

  // The report lists the early link with its origin.
  Response report = Get("/v1/reports/violations?guideline=upsell-costs-more");
  ASSERT_EQ(report.status, 200u) << report;
  ASSERT_EQ(Int(report.json.at("total")), 1) << report;
  const json::value& item = report.json.at("items").at(0);
  EXPECT_EQ(item.at("source"), "GL-PRO");
  EXPECT_EQ(item.at("target"), "GL-SHOE");
  EXPECT_EQ(item.at("origin").at("kind"), "manual");
  EXPECT_EQ(Int(item.at("origin").at("relationship")), early);
  EXPECT_EQ(Delete("/v1/relationships/" + std::to_string(early)).status, 204u);
  EXPECT_EQ(Int(Get("/v1/reports/violations?guideline=upsell-costs-more").json.at("total")), 0);
}

TEST_F(GuidelinesE2eTest, RulesValidateCountsTheEdgesARuleWouldBreakWithExamples) {
  Item("RV-COAT-1", "200.00", "Stride", {{"category", "Apparel/Coats"}});
  Item("RV-COAT-2", "320.00", "Stride", {{"category", "Apparel/Coats"}});
  Item("RV-COAT-3", "90.00", "Peak", {{"category", "Apparel/Coats"}});
  SaveGuideline(kCostsMore);
  SaveGuideline(R"({"id":"same-brand","types":["upsell"],"severity":"warning",
                    "require":"target.brand == source.brand"})");
  const std::string rule = R"({"id":"coat-upsells","type":"upsell",
      "when":"source.sku == \"RV-COAT-1\"",
      "then":"target.category == \"Apparel/Coats\" && target.sku != source.sku"})";
  Response dry = Post("/v1/rules:validate", rule);
  ASSERT_EQ(dry.status, 200u) << dry;
  EXPECT_EQ(dry.json.at("valid"), false);
  const json::array& tallies = dry.json.at("guidelines").as_array();
  ASSERT_EQ(tallies.size(), 2u) << dry;
  EXPECT_EQ(tallies[0].at("guideline"), "upsell-costs-more");
  EXPECT_EQ(tallies[0].at("severity"), "error");
  EXPECT_EQ(Int(tallies[0].at("count")), 1);
  EXPECT_EQ(tallies[0].at("examples"),
            (json::array{json::object{{"source", "RV-COAT-1"}, {"target", "RV-COAT-3"}}}));
  EXPECT_EQ(tallies[1].at("guideline"), "same-brand");
  EXPECT_EQ(Int(tallies[1].at("count")), 1);
  const json::value& error = dry.json.at("errors").at(0);
  EXPECT_EQ(error.at("code"), "guideline_violation");
  EXPECT_EQ(error.at("field"), "then");

  Response refused = Post("/v1/rules", rule);
  EXPECT_NE(ExpectProblem(refused, 422)
                .find("1 of the rule's 2 edges break error guideline 'upsell-costs-more'"),
            std::string::npos);
  ExpectProblem(Get("/v1/rules/coat-upsells"), 404);

  const std::string fixed = R"({"id":"coat-upsells","type":"upsell",
      "when":"source.sku == \"RV-COAT-1\"",
      "then":"target.category == \"Apparel/Coats\" && target.price > source.price"})";
  Response saved = Post("/v1/rules", fixed);
  ASSERT_EQ(saved.status, 201u) << saved;
  EXPECT_TRUE(saved.json.at("guidelines").as_array().empty()) << "same brand: no warning either";
  EXPECT_EQ(Delete("/v1/rules/coat-upsells").status, 204u);
}

TEST_F(GuidelinesE2eTest, BundlesReportGuidelineProblemsOnValidateAndOnRead) {
  Item("BG-SHOE", "59.99", "Stride");
  Item("BG-SOCK", "9.50", "Stride");
  Item("BG-BAG", "45.00", "Stride");
  SaveGuideline(R"({"id":"add-on-half-price","types":["bundle","accessory"],
      "require":"target.price <= source.price * 0.5",
      "description":"An add-on costs at most half the product it goes with"})");
  SaveGuideline(R"({"id":"upsells-only","types":["upsell"],"require":"false"})");
  const std::string body =
      R"({"id":"bg-kit","name":"Kit","items":[{"sku":"BG-SHOE"},{"sku":"BG-SOCK"},{"sku":"BG-BAG"}]})";
  Response dry = Post("/v1/bundles:validate", body);
  ASSERT_EQ(dry.status, 200u) << dry;
  EXPECT_EQ(dry.json.at("valid"), false);
  // Built around the shoes (59.99): the socks (9.50) are a fine add-on, the bag (45.00) is not.
  ASSERT_EQ(dry.json.at("problems").as_array().size(), 1u) << dry;
  const json::value& problem = dry.json.at("problems").at(0);
  EXPECT_EQ(problem.at("code"), "guideline_violation");
  EXPECT_EQ(problem.at("guideline"), "add-on-half-price");
  EXPECT_EQ(problem.at("severity"), "error");
  EXPECT_EQ(problem.at("sku"), "BG-BAG");
  EXPECT_EQ(problem.at("message"),
            "bundle item 'BG-BAG' with the bundle's first item 'BG-SHOE' breaks guideline "
            "'add-on-half-price' (An add-on costs at most half the product it goes with): it "
            "requires target.price <= source.price * 0.5");

  Response saved = Post("/v1/bundles", body);
  ASSERT_EQ(saved.status, 201u) << saved;
  EXPECT_EQ(saved.json.at("valid"), false) << "saved as a draft";
  Response read = Get("/v1/bundles/bg-kit");
  ASSERT_EQ(read.status, 200u) << read;
  EXPECT_EQ(read.json.at("problems").as_array().size(), 1u);
  ASSERT_EQ(Delete("/v1/guidelines/add-on-half-price").status, 204u);
  EXPECT_EQ(Get("/v1/bundles/bg-kit").json.at("valid"), true);
}

TEST_F(GuidelinesE2eTest, GuidelinesAreKeptAndEnforcedAcrossARestart) {
  Item("RS-SHOE", "59.99", "Stride");
  Item("RS-PRO", "189.00", "Stride");
  SaveGuideline(kCostsMore);
  server().Restart();
  Response got = Get("/v1/guidelines/upsell-costs-more");
  ASSERT_EQ(got.status, 200u) << got;
  EXPECT_EQ(got.Header("ETag"), "\"1\"");
  ExpectProblem(PostLink("RS-PRO", "RS-SHOE", "upsell"), 409);
  EXPECT_EQ(PostLink("RS-SHOE", "RS-PRO", "upsell").status, 201u);
}

}  // namespace
}  // namespace affinity::e2e

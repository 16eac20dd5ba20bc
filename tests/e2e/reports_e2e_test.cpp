// The reports over HTTP: GET /v1/reports/coverage and /v1/reports/violations (and
// missing-accessories) on an empty catalog, on the demo catalog (and orders recorded on it), and
// with the server's own coverage goal; a SKU that does not exist and bad parameters are precise
// problems.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

std::int64_t Int(const json::value& v) { return v.to_number<std::int64_t>(); }
double Num(const json::value& v) { return v.to_number<double>(); }

// ------------------------------------------------------------------------------ empty catalog

class EmptyCatalogReportsE2eTest : public ServerTest<false> {};

TEST_F(EmptyCatalogReportsE2eTest, CoverageIsZeroOfZeroWithoutADivisionByZero) {
  Response r = Get("/v1/reports/coverage");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(Int(r.json.at("total_skus")), 0);
  EXPECT_EQ(Int(r.json.at("covered_skus")), 0);
  EXPECT_EQ(Int(r.json.at("uncovered_skus")), 0);
  EXPECT_EQ(Num(r.json.at("coverage")), 0.0) << r;
  EXPECT_EQ(Num(r.json.at("goal")), 0.85);
  EXPECT_EQ(r.json.at("meets_goal"), false);
  const json::object& by_type = r.json.at("by_type").as_object();
  EXPECT_EQ(by_type.size(), 3u);
  for (const char* type : {"cross_sell", "upsell", "accessory"}) {
    ASSERT_TRUE(by_type.contains(type)) << type;
    EXPECT_EQ(Int(by_type.at(type).at("covered_skus")), 0);
    EXPECT_EQ(Num(by_type.at(type).at("coverage")), 0.0);
  }
  EXPECT_TRUE(r.json.at("by_category").as_object().empty());
  EXPECT_TRUE(r.json.at("by_brand").as_object().empty());
  EXPECT_TRUE(r.json.at("uncovered").as_array().empty());
  EXPECT_TRUE(r.json.at("next_cursor").is_null());
  EXPECT_EQ(r.Str("uncovered_ranked_by"), "sku");
}

TEST_F(EmptyCatalogReportsE2eTest, ASkuThatDoesNotExistAndBadParametersAreProblems) {
  EXPECT_EQ(ExpectProblem(Get("/v1/reports/coverage?sku=NOPE-404"), 404),
            "product 'NOPE-404' does not exist");
  EXPECT_EQ(ExpectProblem(Get("/v1/reports/violations?sku=NOPE-404"), 404),
            "product 'NOPE-404' does not exist");
  EXPECT_NE(ExpectProblem(Get("/v1/reports/violations?guideline=nope"), 404)
                .find("guideline 'nope' does not exist"),
            std::string::npos);
  EXPECT_NE(ExpectProblem(Get("/v1/reports/coverage?goal=85"), 400)
                .find("must be a fraction between 0 and 1"),
            std::string::npos);
  EXPECT_NE(ExpectProblem(Get("/v1/reports/coverage?category_depth=0"), 400).find("full"),
            std::string::npos);
  EXPECT_NE(ExpectProblem(Get("/v1/reports/coverage?at=yesterday"), 400).find("'at'"),
            std::string::npos);
  EXPECT_NE(ExpectProblem(Get("/v1/reports/coverage?cursor=zzz"), 400)
                .find("is not one this report gave out"),
            std::string::npos);
  EXPECT_NE(ExpectProblem(Get("/v1/reports/coverage?gaol=0.9"), 400).find("gaol"),
            std::string::npos);
  EXPECT_NE(ExpectProblem(Get("/v1/reports/violations?severity=fatal"), 400)
                .find("must be error or warning"),
            std::string::npos);
  EXPECT_NE(
      ExpectProblem(Get("/v1/reports/violations?type=upsel"), 400).find("did you mean 'upsell'"),
      std::string::npos);
}

TEST_F(EmptyCatalogReportsE2eTest, ViolationsAndMissingAccessoriesAreEmpty) {
  Response none = Get("/v1/reports/violations");
  ASSERT_EQ(none.status, 200u) << none;
  EXPECT_EQ(Int(none.json.at("total")), 0);
  EXPECT_TRUE(none.json.at("counts").as_object().empty());
  EXPECT_TRUE(none.json.at("items").as_array().empty());
  ASSERT_EQ(Post("/v1/guidelines", R"({"id":"in-stock","require":"target.in_stock"})").status,
            201u);
  Response counted = Get("/v1/reports/violations");
  EXPECT_EQ(Int(counted.json.at("counts").at("in-stock")), 0) << counted;
  EXPECT_EQ(Int(counted.json.at("edges_checked")), 0);
  ASSERT_EQ(Delete("/v1/guidelines/in-stock").status, 204u);
  Response missing = Get("/v1/reports/missing-accessories");
  ASSERT_EQ(missing.status, 200u) << missing;
  EXPECT_TRUE(missing.json.at("items").as_array().empty());
}

// ------------------------------------------------------------------------------ demo catalog

class DemoReportsE2eTest : public ServerTest<true> {};

TEST_F(DemoReportsE2eTest, CoverageAddsUpByTypeCategoryAndBrandAndRanksUncoveredByRevenue) {
  Response r = Get("/v1/reports/coverage?limit=5");
  ASSERT_EQ(r.status, 200u) << r;
  const std::int64_t total = Int(r.json.at("total_skus"));
  const std::int64_t covered = Int(r.json.at("covered_skus"));
  EXPECT_EQ(total, 3000);
  EXPECT_GT(covered, 0);
  EXPECT_EQ(covered + Int(r.json.at("uncovered_skus")), total);
  EXPECT_NEAR(Num(r.json.at("coverage")), static_cast<double>(covered) / 3000.0, 1e-9);
  EXPECT_EQ(r.json.at("meets_goal"), Num(r.json.at("coverage")) >= 0.85);
  std::int64_t best_type = 0;
  for (const auto& kv : r.json.at("by_type").as_object()) {
    EXPECT_LE(Int(kv.value().at("covered_skus")), covered) << kv.key();
    best_type = std::max(best_type, Int(kv.value().at("covered_skus")));
  }
  EXPECT_GT(best_type, 0);
  for (const char* group : {"by_category", "by_brand"}) {
    std::int64_t sum_total = 0, sum_covered = 0;
    for (const auto& kv : r.json.at(group).as_object()) {
      sum_total += Int(kv.value().at("total_skus"));
      sum_covered += Int(kv.value().at("covered_skus"));
    }
    EXPECT_EQ(sum_total, total) << group;
    EXPECT_EQ(sum_covered, covered) << group;
  }
  for (const auto& kv : r.json.at("by_category").as_object()) {
    EXPECT_EQ(std::string(kv.key()).find('/'), std::string::npos) << "top level by default";
  }
  Response full = Get("/v1/reports/coverage?category_depth=full&limit=1");
  ASSERT_EQ(full.status, 200u) << full;
  EXPECT_EQ(full.json.at("category_depth"), "full");
  EXPECT_GT(full.json.at("by_category").as_object().size(),
            r.json.at("by_category").as_object().size());

  // Without orders the uncovered SKUs come by SKU; once orders are recorded, best sellers first,
  // page after page.
  EXPECT_EQ(r.Str("uncovered_ranked_by"), "sku");
  std::vector<std::string> by_sku;
  for (const auto& item : r.json.at("uncovered").as_array()) {
    by_sku.push_back(std::string(item.at("sku").as_string()));
  }
  ASSERT_EQ(by_sku.size(), 5u);
  EXPECT_TRUE(std::is_sorted(by_sku.begin(), by_sku.end()));
  json::array orders;
  for (int i = 0; i < 3; ++i) {
    orders.push_back(
        {{"external_id", "REPORT-" + std::to_string(i)},
         {"placed_at", "2026-03-0" + std::to_string(i + 1) + "T10:00:00Z"},
         {"currency", "USD"},
         {"status", "paid"},
         {"lines", json::array{{{"sku", by_sku[4]}, {"quantity", 2}, {"unit_price", "10.00"}},
                               {{"sku", by_sku[3]}, {"quantity", 1}, {"unit_price", "5.00"}}}}});
  }
  Response imported = Post("/v1/orders:import", ToJson(orders));
  ASSERT_EQ(imported.status, 200u) << imported;
  std::vector<double> revenues;
  std::vector<std::string> ranked;
  std::set<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 3; ++page) {
    Response p = Get("/v1/reports/coverage?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(p.status, 200u) << p;
    EXPECT_EQ(p.Str("uncovered_ranked_by"), "revenue");
    for (const auto& item : p.json.at("uncovered").as_array()) {
      revenues.push_back(std::stod(std::string(item.at("revenue").as_string())));
      ranked.push_back(std::string(item.at("sku").as_string()));
      EXPECT_TRUE(seen.insert(ranked.back()).second) << "no repeats";
    }
    if (p.json.at("next_cursor").is_null()) break;
    cursor = std::string(p.json.at("next_cursor").as_string());
  }
  ASSERT_EQ(ranked.size(), 6u);
  EXPECT_EQ(ranked[0], by_sku[4]);
  EXPECT_EQ(revenues[0], 60.0);
  EXPECT_EQ(ranked[1], by_sku[3]);
  EXPECT_EQ(revenues[1], 15.0);
  EXPECT_EQ((std::vector<std::string>{ranked[2], ranked[3], ranked[4]}),
            (std::vector<std::string>{by_sku[0], by_sku[1], by_sku[2]}))
      << "then no revenue, by SKU";
  EXPECT_TRUE(std::is_sorted(revenues.rbegin(), revenues.rend())) << "revenue descending";

  // One SKU: covered or not, and by which types; as of another time; with another goal.
  const std::string uncovered = *seen.begin();
  Response one = Get("/v1/reports/coverage?sku=" + uncovered);
  ASSERT_EQ(one.status, 200u) << one;
  EXPECT_EQ(Int(one.json.at("total_skus")), 1);
  EXPECT_EQ(Int(one.json.at("covered_skus")), 0);
  ASSERT_EQ(one.json.at("uncovered").as_array().size(), 1u);
  Response strict = Get("/v1/reports/coverage?goal=1&at=2026-01-15&limit=1");
  ASSERT_EQ(strict.status, 200u) << strict;
  EXPECT_EQ(strict.Str("at"), "2026-01-15T00:00:00Z");
  EXPECT_EQ(strict.json.at("meets_goal"), false);
}

TEST_F(DemoReportsE2eTest, ViolationsListEveryLiveLinkThatBreaksAGuidelineWithItsOrigin) {
  Response saved = Post("/v1/guidelines", R"({"id":"sellable-targets","severity":"warning",
      "require":"target.in_stock && target.status == \"active\""})");
  ASSERT_EQ(saved.status, 201u) << saved;
  const std::int64_t live = Int(saved.json.at("violations"));
  EXPECT_GT(live, 0) << "the demo links some products that are sold out";
  Response r = Get("/v1/reports/violations?limit=3");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(Int(r.json.at("total")), live);
  EXPECT_EQ(Int(r.json.at("counts").at("sellable-targets")), live);
  ASSERT_EQ(r.json.at("items").as_array().size(), 3u);
  const json::value& first = r.json.at("items").at(0);
  EXPECT_EQ(first.at("guideline"), "sellable-targets");
  EXPECT_EQ(first.at("severity"), "warning");
  EXPECT_EQ(first.at("origin").at("kind"), "manual");
  EXPECT_GT(Int(first.at("origin").at("relationship")), 0);
  const std::string target(first.at("target").as_string());
  Response product = Get("/v1/products/" + target);
  EXPECT_EQ(product.json.at("in_stock") == false || product.Str("status") != "active", true)
      << product;

  // Every page once, in order.
  std::int64_t listed = 0;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    Response p =
        Get("/v1/reports/violations?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(p.status, 200u) << p;
    listed += static_cast<std::int64_t>(p.json.at("items").as_array().size());
    if (p.json.at("next_cursor").is_null()) break;
    cursor = std::string(p.json.at("next_cursor").as_string());
  }
  EXPECT_EQ(listed, live);

  EXPECT_EQ(Int(Get("/v1/reports/violations?severity=error").json.at("total")), 0);
  const std::int64_t upsells = Int(Get("/v1/reports/violations?type=upsell").json.at("total"));
  EXPECT_LT(upsells, live);
  Response by_sku = Get("/v1/reports/violations?sku=" + target);
  ASSERT_EQ(by_sku.status, 200u) << by_sku;
  for (const auto& item : by_sku.json.at("items").as_array()) {
    EXPECT_TRUE(item.at("source").as_string() == target || item.at("target").as_string() == target)
        << item;
  }
  ASSERT_EQ(Delete("/v1/guidelines/sellable-targets").status, 204u);
  EXPECT_EQ(Int(Get("/v1/reports/violations").json.at("total")), 0);
}

TEST_F(DemoReportsE2eTest, TheOpenApiDocumentDescribesTheReportsAndGuidelines) {
  Response api = Get("/v1/openapi.json");
  ASSERT_EQ(api.status, 200u);
  const json::object& paths = api.json.at("paths").as_object();
  for (const char* p : {"/v1/reports/coverage", "/v1/reports/violations", "/v1/guidelines",
                        "/v1/guidelines/{id}", "/v1/guidelines:validate"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
  EXPECT_TRUE(api.json.at("components").at("schemas").as_object().contains("Guideline"));
}

// ------------------------------------------------------------------------------ the server's goal

class CoverageGoalE2eTest : public ServerTest<false> {
 public:
  static void SetUpTestSuite() {
    server_ = std::make_unique<TestServer>();
    server_->Start(false, {"--coverage-goal", "0.5"});
  }
};

TEST_F(CoverageGoalE2eTest, TheServerDefaultGoalAppliesUnlessTheRequestNamesOne) {
  CreateProduct("GOAL-A", {{"category", "Home/Kitchen"}, {"brand", "Kettleworks"}});
  CreateProduct("GOAL-B", {{"category", "Home/Kitchen"}, {"brand", "Kettleworks"}});
  CreateProduct("GOAL-C", {{"category", "Garden"}});
  CreateLink("GOAL-A", "GOAL-B", "cross_sell");
  Response r = Get("/v1/reports/coverage");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(Num(r.json.at("goal")), 0.5);
  EXPECT_EQ(Int(r.json.at("covered_skus")), 2);
  EXPECT_EQ(r.json.at("meets_goal"), true);
  EXPECT_EQ(Int(r.json.at("by_type").at("cross_sell").at("covered_skus")), 2);
  EXPECT_EQ(Int(r.json.at("by_type").at("upsell").at("covered_skus")), 0);
  EXPECT_EQ(Int(r.json.at("by_category").at("Home").at("covered_skus")), 2);
  EXPECT_EQ(Int(r.json.at("by_brand").at("(none)").at("total_skus")), 1);
  ASSERT_EQ(r.json.at("uncovered").as_array().size(), 1u);
  EXPECT_EQ(r.json.at("uncovered").at(0).at("sku"), "GOAL-C");
  Response strict = Get("/v1/reports/coverage?goal=0.9");
  EXPECT_EQ(Num(strict.json.at("goal")), 0.9);
  EXPECT_EQ(strict.json.at("meets_goal"), false);
}

}  // namespace
}  // namespace affinity::e2e

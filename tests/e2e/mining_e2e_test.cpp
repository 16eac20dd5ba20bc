// Association mining end to end: orders from the Online Retail fixture, /v1/mining/jobs, the
// suggestions it proposes (/v1/suggestions, :accept, :reject) and
// /v1/reports/missing-accessories. The co-purchased pairs are picked from the fixture itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;
using Pair = std::pair<std::string, std::string>;

std::string FixtureText() {
  std::ifstream in(std::string(AFFINITY_FIXTURES_DIR) + "/online_retail_sample.csv",
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Baskets as the miner sees them: non-cancelled invoices, SKUs with a positive quantity.
struct Baskets {
  std::map<Pair, int> pair_count;  // (a < b)
  std::map<std::string, int> item_count;
  int baskets = 0;
};
const Baskets& FixtureBaskets() {
  static const Baskets b = [] {
    std::map<std::string, std::set<std::string>> by_invoice;
    const auto rows = CsvRows(FixtureText());
    for (std::size_t r = 1; r < rows.size(); ++r) {  // row 0: the header
      const auto& f = rows[r];
      if (f.size() < 8 || f[0].empty() || f[0][0] == 'C') continue;
      if (std::stoll(f[3]) > 0) by_invoice[f[0]].insert(f[1]);
    }
    Baskets out;
    for (const auto& [id, items] : by_invoice) {
      ++out.baskets;
      for (const auto& a : items) {
        ++out.item_count[a];
        for (const auto& b : items) {
          if (a < b) ++out.pair_count[{a, b}];
        }
      }
    }
    return out;
  }();
  return b;
}

// The three most frequent pairs with no SKU in common (ties by SKU).
std::vector<Pair> TopDisjointPairs() {
  std::vector<std::pair<int, Pair>> v;
  for (const auto& [p, n] : FixtureBaskets().pair_count) v.push_back({-n, p});
  std::sort(v.begin(), v.end());
  std::vector<Pair> out;
  std::set<std::string> used;
  for (const auto& [n, p] : v) {
    if (used.count(p.first) || used.count(p.second)) continue;
    used.insert(p.first);
    used.insert(p.second);
    out.push_back(p);
    if (out.size() == 3) break;
  }
  return out;
}

class MiningE2eTest : public ServerTest<false> {
 protected:
  // Pair 0: a main product and a cheaper accessory  -> accessory (and cross_sell back)
  // Pair 1: two different categories, same price    -> cross_sell
  // Pair 2: the same category                      -> not suggested
  static void SetUpTestSuite() {
    ServerTest::SetUpTestSuite();
    if (!server_ || !server_->running()) return;
    import_ = Post("/v1/orders:import", FixtureText(), {{"Content-Type", "text/csv"}});
    pairs_ = TopDisjointPairs();
    if (pairs_.size() < 3) return;
    Put0(pairs_[0].first, "Home/Kitchen", "20.00");
    Put0(pairs_[0].second, "Accessories/Kitchen", "4.00");
    Put0(pairs_[1].first, "Home/Textiles", "8.00");
    Put0(pairs_[1].second, "Garden/Textiles", "8.00");
    Put0(pairs_[2].first, "Home/Decor", "6.00");
    Put0(pairs_[2].second, "Home/Decor", "3.00");
  }
  static void Put0(const std::string& sku, const std::string& category, const std::string& price) {
    category_[sku] = category;
    price_[sku] = std::stod(price);
    CreateProduct(sku, {{"category", category}, {"price", price}});
  }
  // The rule of thumb of ClassifyPair over the catalog above ("" = not suggested).
  static std::string ExpectedType(const std::string& s, const std::string& t) {
    auto acc = [](const std::string& sku) { return category_[sku].starts_with("Accessories/"); };
    if (acc(t) && !acc(s) && price_[t] < price_[s]) return "accessory";
    if (category_[s] != category_[t]) return "cross_sell";
    return "";
  }

  static json::value StartJob(const std::string& body, unsigned* status = nullptr) {
    Response r = Post("/v1/mining/jobs", body);
    if (status) *status = r.status;
    else EXPECT_EQ(r.status, 202u) << r;
    if (r.status == 202u) {
      EXPECT_EQ(r.Header("Location"), "/v1/mining/jobs/" + r.Str("id")) << r;
    }
    return r.json;
  }
  // Polls the job until it leaves queued/running (at most 30 s); returns the last reading.
  static json::value WaitJob(const std::string& id) {
    Response r;
    for (int i = 0; i < 600; ++i) {
      r = Get("/v1/mining/jobs/" + id);
      if (r.status != 200u) break;
      std::string state = r.Str("state");
      if (state != "queued" && state != "running") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(r.status, 200u) << r;
    return r.json;
  }
  static std::vector<json::object> Suggestions(const std::string& query) {
    Response r = Get("/v1/suggestions?limit=1000" + (query.empty() ? "" : "&" + query));
    EXPECT_EQ(r.status, 200u) << r;
    std::vector<json::object> out;
    if (r.json.is_object() && r.Object().contains("items")) {
      for (const auto& i : r.json.at("items").as_array()) out.push_back(i.as_object());
    }
    return out;
  }
  static const json::object* Find(const std::vector<json::object>& xs, const std::string& s,
                                  const std::string& t, const std::string& type) {
    for (const auto& x : xs) {
      if (x.at("source") == json::value(s) && x.at("target") == json::value(t) &&
          x.at("type") == json::value(type)) {
        return &x;
      }
    }
    return nullptr;
  }
  // A cross_sell is symmetric: either direction.
  static const json::object* FindCross(const std::vector<json::object>& xs, const Pair& p) {
    const json::object* x = Find(xs, p.first, p.second, "cross_sell");
    return x ? x : Find(xs, p.second, p.first, "cross_sell");
  }

  static inline Response import_;
  static inline std::vector<Pair> pairs_;
  static inline std::map<std::string, std::string> category_;
  static inline std::map<std::string, double> price_;
};

TEST_F(MiningE2eTest, MinesSuggestionsAcceptRejectAndRemine) {
  ASSERT_EQ(import_.status, 200u) << import_;
  ASSERT_EQ(pairs_.size(), 3u);
  const std::string low = R"({"min_pair_count":2,"min_lift":0,"min_confidence":0,"top_k":1000})";
  json::value started = StartJob(low);
  ASSERT_TRUE(started.is_object());
  const std::string job = std::string(started.at("id").as_string());
  json::value done = WaitJob(job);
  ASSERT_EQ(done.at("state"), json::value("succeeded")) << done;
  EXPECT_EQ(done.at("stats").at("baskets").to_number<std::int64_t>(),
            FixtureBaskets().baskets) << "97 invoices minus 6 cancellations: " << done;
  EXPECT_EQ(FixtureBaskets().baskets, 91);
  EXPECT_GT(done.at("stats").at("suggestions").to_number<std::int64_t>(), 0) << done;

  Response listed = Get("/v1/mining/jobs");
  ASSERT_EQ(listed.status, 200u) << listed;
  ASSERT_FALSE(listed.json.at("items").as_array().empty());
  EXPECT_EQ(listed.json.at("items").at(0).at("id"), json::value(job)) << listed;

  // Every pending suggestion is between catalog products, typed by the rule of thumb, with evidence.
  auto pending = Suggestions("job=" + job);
  ASSERT_FALSE(pending.empty());
  for (const auto& x : pending) {
    const std::string s(x.at("source").as_string()), t(x.at("target").as_string());
    EXPECT_EQ(x.at("status"), json::value("pending")) << x;
    EXPECT_EQ(x.at("job"), json::value(job)) << x;
    EXPECT_EQ(std::string(x.at("type").as_string()), ExpectedType(s, t)) << x;
    const auto& e = x.at("evidence");
    const int together = FixtureBaskets().pair_count.at(s < t ? Pair{s, t} : Pair{t, s});
    EXPECT_EQ(e.at("together").to_number<std::int64_t>(), together) << x;
    EXPECT_GE(together, 2);
    const double conf = static_cast<double>(together) / FixtureBaskets().item_count.at(s);
    EXPECT_NEAR(e.at("confidence").to_number<double>(), conf, 1e-9) << x;
    const double lift = conf / (static_cast<double>(FixtureBaskets().item_count.at(t)) / FixtureBaskets().baskets);
    EXPECT_NEAR(e.at("lift").to_number<double>(), lift, 1e-6) << x;
  }
  const auto& [main, acc] = pairs_[0];
  const json::object* accessory = Find(pending, main, acc, "accessory");
  ASSERT_NE(accessory, nullptr) << main << " -> " << acc;
  EXPECT_EQ(Find(pending, acc, main, "accessory"), nullptr) << "the accessory is the cheaper one";
  const json::object* cross = FindCross(pending, pairs_[1]);
  ASSERT_NE(cross, nullptr) << pairs_[1].first << " ~ " << pairs_[1].second;
  EXPECT_EQ(Find(pending, pairs_[2].first, pairs_[2].second, "cross_sell"), nullptr);
  EXPECT_EQ(Find(pending, pairs_[2].second, pairs_[2].first, "accessory"), nullptr);
  // Filters.
  for (const auto& x : Suggestions("type=accessory")) EXPECT_EQ(x.at("type"), json::value("accessory"));
  EXPECT_NE(Find(Suggestions("sku=" + main), main, acc, "accessory"), nullptr);
  EXPECT_TRUE(Suggestions("status=accepted").empty());

  // Accept the accessory: a mined relationship, shown in recommendations.
  const auto acc_id = accessory->at("id").to_number<std::int64_t>();
  Response accepted = Post("/v1/suggestions/" + std::to_string(acc_id) + ":accept", "");
  ASSERT_EQ(accepted.status, 200u) << accepted;
  EXPECT_EQ(accepted.Str("status"), "accepted");
  ASSERT_TRUE(accepted.json.at("relationship_id").is_number()) << accepted;
  Response links = Get("/v1/products/" + main + "/relationships");
  ASSERT_EQ(links.status, 200u) << links;
  bool found = false;
  for (const auto& l : links.json.at("items").as_array()) {
    if (l.at("target") == json::value(acc) && l.at("type") == json::value("accessory")) {
      found = true;
      EXPECT_EQ(l.at("origin"), json::value("mined:" + job)) << l;
      EXPECT_EQ(l.at("id"), accepted.json.at("relationship_id")) << l;
    }
  }
  EXPECT_TRUE(found) << links;
  Response recs = Get("/v1/products/" + main + "/recommendations?type=accessory");
  ASSERT_EQ(recs.status, 200u) << recs;
  ASSERT_FALSE(recs.json.at("items").as_array().empty()) << recs;
  EXPECT_EQ(recs.json.at("items").at(0).at("sku"), json::value(acc)) << recs;
  ExpectProblem(Post("/v1/suggestions/" + std::to_string(acc_id) + ":accept", ""), 409);
  ExpectProblem(Post("/v1/suggestions/" + std::to_string(acc_id) + ":reject", ""), 409);

  // Reject the cross-sell.
  const auto cross_id = cross->at("id").to_number<std::int64_t>();
  Response rejected = Post("/v1/suggestions/" + std::to_string(cross_id) + ":reject", "");
  ASSERT_EQ(rejected.status, 200u) << rejected;
  EXPECT_EQ(rejected.Str("status"), "rejected");
  EXPECT_TRUE(rejected.json.at("relationship_id").is_null()) << rejected;
  EXPECT_EQ(Get("/v1/suggestions/" + std::to_string(cross_id)).Str("status"), "rejected");
  EXPECT_EQ(Suggestions("status=rejected").size(), 1u);

  // A second job: neither the rejected pair nor the accepted one comes back.
  json::value second = StartJob(low);
  ASSERT_TRUE(second.is_object());
  const std::string job2 = std::string(second.at("id").as_string());
  EXPECT_NE(job2, job);
  ASSERT_EQ(WaitJob(job2).at("state"), json::value("succeeded"));
  auto again = Suggestions("job=" + job2);
  EXPECT_FALSE(again.empty());
  EXPECT_EQ(Find(again, main, acc, "accessory"), nullptr) << "accepted, already linked";
  EXPECT_EQ(FindCross(again, pairs_[1]), nullptr) << "rejected stays rejected";
  EXPECT_TRUE(Suggestions("job=" + job).empty()) << "the first job's pending ones are replaced";
  EXPECT_EQ(Get("/v1/suggestions/" + std::to_string(acc_id)).Str("status"), "accepted");
}

TEST_F(MiningE2eTest, BadParamsAndUnknownIds) {
  const auto jobs_before = Get("/v1/mining/jobs").json.at("items").as_array().size();
  for (const char* field : {"min_pair_count", "min_confidence", "top_k"}) {
    std::string detail =
        ExpectProblem(Post("/v1/mining/jobs", std::string("{\"") + field + "\":-1}"), 400);
    EXPECT_NE(detail.find(field), std::string::npos) << detail;
  }
  std::string detail = ExpectProblem(Post("/v1/mining/jobs", R"({"measure":"magic"})"), 400);
  EXPECT_NE(detail.find("measure"), std::string::npos) << detail;
  detail = ExpectProblem(Post("/v1/mining/jobs", R"({"min_pair_cnt":2})"), 400);
  EXPECT_NE(detail.find("min_pair_cnt"), std::string::npos) << detail;
  ExpectProblem(Post("/v1/mining/jobs", "not json"), 400);
  EXPECT_EQ(Get("/v1/mining/jobs").json.at("items").as_array().size(), jobs_before)
      << "no job started";

  ExpectProblem(Get("/v1/mining/jobs/job-0-0"), 404);
  ExpectProblem(Post("/v1/mining/jobs/job-0-0:cancel", ""), 404);
  ExpectProblem(Post("/v1/suggestions/999999:accept", ""), 404);
  ExpectProblem(Post("/v1/suggestions/999999:reject", ""), 404);
  ExpectProblem(Get("/v1/suggestions/999999"), 404);
  ExpectProblem(Get("/v1/suggestions?status=maybe"), 400);
}

TEST_F(MiningE2eTest, SecondJobWhileOneRunsIsRefusedOrBothFinish) {
  const std::string low = R"({"min_pair_count":2,"min_lift":0,"min_confidence":0,"top_k":1000})";
  const auto jobs_before = Get("/v1/mining/jobs").json.at("items").as_array().size();
  json::value a = StartJob(low);
  ASSERT_TRUE(a.is_object());
  const std::string first = std::string(a.at("id").as_string());
  unsigned status = 0;
  json::value b = StartJob(low, &status);
  ASSERT_TRUE(status == 202u || status == 409u) << status << " " << b;
  EXPECT_EQ(WaitJob(first).at("state"), json::value("succeeded"));
  if (status == 202u) {
    EXPECT_EQ(WaitJob(std::string(b.at("id").as_string())).at("state"), json::value("succeeded"));
  } else {
    EXPECT_EQ(b.at("status"), json::value(409)) << b;
  }
  // A finished job cannot be cancelled.
  ExpectProblem(Post("/v1/mining/jobs/" + first + ":cancel", ""), 409);
  EXPECT_EQ(Get("/v1/mining/jobs").json.at("items").as_array().size(),
            jobs_before + (status == 202u ? 2u : 1u));
}

TEST_F(MiningE2eTest, MissingAccessoriesReport) {
  CreateProduct("MA-STRAP", {{"category", "Accessories/Straps"}, {"price", "5.00"}});
  for (const char* sku : {"MA-CAM-1", "MA-CAM-2", "MA-CAM-3", "MA-CAM-4"}) {
    CreateProduct(sku, {{"category", "Cameras/Mirrorless"}, {"price", "500.00"}});
  }
  for (const char* sku : {"MA-CAM-1", "MA-CAM-2", "MA-CAM-3"}) {
    CreateLink(sku, "MA-STRAP", "accessory");
  }
  Response r = Get("/v1/reports/missing-accessories?category=Cameras/Mirrorless");
  ASSERT_EQ(r.status, 200u) << r;
  const auto& items = r.json.at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << r;
  const auto& m = items[0];
  EXPECT_EQ(m.at("sku"), json::value("MA-CAM-4")) << r;
  EXPECT_EQ(m.at("category"), json::value("Cameras/Mirrorless"));
  EXPECT_EQ(m.at("peers"), json::value(3)) << r;
  EXPECT_EQ(m.at("peers_with_accessories"), json::value(3)) << r;
  EXPECT_EQ(m.at("evidence"),
            json::value("3 of 3 other products in Cameras/Mirrorless have accessories"));
  const auto& sugg = m.at("suggested_accessories").as_array();
  ASSERT_FALSE(sugg.empty()) << r;
  EXPECT_EQ(sugg[0].at("sku"), json::value("MA-STRAP")) << r;
  EXPECT_EQ(sugg[0].at("peers_linking"), json::value(3)) << r;
  EXPECT_FALSE(sugg[0].at("evidence").as_string().empty()) << r;

  // Once it has its accessory, it is no longer reported.
  CreateLink("MA-CAM-4", "MA-STRAP", "accessory");
  Response after = Get("/v1/reports/missing-accessories?category=Cameras/Mirrorless");
  ASSERT_EQ(after.status, 200u) << after;
  EXPECT_TRUE(after.json.at("items").as_array().empty()) << after;
  ExpectProblem(Get("/v1/reports/missing-accessories?min_peer_share=0"), 400);
  ExpectProblem(Get("/v1/reports/missing-accessories?bogus=1"), 400);
}

}  // namespace
}  // namespace affinity::e2e

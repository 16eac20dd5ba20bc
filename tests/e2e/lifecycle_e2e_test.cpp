// The server over its lifetime: concurrent writers, restart, kill -9 after acknowledged writes,
// SIGTERM, and the operational endpoints (/readyz, /metrics, /v1/openapi.json).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <latch>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class LifecycleE2eTest : public ServerTest<> {
 protected:
  // Runs `fn(i)` on `n` threads released together.
  template <typename F>
  static void RunConcurrently(int n, F fn) {
    std::latch start(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        fn(i);
      });
    }
    for (auto& t : threads) t.join();
  }
};

TEST_F(LifecycleE2eTest, ThirtyTwoConcurrentIdenticalLinksCreateExactlyOne) {
  CreateProduct("RACE-A");
  CreateProduct("RACE-B");
  const std::string body = R"({"source":"RACE-A","target":"RACE-B","type":"upsell"})";
  std::mutex mu;
  std::vector<unsigned> statuses;
  std::vector<std::string> problems;
  RunConcurrently(32, [&](int) {
    Response r = Post("/v1/relationships", body);
    std::lock_guard lock(mu);
    statuses.push_back(r.status);
    if (r.status != 201 && r.status != 409) {
      std::ostringstream s;
      s << r;
      problems.push_back(s.str());
    }
  });
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201u), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409u), 31);
  EXPECT_TRUE(problems.empty()) << problems.front();
  Response links = Get("/v1/products/RACE-A/relationships?direction=both");
  ASSERT_EQ(links.status, 200u) << links;
  EXPECT_EQ(links.json.at("items").as_array().size(), 1u) << links;
}

TEST_F(LifecycleE2eTest, ConcurrentPutsToDifferentProductsAllSucceed) {
  constexpr int kThreads = 16, kEach = 8;
  std::atomic<int> created{0};
  std::mutex mu;
  std::vector<std::string> failures;
  RunConcurrently(kThreads, [&](int t) {
    for (int i = 0; i < kEach; ++i) {
      std::string sku = "CONC-" + std::to_string(t) + "-" + std::to_string(i);
      Response r = Put("/v1/products/" + sku,
                       R"({"name":"Concurrent","price":"2.00","category":"Concurrent"})");
      if (r.status == 201 && r.Header("ETag") == "\"1\"") {
        ++created;
      } else {
        std::ostringstream s;
        s << sku << ": " << r;
        std::lock_guard lock(mu);
        failures.push_back(s.str());
      }
    }
  });
  EXPECT_EQ(created.load(), kThreads * kEach);
  EXPECT_TRUE(failures.empty()) << failures.front();
  Response list = Get("/v1/products?category=Concurrent&limit=1000");
  EXPECT_EQ(list.json.at("total"), json::value(kThreads * kEach)) << list;
}

TEST_F(LifecycleE2eTest, RestartRestoresProductsLinksTypesAndVersions) {
  CreateProduct("RST-A", {{"tags", json::array{"x", "y"}}, {"stock", 4}});
  CreateProduct("RST-B");
  ASSERT_EQ(Put("/v1/products/RST-A", R"({"name":"Restarted","price":"7.25","stock":4})").status,
            200u);
  ASSERT_EQ(Put("/v1/relation-types/restart_pair", R"({"weight":2.5,"max_per_product":3})").status,
            201u);
  std::int64_t link = CreateLink("RST-A", "RST-B", "restart_pair", 1.5, 2);
  ASSERT_EQ(Patch("/v1/relationships/" + std::to_string(link), R"({"weight":1.75})").status, 200u);
  Response before_recs = Get("/v1/products/RST-A/recommendations?explain=true");
  ASSERT_EQ(before_recs.status, 200u) << before_recs;

  ASSERT_NO_FATAL_FAILURE(server().Restart());

  Response a = Get("/v1/products/RST-A");
  ASSERT_EQ(a.status, 200u) << a;
  EXPECT_EQ(a.Header("ETag"), "\"2\"");
  EXPECT_EQ(a.Str("name"), "Restarted");
  EXPECT_EQ(a.Str("price"), "7.25");
  EXPECT_EQ(a.json.at("stock"), json::value(4));
  Response type = Get("/v1/relation-types/restart_pair");
  ASSERT_EQ(type.status, 200u) << type;
  EXPECT_EQ(type.json.at("weight"), json::value(2.5));
  EXPECT_EQ(type.json.at("max_per_product"), json::value(3));
  EXPECT_EQ(type.Header("ETag"), "\"1\"");
  Response l = Get("/v1/relationships/" + std::to_string(link));
  ASSERT_EQ(l.status, 200u) << l;
  EXPECT_EQ(l.json.at("weight"), json::value(1.75));
  EXPECT_EQ(l.json.at("position"), json::value(2));
  EXPECT_EQ(l.Header("ETag"), "\"2\"");
  Response after_recs = Get("/v1/products/RST-A/recommendations?explain=true");
  EXPECT_EQ(after_recs.json.at("items"), before_recs.json.at("items"));

  // Ids keep counting after a restart instead of reusing one.
  CreateProduct("RST-C");
  std::int64_t next = CreateLink("RST-A", "RST-C", "cross_sell");
  EXPECT_GT(next, link);
  // If-Match still works against the restored versions.
  ExpectProblem(Put("/v1/products/RST-A", R"({"name":"x","price":"1.00"})", {{"If-Match", "\"1\""}}),
                412);
  EXPECT_EQ(Put("/v1/products/RST-A", R"({"name":"x","price":"1.00"})", {{"If-Match", "\"2\""}})
                .Header("ETag"),
            "\"3\"");
}

TEST_F(LifecycleE2eTest, Kill9KeepsEveryAcknowledgedWrite) {
  constexpr int kThreads = 8, kEach = 10;
  CreateProduct("K9-HUB");
  std::mutex mu;
  std::vector<std::string> acked_products;
  std::vector<std::int64_t> acked_links;
  RunConcurrently(kThreads, [&](int t) {
    for (int i = 0; i < kEach; ++i) {
      std::string sku = "K9-" + std::to_string(t) + "-" + std::to_string(i);
      Response p = Put("/v1/products/" + sku, R"({"name":"Durable","price":"3.00"})");
      if (p.status != 201) continue;
      {
        std::lock_guard lock(mu);
        acked_products.push_back(sku);
      }
      Response l = Post("/v1/relationships",
                        json::serialize(json::object{
                            {"source", "K9-HUB"}, {"target", sku}, {"type", "accessory"}}));
      if (l.status != 201) continue;
      std::lock_guard lock(mu);
      acked_links.push_back(l.json.at("id").to_number<std::int64_t>());
    }
  });
  EXPECT_EQ(acked_products.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(acked_links.size(), static_cast<std::size_t>(kThreads * kEach));

  ASSERT_NO_FATAL_FAILURE(server().Kill9());
  ASSERT_NO_FATAL_FAILURE(server().Start());

  for (const std::string& sku : acked_products) {
    EXPECT_EQ(Get("/v1/products/" + sku).status, 200u) << sku;
  }
  std::set<std::int64_t> stored;
  Response links = Get("/v1/products/K9-HUB/relationships");
  ASSERT_EQ(links.status, 200u) << links;
  for (const auto& item : links.json.at("items").as_array()) {
    stored.insert(item.at("id").to_number<std::int64_t>());
  }
  EXPECT_EQ(stored, std::set<std::int64_t>(acked_links.begin(), acked_links.end()));
  Response recs = Get("/v1/products/K9-HUB/recommendations?limit=1000");
  EXPECT_EQ(recs.json.at("items").as_array().size(), acked_links.size()) << recs;
}

TEST_F(LifecycleE2eTest, SigtermExitsCleanlyAndTheDataDirectoryReopens) {
  CreateProduct("TERM-1");
  // An idle keep-alive connection must not hold the shutdown up.
  auto idle = server().Connect();
  ASSERT_TRUE(idle->connected());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_NO_FATAL_FAILURE(server().Stop());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_TRUE(idle->PeerClosed());
  ASSERT_NO_FATAL_FAILURE(server().Start());
  EXPECT_EQ(Get("/v1/products/TERM-1").status, 200u);
}

TEST_F(LifecycleE2eTest, ReadyzMetricsAndOpenApi) {
  CreateProduct("OPS-1");
  Response ready = Get("/readyz");
  ASSERT_EQ(ready.status, 200u) << ready;
  EXPECT_EQ(ready.Str("status"), "ready");
  EXPECT_GE(ready.json.at("products").to_number<std::int64_t>(), 1);

  ExpectProblem(Get("/v1/does-not-exist"), 404);  // so that 4xx is counted
  Response metrics = Get("/metrics");
  ASSERT_EQ(metrics.status, 200u) << metrics;
  EXPECT_TRUE(metrics.Header("Content-Type").starts_with("text/plain")) << metrics;
  EXPECT_NE(metrics.body.find("# TYPE affinity_http_requests_total counter"), std::string::npos);
  EXPECT_NE(metrics.body.find("affinity_http_requests_total{code=\"2xx\"}"), std::string::npos);
  const std::string needle = "affinity_http_requests_total{code=\"4xx\"} ";
  std::size_t at = metrics.body.find(needle);
  ASSERT_NE(at, std::string::npos) << metrics.body;
  EXPECT_GE(std::stoll(metrics.body.substr(at + needle.size())), 1) << metrics.body.substr(at, 60);

  Response api = Get("/v1/openapi.json");
  ASSERT_EQ(api.status, 200u) << api;
  ASSERT_TRUE(api.json.is_object()) << "not JSON: " << api.body.substr(0, 200);
  EXPECT_EQ(api.Str("openapi").substr(0, 2), "3.");
  const auto& paths = api.json.at("paths").as_object();
  for (const char* p : {"/v1/products", "/v1/products/{sku}", "/v1/products/{sku}/recommendations",
                        "/v1/relationships", "/v1/relation-types/{name}"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
}

}  // namespace
}  // namespace affinity::e2e

// kill -9 while orders stream in: after a restart, every order whose delivery got a 202 is stored,
// and stored exactly once (the inbox is durable before the 202; reprocessing after the crash is
// deduped by order id and version).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "intake_support.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

TEST(IntakeCrashTest, EveryAcceptedOrderIsStoredExactlyOnceAfterKill9) {
  auto payload = Payload("shopify-1.json");
  ASSERT_TRUE(payload);
  const std::string order_id = "450789469";
  const std::size_t id_at = payload->find(order_id);
  ASSERT_NE(id_at, std::string::npos);

  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start());
  std::set<std::string> accepted;  // canonical ids of orders whose delivery was acknowledged
  std::atomic<int> next{0};
  std::size_t lost = 0;  // posts without a response (in flight at the kill)
  for (int round = 0; round < 2; ++round) {
    std::mutex mu;
    std::atomic<bool> stop{false};
    std::vector<std::thread> posters;
    for (int t = 0; t < 6; ++t) {
      posters.emplace_back([&] {
        while (!stop) {
          const int n = next++;
          const std::string external = std::to_string(500000000 + n);
          std::string body = *payload;
          body.replace(id_at, order_id.size(), external);
          Response r = server.Request("POST", "/v1/intake/shopify?account=crash", body,
                                      {{"X-Shopify-Webhook-Id", "crash-" + std::to_string(n)}});
          std::lock_guard lock(mu);
          if (r.status == 202u || r.status == 200u)
            accepted.insert("shopify:crash:" + external);
          else
            ++lost;
        }
      });
    }
    const std::size_t target = [&] {
      std::lock_guard lock(mu);  // the posters are already inserting
      return accepted.size() + 300;
    }();
    WaitFor([&] {
      std::lock_guard lock(mu);
      return accepted.size() >= target;
    });
    server.Kill9();  // posts are in flight
    stop = true;
    for (auto& t : posters) t.join();
    ASSERT_NO_FATAL_FAILURE(server.Start());
  }
  // The worker drains what the crashes left in the inbox.
  EXPECT_TRUE(WaitFor([&] {
    Response s = server.Request("GET", "/v1/intake/sources");
    for (const auto& item : s.Object().at("items").as_array()) {
      if (item.as_object().at("account") == "crash") return IntOf(item.as_object(), "backlog") == 0;
    }
    return false;
  }));
  std::multiset<std::string> stored;
  std::string cursor;
  do {
    Response page = server.Request(
        "GET", "/v1/orders?account=crash&limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200u) << page;
    for (const auto& o : page.Object().at("items").as_array()) {
      stored.insert(std::string(o.as_object().at("id").as_string()));
      EXPECT_EQ(o.as_object().at("version"), 1) << o;  // never written twice
    }
    const auto& next_cursor = page.Object().at("next_cursor");
    cursor = next_cursor.is_string() ? std::string(next_cursor.as_string()) : "";
  } while (!cursor.empty());
  for (const std::string& id : accepted) {
    EXPECT_EQ(stored.count(id), 1u)
        << id << " got a 202 but is stored " << stored.count(id) << " times";
  }
  EXPECT_EQ(std::set<std::string>(stored.begin(), stored.end()).size(), stored.size());
  EXPECT_GE(accepted.size(), 600u);
  std::cout << "crash test: " << accepted.size() << " accepted, " << stored.size() << " stored, "
            << lost << " posts lost to the kills\n";
  server.Stop();
}

}  // namespace
}  // namespace affinity::e2e

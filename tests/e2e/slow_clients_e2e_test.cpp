// A flood of slow connections: clients that send half a request header and stall are closed after
// the header timeout, and other clients are served all along; past the connection limit, new
// connections get a 503 at once.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <thread>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

using namespace std::chrono_literals;

// Room for the test's own sockets.
void RaiseFileLimit() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
}

TEST(SlowClientsE2eTest, HalfHeadersAreClosedAfterTheHeaderTimeoutAndOthersAreServed) {
  RaiseFileLimit();
  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start(false, {"--header-timeout", "2", "--threads", "2"}));
  constexpr int kSlow = 2000;
  std::vector<std::unique_ptr<Connection>> slow;
  slow.reserve(kSlow);
  for (int i = 0; i < kSlow; ++i) {
    auto c = server.Connect(6s);
    if (!c->connected()) break;
    c->Send("GET /v1/products HTTP/1.1\r\nHost: x\r\nX-Slow: ");  // half a header, then nothing
    slow.push_back(std::move(c));
  }
  ASSERT_GE(slow.size(), 1000u) << "the test could open only " << slow.size() << " connections";
  // Others are served meanwhile, promptly.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    Response r = server.Request("GET", "/v1/products?limit=1");
    ASSERT_EQ(r.status, 200u) << r;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  // Every stalled connection is closed within the header timeout plus the watchdog's second.
  const auto closing = std::chrono::steady_clock::now();
  std::size_t closed = 0;
  for (auto& c : slow) closed += c->PeerClosed() ? 1 : 0;
  EXPECT_EQ(closed, slow.size());
  EXPECT_LT(std::chrono::steady_clock::now() - closing, 6s);
  EXPECT_EQ(server.Request("GET", "/healthz").status, 200u);
}

TEST(SlowClientsE2eTest, PastTheConnectionLimitNewConnectionsGet503) {
  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start(false, {"--max-connections", "20", "--metrics-public"}));
  std::vector<std::unique_ptr<Connection>> held;
  for (int i = 0; i < 20; ++i) {
    held.push_back(server.Connect(5s));
    ASSERT_TRUE(held.back()->connected());
  }
  std::this_thread::sleep_for(100ms);  // let the server accept them all
  Response r = server.Request("GET", "/healthz");
  ExpectProblem(r, 503);
  held.clear();
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(server.Request("GET", "/healthz").status, 200u);
  // --metrics-public: a scraper needs no key; everything else still does.
  Response metrics = server.Request("GET", "/metrics", "", {{"Authorization", ""}});
  EXPECT_EQ(metrics.status, 200u) << metrics;
  ExpectProblem(server.Request("GET", "/v1/products", "", {{"Authorization", ""}}), 401);
  EXPECT_NE(metrics.body.find("affinity_http_refused_total{reason=\"overloaded\"} 1"),
            std::string::npos)
      << metrics.body;
}

}  // namespace
}  // namespace affinity::e2e

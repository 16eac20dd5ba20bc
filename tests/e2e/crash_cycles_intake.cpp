// Crash cycles during order intake. Each cycle posts a burst of kBurst Shopify deliveries (each
// with its own X-Shopify-Webhook-Id and order id) from kPosters threads and kills the server at a
// random moment: while the burst is answered, or after, while the worker still turns the inbox
// into orders. After the restart, half of the deliveries left without an answer are sent again
// with the same webhook id (as Shopify retries), the worker drains the inbox, and: every delivery
// answered 202 (or 200 duplicate) is stored exactly once as an order with all its lines, and no
// order is stored twice or written twice.
#include <fmt/format.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "crash_cycles.hpp"
#include "intake_support.hpp"

namespace affinity::e2e::crash {
namespace {

constexpr int kBurst = 240;
constexpr int kPosters = 4;
constexpr const char* kAccount = "crash-cycles";
constexpr const char* kPayloadOrderId = "450789469";

class IntakeCycles {
 public:
  IntakeCycles(const Options& options, Tally& tally)
      : options_(options), tally_(tally), clock_(options.seed, "intake") {}

  void Run() {
    auto payload = Payload("shopify-1.json");
    ASSERT_TRUE(payload);
    payload_ = *payload;
    id_at_ = payload_.find(kPayloadOrderId);
    ASSERT_NE(id_at_, std::string::npos);
    ASSERT_NO_FATAL_FAILURE(server_.Start());
    // A first burst, undisturbed: how long a burst takes and how many lines an order has.
    const auto t0 = Clock::now();
    const std::vector<int> unanswered = Burst();
    typical_ = Since(t0);
    std::cout << "intake: a burst of " << kBurst << " deliveries takes " << typical_.count() / 1000
              << " ms\n";
    ASSERT_TRUE(unanswered.empty());
    ASSERT_TRUE(Drained());
    Response first = server_.Request("GET", "/v1/orders/" + OrderId(0));
    ASSERT_EQ(first.status, 200u) << first;
    lines_ = first.Object().at("lines").as_array().size();
    for (int c = 1; c <= options_.cycles; ++c) ASSERT_NO_FATAL_FAILURE(Cycle(c));
    server_.Stop();
  }

 private:
  std::string External(int n) const { return std::to_string(600000000 + n); }
  std::string OrderId(int n) const { return fmt::format("shopify:{}:{}", kAccount, External(n)); }

  // Posts delivery n; true when it was answered 202 (or 200: a duplicate of an earlier one).
  bool Post(int n) {
    std::string body = payload_;
    body.replace(id_at_, std::string_view(kPayloadOrderId).size(), External(n));
    Response r = server_.Request("POST", fmt::format("/v1/intake/shopify?account={}", kAccount),
                                 body, {{"X-Shopify-Webhook-Id", fmt::format("cc-{}", n)}});
    EXPECT_TRUE(r.status == 0u || r.status == 202u || r.status == 200u) << r;
    return r.status == 202u || r.status == 200u;
  }

  // Posts the next kBurst deliveries; returns those left without an answer. A poster stops at its
  // first unanswered delivery (the server is gone).
  std::vector<int> Burst() {
    const int first = next_;
    next_ += kBurst;
    std::atomic<int> cursor{first};
    std::mutex mu;
    std::vector<int> unanswered;
    std::vector<std::thread> posters;
    for (int t = 0; t < kPosters; ++t) {
      posters.emplace_back([&] {
        for (int n = cursor++; n < first + kBurst; n = cursor++) {
          const bool ok = Post(n);
          std::lock_guard lock(mu);
          if (ok) {
            acked_.insert(n);
          } else {
            unanswered.push_back(n);
            return;
          }
        }
      });
    }
    for (auto& p : posters) p.join();
    // Those never taken by a poster were never sent.
    for (int n = cursor; n < first + kBurst; ++n) unanswered.push_back(n);
    std::sort(unanswered.begin(), unanswered.end());
    return unanswered;
  }

  bool Drained() {
    return WaitFor(
        [&] {
          Response s = server_.Request("GET", "/v1/intake/sources");
          if (!s.Object().contains("items")) return false;
          for (const auto& item : s.Object().at("items").as_array()) {
            if (Str(item.as_object(), "account") == kAccount) {
              return IntOf(item.as_object(), "backlog") == 0;
            }
          }
          return false;
        },
        std::chrono::seconds(60));
  }

  void Cycle(int c) {
    const std::size_t acked_before = acked_.size();
    std::vector<int> unanswered;
    RaceKill(server_, clock_.Delay(typical_), [&] { unanswered = Burst(); });
    ++tally_.cycles;
    ++(unanswered.empty() ? tally_.kills_after_ack : tally_.kills_before_ack);
    ASSERT_TRUE(Restart(server_));
    for (int n : unanswered) {
      if (clock_.Below(2) == 0) {
        EXPECT_TRUE(Post(n)) << "retrying delivery " << n;
      }
    }
    tally_.acknowledged += acked_.size() - acked_before;
    EXPECT_TRUE(Drained()) << "cycle " << c << ": the inbox did not drain within 60 s";
    Verify(c, acked_before);
  }

  void Verify(int c, std::size_t acked_before) {
    std::map<std::string, int> stored;
    std::string cursor;
    do {
      Response page =
          server_.Request("GET", fmt::format("/v1/orders?account={}&limit=1000{}", kAccount,
                                             cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(page.status, 200u) << page;
      for (const auto& item : page.Object().at("items").as_array()) {
        const auto& o = item.as_object();
        const std::string id = Str(o, "id");
        ++stored[id];
        if (Int(o, "version") != 1 && reported_.insert("rewritten " + id).second) {
          ++tally_.duplicates;
          ADD_FAILURE() << "cycle " << c << ": order " << id << " was written twice: " << item;
        }
        if (o.at("lines").as_array().size() != lines_ && reported_.insert("half " + id).second) {
          ++tally_.half_applied;
          ADD_FAILURE() << "cycle " << c << ": order " << id << " has "
                        << o.at("lines").as_array().size() << " lines, not " << lines_;
        }
      }
      const auto& next = page.Object().at("next_cursor");
      cursor = next.is_string() ? std::string(next.as_string()) : "";
    } while (!cursor.empty());
    for (const auto& [id, n] : stored) {
      if (n > 1 && reported_.insert("twice " + id).second) {
        tally_.duplicates += static_cast<std::size_t>(n - 1);
        ADD_FAILURE() << "cycle " << c << ": order " << id << " is stored " << n << " times";
      }
    }
    std::size_t index = 0;
    for (int n : acked_) {
      const bool fresh = index++ >= acked_before;  // acknowledged in this cycle
      auto it = stored.find(OrderId(n));
      if (it == stored.end()) {
        if (reported_.insert("missing " + OrderId(n)).second) {
          ++tally_.missing;
          ADD_FAILURE() << "cycle " << c << ": delivery cc-" << n << " was acknowledged but "
                        << OrderId(n) << " is not stored";
        }
      } else if (fresh && it->second == 1) {
        ++tally_.found;
      }
    }
  }

  const Options& options_;
  Tally& tally_;
  KillClock clock_;
  TestServer server_;
  std::string payload_;
  std::size_t id_at_ = 0;
  std::size_t lines_ = 0;
  int next_ = 0;
  std::set<int> acked_;             // deliveries answered 202 or 200
  std::set<std::string> reported_;  // each violation reported once
  std::chrono::microseconds typical_{0};
};

TEST(CrashCycles, Intake) {
  Tally& tally = TallyOf("intake");
  const auto t0 = Clock::now();
  IntakeCycles(CurrentOptions(), tally).Run();
  tally.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(tally.duplicates + tally.missing + tally.half_applied, 0u);
}

}  // namespace
}  // namespace affinity::e2e::crash

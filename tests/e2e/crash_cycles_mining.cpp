// Crash cycles during mining jobs. The catalog (kMain main products, kAccessories accessories) and
// the order history (tests/fixtures/online_retail_sample.csv plus kOrders generated orders with
// planted co-purchases) are imported undisturbed, and a first job runs undisturbed: it tells how
// long a job takes and how many suggestions one makes (the same history gives the same ones). Each
// cycle starts a job and kills the server at a random moment; a job is acknowledged once it was
// seen succeeded. After the restart the job is reported finished or absent (job records are not
// kept across restarts), and the pending suggestions are exactly one job's complete set: the new
// job's when it was acknowledged, else the new or the previous one's, never a mix or a part. Job
// ids never repeat, also over restarts quicker than a second (FastRestarts, on the empty store).
#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "crash_cycles.hpp"

namespace affinity::e2e::crash {
namespace {

constexpr int kMain = 600;
constexpr int kAccessories = 400;
constexpr int kOrders = 60000;
constexpr int kOrdersPerImport = 20000;
constexpr const char* kParams = R"({"min_pair_count":3,"itemset_min_support":0.002})";

std::string Sku(int i) { return fmt::format("MIN-{:04}", i); }
std::string Invoice(int n) { return fmt::format("9{:06}", n); }

std::string CatalogCsv() {
  std::string out = "sku,name,price,category,brand,stock\n";
  for (int i = 0; i < kMain + kAccessories; ++i) {
    const bool accessory = i >= kMain;
    out += fmt::format("{},Mining product {},{}.00,{},Brand{},10\n", Sku(i), i,
                       accessory ? 5 + i % 10 : 60 + i % 50,
                       accessory ? fmt::format("Accessories/Crash{}", i % 8)
                                 : fmt::format("Crash/Mining/Main{}", i % 12),
                       i % 9);
  }
  return out;
}

// Orders [first, first + n) in the Online Retail layout: a main product, often its accessory and
// its neighbour, and a few random products.
std::string OrdersCsv(int first, int n, std::mt19937_64& rng) {
  std::string out =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
  for (int o = first; o < first + n; ++o) {
    std::set<int> basket;
    const int main = static_cast<int>(rng() % kMain);
    basket.insert(main);
    if (rng() % 10 < 7) basket.insert(kMain + main % kAccessories);
    if (rng() % 10 < 4) basket.insert((main + 1) % kMain);
    for (int extra = static_cast<int>(rng() % 4); extra > 0; --extra) {
      basket.insert(static_cast<int>(rng() % (kMain + kAccessories)));
    }
    const std::string date =
        fmt::format("2011-{:02}-{:02} {:02}:{:02}:00", 1 + o % 12, 1 + o % 28, 8 + o % 10, o % 60);
    for (int item : basket) {
      out += fmt::format("{},{},Mining product {},{},{},{}.50,{},United Kingdom\n", Invoice(o),
                         Sku(item), item, 1 + item % 3, date, 1 + item % 20, 20000 + o % 3000);
    }
  }
  return out;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class MiningCycles {
 public:
  MiningCycles(const Options& options, Tally& tally)
      : options_(options), tally_(tally), clock_(options.seed, "mining") {}

  void Run() {
    ASSERT_NO_FATAL_FAILURE(server_.Start());
    ASSERT_NO_FATAL_FAILURE(FastRestarts());
    Response r = server_.Request("POST", "/v1/products:import", CatalogCsv(),
                                 {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 200u) << r;
    const std::string sample = ReadText(AFFINITY_FIXTURES_DIR "/online_retail_sample.csv");
    ASSERT_FALSE(sample.empty());
    r = server_.Request("POST", "/v1/orders:import", sample, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 200u) << r;
    std::mt19937_64 rng(20240601);  // the same history on every run
    for (int first = 0; first < kOrders; first += kOrdersPerImport) {
      r = server_.Request("POST", "/v1/orders:import", OrdersCsv(first, kOrdersPerImport, rng),
                          {{"Content-Type", "text/csv"}});
      ASSERT_EQ(r.status, 200u) << r;
    }
    // A first job, undisturbed.
    const auto t0 = Clock::now();
    std::string job;
    bool succeeded = false;
    std::int64_t made = -1;
    StartAndWatch(&job, &succeeded, &made);
    ASSERT_TRUE(succeeded) << "the first mining job did not succeed";
    typical_ = Since(t0);
    expected_ = made;
    ASSERT_GT(expected_, 0) << "the mining job suggests nothing; the planted pairs are too weak";
    holder_ = job;
    job_ids_.insert(job);
    ASSERT_EQ(Pending(0), std::make_pair(job, expected_));
    std::cout << "mining: a job takes " << typical_.count() / 1000 << " ms and makes " << expected_
              << " suggestions\n";
    for (int c = 1; c <= options_.cycles; ++c) ASSERT_NO_FATAL_FAILURE(Cycle(c));
    server_.Stop();
  }

 private:
  // While the data directory is small a restart takes well under a second: jobs started just
  // before and just after one still get ids of their own.
  void FastRestarts() {
    for (int k = 0; k < 3; ++k) {
      Response r = server_.Request("POST", "/v1/mining/jobs", kParams);
      ASSERT_EQ(r.status, 202u) << r;
      if (!job_ids_.insert(r.Str("id")).second) {
        ++tally_.duplicates;
        ADD_FAILURE() << "job id " << r.Str("id") << " was given out before the restart too";
      }
      ASSERT_NO_FATAL_FAILURE(server_.Kill9());
      ASSERT_TRUE(Restart(server_));
    }
  }

  // POSTs a job and polls it until it finishes or the server is gone.
  void StartAndWatch(std::string* job, bool* succeeded, std::int64_t* suggestions) {
    Response r = server_.Request("POST", "/v1/mining/jobs", kParams);
    if (r.status == 0u) return;
    EXPECT_EQ(r.status, 202u) << r;
    *job = r.Str("id");
    if (job->empty()) return;
    while (true) {
      Response s = server_.Request("GET", "/v1/mining/jobs/" + *job);
      if (s.status != 200u) return;
      const std::string state = s.Str("state");
      if (state == "succeeded") {
        *succeeded = true;
        *suggestions = Int(s.Object().at("stats").as_object(), "suggestions");
        return;
      }
      EXPECT_TRUE(state == "queued" || state == "running") << s;
      if (state != "queued" && state != "running") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  void Cycle(int c) {
    std::string job;
    bool succeeded = false;
    std::int64_t made = -1;
    RaceKill(server_, clock_.Delay(typical_), [&] { StartAndWatch(&job, &succeeded, &made); });
    ++tally_.cycles;
    // Job ids name the origin of accepted suggestions ("mined:<job>"): never the same twice, even
    // across restarts.
    if (!job.empty() && !job_ids_.insert(job).second) {
      ++tally_.duplicates;
      ADD_FAILURE() << "cycle " << c << ": job id " << job << " was given out before";
    }
    if (succeeded) {
      ++tally_.kills_after_ack;
      ++tally_.acknowledged;
      EXPECT_EQ(made, expected_) << "job " << job << " made another number of suggestions";
    } else {
      ++tally_.kills_before_ack;
    }
    ASSERT_TRUE(Restart(server_));
    if (!job.empty()) {
      Response r = server_.Request("GET", "/v1/mining/jobs/" + job);
      if (r.status == 200u) {
        const std::string state = r.Str("state");
        EXPECT_TRUE(state == "succeeded" || state == "failed" || state == "cancelled")
            << "cycle " << c << ": after the restart job " << job << " is " << r;
      } else {
        EXPECT_EQ(r.status, 404u) << r;
      }
    }
    auto [holder, count] = Pending(c);
    const bool whole = count == expected_;
    if (!whole || (holder != holder_ && holder != job)) {
      ++tally_.half_applied;
      ADD_FAILURE() << "cycle " << c << ": " << count << " pending suggestions of '" << holder
                    << "'; expected " << expected_ << " of " << holder_ << " or " << job;
    } else if (succeeded && holder != job) {
      ++tally_.missing;
      ADD_FAILURE() << "cycle " << c << ": job " << job
                    << " succeeded but the pending suggestions are " << holder << "'s";
    } else if (succeeded) {
      ++tally_.found;
    }
    if (whole) holder_ = holder;
    // The order history is intact.
    for (int k = 0; k < 3; ++k) {
      const std::string id = "import:default:" + Invoice(static_cast<int>(clock_.Below(kOrders)));
      Response o = server_.Request("GET", "/v1/orders/" + id);
      if (o.status != 200u) {
        ++tally_.missing;
        ADD_FAILURE() << "cycle " << c << ": order " << id << ": " << o;
      }
    }
  }

  // Every pending suggestion: the one job they come from ("<mixed>" when several) and how many.
  // Counts repeated ids and pairs as duplicates.
  std::pair<std::string, std::int64_t> Pending(int c) {
    std::map<std::string, std::int64_t> by_job;
    std::set<std::int64_t> ids;
    std::set<std::string> pairs;
    std::string cursor = "0";
    while (true) {
      Response r =
          server_.Request("GET", "/v1/suggestions?status=pending&limit=1000&cursor=" + cursor);
      EXPECT_EQ(r.status, 200u) << r;
      if (r.status != 200u || !r.Object().contains("items")) break;
      const auto& items = r.Object().at("items").as_array();
      for (const auto& item : items) {
        const auto& x = item.as_object();
        ++by_job[Str(x, "job")];
        const bool fresh =
            ids.insert(Int(x, "id")).second &&
            pairs.insert(Str(x, "source") + " " + Str(x, "target") + " " + Str(x, "type")).second;
        if (!fresh) {
          ++tally_.duplicates;
          ADD_FAILURE() << "cycle " << c << ": suggestion listed twice: " << item;
        }
        cursor = std::to_string(Int(x, "id"));
      }
      if (items.size() < 1000) break;
    }
    if (by_job.empty()) return {"", 0};
    std::int64_t total = 0;
    for (const auto& [_, n] : by_job) total += n;
    return {by_job.size() == 1 ? by_job.begin()->first : "<mixed>", total};
  }

  const Options& options_;
  Tally& tally_;
  KillClock clock_;
  TestServer server_;
  std::chrono::microseconds typical_{0};
  std::int64_t expected_ = 0;
  std::string holder_;  // the job whose suggestions are pending
  std::set<std::string> job_ids_;
};

TEST(CrashCycles, Mining) {
  Tally& tally = TallyOf("mining");
  const auto t0 = Clock::now();
  MiningCycles(CurrentOptions(), tally).Run();
  tally.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(tally.duplicates + tally.missing + tally.half_applied, 0u);
}

}  // namespace
}  // namespace affinity::e2e::crash

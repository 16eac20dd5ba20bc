// Readers on other threads while writes publish snapshots: what the server's I/O threads do. Run
// under ThreadSanitizer by scripts/sanitize.sh tsan (label `concurrency`), where a reader touching
// anything a writer changes in place is reported as a data race.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine_fixture.hpp"

namespace affinity {
namespace {

class ConcurrentReadersTest : public EngineFixture {};

TEST_F(ConcurrentReadersTest, ReadersSeeWholeSnapshotsInOrderWhileWritesPublish) {
  PutCatalog();
  Link("RS-1", "SK-1", "accessory");
  constexpr int kWrites = 150;
  constexpr int kReaders = 3;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::vector<std::string> problems(kReaders);
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      std::uint64_t last = 0;
      auto fail = [&](std::string what) {
        if (problems[r].empty()) problems[r] = std::move(what);  // the first one
      };
      while (!done.load()) {
        // Both read paths: the per-thread reference (the hot path) and a shared copy.
        const std::shared_ptr<const Snapshot>& s =
            r % 2 == 0 ? engine_->ThreadSnapshot() : engine_->snapshot();
        if (s->generation() < last) fail("a snapshot older than one seen before");
        last = s->generation();
        // Products N-0, N-1, ... are created in turn, so a whole snapshot holding N-i holds N-(i-1).
        int present = 0;
        while (present < kWrites && s->Find("N-" + std::to_string(present))) ++present;
        if (present < kWrites && s->Find("N-" + std::to_string(present + 1))) {
          fail("N-" + std::to_string(present + 1) + " without N-" + std::to_string(present));
        }
        RecommendRequest request;
        request.sku = "RS-1";
        request.explain = true;
        Result<Recommendations> recs = Recommend(*s, request);
        if (!recs.ok()) fail(recs.status().ToString());
        reads.fetch_add(1);
      }
    });
  }
  for (int i = 0; i < kWrites; ++i) {
    Put(MakeProduct("N-" + std::to_string(i), "New " + std::to_string(i), 100 + i, 5));
    if (i % 10 == 0) Link("RS-1", "N-" + std::to_string(i), "cross_sell");
    Put(MakeProduct("SK-1", "Crew Socks", 950, i % 3));  // in and out of stock
  }
  // Let every reader see the last snapshot at least once before stopping.
  const int seen = reads.load();
  while (reads.load() < seen + kReaders * 2) std::this_thread::yield();
  done = true;
  for (auto& t : readers) t.join();
  for (const std::string& p : problems) EXPECT_EQ(p, "");
  EXPECT_EQ(engine_->snapshot()->Find("N-" + std::to_string(kWrites - 1))->product.price_minor,
            100 + kWrites - 1);
}

}  // namespace
}  // namespace affinity

// Crash cycles during bulk product imports. Batch 0 is imported undisturbed (it measures how long
// an import takes); then each cycle imports batch c (kRows new products in a category of their own,
// CSV and NDJSON in turn) which also renames kUpdates products of the newest batch known to be
// present, and the server is killed at a random moment. After the restart: every batch is there
// entirely or not at all (its category's count and sampled rows), the renames are all there exactly
// when their batch is, an acknowledged batch is there, and the catalog holds nothing else.
#include <fmt/format.h>

#include <vector>

#include "crash_cycles.hpp"

namespace affinity::e2e::crash {
namespace {

constexpr std::size_t kRows = 10000;
constexpr std::size_t kUpdates = 1000;  // rows [0, kUpdates) of an earlier batch renamed

std::string Sku(int batch, std::size_t row) { return fmt::format("IMP{:03}-{:06}", batch, row); }
std::string Category(int batch) { return fmt::format("Crash/Import/B{:03}", batch); }
std::string Name(int batch, std::size_t row, int rev) {
  return fmt::format("Import {} row {} rev {}", batch, row, rev);
}
std::string Price(std::size_t row) { return fmt::format("{}.{:02}", 1 + row % 500, row % 100); }

struct Row {
  int batch;
  std::size_t row;
  int rev;  // the batch whose import writes this row
};

std::string Body(const std::vector<Row>& rows, bool csv) {
  std::string out = csv ? "sku,name,price,category,brand,tags,stock\n" : "";
  out.reserve(rows.size() * 130);
  for (const Row& r : rows) {
    const std::string sku = Sku(r.batch, r.row), name = Name(r.batch, r.row, r.rev);
    if (csv) {
      out += fmt::format("{},{},{},{},Brand{},crash|b{},{}\n", sku, name, Price(r.row),
                         Category(r.batch), r.row % 20, r.batch, r.row % 50);
    } else {
      out +=
          fmt::format(R"({{"sku":"{}","name":"{}","price":"{}","category":"{}","brand":"Brand{}",)"
                      R"("tags":["crash","b{}"],"stock":{}}})"
                      "\n",
                      sku, name, Price(r.row), Category(r.batch), r.row % 20, r.batch, r.row % 50);
    }
  }
  return out;
}

enum class Presence { kUnknown, kPresent, kAbsent };

struct Batch {
  Presence presence = Presence::kUnknown;
  bool acked = false;
  int rev = -1;          // the batch whose import last wrote the names of rows [0, kUpdates)
  int pending_rev = -1;  // an unacknowledged import that may have renamed them
  int renames = -1;      // the batch whose rows [0, kUpdates) this import renames
};

class ImportCycles {
 public:
  ImportCycles(const Options& options, Tally& tally)
      : options_(options), tally_(tally), clock_(options.seed, "import") {}

  void Run() {
    ASSERT_NO_FATAL_FAILURE(server_.Start());
    // Batch 0, undisturbed: how long an import takes.
    const auto t0 = Clock::now();
    Response r = Import(0);
    ASSERT_EQ(r.status, 200u) << r;
    typical_ = Since(t0);
    std::cout << "import: " << kRows << " rows take " << typical_.count() / 1000 << " ms\n";
    batches_.push_back({.presence = Presence::kPresent, .acked = true, .rev = 0});
    for (int c = 1; c <= options_.cycles; ++c) {
      ASSERT_NO_FATAL_FAILURE(Cycle(c));
    }
    server_.Stop();
  }

 private:
  Response Import(int c) {
    std::vector<Row> rows;
    for (std::size_t i = 0; i < kRows; ++i) rows.push_back({c, i, c});
    const int renames = c == 0 ? -1 : NewestPresent();
    for (std::size_t i = 0; renames >= 0 && i < kUpdates; ++i) rows.push_back({renames, i, c});
    const bool csv = c % 2 == 0;
    if (c > 0) batches_.push_back({.rev = c, .renames = renames});
    return server_.Request("POST", "/v1/products:import", Body(rows, csv),
                           {{"Content-Type", csv ? "text/csv" : "application/x-ndjson"}});
  }

  int NewestPresent() const {
    for (int b = static_cast<int>(batches_.size()) - 1; b >= 0; --b) {
      if (batches_[b].presence == Presence::kPresent) return b;
    }
    return -1;
  }

  void Cycle(int c) {
    Response r;
    std::chrono::microseconds latency{0};
    RaceKill(server_, clock_.Delay(typical_), [&] {
      const auto t0 = Clock::now();
      r = Import(c);
      latency = Since(t0);
    });
    ++tally_.cycles;
    Batch& batch = batches_[c];
    batch.acked = r.status == 200u;
    EXPECT_TRUE(r.status == 0u || r.status == 200u) << "import " << c << ": " << r;
    if (batch.acked) {
      ++tally_.kills_after_ack;
      tally_.acknowledged += kRows + (batch.renames >= 0 ? kUpdates : 0);
      typical_ = (typical_ * 3 + latency) / 4;
      batch.presence = Presence::kPresent;
      if (batch.renames >= 0) batches_[batch.renames].rev = c;
    } else {
      ++tally_.kills_before_ack;
      if (batch.renames >= 0) batches_[batch.renames].pending_rev = c;
    }
    ASSERT_TRUE(Restart(server_));
    Verify(c);
  }

  void Verify(int c) {
    // 1. Each batch entirely there or not at all, by the count of its category.
    std::int64_t expected_total = 0;
    for (int b = 0; b <= c; ++b) {
      Batch& batch = batches_[b];
      const std::int64_t n = CountProducts(server_, "category=" + Category(b));
      if (n != 0 && n != static_cast<std::int64_t>(kRows)) {
        ++tally_.half_applied;
        ADD_FAILURE() << "cycle " << c << ": batch " << b << " is half there: " << n << " of "
                      << kRows << " rows";
        continue;
      }
      const bool there = n > 0;
      if (batch.presence == Presence::kPresent && !there) {
        tally_.missing += kRows;
        ADD_FAILURE() << "cycle " << c << ": batch " << b
                      << (batch.acked ? " was acknowledged" : " was seen") << " but is gone";
      } else if (batch.presence == Presence::kAbsent && there) {
        ++tally_.half_applied;
        ADD_FAILURE() << "cycle " << c << ": batch " << b << " was absent but came back";
      }
      if (batch.presence == Presence::kUnknown) {
        batch.presence = there ? Presence::kPresent : Presence::kAbsent;
      }
      if (b == c && batch.acked && there) tally_.found += kRows;
      if (there) expected_total += static_cast<std::int64_t>(kRows);
    }
    // 2. Sampled rows agree, and renames are there exactly when the batch making them is.
    for (int b = 0; b <= c; ++b) {
      Batch& batch = batches_[b];
      const bool there = batch.presence == Presence::kPresent;
      for (int k = 0; k < 3; ++k) {
        const std::size_t row = kUpdates + clock_.Below(kRows - kUpdates);
        CheckRow(c, b, row, there, b);
      }
      if (!there) continue;
      if (batch.pending_rev >= 0) {
        if (batches_[batch.pending_rev].presence == Presence::kPresent) {
          batch.rev = batch.pending_rev;
        }
        batch.pending_rev = -1;
      }
      bool renamed = true;
      for (int k = 0; k < 4; ++k)
        renamed &= CheckRow(c, b, clock_.Below(kUpdates), true, batch.rev);
      if (b != c && batch.rev == c && batches_[c].acked && renamed) tally_.found += kUpdates;
    }
    // 3. Nothing else, nothing twice.
    const std::int64_t total = CountProducts(server_, "");
    if (total > expected_total) {
      tally_.duplicates += static_cast<std::size_t>(total - expected_total);
      ADD_FAILURE() << "cycle " << c << ": " << total << " products, expected " << expected_total;
    } else if (total < expected_total) {
      ++tally_.half_applied;
      ADD_FAILURE() << "cycle " << c << ": " << total << " products, but the categories hold "
                    << expected_total;
    }
  }

  // Whether row `row` of batch `b` is as batch `rev` wrote it (or absent when !there).
  bool CheckRow(int c, int b, std::size_t row, bool there, int rev) {
    Response r = server_.Request("GET", "/v1/products/" + Sku(b, row));
    bool ok = there ? r.status == 200u && r.Str("name") == Name(b, row, rev) &&
                          r.Str("category") == Category(b) && r.Str("price") == Price(row)
                    : r.status == 404u;
    if (!ok) {
      ++tally_.half_applied;
      ADD_FAILURE() << "cycle " << c << ": " << Sku(b, row) << " should "
                    << (there ? "read '" + Name(b, row, rev) + "'" : "be absent") << ": " << r;
    }
    return ok;
  }

  const Options& options_;
  Tally& tally_;
  KillClock clock_;
  TestServer server_;
  std::vector<Batch> batches_;
  std::chrono::microseconds typical_{0};
};

TEST(CrashCycles, Import) {
  Tally& tally = TallyOf("import");
  const auto t0 = Clock::now();
  ImportCycles(CurrentOptions(), tally).Run();
  tally.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(tally.duplicates + tally.missing + tally.half_applied, 0u);
}

}  // namespace
}  // namespace affinity::e2e::crash

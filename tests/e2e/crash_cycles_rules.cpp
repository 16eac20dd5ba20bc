// Crash cycles during rule materialisation over a large catalog (kProducts products, imported
// undisturbed). Cycle 2k+1 creates rule crash-rule-k (POST), cycle 2k+2 replaces it with another
// definition (PUT); before each save a dry run (POST /v1/rules:validate) tells what the definition
// produces. After the restart every rule is in a state it was acknowledged in or, for the save in
// flight, in the new one: never gone once acknowledged, and in either case complete, with the
// counts of the dry run (GET /v1/rules/{id}) and its sampled edges served as recommendations.
#include <fmt/format.h>

#include <map>
#include <set>
#include <vector>

#include "crash_cycles.hpp"

namespace affinity::e2e::crash {
namespace {

constexpr std::size_t kProducts = 50000;
constexpr int kGroups = 20;
constexpr int kCategories = 40;

std::string CatalogNdjson() {
  std::string out;
  out.reserve(kProducts * 190);
  for (std::size_t i = 0; i < kProducts; ++i) {
    out += fmt::format(R"({{"sku":"RUL-{:06}","name":"Rules product {}","price":"{}.{:02}",)"
                       R"("category":"Crash/Rules/C{}","brand":"Brand{}","stock":{},)"
                       R"("attributes":{{"group":"g{}"}}}})"
                       "\n",
                       i, i, 5 + (i * 37) % 500, i % 100, i % kCategories, (i / kCategories) % 25,
                       i % 7, i % kGroups);
  }
  return out;
}

// The definition `variant` (0: as created, 1: as replaced) of rule k.
boost::json::object Definition(int k, int variant) {
  const std::string group = fmt::format("source.group == \"g{}\"", k % kGroups);
  if (variant == 0) {
    return {{"id", fmt::format("crash-rule-{}", k)},
            {"type", "cross_sell"},
            {"when", group},
            {"then", fmt::format("target.category == \"Crash/Rules/C{}\" && "
                                 "target.brand == source.brand && target.price > source.price",
                                 (k * 7 + 1) % kCategories)},
            {"limit", 6},
            {"priority", k}};
  }
  return {{"id", fmt::format("crash-rule-{}", k)},
          {"type", "cross_sell"},
          {"when", group},
          {"then", fmt::format("target.category == \"Crash/Rules/C{}\" && "
                               "target.brand == source.brand && target.stock > 2",
                               (k * 7 + 3) % kCategories)},
          {"limit", 3},
          {"priority", k}};
}

// What a definition produces, by the dry run.
struct Expected {
  std::int64_t sources = -1, targets = -1, edges = -1;
  std::vector<std::pair<std::string, std::string>> sample;
};

constexpr int kAbsent = -1;
constexpr int kNone = -2;

struct RuleState {
  int state = kAbsent;     // kAbsent or the variant acknowledged (or last seen)
  int pending = kNone;     // the variant of a save without an answer
  bool acked_now = false;  // the pending save of this cycle was acknowledged
  Expected expected[2];
};

class RuleCycles {
 public:
  RuleCycles(const Options& options, Tally& tally)
      : options_(options), tally_(tally), clock_(options.seed, "rules") {}

  void Run() {
    ASSERT_NO_FATAL_FAILURE(server_.Start());
    Response imported = server_.Request("POST", "/v1/products:import", CatalogNdjson(),
                                        {{"Content-Type", "application/x-ndjson"}});
    ASSERT_EQ(imported.status, 200u) << imported;
    // A first save, undisturbed: how long materialising a rule takes.
    rules_[1000].expected[0] = DryRun(1000, 0);
    const auto t0 = Clock::now();
    Response r = Save(1000, 0);
    ASSERT_EQ(r.status, 201u) << r;
    typical_ = Since(t0);
    std::cout << "rules: saving a rule over " << kProducts << " products takes "
              << typical_.count() / 1000 << " ms\n";
    rules_[1000].state = 0;
    for (int c = 1; c <= options_.cycles; ++c) ASSERT_NO_FATAL_FAILURE(Cycle(c));
    server_.Stop();
  }

 private:
  Expected DryRun(int k, int variant) {
    Response r = server_.Request("POST", "/v1/rules:validate", ToJson(Definition(k, variant)));
    EXPECT_EQ(r.status, 200u) << r;
    Expected e;
    const auto& stats =
        r.Object().contains("stats") ? r.Object().at("stats").as_object() : boost::json::object();
    e.sources = Int(stats, "sources");
    e.targets = Int(stats, "targets");
    e.edges = Int(stats, "edges");
    EXPECT_GT(e.edges, 0) << "rule " << k << " variant " << variant << " makes no edges: " << r;
    if (r.Object().contains("sample")) {
      for (const auto& p : r.Object().at("sample").as_array()) {
        e.sample.emplace_back(Str(p.as_object(), "source"), Str(p.as_object(), "target"));
        if (e.sample.size() == 3) break;
      }
    }
    return e;
  }

  Response Save(int k, int variant) {
    const std::string body = ToJson(Definition(k, variant));
    return variant == 0 ? server_.Request("POST", "/v1/rules", body)
                        : server_.Request("PUT", fmt::format("/v1/rules/crash-rule-{}", k), body);
  }

  void Cycle(int c) {
    const int k = (c - 1) / 2, variant = (c - 1) % 2;
    RuleState& rule = rules_[k];
    rule.expected[variant] = DryRun(k, variant);
    Response r;
    std::chrono::microseconds latency{0};
    RaceKill(server_, clock_.Delay(typical_), [&] {
      const auto t0 = Clock::now();
      r = Save(k, variant);
      latency = Since(t0);
    });
    ++tally_.cycles;
    rule.acked_now = r.status == 200u || r.status == 201u;
    EXPECT_TRUE(r.status == 0u || rule.acked_now) << "saving rule " << k << ": " << r;
    if (rule.acked_now) {
      ++tally_.kills_after_ack;
      ++tally_.acknowledged;
      typical_ = (typical_ * 3 + latency) / 4;
      rule.state = variant;
    } else {
      ++tally_.kills_before_ack;
      rule.pending = variant;
    }
    ASSERT_TRUE(Restart(server_));
    Verify(c);
    rule.acked_now = false;
  }

  void Verify(int c) {
    std::size_t present = 0;
    for (auto& [k, rule] : rules_) {
      const std::string id = fmt::format("crash-rule-{}", k);
      Response r = server_.Request("GET", "/v1/rules/" + id);
      int seen = kAbsent;
      if (r.status == 200u) {
        seen = kNone;
        for (int v = 0; v < 2; ++v) {
          if (r.Str("then") == Str(Definition(k, v), "then")) seen = v;
        }
      } else {
        EXPECT_EQ(r.status, 404u) << r;
      }
      if (seen == kNone) {
        ++tally_.half_applied;
        ADD_FAILURE() << "cycle " << c << ": rule " << id << " has a definition never sent: " << r;
        continue;
      }
      if (seen != rule.state && seen != rule.pending) {
        if (rule.acked_now || seen == kAbsent) {
          ++tally_.missing;
        } else {
          ++tally_.half_applied;
        }
        ADD_FAILURE() << "cycle " << c << ": rule " << id << " is in state " << seen
                      << ", expected " << rule.state << " (or " << rule.pending << "): " << r;
        continue;
      }
      rule.state = seen;
      rule.pending = kNone;
      if (seen == kAbsent) continue;
      ++present;
      if (!Complete(c, id, r, rule.expected[seen])) continue;
      if (rule.acked_now) ++tally_.found;
    }
    Response list = server_.Request("GET", "/v1/rules");
    std::set<std::string> ids;
    std::size_t listed = 0;
    if (list.Object().contains("items")) {
      for (const auto& item : list.Object().at("items").as_array()) {
        ids.insert(Str(item.as_object(), "id"));
        ++listed;
      }
    }
    if (listed != ids.size()) tally_.duplicates += listed - ids.size();
    EXPECT_EQ(listed, ids.size()) << "cycle " << c << ": a rule is listed twice: " << list;
    EXPECT_EQ(ids.size(), present) << "cycle " << c << ": " << list;
  }

  // The rule's counts are those of its dry run and its sampled edges are served.
  bool Complete(int c, const std::string& id, const Response& r, const Expected& e) {
    const auto& stats =
        r.Object().contains("stats") ? r.Object().at("stats").as_object() : boost::json::object();
    bool ok = Int(stats, "sources") == e.sources && Int(stats, "targets") == e.targets &&
              Int(stats, "edges") == e.edges;
    if (!ok) {
      ADD_FAILURE() << "cycle " << c << ": rule " << id << " expected " << e.sources << " sources, "
                    << e.targets << " targets, " << e.edges << " edges: " << r;
    }
    for (const auto& [source, target] : e.sample) {
      Response recs =
          server_.Request("GET", "/v1/products/" + source +
                                     "/recommendations?type=cross_sell&explain=true&limit=1000");
      bool served = false;
      // Each product is a target of few rules (their `then` reads a category and the brand), so
      // the list holds every edge of the product.
      if (recs.Object().contains("items")) {
        EXPECT_LT(recs.Object().at("items").as_array().size(), 1000u) << "a cut list";
        for (const auto& item : recs.Object().at("items").as_array()) {
          if (Str(item.as_object(), "sku") != target) continue;
          for (const auto& reason : item.as_object().at("reasons").as_array()) {
            served = served || Str(reason.as_object(), "rule") == id;
          }
        }
      }
      if (!served) {
        ok = false;
        ADD_FAILURE() << "cycle " << c << ": rule " << id << " should link " << source << " to "
                      << target << ": " << recs;
      }
    }
    if (!ok) ++tally_.half_applied;
    return ok;
  }

  const Options& options_;
  Tally& tally_;
  KillClock clock_;
  TestServer server_;
  std::map<int, RuleState> rules_;
  std::chrono::microseconds typical_{0};
};

TEST(CrashCycles, Rules) {
  Tally& tally = TallyOf("rules");
  const auto t0 = Clock::now();
  RuleCycles(CurrentOptions(), tally).Run();
  tally.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(tally.duplicates + tally.missing + tally.half_applied, 0u);
}

}  // namespace
}  // namespace affinity::e2e::crash

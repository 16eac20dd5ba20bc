// Crash cycles: the real server killed with SIGKILL at random moments while it works, then
// restarted over the same data directory and checked. Four scenarios, each with its own server:
//   import  a bulk product import (CSV or NDJSON, thousands of rows, all or nothing)
//   rules   rule saves (create, replace) materialised over a large catalog
//   mining  a mining job over a large order history
//   intake  bursts of channel deliveries, the worker storing them as orders
// After every restart, everything acknowledged (a 2xx answer received before the kill, or a mining
// job seen succeeded) must be there exactly once, and nothing half applied may be visible.
//
// The kill moment of each cycle is a seeded fraction of a window from the moment the request
// starts to well after its answer (twice the operation's measured duration): the seed reproduces
// the schedule of kill fractions, not the exact interleaving. Violations are reported as gtest
// failures (with what was expected and seen) and counted in the Tally.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <random>
#include <string>

#include "test_server.hpp"

namespace affinity::e2e::crash {

struct Options {
  int cycles = 20;
  std::uint64_t seed = 1;
};

// What one scenario saw.
struct Tally {
  std::string scenario;
  int cycles = 0;
  // Whether the cycle's request (an import, a rule save, a whole burst of deliveries) had been
  // answered when the server died; for a mining job, whether it had been seen succeeded.
  int kills_before_ack = 0;
  int kills_after_ack = 0;
  std::size_t acknowledged = 0;  // items (rows, rules, jobs, deliveries) acknowledged
  std::size_t found = 0;         // of those, found after the restarts as acknowledged
  std::size_t duplicates = 0;
  std::size_t missing = 0;
  std::size_t half_applied = 0;
  double seconds = 0;
};

// The options given on the command line, and where each scenario reports.
const Options& CurrentOptions();
Tally& TallyOf(const std::string& scenario);

// Seeded kill moments and samples; one per scenario, seeded from the run's seed and the scenario.
class KillClock {
 public:
  KillClock(std::uint64_t seed, std::string_view scenario);
  // A fraction in [0, 1), the same sequence for the same seed on every platform.
  double Fraction() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n); REQUIRES: n > 0.
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  // The kill delay for an operation that takes about `typical`: uniform over [0, 2 x typical).
  std::chrono::microseconds Delay(std::chrono::microseconds typical) {
    return std::chrono::microseconds(
        static_cast<std::int64_t>(Fraction() * 2.0 * static_cast<double>(typical.count())));
  }

 private:
  std::mt19937_64 rng_;
};

// Runs `work` on a thread and SIGKILLs `server` `delay` after the thread began; returns once
// `work` has returned (it sees the dead server as failed requests and must then stop).
void RaceKill(TestServer& server, std::chrono::microseconds delay,
              const std::function<void()>& work);

// Starts the server again after a kill; true when it came up (a fatal failure otherwise).
bool Restart(TestServer& server);

// The JSON integer member `key` of `o`, or -1.
std::int64_t Int(const boost::json::object& o, std::string_view key);
// The string member `key` of `o`, or "".
std::string Str(const boost::json::object& o, std::string_view key);

// GET /v1/products?<query>&limit=1: how many products match; -1 when the request fails.
std::int64_t CountProducts(const TestServer& server, const std::string& query);

using Clock = std::chrono::steady_clock;
inline std::chrono::microseconds Since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t);
}

}  // namespace affinity::e2e::crash

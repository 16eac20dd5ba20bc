// Helpers of the intake end-to-end tests: payload files, waiting for the asynchronous worker.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "test_server.hpp"

namespace affinity::e2e {

// The committed copy (tests/fixtures/payloads, permissive licences) or the one in ../shared;
// nullopt when neither exists.
inline std::optional<std::string> Payload(const std::string& name) {
  for (const char* dir : {AFFINITY_FIXTURES_DIR "/payloads", AFFINITY_SHARED_PAYLOADS_DIR}) {
    std::ifstream in(std::filesystem::path(dir) / name, std::ios::binary);
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  return std::nullopt;
}

// Polls `done` every 20 ms for up to `timeout`; true once it holds.
inline bool WaitFor(const std::function<bool()>& done,
                    std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

inline std::int64_t IntOf(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_int64() ? it->value().as_int64() : -1;
}

// Posts `body` to /v1/intake/<channel>?account=<account>; expects 202 (or 200 for a duplicate)
// and returns the delivery id (-1 on failure).
inline std::int64_t PostDelivery(const TestServer& server, const std::string& channel,
                                 const std::string& account, std::string_view body,
                                 const Headers& headers = {}) {
  Response r =
      server.Request("POST", "/v1/intake/" + channel + "?account=" + account, body, headers);
  EXPECT_TRUE(r.status == 202u || r.status == 200u) << channel << "/" << account << ": " << r;
  return IntOf(r.Object(), "delivery");
}

// Waits until delivery `id` is no longer pending; returns its final JSON (empty when it stays
// pending).
inline boost::json::object Settled(const TestServer& server, std::int64_t id) {
  boost::json::object last;
  WaitFor([&] {
    Response r = server.Request("GET", "/v1/intake/deliveries/" + std::to_string(id));
    last = r.Object();
    return r.status == 200u && r.Str("state") != "pending";
  });
  EXPECT_NE(std::string(last["state"].is_string() ? last["state"].as_string() : ""), "pending")
      << "delivery " << id << " was not processed in time";
  return last;
}

}  // namespace affinity::e2e

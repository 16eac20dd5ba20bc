// Test helpers: payload files (committed fixtures first, then ../shared/payloads) and mapping.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "intake/adapters.hpp"

namespace affinity::testing {

// The committed copy (permissive licences) or the shared one; nullopt when neither exists.
inline std::optional<std::string> ReadPayload(const std::string& name) {
  for (const char* dir : {AFFINITY_PAYLOAD_FIXTURES_DIR, AFFINITY_SHARED_PAYLOADS_DIR}) {
    std::filesystem::path p = std::filesystem::path(dir) / name;
    std::ifstream in(p, std::ios::binary);
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  return std::nullopt;
}

inline RawDelivery Delivery(std::string channel, std::string body) {
  RawDelivery d;
  d.channel = std::move(channel);
  d.account = "acme";
  d.body = std::move(body);
  d.received_at = 1'700'000'000;
  d.default_currency = "USD";
  return d;
}

inline Result<std::vector<MappedOrder>> MapBody(const std::string& channel, std::string body) {
  const ChannelAdapter* a = FindAdapter(channel);
  if (!a) return Status::NotFound("no adapter " + channel);
  return a->Map(Delivery(channel, std::move(body)));
}

inline bool HasNoteContaining(const MappedOrder& m, std::string_view text) {
  for (const std::string& n : m.notes) {
    if (n.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace affinity::testing

// Loads payload `name` into std::string `var`, or skips the test when it is not available (the
// non-redistributable payloads live only in ../shared/payloads).
#define LOAD_PAYLOAD_OR_SKIP(var, name)                                              \
  std::string var;                                                                   \
  if (auto loaded_ = ::affinity::testing::ReadPayload(name)) {                       \
    var = std::move(*loaded_);                                                       \
  } else {                                                                           \
    GTEST_SKIP() << name << " not found (../shared/payloads is not part of the repo)"; \
  }

// Maps `body` on `channel` into std::vector<MappedOrder> `var`, failing the test on an error.
#define MAP_OR_FAIL(var, channel, body)                                  \
  auto var##_result = ::affinity::testing::MapBody(channel, body);       \
  ASSERT_TRUE(var##_result.ok()) << var##_result.status().ToString();    \
  std::vector<MappedOrder>& var = *var##_result

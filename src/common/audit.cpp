#include "common/audit.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

namespace affinity {
namespace {
thread_local AuditContext current;
}  // namespace

const AuditContext& CurrentAudit() { return current; }

AuditScope::AuditScope(std::string actor, std::string action) : saved_(std::move(current)) {
  current = {std::move(actor), std::move(action)};
}

AuditScope::~AuditScope() { current = std::move(saved_); }

std::int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatMillis(std::int64_t unix_ms) {
  std::int64_t seconds = unix_ms / 1000, ms = unix_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    --seconds;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

}  // namespace affinity

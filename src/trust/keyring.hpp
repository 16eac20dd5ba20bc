// Keyring: the API keys in memory, for authenticating every request, and the way keys are made,
// listed and revoked (each change stored with its audit entry before it takes effect).
//
// Authenticate() is on every request's path: a SHA-256 of the presented secret, one hash-map
// lookup in a table shared by all threads (each thread keeps its own reference, renewed when the
// table changes), and a per-key rate limit (GCRA: one atomic compare-and-swap). A key revoked
// through this Keyring is refused from the next request on; one revoked by another process (the
// CLI on the same data directory) within `recheck` (the store is asked whether anything changed).
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/published.hpp"
#include "common/status.hpp"
#include "trust/api_key.hpp"
#include "trust/trust_store.hpp"

namespace affinity {

class Keyring {
 public:
  struct Options {
    double default_rate_limit = 1000;  // requests per second per key; 0 = unlimited
    double burst_seconds = 2;          // a key may burst to this many seconds' worth at once
    std::chrono::milliseconds recheck{50};
  };

  // Loads the keys. Returns the store's error if they cannot be read.
  static Result<std::unique_ptr<Keyring>> Open(TrustStore& store, Options options);
  static Result<std::unique_ptr<Keyring>> Open(TrustStore& store) { return Open(store, {}); }

  struct Created {
    ApiKey key;
    std::string secret;  // shown once, never stored
  };
  // Makes a key. InvalidArgument for a bad name or rate limit; AlreadyExists when the name is
  // taken (revoked names too: a name identifies its key in the audit trail for good).
  Result<Created> Create(std::string name, Role role, double rate_limit = -1);
  // NotFound for an unknown name; FailedPrecondition when it is already revoked.
  Result<ApiKey> Revoke(std::string_view name);
  // By name, revoked ones included, with last-use times as this process knows them.
  std::vector<ApiKey> List();
  bool empty();

  enum class Outcome { kOk, kUnknown, kRevoked, kRateLimited };
  struct Authentication {
    Outcome outcome = Outcome::kUnknown;
    std::string name;  // kOk, kRevoked, kRateLimited
    Role role = Role::kViewer;
    std::int64_t revoked_at_ms = 0;
    double retry_after_seconds = 0;  // kRateLimited
  };
  Authentication Authenticate(std::string_view secret);
  // Whether `secret` is a known, unrevoked key; no rate limit is charged and no use recorded.
  bool IsActive(std::string_view secret);

 private:
  struct KeyState {
    ApiKey key;
    std::atomic<std::int64_t> last_used_ms{0};
    std::atomic<std::int64_t> persisted_last_used_ms{0};
    std::atomic<std::int64_t> tat_ns{0};  // GCRA: the theoretical arrival time of the next request
  };
  struct Table {
    std::unordered_map<std::string, std::shared_ptr<KeyState>> by_hash;
    std::map<std::string, std::shared_ptr<KeyState>, std::less<>> by_name;
  };

  Keyring(TrustStore& store, Options options) : store_(store), options_(options) {}
  Status Reload();                                   // REQUIRES: mu_ held
  void Publish(std::shared_ptr<const Table> table) { table_.Store(std::move(table)); }
  void MaybeRecheck();
  bool Admit(KeyState& state);
  double RetryAfter(KeyState& state);

  TrustStore& store_;
  const Options options_;
  std::mutex mu_;  // serialises changes and reloads
  std::uint64_t seen_changes_ = 0;
  Published<Table> table_;
  std::atomic<std::int64_t> next_check_ns_{0};
};

}  // namespace affinity

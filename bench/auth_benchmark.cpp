// What authenticating a request costs: Keyring::Authenticate() (SHA-256 of the presented key, a
// lookup in the per-thread key table, the GCRA rate limit, the last-use clock) beside its floor,
// a SHA-256 and a lookup in a plain hash map of the same 1,000 keys. Run on 1 and 2 threads:
// every I/O thread authenticates, and the rate limiter is one atomic per key.
#include <benchmark/benchmark.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "common/crypto.hpp"
#include "trust/keyring.hpp"
#include "trust/memory_trust_store.hpp"

namespace affinity {
namespace {

constexpr int kKeys = 1000;

struct Keys {
  MemoryTrustStore store;
  std::unique_ptr<Keyring> ring;
  std::vector<std::string> secrets;
  std::unordered_map<std::string, int> plain;  // hex hash -> index: the floor

  explicit Keys(double rate_limit) {
    ring = std::move(Keyring::Open(store, {.default_rate_limit = rate_limit}).value());
    for (int i = 0; i < kKeys; ++i) {
      auto created = ring->Create("key-" + std::to_string(i), Role::kStorefront);
      secrets.push_back(created->secret);
      plain.emplace(HashKeySecret(created->secret), i);
    }
  }
};

Keys& Unlimited() {
  static Keys keys(0);
  return keys;
}
Keys& Limited() {
  static Keys keys(1e9);  // the limiter runs, and never refuses
  return keys;
}

void BM_Sha256AndHashMap(benchmark::State& state) {
  Keys& keys = Unlimited();
  std::size_t i = state.thread_index();
  for (auto _ : state) {
    auto it = keys.plain.find(HexEncode(Sha256(keys.secrets[i++ % kKeys])));
    benchmark::DoNotOptimize(it);
  }
}
BENCHMARK(BM_Sha256AndHashMap)->Threads(1)->Threads(2);

void BM_Authenticate(benchmark::State& state) {
  Keys& keys = Unlimited();
  std::size_t i = state.thread_index();
  for (auto _ : state) {
    benchmark::DoNotOptimize(keys.ring->Authenticate(keys.secrets[i++ % kKeys]));
  }
}
BENCHMARK(BM_Authenticate)->Threads(1)->Threads(2);

// One key for every request (a storefront's), through the rate limiter: its atomic is shared.
void BM_AuthenticateOneKeyRateLimited(benchmark::State& state) {
  Keys& keys = Limited();
  for (auto _ : state) benchmark::DoNotOptimize(keys.ring->Authenticate(keys.secrets[0]));
}
BENCHMARK(BM_AuthenticateOneKeyRateLimited)->Threads(1)->Threads(2);

}  // namespace
}  // namespace affinity

BENCHMARK_MAIN();

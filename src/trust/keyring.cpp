#include "trust/keyring.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "common/audit.hpp"
#include "common/json_write.hpp"

namespace affinity {
namespace {

std::int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string KeyJson(const ApiKey& key) { return ToJsonText(key.ToJson()); }

// Last-use times are written at most this often per key: a write per request would cost a
// durable commit per request.
constexpr std::int64_t kTouchEveryMs = 60'000;

}  // namespace

Result<std::unique_ptr<Keyring>> Keyring::Open(TrustStore& store, Options options) {
  std::unique_ptr<Keyring> ring(new Keyring(store, options));
  std::lock_guard lock(ring->mu_);
  ring->seen_changes_ = store.ChangeCounter();
  AFFINITY_RETURN_IF_ERROR(ring->Reload());
  return ring;
}

Status Keyring::Reload() {
  auto keys = store_.LoadKeys();
  if (!keys.ok()) return keys.status();
  std::shared_ptr<const Table> old = table_.Load();
  auto table = std::make_shared<Table>();
  for (ApiKey& k : *keys) {
    auto state = std::make_shared<KeyState>();
    if (old) {
      // Keep what this process knows beyond the store: recent use and the rate limiter.
      if (auto it = old->by_hash.find(k.hash); it != old->by_hash.end()) {
        state->last_used_ms = std::max(k.last_used_ms, it->second->last_used_ms.load());
        state->tat_ns = it->second->tat_ns.load();
      }
    }
    state->last_used_ms = std::max(state->last_used_ms.load(), k.last_used_ms);
    state->persisted_last_used_ms = k.last_used_ms;
    state->key = std::move(k);
    table->by_name.emplace(state->key.name, state);
    table->by_hash.emplace(state->key.hash, state);
  }
  Publish(std::move(table));
  return Status::Ok();
}

void Keyring::MaybeRecheck() {
  const std::int64_t now = SteadyNanos();
  std::int64_t due = next_check_ns_.load(std::memory_order_relaxed);
  if (now < due) return;
  const std::int64_t next =
      now + std::chrono::duration_cast<std::chrono::nanoseconds>(options_.recheck).count();
  if (!next_check_ns_.compare_exchange_strong(due, next)) return;  // another thread checks
  std::unique_lock lock(mu_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // a change is in progress; it publishes what it changed
  const std::uint64_t changes = store_.ChangeCounter();
  if (changes == seen_changes_) return;
  seen_changes_ = changes;
  if (Status st = Reload(); !st.ok()) spdlog::warn("cannot reload API keys: {}", st.message());
}

bool Keyring::Admit(KeyState& state) {
  const double rate =
      state.key.rate_limit >= 0 ? state.key.rate_limit : options_.default_rate_limit;
  if (rate <= 0) return true;
  const auto interval = static_cast<std::int64_t>(1e9 / rate);
  const double burst = std::max(1.0, std::floor(rate * options_.burst_seconds));
  const auto tolerance = static_cast<std::int64_t>((burst - 1) * static_cast<double>(interval));
  const std::int64_t now = SteadyNanos();
  std::int64_t tat = state.tat_ns.load(std::memory_order_relaxed);
  while (true) {
    const std::int64_t start = std::max(tat, now);
    if (start - now > tolerance) return false;
    if (state.tat_ns.compare_exchange_weak(tat, start + interval, std::memory_order_relaxed)) {
      return true;
    }
  }
}

double Keyring::RetryAfter(KeyState& state) {
  const double rate =
      state.key.rate_limit >= 0 ? state.key.rate_limit : options_.default_rate_limit;
  const double interval = 1e9 / rate;
  const double burst = std::max(1.0, std::floor(rate * options_.burst_seconds));
  const double wait_ns =
      static_cast<double>(state.tat_ns.load() - SteadyNanos()) - (burst - 1) * interval;
  return std::max(0.001, wait_ns / 1e9);
}

Keyring::Authentication Keyring::Authenticate(std::string_view secret) {
  MaybeRecheck();
  Authentication out;
  const std::shared_ptr<const Table>& table = table_.ThreadLocal();
  auto it = table->by_hash.find(HashKeySecret(secret));
  if (it == table->by_hash.end()) return out;
  KeyState& state = *it->second;
  out.name = state.key.name;
  out.role = state.key.role;
  if (state.key.revoked()) {
    out.outcome = Outcome::kRevoked;
    out.revoked_at_ms = state.key.revoked_at_ms;
    return out;
  }
  if (!Admit(state)) {
    out.outcome = Outcome::kRateLimited;
    out.retry_after_seconds = RetryAfter(state);
    return out;
  }
  out.outcome = Outcome::kOk;
  const std::int64_t now = NowMillis();
  state.last_used_ms.store(now, std::memory_order_relaxed);
  std::int64_t persisted = state.persisted_last_used_ms.load(std::memory_order_relaxed);
  if (now - persisted >= kTouchEveryMs &&
      state.persisted_last_used_ms.compare_exchange_strong(persisted, now)) {
    if (Status st = store_.TouchKeys({{state.key.name, now}}); !st.ok()) {
      spdlog::warn("cannot record the last use of key '{}': {}", state.key.name, st.message());
    }
  }
  return out;
}

bool Keyring::IsActive(std::string_view secret) {
  const std::shared_ptr<const Table>& table = table_.ThreadLocal();
  auto it = table->by_hash.find(HashKeySecret(secret));
  return it != table->by_hash.end() && !it->second->key.revoked();
}

Result<Keyring::Created> Keyring::Create(std::string name, Role role, double rate_limit) {
  AFFINITY_RETURN_IF_ERROR(CheckKeyName(name));
  if (!(rate_limit == -1 || (rate_limit >= 0 && rate_limit <= 1e7))) {
    return Status::InvalidArgument(fmt::format(
        "rate_limit must be between 0 (unlimited) and 10000000 requests per second, got {}",
        rate_limit));
  }
  std::lock_guard lock(mu_);
  std::shared_ptr<const Table> table = table_.Load();
  if (table->by_name.contains(name)) {
    return Status::AlreadyExists(
        fmt::format("a key named '{}' exists already{}; choose another name", name,
                    table->by_name.find(name)->second->key.revoked() ? " (revoked)" : ""));
  }
  Created created;
  created.secret = NewKeySecret();
  ApiKey& key = created.key;
  key.name = std::move(name);
  key.role = role;
  key.hash = HashKeySecret(created.secret);
  key.prefix = created.secret.substr(0, 8);
  key.created_at_ms = NowMillis();
  key.rate_limit = rate_limit;
  const AuditEntry audit{.at_ms = key.created_at_ms,
                         .actor = CurrentAudit().actor,
                         .action = "create",
                         .entity = "key",
                         .entity_id = key.name,
                         .before = "",
                         .after = KeyJson(key)};
  AFFINITY_RETURN_IF_ERROR(store_.PutKey(key, audit));
  seen_changes_ = store_.ChangeCounter();
  auto next = std::make_shared<Table>(*table);
  auto state = std::make_shared<KeyState>();
  state->key = key;
  next->by_name.emplace(key.name, state);
  next->by_hash.emplace(key.hash, state);
  Publish(std::move(next));
  return created;
}

Result<ApiKey> Keyring::Revoke(std::string_view name) {
  std::lock_guard lock(mu_);
  // Another process may have made or revoked the key a moment ago.
  if (store_.ChangeCounter() != seen_changes_) {
    seen_changes_ = store_.ChangeCounter();
    AFFINITY_RETURN_IF_ERROR(Reload());
  }
  std::shared_ptr<const Table> table = table_.Load();
  auto it = table->by_name.find(name);
  if (it == table->by_name.end()) {
    return Status::NotFound(fmt::format("there is no key named '{}'; see the key list", name));
  }
  const ApiKey& current = it->second->key;
  if (current.revoked()) {
    return Status::FailedPrecondition(fmt::format("key '{}' was revoked already at {}", name,
                                                  FormatMillis(current.revoked_at_ms)));
  }
  ApiKey revoked = current;
  revoked.revoked_at_ms = NowMillis();
  revoked.last_used_ms = it->second->last_used_ms.load();
  const AuditEntry audit{.at_ms = revoked.revoked_at_ms,
                         .actor = CurrentAudit().actor,
                         .action = "revoke",
                         .entity = "key",
                         .entity_id = revoked.name,
                         .before = KeyJson(current),
                         .after = KeyJson(revoked)};
  AFFINITY_RETURN_IF_ERROR(store_.PutKey(revoked, audit));
  seen_changes_ = store_.ChangeCounter();
  auto next = std::make_shared<Table>(*table);
  auto state = std::make_shared<KeyState>();
  state->key = revoked;
  state->last_used_ms = revoked.last_used_ms;
  next->by_name[revoked.name] = state;
  next->by_hash[revoked.hash] = state;
  Publish(std::move(next));
  return revoked;
}

std::vector<ApiKey> Keyring::List() {
  MaybeRecheck();
  std::shared_ptr<const Table> table = table_.Load();
  std::vector<ApiKey> out;
  for (const auto& [_, state] : table->by_name) {
    ApiKey k = state->key;
    k.last_used_ms = state->last_used_ms.load();
    out.push_back(std::move(k));
  }
  return out;
}

bool Keyring::empty() { return table_.Load()->by_name.empty(); }

}  // namespace affinity

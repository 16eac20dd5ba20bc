#include "server/idempotency_cache.hpp"

#include <fmt/format.h>

namespace affinity {

std::optional<HttpReply> IdempotencyCache::Lookup(const std::string& id, std::string_view body,
                                                  std::string_view instance) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.body != body) {
    return Problem(422, "idempotency_key_reused",
                   "this Idempotency-Key was already used with a different request body; use a "
                   "new key for a new request",
                   instance);
  }
  HttpReply replay = it->second.reply;
  replay.Header("Idempotent-Replayed", "true");
  return replay;
}

void IdempotencyCache::Store(const std::string& id, std::string_view body, const HttpReply& reply) {
  std::lock_guard lock(mu_);
  if (!entries_.emplace(id, Entry{std::string(body), reply}).second) return;
  order_.push_back(id);
  while (order_.size() > capacity_) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
}

}  // namespace affinity

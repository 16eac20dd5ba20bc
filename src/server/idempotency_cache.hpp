// IdempotencyCache: remembers the reply to a creating POST by its Idempotency-Key, so that a client
// retrying after a lost response gets the original reply instead of a duplicate or a 409. A key
// reused with a different body is refused. Bounded (oldest keys are forgotten first) and in memory:
// a key is honoured for the life of the process. Thread-safe.
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "server/http_reply.hpp"

namespace affinity {

class IdempotencyCache {
 public:
  explicit IdempotencyCache(std::size_t capacity = 100000) : capacity_(capacity) {}

  // Runs `create` once per (scope, key); callers put the API key's name in the scope, so that two
  // clients that happen to pick the same Idempotency-Key never see each other's replies. A repeat
  // with the same body replays the stored reply (marked with "Idempotent-Replayed: true"); with
  // another body it gets a 422 problem. An empty key just runs `create`. Only 2xx replies are
  // remembered, so a failed attempt may be retried.
  template <typename F>
  HttpReply Run(const std::string& scope, const std::string& key, std::string_view body,
                std::string_view instance, F&& create);

 private:
  struct Entry {
    std::string body;
    HttpReply reply;
  };
  std::optional<HttpReply> Lookup(const std::string& id, std::string_view body,
                                  std::string_view instance);
  void Store(const std::string& id, std::string_view body, const HttpReply& reply);

  std::mutex mu_;
  std::size_t capacity_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;
};

template <typename F>
HttpReply IdempotencyCache::Run(const std::string& scope, const std::string& key,
                                std::string_view body, std::string_view instance, F&& create) {
  if (key.empty()) return create();
  const std::string id = scope + '\n' + key;
  if (auto replay = Lookup(id, body, instance)) return *replay;
  HttpReply reply = create();
  if (reply.status >= 200 && reply.status < 300) Store(id, body, reply);
  return reply;
}

}  // namespace affinity

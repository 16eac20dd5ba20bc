// Engine: publishing snapshots, and the per-thread snapshot reference of the hot read path.
#include <atomic>

#include "engine/engine.hpp"

namespace affinity {

std::uint64_t Engine::NextInstance() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

void Engine::Publish(std::shared_ptr<const Snapshot> snapshot) {
  snapshot_.store(std::move(snapshot));
  published_.fetch_add(1, std::memory_order_release);
}

const std::shared_ptr<const Snapshot>& Engine::ThreadSnapshot() const {
  struct Cache {
    std::uint64_t engine = 0;
    std::uint64_t published = 0;
    std::shared_ptr<const Snapshot> snapshot;
  };
  thread_local Cache cache;
  const std::uint64_t published = published_.load(std::memory_order_acquire);
  if (cache.engine != instance_ || cache.published != published || !cache.snapshot) {
    cache.snapshot = snapshot_.load();
    cache.engine = instance_;
    cache.published = published;
  }
  return cache.snapshot;
}

}  // namespace affinity

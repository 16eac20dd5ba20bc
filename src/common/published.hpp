// Published<T>: an immutable value that a writer replaces now and then and many threads read on a
// hot path (the engine's Snapshot, the Keyring's key table). Store() publishes a new value with
// one atomic swap; Load() returns the current one; ThreadLocal() returns a reference this thread
// keeps, renewed only when a newer value was published: one atomic load and no shared reference
// count otherwise. The reference stays valid until the same thread calls ThreadLocal() again on a
// Published<T> of the same T; an idle thread may keep one old value alive until then.
//
// Thread safety: Store() may race with any reader; readers never block.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace affinity {

namespace internal {
inline std::uint64_t NextPublishedInstance() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace internal

template <typename T>
class Published {
 public:
  void Store(std::shared_ptr<const T> value) {
    value_.store(std::move(value));
    generation_.fetch_add(1, std::memory_order_release);
  }
  std::shared_ptr<const T> Load() const { return value_.load(); }

  const std::shared_ptr<const T>& ThreadLocal() const {
    struct Cache {
      std::uint64_t owner = 0;  // which Published<T> the cached value came from
      std::uint64_t generation = 0;
      std::shared_ptr<const T> value;
    };
    thread_local Cache cache;
    const std::uint64_t generation = generation_.load(std::memory_order_acquire);
    if (cache.owner != instance_ || cache.generation != generation || !cache.value) {
      cache.value = value_.load();
      cache.owner = instance_;
      cache.generation = generation;
    }
    return cache.value;
  }

 private:
  std::atomic<std::shared_ptr<const T>> value_;
  std::atomic<std::uint64_t> generation_{0};  // bumped after every Store(): readers' cue to renew
  const std::uint64_t instance_ = internal::NextPublishedInstance();
};

}  // namespace affinity

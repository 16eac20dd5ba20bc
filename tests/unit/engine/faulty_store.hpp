// FaultyStore: a Store that forwards to a MemoryStore shared with the test and fails on demand, so a
// test can make one write's persistence fail (leveldb's FaultInjectionTestEnv). The test keeps the
// StoreFaults and the MemoryStore to flip failures on and to inspect what was persisted.
#pragma once

#include <memory>
#include <utility>

#include "engine/store.hpp"
#include "storage/memory_store.hpp"

namespace affinity {

struct StoreFaults {
  bool fail_apply = false;  // Apply returns Unavailable and persists nothing
  bool fail_load = false;   // Load returns Unavailable
  int applies = 0;          // successful Apply calls
  int failed_applies = 0;
};

class FaultyStore : public Store {
 public:
  FaultyStore(std::shared_ptr<MemoryStore> base, std::shared_ptr<StoreFaults> faults)
      : base_(std::move(base)), faults_(std::move(faults)) {}

  Result<StoredState> Load() override {
    if (faults_->fail_load) return Status::Unavailable("injected: the store cannot be read");
    return base_->Load();
  }
  Status Apply(const ChangeSet& changes) override {
    if (faults_->fail_apply) {
      ++faults_->failed_applies;
      return Status::Unavailable("injected: the store is busy, retry");
    }
    ++faults_->applies;
    return base_->Apply(changes);
  }

 private:
  std::shared_ptr<MemoryStore> base_;
  std::shared_ptr<StoreFaults> faults_;
};

}  // namespace affinity

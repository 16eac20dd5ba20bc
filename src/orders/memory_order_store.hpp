// MemoryOrderStore: an OrderStore kept in memory, for tests. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "orders/order_store.hpp"

namespace affinity {

class MemoryOrderStore : public OrderStore {
 public:
  Status Apply(const std::vector<Order>& put) override;
  Result<std::vector<Order>> Load() override;

  std::size_t size() const;
  std::size_t apply_calls() const;  // how many Apply calls succeeded

 private:
  mutable std::mutex mu_;
  std::map<std::string, Order> orders_;
  std::size_t apply_calls_ = 0;
};

}  // namespace affinity

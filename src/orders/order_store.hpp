// OrderStore: the port through which the OrderBook persists orders. Adapters: SqliteOrderStore
// (src/storage, the embedded default) and MemoryOrderStore (tests).
#pragma once

#include <vector>

#include "common/status.hpp"
#include "orders/order.hpp"

namespace affinity {

class OrderStore {
 public:
  virtual ~OrderStore() = default;
  // Inserts or replaces (by Order::id) every order in `put`, atomically and durably: on any error
  // nothing was written. Unavailable means a retry may succeed (the store is busy), Internal or
  // ResourceExhausted that it will not.
  virtual Status Apply(const std::vector<Order>& put) = 0;
  // Every stored order, in no particular order. Unavailable or Internal when unreadable.
  virtual Result<std::vector<Order>> Load() = 0;
};

}  // namespace affinity

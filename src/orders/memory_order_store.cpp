#include "orders/memory_order_store.hpp"

namespace affinity {

Status MemoryOrderStore::Apply(const std::vector<Order>& put) {
  std::lock_guard lock(mu_);
  for (const Order& o : put) orders_.insert_or_assign(o.id, o);
  ++apply_calls_;
  return Status::Ok();
}

Result<std::vector<Order>> MemoryOrderStore::Load() {
  std::lock_guard lock(mu_);
  std::vector<Order> out;
  out.reserve(orders_.size());
  for (const auto& [id, o] : orders_) out.push_back(o);
  return out;
}

std::size_t MemoryOrderStore::size() const {
  std::lock_guard lock(mu_);
  return orders_.size();
}

std::size_t MemoryOrderStore::apply_calls() const {
  std::lock_guard lock(mu_);
  return apply_calls_;
}

}  // namespace affinity

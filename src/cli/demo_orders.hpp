// DemoOrders: a year of sample orders over a demo catalog, so that a new user's console has
// customers, co-purchases to mine and suggestions to accept from the first start.
//
// Shoppers mostly buy a product of a popular set with one of the items it already links to, and
// often with a product of the same category as such an item that nothing links yet: the pairs the
// miner should find (e.g. running shoes bought with another brand's socks). The rest is noise.
// Orders are spread over the 365 days before `now`, among `customers` customers (a fifth of them
// guests).
//
// Deterministic for the same snapshot, count and `now` (fixed-seed std::mt19937_64). Pure: reads
// the snapshot only.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/snapshot.hpp"
#include "orders/order.hpp"

namespace affinity {

std::vector<Order> MakeDemoOrders(const Snapshot& snapshot, std::int64_t now,
                                  std::size_t count = 3000, std::size_t customers = 600);

}  // namespace affinity

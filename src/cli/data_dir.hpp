// What every command opens of a data directory: the engine (catalog, links, rules) and the order
// book, both on SQLite files in the directory; plus the small helpers the commands share.
#pragma once

#include <memory>
#include <string>

#include "common/status.hpp"
#include "engine/engine.hpp"
#include "orders/order_book.hpp"

namespace affinity {

Result<std::unique_ptr<Engine>> OpenEngine(const std::string& data_dir);

// The order book of a data directory; profiles read categories from the engine's catalog.
// `segments` is the lifecycle thresholds as JSON ("" for the defaults).
Result<std::unique_ptr<OrderBook>> OpenOrders(const std::string& data_dir, Engine& engine,
                                              const std::string& segments = "");

// The whole file, or NotFound naming it.
Result<std::string> ReadFile(const std::string& path);

// Prints "affinity: <message>" to stderr; returns the exit code 1.
int Fail(const Status& st);

}  // namespace affinity

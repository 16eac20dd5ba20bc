// The intake over a data directory: the inbox (<data>/intake.db), the service wired to the
// engine's catalog and the order book, and the `affinity intake FILE --channel C` command.
#pragma once

#include <memory>
#include <string>

#include "engine/engine.hpp"
#include "intake/intake_service.hpp"
#include "orders/order_book.hpp"

namespace affinity {

struct IntakeStack {
  std::unique_ptr<InboxStore> inbox;
  std::unique_ptr<IntakeService> service;
};

// Opens the inbox of `data_dir` and a service over it. `config_path` names a JSON file of
// IntakeOptions ("" = defaults). NotFound / InvalidArgument for a bad config file, or the inbox's
// error.
Result<IntakeStack> OpenIntake(const std::string& data_dir, Engine& engine, OrderBook& book,
                               const std::string& config_path);

// `affinity intake FILE --channel C [--account A]`: takes the file into the inbox, processes it at
// once and prints what happened to each order. Exit code 0 when every order was stored or parked,
// 1 when something was dead-lettered or could not be read.
int RunIntakeFile(const std::string& data_dir, const std::string& file, const std::string& channel,
                  const std::string& account, const std::string& config_path);

}  // namespace affinity

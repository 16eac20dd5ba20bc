#include "cli/intake_command.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "storage/sqlite_inbox_store.hpp"
#include "storage/sqlite_order_store.hpp"
#include "storage/sqlite_store.hpp"

namespace affinity {
namespace {

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("cannot read '{}'", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<IntakeOptions> LoadOptions(const std::string& config_path) {
  if (config_path.empty()) return IntakeOptions();
  Result<std::string> text = Slurp(config_path);
  if (!text.ok()) return text.status();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*text, ec);
  if (ec || !v.is_object()) {
    return Status::InvalidArgument(
        fmt::format("intake config '{}' must be a JSON object such as {{\"profiles\":{{...}},"
                    "\"csv_columns\":{{...}},\"retry\":{{...}}}}",
                    config_path));
  }
  Result<IntakeOptions> options = IntakeOptions::FromJson(v.as_object());
  if (!options.ok()) {
    return Status::InvalidArgument(
        fmt::format("intake config '{}': {}", config_path, options.status().message()));
  }
  return options;
}

}  // namespace

Result<IntakeStack> OpenIntake(const std::string& data_dir, Engine& engine, OrderBook& book,
                               const std::string& config_path) {
  Result<IntakeOptions> options = LoadOptions(config_path);
  if (!options.ok()) return options.status();
  auto inbox = SqliteInboxStore::Open(data_dir);
  if (!inbox.ok()) return inbox.status();
  IntakeCatalog catalog;
  catalog.known = [&engine](std::string_view sku) {
    return engine.snapshot()->Find(sku) != nullptr;
  };
  catalog.state = [&engine]() -> std::shared_ptr<const void> { return engine.snapshot(); };
  IntakeStack stack;
  stack.inbox = std::move(inbox).value();
  stack.service = std::make_unique<IntakeService>(*stack.inbox, book, std::move(catalog),
                                                  std::move(options).value());
  return stack;
}

int RunIntakeFile(const std::string& data_dir, const std::string& file, const std::string& channel,
                  const std::string& account, const std::string& config_path) {
  auto fail = [](const Status& st) {
    std::cerr << "affinity: " << st.message() << "\n";
    return 1;
  };
  Result<std::string> body = Slurp(file);
  if (!body.ok()) return fail(body.status());
  auto store = SqliteStore::Open(data_dir);
  if (!store.ok()) return fail(store.status());
  auto engine = Engine::Open(std::move(store).value());
  if (!engine.ok()) return fail(engine.status());
  auto order_store = SqliteOrderStore::Open(data_dir);
  if (!order_store.ok()) return fail(order_store.status());
  auto book = OrderBook::Open(std::move(order_store).value());
  if (!book.ok()) return fail(book.status());
  auto stack = OpenIntake(data_dir, **engine, **book, config_path);
  if (!stack.ok()) return fail(stack.status());

  RawDelivery delivery;
  delivery.channel = channel;
  delivery.account = account;
  delivery.body = std::move(body).value();
  Result<Receipt> receipt = stack->service->Receive(std::move(delivery), "cli");
  if (!receipt.ok()) return fail(receipt.status());
  Result<PassReport> pass = stack->service->ProcessDue();
  if (!pass.ok()) return fail(pass.status());
  auto view = stack->service->Delivery(receipt->delivery);
  if (!view.ok()) return fail(view.status());
  if (!*view) return fail(Status::Internal("the delivery vanished from the inbox"));
  const InboxEntry& e = (*view)->entry;
  std::cout << fmt::format("delivery {}{}: {}, {} order(s) stored\n", e.id,
                           receipt->duplicate ? " (already received)" : "",
                           DeliveryStateName(e.state), e.stored_orders);
  int dead = 0;
  for (const IntakeFailure& f : (*view)->failures) {
    if (f.state != FailureState::kOpen) continue;
    if (f.kind == FailureKind::kDeadLetter) ++dead;
    std::cout << fmt::format("  {} {}: {}: {}\n", FailureKindName(f.kind), f.id,
                             f.order_id.empty() ? "delivery" : f.order_id, f.error.message);
  }
  if (e.state == DeliveryState::kPending) {
    std::cout << "  will be retried by the server (a transient error)\n";
  }
  return dead == 0 && e.state != DeliveryState::kFailed ? 0 : 1;
}

}  // namespace affinity

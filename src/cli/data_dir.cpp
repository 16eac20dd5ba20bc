#include "cli/data_dir.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "storage/sqlite_order_store.hpp"
#include "storage/sqlite_store.hpp"

namespace affinity {

Result<std::unique_ptr<Engine>> OpenEngine(const std::string& data_dir) {
  auto store = SqliteStore::Open(data_dir);
  if (!store.ok()) return store.status();
  return Engine::Open(std::move(store).value());
}

Result<std::unique_ptr<OrderBook>> OpenOrders(const std::string& data_dir, Engine& engine,
                                              const std::string& segments) {
  auto store = SqliteOrderStore::Open(data_dir);
  if (!store.ok()) return store.status();
  OrderBook::Options options;
  if (!segments.empty()) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(segments, ec);
    if (ec || !v.is_object()) {
      return Status::InvalidArgument(
          "--segments must be a JSON object such as {\"churned_after_days\":365}");
    }
    auto thresholds = SegmentThresholds::FromJson(v.as_object());
    if (!thresholds.ok()) return thresholds.status();
    options.thresholds = *thresholds;
  }
  options.categories = [&engine](std::string_view sku) -> std::string {
    const ProductNode* node = engine.snapshot()->Find(sku);
    return node ? node->product.category : std::string();
  };
  return OrderBook::Open(std::move(store).value(), std::move(options));
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("cannot read '{}'", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int Fail(const Status& st) {
  std::cerr << "affinity: " << st.message() << "\n";
  return 1;
}

}  // namespace affinity

// Fuzzes the order import (orders/order_import): ParseOrders with the format picked by the first
// byte ('c' CSV with the Online Retail columns, 'j' JSON array, 'n' NDJSON, 'p' CSV with a column
// mapping read from the input's first line as JSON, as `affinity orders import --columns`).
// Checks the batch's promises: orders only without errors, every error with a line.
// Seeds: tests/fixtures/online_retail_sample.csv, the POS export, JSON orders.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "orders/order_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace affinity;
  if (size == 0) return 0;
  std::string_view text = fuzz::Text(data + 1, size - 1);
  OrderBatch batch;
  switch (fuzz::Pick(data[0], "cjnp")) {
    case 0:
      batch = ParseOrders(text, RecordFormat::kCsv, {}, 20);
      break;
    case 1:
      batch = ParseOrders(text, RecordFormat::kJsonArray, {}, 20);
      break;
    case 2:
      batch = ParseOrders(text, RecordFormat::kNdjson, {}, 20);
      break;
    default: {
      const std::size_t nl = text.find('\n');
      boost::system::error_code ec;
      boost::json::value v = boost::json::parse(text.substr(0, nl), ec);
      if (ec || !v.is_object()) return 0;
      Result<OrderColumns> columns = OrderColumns::FromJson(v.as_object());
      if (!columns.ok()) return 0;
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      batch = ParseOrders(text, RecordFormat::kCsv, *columns, 20);
    }
  }
  if (!batch.errors.empty() && !batch.orders.empty()) __builtin_trap();
  if (batch.errors.size() > 20) __builtin_trap();
  for (const RecordError& e : batch.errors) {
    if (e.message.empty()) __builtin_trap();
  }
  return 0;
}

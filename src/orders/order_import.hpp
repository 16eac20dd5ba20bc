// Bulk import of orders: CSV with one row per order line, grouped into Orders by a column mapping
// (the default is the UCI Online Retail layout), or JSON array / NDJSON with one Order (in the form
// of OrderFromJson) per record. Parsing only: the result is handed to OrderBook::Upsert, which
// dedupes and persists. A batch is all-or-nothing: with any error no order is returned, and every
// bad row is reported with its line.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/record_reader.hpp"
#include "common/status.hpp"
#include "orders/order.hpp"

namespace affinity {

// What to do with a row whose unit price is negative (Online Retail has two "Adjust bad debt" rows
// at -11062.06).
enum class NegativePrice {
  kReject,    // a row error
  kAsReturn,  // store quantity -q at price -p: the same line total, counted as a return line
};

// Which CSV column holds which Order field. A column name of "" means the file has no such column.
// Rows with the same order id become one Order, with its lines in file order; the rows need not be
// contiguous. Per order: placed_at is the earliest row time, customer and currency must agree on
// every row, total is the sum of the line totals, status is `status` (when mapped and not empty)
// or "paid", and "cancelled" for ids starting with `cancellation_prefix` (negative quantities are
// kept as they are). The Order id is CanonicalOrderId(channel, account, <order id column>).
//
// Values: quantities are integers; prices are decimals in the order's currency, rounded half-up on
// the decimal text to the currency's minor unit (0.001 GBP -> 0, 0.005 -> 0.01; never through a
// double); times are ISO 8601 ("2011-12-09 12:50:00", "2011-12-09T12:50:00Z", a zone offset) or
// "M/D/YYYY H:MM[:SS]" (the original UCI export); a time without a zone is taken as UTC.
struct OrderColumns {
  // Required columns.
  std::string order_id = "InvoiceNo";
  std::string sku = "StockCode";
  std::string quantity = "Quantity";
  std::string unit_price = "UnitPrice";
  std::string placed_at = "InvoiceDate";
  // Optional columns.
  std::string name = "Description";
  std::string customer_id = "CustomerID";  // an empty cell: a guest order
  std::string discount;                    // the line's total discount, a decimal >= 0
  std::string currency;                    // a currency code per row; "" = fixed_currency
  std::string status;                      // placed | paid | fulfilled | cancelled | refunded
  // Fixed values.
  std::string fixed_currency = "GBP";
  std::string channel = "import";
  std::string account = "default";
  std::string cancellation_prefix = "C";  // "" = no id marks a cancellation
  NegativePrice negative_price = NegativePrice::kAsReturn;

  // The default is the Online Retail layout; OnlineRetail() says so at a call site.
  static OrderColumns OnlineRetail() { return {}; }

  // {"order_id":"InvoiceNo","sku":"StockCode","name":"Description","quantity":"Quantity",
  //  "unit_price":"UnitPrice","placed_at":"InvoiceDate","customer_id":"CustomerID",
  //  "discount":"...","currency":"<column>","status":"<column>","fixed_currency":"GBP",
  //  "channel":"import","account":"default","cancellation_prefix":"C",
  //  "negative_price":"reject"|"as_return"}
  // Starts from the Online Retail defaults; each key given replaces one, and "" or null drops an
  // optional column. InvalidArgument names unknown keys (with the nearest known one) and bad values.
  static Result<OrderColumns> FromJson(const boost::json::object& json);
};

// The orders parsed from one batch file.
struct OrderBatch {
  std::vector<Order> orders;        // in order of first appearance; empty when errors is not
  std::size_t records = 0;          // rows (CSV) or records (JSON) read
  std::vector<RecordError> errors;  // each bad row with its line; empty on success

  bool ok() const { return errors.empty(); }
};

// Parses a CSV of order lines with `columns`. A mapped column missing from the header is an error on
// line 1 (naming the nearest header). Stops collecting after `max_errors` errors.
OrderBatch ParseOrdersCsv(std::string_view text, const OrderColumns& columns = {},
                          std::size_t max_errors = 1000);

// Parses a JSON array or NDJSON (format kJsonArray / kNdjson) of orders in the OrderFromJson form,
// each error with the line its record starts on. (kCsv is passed to ParseOrdersCsv with the default
// columns.)
OrderBatch ParseOrdersJson(std::string_view text, RecordFormat format,
                           std::size_t max_errors = 1000);

// Dispatches on `format`; `columns` applies to CSV only.
OrderBatch ParseOrders(std::string_view text, RecordFormat format,
                       const OrderColumns& columns = {}, std::size_t max_errors = 1000);

// Rounds a decimal text half-up (away from zero) to minor units of `currency`: "0.001" -> 0,
// "2.555" GBP -> 256, "-0.005" -> -1. InvalidArgument when `text` is not a plain decimal.
Result<std::int64_t> ParseRoundedMinorUnits(std::string_view text, std::string_view currency);

}  // namespace affinity

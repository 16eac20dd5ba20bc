// CsvAdapter: order exports as CSV, one row per line item. The registered "csv" adapter reads the
// Shopify admin "orders_export" layout (also used by Shopify POS): the first row of an order holds
// the order columns, its continuation rows leave them blank and repeat only the order name and the
// Lineitem columns. Any other POS export is read by giving the column names (CsvColumnMapping).
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "intake/channel_adapter.hpp"

namespace affinity {

// Header names of the columns to read; empty: the export has no such column. Order columns are
// read from the first row of each order that has them (continuation rows inherit them).
struct CsvColumnMapping {
  // Required.
  std::string order_id = "Name";
  std::string created_at = "Created at";
  std::string quantity = "Lineitem quantity";
  std::string unit_price = "Lineitem price";
  // Optional.
  std::string sku = "Lineitem sku";
  std::string line_name = "Lineitem name";
  std::string line_discount = "Lineitem discount";
  std::string currency = "Currency";
  std::string total = "Total";
  std::string email = "Email";
  std::string customer_id;  // Shopify's export has none: the email identifies the customer
  std::string financial_status = "Financial Status";
  std::string fulfillment_status = "Fulfillment Status";
  std::string cancelled_at = "Cancelled at";
  std::string refunded_amount = "Refunded Amount";
  std::string ship_country = "Shipping Country";
  std::string ship_state = "Shipping Province";
  std::string po_number;
  char delimiter = ',';

  // {"order_id":"Invoice","created_at":"Date",...,"delimiter":";"}: the keys are the member
  // names above; absent keys keep the Shopify defaults, "" drops an optional column.
  // InvalidArgument naming an unknown key or a missing required one.
  static Result<CsvColumnMapping> FromJson(const boost::json::object& json);
};

// An adapter registered (or used) under `channel` that reads exports laid out by `mapping`.
std::unique_ptr<ChannelAdapter> NewCsvAdapter(CsvColumnMapping mapping, std::string channel = "csv");

}  // namespace affinity

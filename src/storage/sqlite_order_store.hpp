// SqliteOrderStore: the embedded OrderStore. It lives in the catalog's database file
// (<data_dir>/affinity.db, SqliteStore::kFileName) in tables of its own, through a connection of its
// own (WAL, synchronous=FULL, a busy timeout), so order intake and catalog edits never share a
// transaction but may wait briefly for each other's commits. Each Apply is one transaction: once it
// returns OK the orders survive kill -9 and power loss; an interrupted Apply leaves no trace.
//
// Schema (created with CREATE TABLE IF NOT EXISTS on open):
//   orders(id PK, channel, account, external_id, customer_id, placed_at, currency, status,
//          total_minor, source_version, version, lines)  -- lines: a JSON array of
//          {"sku","name","quantity","unit_price_minor","discount_minor"[,"unresolved":true]}
//   indexes on customer_id and on (channel, account).
//
// Thread-compatible: the OrderBook serialises writers; do not call Apply concurrently.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orders/order_store.hpp"
#include "storage/sqlite_db.hpp"

namespace affinity {

class SqliteOrderStore : public OrderStore {
 public:
  // Opens or creates `data_dir`/affinity.db and its order tables. Returns Internal or Unavailable
  // when the directory or file cannot be used.
  static Result<std::unique_ptr<SqliteOrderStore>> Open(const std::string& data_dir);

  Status Apply(const std::vector<Order>& put) override;
  // Every stored order, by (placed_at, id). Internal names an order whose row cannot be read.
  Result<std::vector<Order>> Load() override;

 private:
  explicit SqliteOrderStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status ApplyInTransaction(const std::vector<Order>& put);

  std::unique_ptr<SqliteDb> db_;
};

}  // namespace affinity

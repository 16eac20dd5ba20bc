#include "storage/sqlite_order_store.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>

#include "storage/sqlite_store.hpp"

namespace affinity {
namespace json = boost::json;
namespace {

constexpr const char* kSchema = R"sql(
  CREATE TABLE IF NOT EXISTS orders (
    id             TEXT PRIMARY KEY,
    channel        TEXT NOT NULL,
    account        TEXT NOT NULL,
    external_id    TEXT NOT NULL,
    customer_id    TEXT NOT NULL,     -- '' for guest orders
    placed_at      INTEGER NOT NULL,  -- Unix seconds, UTC
    currency       TEXT NOT NULL,
    status         TEXT NOT NULL,     -- placed | paid | fulfilled | cancelled | refunded
    total_minor    INTEGER NOT NULL,
    source_version INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    lines          TEXT NOT NULL      -- JSON array, see sqlite_order_store.hpp
  );
  CREATE INDEX IF NOT EXISTS orders_customer ON orders(customer_id);
  CREATE INDEX IF NOT EXISTS orders_channel_account ON orders(channel, account);
)sql";

std::string LinesToText(const std::vector<OrderLine>& lines) {
  json::array a;
  a.reserve(lines.size());
  for (const OrderLine& l : lines) {
    json::object o;
    o["sku"] = l.sku;
    o["name"] = l.name;
    o["quantity"] = l.quantity;
    o["unit_price_minor"] = l.unit_price_minor;
    o["discount_minor"] = l.discount_minor;
    if (l.unresolved) o["unresolved"] = true;
    a.emplace_back(std::move(o));
  }
  return json::serialize(a);
}

bool LinesFromText(std::string_view text, std::vector<OrderLine>* lines) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return false;
  lines->reserve(v.as_array().size());
  for (const json::value& e : v.as_array()) {
    const json::object* o = e.if_object();
    if (!o) return false;
    OrderLine l;
    const json::value* sku = o->if_contains("sku");
    const json::value* name = o->if_contains("name");
    const json::value* qty = o->if_contains("quantity");
    const json::value* price = o->if_contains("unit_price_minor");
    const json::value* discount = o->if_contains("discount_minor");
    if (!sku || !sku->is_string() || !name || !name->is_string() || !qty || !qty->is_int64() ||
        !price || !price->is_int64() || !discount || !discount->is_int64()) {
      return false;
    }
    l.sku = std::string(sku->as_string());
    l.name = std::string(name->as_string());
    l.quantity = qty->as_int64();
    l.unit_price_minor = price->as_int64();
    l.discount_minor = discount->as_int64();
    const json::value* unresolved = o->if_contains("unresolved");
    l.unresolved = unresolved && unresolved->is_bool() && unresolved->as_bool();
    lines->push_back(std::move(l));
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<SqliteOrderStore>> SqliteOrderStore::Open(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return Status::Internal(
        fmt::format("cannot create data directory '{}': {}", data_dir, ec.message()));
  }
  auto db = SqliteDb::Open((std::filesystem::path(data_dir) / SqliteStore::kFileName).string());
  if (!db.ok()) return db.status();
  std::unique_ptr<SqliteOrderStore> store(new SqliteOrderStore(std::move(db).value()));
  AFFINITY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA busy_timeout=5000"));
  AFFINITY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA journal_mode=WAL"));
  AFFINITY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA synchronous=FULL"));
  AFFINITY_RETURN_IF_ERROR(store->db_->Exec(kSchema));
  return store;
}

Status SqliteOrderStore::Apply(const std::vector<Order>& put) {
  if (put.empty()) return Status::Ok();
  AFFINITY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  Status st = ApplyInTransaction(put);
  if (st.ok()) st = db_->Exec("COMMIT");
  if (!st.ok()) (void)db_->Exec("ROLLBACK");
  return st;
}

Status SqliteOrderStore::ApplyInTransaction(const std::vector<Order>& put) {
  auto stmt = db_->Prepare(
      "INSERT OR REPLACE INTO orders (id, channel, account, external_id, customer_id, placed_at, "
      "currency, status, total_minor, source_version, version, lines) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt.ok()) return stmt.status();
  for (const Order& o : put) {
    stmt->Bind(1, o.id).Bind(2, o.channel).Bind(3, o.account).Bind(4, o.external_id);
    stmt->Bind(5, o.customer_id).Bind(6, o.placed_at).Bind(7, o.currency);
    stmt->Bind(8, std::string_view(OrderStatusName(o.status))).Bind(9, o.total_minor);
    stmt->Bind(10, o.source_version).Bind(11, o.version).Bind(12, LinesToText(o.lines));
    AFFINITY_RETURN_IF_ERROR(stmt->Run());
  }
  return Status::Ok();
}

Result<std::vector<Order>> SqliteOrderStore::Load() {
  auto q = db_->Prepare(
      "SELECT id, channel, account, external_id, customer_id, placed_at, currency, status, "
      "total_minor, source_version, version, lines FROM orders ORDER BY placed_at, id");
  if (!q.ok()) return q.status();
  std::vector<Order> out;
  Status st;
  while (q->Step(&st)) {
    Order o;
    o.id = q->Text(0);
    o.channel = q->Text(1);
    o.account = q->Text(2);
    o.external_id = q->Text(3);
    o.customer_id = q->Text(4);
    o.placed_at = q->Int(5);
    o.currency = q->Text(6);
    const std::string status = q->Text(7);
    std::optional<OrderStatus> parsed = ParseOrderStatus(status);
    if (!parsed) {
      return Status::Internal(
          fmt::format("stored order '{}' has an unknown status '{}'", o.id, status));
    }
    o.status = *parsed;
    o.total_minor = q->Int(8);
    o.source_version = q->Int(9);
    o.version = q->Int(10);
    if (!LinesFromText(q->Text(11), &o.lines)) {
      return Status::Internal(fmt::format("stored order '{}' has unreadable lines", o.id));
    }
    out.push_back(std::move(o));
  }
  AFFINITY_RETURN_IF_ERROR(st);
  return out;
}

}  // namespace affinity

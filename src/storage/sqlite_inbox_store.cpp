// SqliteInboxStore: schema, the group-committed Append, and the delivery life cycle (Get, Due,
// Settle, Requeue). Failure queries, replays and source counts are in sqlite_inbox_queries.cpp.
#include "storage/sqlite_inbox_store.hpp"

#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "storage/sqlite_inbox_rows.hpp"

namespace affinity {
namespace {

constexpr const char* kSchema = R"sql(
  CREATE TABLE IF NOT EXISTS inbox (
    id               INTEGER PRIMARY KEY,
    channel          TEXT NOT NULL,
    account          TEXT NOT NULL,
    delivery_id      TEXT NOT NULL,     -- '' when the sender gives none
    source           TEXT NOT NULL,
    headers          TEXT NOT NULL,     -- JSON object, lower-cased names
    body             BLOB NOT NULL,     -- the bytes as received
    received_at      INTEGER NOT NULL,
    state            TEXT NOT NULL,     -- pending | done | failed
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    first_failure_at INTEGER NOT NULL,
    last_failure_at  INTEGER NOT NULL,
    processed_at     INTEGER NOT NULL,
    failed           INTEGER NOT NULL,
    stored_orders    INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS inbox_delivery_id ON inbox(channel, account, delivery_id)
    WHERE delivery_id <> '';
  -- Due walks pending rows in id order and skips those not due yet (few: retries only).
  CREATE INDEX IF NOT EXISTS inbox_pending ON inbox(state, id);
  CREATE INDEX IF NOT EXISTS inbox_processed ON inbox(processed_at);
  CREATE TABLE IF NOT EXISTS intake_failures (
    id               INTEGER PRIMARY KEY,
    delivery         INTEGER NOT NULL REFERENCES inbox(id),
    channel          TEXT NOT NULL,
    account          TEXT NOT NULL,
    order_id         TEXT NOT NULL,
    kind             TEXT NOT NULL,     -- dead_letter | parked
    class            TEXT NOT NULL,     -- transient | unresolved | permanent
    stage            TEXT NOT NULL,
    field            TEXT NOT NULL,
    message          TEXT NOT NULL,
    cause            TEXT NOT NULL,
    value_minor      INTEGER NOT NULL,
    currency         TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    first_failure_at INTEGER NOT NULL,
    last_failure_at  INTEGER NOT NULL,
    state            TEXT NOT NULL,     -- open | replayed | resolved
    closed_at        INTEGER NOT NULL,
    closed_by        TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS intake_failures_state ON intake_failures(state, kind);
  CREATE INDEX IF NOT EXISTS intake_failures_delivery ON intake_failures(delivery);
  CREATE INDEX IF NOT EXISTS intake_failures_order ON intake_failures(order_id, state);
  CREATE TABLE IF NOT EXISTS intake_replays (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    dry_run    INTEGER NOT NULL,
    request    TEXT NOT NULL,
    failures   TEXT NOT NULL,           -- JSON array of failure ids
    deliveries TEXT NOT NULL,           -- JSON array of inbox ids requeued
    summary    TEXT NOT NULL
  );
)sql";

std::string HeadersToText(const DeliveryHeaders& headers) {
  boost::json::object o;
  for (const auto& [name, value] : headers.values()) o[name] = value;
  return boost::json::serialize(o);
}

}  // namespace

struct SqliteInboxStore::Waiter {
  const InboxEntry* entry = nullptr;
  Result<AppendOutcome> result = Status::Internal("not committed");
  bool done = false;
};

Result<std::unique_ptr<SqliteInboxStore>> SqliteInboxStore::Open(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return Status::Internal(
        fmt::format("cannot create data directory '{}': {}", data_dir, ec.message()));
  }
  auto db = SqliteDb::Open((std::filesystem::path(data_dir) / kFileName).string());
  if (!db.ok()) return db.status();
  std::unique_ptr<SqliteInboxStore> store(new SqliteInboxStore(std::move(db).value()));
  AFFINITY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA busy_timeout=5000"));
  AFFINITY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA journal_mode=WAL"));
  AFFINITY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA synchronous=FULL"));
  AFFINITY_RETURN_IF_ERROR(store->db_->Exec(kSchema));
  return store;
}

template <typename Fn>
Status SqliteInboxStore::InTransaction(Fn&& body) {
  AFFINITY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  Status st = body();
  if (st.ok()) st = db_->Exec("COMMIT");
  if (!st.ok()) (void)db_->Exec("ROLLBACK");
  return st;
}

Result<AppendOutcome> SqliteInboxStore::Append(const InboxEntry& entry) {
  Waiter me;
  me.entry = &entry;
  std::unique_lock lock(queue_mu_);
  queue_.push_back(&me);
  while (!me.done) {
    if (committing_) {
      queue_cv_.wait(lock);
      continue;
    }
    // Lead: take everything queued (this call's entry included) into one transaction.
    committing_ = true;
    std::vector<Waiter*> group;
    group.swap(queue_);
    lock.unlock();
    {
      std::lock_guard db_lock(db_mu_);
      CommitGroup(group);
    }
    lock.lock();
    for (Waiter* w : group) w->done = true;
    committing_ = false;
    queue_cv_.notify_all();
  }
  return std::move(me.result);
}

void SqliteInboxStore::CommitGroup(const std::vector<Waiter*>& group) {
  std::vector<AppendOutcome> outcomes(group.size());
  Status st = InTransaction([&]() -> Status {
    auto find = db_->Prepare(
        "SELECT id FROM inbox WHERE channel = ? AND account = ? AND delivery_id = ? "
        "AND delivery_id <> ''");  // the last term lets SQLite use the partial index
    if (!find.ok()) return find.status();
    auto insert = db_->Prepare(
        "INSERT INTO inbox (channel, account, delivery_id, source, headers, body, received_at, "
        "state, attempts, next_attempt_at, first_failure_at, last_failure_at, processed_at, "
        "failed, stored_orders) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!insert.ok()) return insert.status();
    for (std::size_t i = 0; i < group.size(); ++i) {
      const InboxEntry& e = *group[i]->entry;
      if (!e.delivery_id.empty()) {
        find->Bind(1, e.delivery.channel).Bind(2, e.delivery.account).Bind(3, e.delivery_id);
        Status step;
        const bool found = find->Step(&step);
        const std::int64_t id = found ? find->Int(0) : 0;
        find->Reset();
        AFFINITY_RETURN_IF_ERROR(step);
        if (found) {
          outcomes[i] = AppendOutcome{id, true};
          continue;
        }
      }
      insert->Bind(1, e.delivery.channel).Bind(2, e.delivery.account).Bind(3, e.delivery_id);
      insert->Bind(4, e.source).Bind(5, HeadersToText(e.delivery.headers));
      insert->BindBlob(6, e.delivery.body).Bind(7, e.delivery.received_at);
      insert->Bind(8, std::string_view(DeliveryStateName(e.state)))
          .Bind(9, std::int64_t{e.attempts});
      insert->Bind(10, e.next_attempt_at).Bind(11, e.first_failure_at).Bind(12, e.last_failure_at);
      insert->Bind(13, e.processed_at).Bind(14, std::int64_t{e.failed});
      insert->Bind(15, e.stored_orders);
      AFFINITY_RETURN_IF_ERROR(insert->Run());
      outcomes[i] = AppendOutcome{sqlite3_last_insert_rowid(db_->handle()), false};
    }
    return Status::Ok();
  });
  if (st.ok()) ++append_commits_;
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (st.ok())
      group[i]->result = outcomes[i];
    else
      group[i]->result = st;
  }
}

std::size_t SqliteInboxStore::append_commits() const {
  std::lock_guard lock(db_mu_);
  return append_commits_;
}

Result<std::optional<InboxEntry>> SqliteInboxStore::Get(std::int64_t id) {
  std::lock_guard lock(db_mu_);
  auto q = db_->Prepare(std::string(kInboxColumns) + " WHERE id = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, id);
  Status st;
  if (!q->Step(&st)) {
    AFFINITY_RETURN_IF_ERROR(st);
    return std::optional<InboxEntry>();
  }
  return std::optional<InboxEntry>(ReadInboxRow(*q));
}

Result<std::vector<InboxEntry>> SqliteInboxStore::Due(std::int64_t now, std::size_t limit) {
  std::lock_guard lock(db_mu_);
  auto q = db_->Prepare(std::string(kInboxColumns) +
                        " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?");
  if (!q.ok()) return q.status();
  q->Bind(1, now).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<InboxEntry> out;
  Status st;
  while (q->Step(&st)) out.push_back(ReadInboxRow(*q));
  AFFINITY_RETURN_IF_ERROR(st);
  return out;
}

Status SqliteInboxStore::Settle(const std::vector<Settlement>& settlements) {
  if (settlements.empty()) return Status::Ok();
  std::lock_guard lock(db_mu_);
  return InTransaction([&]() -> Status {
    for (const Settlement& s : settlements) AFFINITY_RETURN_IF_ERROR(SettleOne(s));
    return Status::Ok();
  });
}

Status SqliteInboxStore::SettleOne(const Settlement& s) {
  auto update = db_->Prepare(
      "UPDATE inbox SET state = ?, attempts = ?, next_attempt_at = ?, first_failure_at = ?, "
      "last_failure_at = ?, processed_at = ?, failed = ?, stored_orders = ? WHERE id = ?");
  if (!update.ok()) return update.status();
  update->Bind(1, std::string_view(DeliveryStateName(s.state))).Bind(2, std::int64_t{s.attempts});
  update->Bind(3, s.next_attempt_at).Bind(4, s.first_failure_at).Bind(5, s.last_failure_at);
  update->Bind(6, s.processed_at).Bind(7, std::int64_t{s.failed}).Bind(8, s.stored_orders);
  update->Bind(9, s.delivery);
  AFFINITY_RETURN_IF_ERROR(update->Run());
  if (sqlite3_changes(db_->handle()) == 0) {
    return Status::NotFound(fmt::format("inbox entry {} does not exist", s.delivery));
  }
  // Supersede the delivery's open failures, remembering each order's first failure and attempts.
  std::map<std::string, std::pair<std::int64_t, int>> earlier;  // order_id -> (first, attempts)
  {
    auto open = db_->Prepare(
        "SELECT order_id, first_failure_at, attempts FROM intake_failures "
        "WHERE delivery = ? AND state = 'open'");
    if (!open.ok()) return open.status();
    open->Bind(1, s.delivery);
    Status st;
    while (open->Step(&st)) {
      earlier[open->Text(0)] = {open->Int(1), static_cast<int>(open->Int(2))};
    }
    AFFINITY_RETURN_IF_ERROR(st);
  }
  auto close = db_->Prepare(
      "UPDATE intake_failures SET state = 'resolved', closed_at = ?, closed_by = 'superseded' "
      "WHERE delivery = ? AND state = 'open'");
  if (!close.ok()) return close.status();
  AFFINITY_RETURN_IF_ERROR(close->Bind(1, s.processed_at).Bind(2, s.delivery).Run());
  for (IntakeFailure f : s.failures) {
    f.delivery = s.delivery;
    f.state = FailureState::kOpen;
    if (auto it = earlier.find(f.order_id); it != earlier.end()) {
      f.first_failure_at = std::min(f.first_failure_at, it->second.first);
      f.attempts += it->second.second;
    }
    AFFINITY_RETURN_IF_ERROR(InsertFailure(f));
  }
  if (!s.stored_order_ids.empty()) {
    auto resolve = db_->Prepare(
        "UPDATE intake_failures SET state = 'resolved', closed_at = ?, closed_by = ? "
        "WHERE order_id = ? AND state = 'open' AND kind = 'parked' AND delivery <> ?");
    if (!resolve.ok()) return resolve.status();
    const std::string by = fmt::format("stored by delivery {}", s.delivery);
    for (const std::string& id : s.stored_order_ids) {
      resolve->Bind(1, s.processed_at).Bind(2, by).Bind(3, id).Bind(4, s.delivery);
      AFFINITY_RETURN_IF_ERROR(resolve->Run());
    }
  }
  return Status::Ok();
}

Status SqliteInboxStore::InsertFailure(const IntakeFailure& f) {
  auto insert = db_->Prepare(
      "INSERT INTO intake_failures (delivery, channel, account, order_id, kind, class, stage, "
      "field, message, cause, value_minor, currency, attempts, first_failure_at, "
      "last_failure_at, state, closed_at, closed_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, f.delivery).Bind(2, f.channel).Bind(3, f.account).Bind(4, f.order_id);
  insert->Bind(5, std::string_view(FailureKindName(f.kind)));
  insert->Bind(6, std::string_view(IntakeErrorClassName(f.error.error_class)));
  insert->Bind(7, f.error.stage).Bind(8, f.error.field).Bind(9, f.error.message);
  insert->Bind(10, f.cause).Bind(11, f.value_minor).Bind(12, f.currency);
  insert->Bind(13, std::int64_t{f.attempts}).Bind(14, f.first_failure_at);
  insert->Bind(15, f.last_failure_at).Bind(16, std::string_view(FailureStateName(f.state)));
  insert->Bind(17, f.closed_at).Bind(18, f.closed_by);
  return insert->Run();
}

Result<std::int64_t> SqliteInboxStore::Requeue(const std::vector<std::int64_t>& failure_ids,
                                               const std::string& closed_by, std::int64_t now,
                                               std::optional<ReplayRecord> record) {
  std::lock_guard lock(db_mu_);
  std::int64_t record_id = 0;
  Status st = InTransaction([&]() -> Status {
    auto find =
        db_->Prepare("SELECT delivery FROM intake_failures WHERE id = ? AND state = 'open'");
    auto close = db_->Prepare(
        "UPDATE intake_failures SET state = 'replayed', closed_at = ?, closed_by = ? WHERE id = ?");
    auto pend = db_->Prepare(
        "UPDATE inbox SET state = 'pending', attempts = 0, next_attempt_at = ?, "
        "first_failure_at = 0, last_failure_at = 0 WHERE id = ?");
    if (!find.ok()) return find.status();
    if (!close.ok()) return close.status();
    if (!pend.ok()) return pend.status();
    std::set<std::int64_t> deliveries;
    for (std::int64_t id : failure_ids) {
      find->Bind(1, id);
      Status step;
      const bool open = find->Step(&step);
      const std::int64_t delivery = open ? find->Int(0) : 0;
      find->Reset();
      AFFINITY_RETURN_IF_ERROR(step);
      if (!open) continue;
      AFFINITY_RETURN_IF_ERROR(close->Bind(1, now).Bind(2, closed_by).Bind(3, id).Run());
      deliveries.insert(delivery);
    }
    for (std::int64_t d : deliveries) AFFINITY_RETURN_IF_ERROR(pend->Bind(1, now).Bind(2, d).Run());
    if (record) {
      record->deliveries.assign(deliveries.begin(), deliveries.end());
      Result<std::int64_t> id = InsertReplay(*record);
      if (!id.ok()) return id.status();
      record_id = *id;
    }
    return Status::Ok();
  });
  AFFINITY_RETURN_IF_ERROR(st);
  return record_id;
}

Result<std::int64_t> SqliteInboxStore::RecordReplay(const ReplayRecord& record) {
  std::lock_guard lock(db_mu_);
  return InsertReplay(record);
}

}  // namespace affinity

// InboxStore: the port through which the intake keeps deliveries durably, from the moment they are
// accepted (the 202) until they are processed, and keeps every failure: dead letters and parked
// orders, with enough context to replay them. Adapters: SqliteInboxStore (src/storage, the embedded
// default) and MemoryInboxStore (tests).
//
// Life of a delivery: Append (state pending) -> the worker takes it from Due -> Settle records the
// outcome: done (processed; some of its orders may have failed: see IntakeFailure), pending again
// with a later next_attempt_at (a transient failure, retried), or failed (the whole delivery could
// not be used: unparseable, or retries exhausted). A replay (Requeue) makes a delivery pending
// again.
//
// Thread safety: implementations must allow concurrent calls (the HTTP threads Append while the
// worker settles).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "intake/channel_adapter.hpp"

namespace affinity {

enum class DeliveryState {
  kPending,  // waiting to be processed (again, when next_attempt_at is in the future)
  kDone,     // processed
  kFailed,   // unusable as a whole: its dead letter says why
};
const char* DeliveryStateName(DeliveryState s);  // "pending", "done", "failed"
std::optional<DeliveryState> ParseDeliveryState(std::string_view name);

// One delivery in the inbox.
struct InboxEntry {
  std::int64_t id = 0;   // assigned by Append: 1, 2, ... in arrival order
  RawDelivery delivery;  // channel, account, body, headers, received_at (default_currency unused)
  std::string delivery_id;  // the sender's delivery id (ChannelAdapter::DeliveryId); "" = none
  std::string source;       // how it came: "http", "file:<name>", "cli"
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;                   // processing attempts so far
  std::int64_t next_attempt_at = 0;   // Unix seconds; due when <= now
  std::int64_t first_failure_at = 0;  // of the current run of transient failures; 0 = none
  std::int64_t last_failure_at = 0;
  std::int64_t processed_at = 0;   // the last Settle; 0 = never
  bool failed = false;             // the last processing produced a dead letter or a retry
  std::int64_t stored_orders = 0;  // orders stored (new or updated) by the last processing
};

enum class FailureKind {
  kDeadLetter,  // permanent (or retries exhausted): needs a fix and a replay
  kParked,      // waits for something (a SKU, companion data) and is retried when it may be there
};
const char* FailureKindName(FailureKind k);  // "dead_letter", "parked"
std::optional<FailureKind> ParseFailureKind(std::string_view name);

enum class FailureState {
  kOpen,
  kReplayed,  // requeued by a replay or a catalog change; a new failure is opened if it fails again
  kResolved,  // the order arrived complete through another delivery, or a later processing
              // of the same delivery superseded it
};
const char* FailureStateName(FailureState s);  // "open", "replayed", "resolved"
std::optional<FailureState> ParseFailureState(std::string_view name);

// One failure: of a whole delivery (order_id "") or of one order in it.
struct IntakeFailure {
  std::int64_t id = 0;        // assigned by Settle
  std::int64_t delivery = 0;  // InboxEntry::id; its payload is the original
  std::string channel;
  std::string account;
  std::string order_id;  // canonical order id when the order was identified; "" otherwise
  FailureKind kind = FailureKind::kDeadLetter;
  IntakeError error;             // class, stage, field, message
  std::string cause;             // the grouping key for triage (FailureCause)
  std::int64_t value_minor = 0;  // the blocked order's total when known
  std::string currency;          // of value_minor; "" when unknown
  int attempts = 1;
  std::int64_t first_failure_at = 0;
  std::int64_t last_failure_at = 0;
  FailureState state = FailureState::kOpen;
  std::int64_t closed_at = 0;  // 0 while open
  std::string closed_by;       // "replay 3", "catalog change", "stored by delivery 12", ...
};

// What processing one delivery came to; Settle applies a batch of them atomically.
struct Settlement {
  std::int64_t delivery = 0;
  DeliveryState state = DeliveryState::kDone;
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::int64_t first_failure_at = 0;
  std::int64_t last_failure_at = 0;
  std::int64_t processed_at = 0;
  bool failed = false;
  std::int64_t stored_orders = 0;
  // The delivery's failures now. Its open failures are closed first (state resolved, closed_by
  // "superseded"); a new failure of the same order keeps their first_failure_at and counts on
  // their attempts.
  std::vector<IntakeFailure> failures;
  // Canonical ids of orders stored complete: their open parked failures in other deliveries are
  // resolved ("stored by delivery <delivery>").
  std::vector<std::string> stored_order_ids;
};

struct FailureFilter {
  std::vector<std::int64_t> ids;  // empty = any
  std::string channel;            // "" = any
  std::string account;
  std::optional<FailureKind> kind;
  std::optional<IntakeErrorClass> error_class;
  std::optional<FailureState> state = FailureState::kOpen;  // nullopt = any
  std::int64_t from = 0;                                    // last_failure_at >= from
  std::int64_t to = 0;                                      // last_failure_at < to; 0 = no bound
  std::int64_t delivery = 0;                                // 0 = any
  std::size_t limit = 1000;
};

// A replay as recorded: who asked for what, and what it selected.
struct ReplayRecord {
  std::int64_t id = 0;  // assigned by Requeue
  std::int64_t at = 0;
  bool dry_run = false;
  std::string request;                   // the request as JSON text (ids or filter)
  std::vector<std::int64_t> failures;    // the dead letters selected
  std::vector<std::int64_t> deliveries;  // the deliveries requeued (none on a dry run)
  std::string summary;                   // "3 dead letters, 2 deliveries requeued"
};

// Per (channel, account) counts for source health.
struct SourceStats {
  std::string channel;
  std::string account;
  std::int64_t received = 0;               // deliveries ever appended
  std::int64_t backlog = 0;                // pending deliveries
  std::int64_t retrying = 0;               // pending deliveries with at least one failed attempt
  std::int64_t oldest_pending_at = 0;      // received_at of the oldest pending delivery; 0 = none
  std::int64_t parked = 0;                 // open parked failures
  std::int64_t dead_letters = 0;           // open dead letters
  std::int64_t oldest_dead_letter_at = 0;  // first_failure_at of the oldest open one; 0 = none
  std::int64_t last_success_at =
      0;  // processed_at of the latest delivery processed without failure
  std::int64_t last_failure_at = 0;   // processed_at of the latest one processed with a failure
  std::int64_t recent_processed = 0;  // deliveries processed at or after `since`
  std::int64_t recent_failed = 0;     // of those, processed with a failure
};

struct AppendOutcome {
  std::int64_t id = 0;     // the new entry, or the original when a duplicate
  bool duplicate = false;  // the (channel, account, delivery_id) was already in the inbox
};

class InboxStore {
 public:
  virtual ~InboxStore() = default;

  // Stores `entry` (its id is ignored) durably: once this returns OK the delivery survives kill -9.
  // A non-empty delivery_id already appended for the same channel and account is a duplicate:
  // nothing is written and the original's id is returned. Unavailable when busy (retry).
  virtual Result<AppendOutcome> Append(const InboxEntry& entry) = 0;
  // The entry, or nullopt.
  virtual Result<std::optional<InboxEntry>> Get(std::int64_t id) = 0;
  // Up to `limit` pending entries with next_attempt_at <= now, oldest id first.
  virtual Result<std::vector<InboxEntry>> Due(std::int64_t now, std::size_t limit) = 0;
  // Applies every settlement in one transaction (all or nothing); assigns failure ids.
  virtual Status Settle(const std::vector<Settlement>& settlements) = 0;
  // Failures matching `filter`, oldest first (by id).
  virtual Result<std::vector<IntakeFailure>> Failures(const FailureFilter& filter) = 0;
  // In one transaction: closes the open failures `failure_ids` (state replayed, closed_by
  // `closed_by`), makes their deliveries pending and due at `now` with attempts 0 and, when
  // `record` is given, stores it (its deliveries are filled in) and returns its id; 0 otherwise.
  // Failures that are not open are skipped.
  virtual Result<std::int64_t> Requeue(const std::vector<std::int64_t>& failure_ids,
                                       const std::string& closed_by, std::int64_t now,
                                       std::optional<ReplayRecord> record) = 0;
  // Stores a dry-run record (nothing requeued); returns its id.
  virtual Result<std::int64_t> RecordReplay(const ReplayRecord& record) = 0;
  // The latest `limit` replay records, newest first.
  virtual Result<std::vector<ReplayRecord>> Replays(std::size_t limit) = 0;
  // One SourceStats per (channel, account) that has any delivery, sorted by channel then account;
  // recent_* count deliveries processed at or after `since`.
  virtual Result<std::vector<SourceStats>> Sources(std::int64_t since) = 0;
};

}  // namespace affinity

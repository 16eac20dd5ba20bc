// IntakeService: the one governed flow every sales channel's orders go through (DESIGN.md, Data
// flow: intake). Receive stores a delivery durably in the inbox and returns at once (the HTTP 202);
// a worker then takes due deliveries in batches and runs the pipeline (intake_pipeline.hpp): parse
// -> map -> validate -> resolve SKUs -> store in the OrderBook, and settles each delivery in the
// inbox with its outcome.
//
// Exactly once: an order reaches the book through OrderBook::Upsert, which dedupes by canonical id
// ("<channel>:<account>:<external id>") and source version. A delivery is settled only after its
// orders are stored, so a crash in between reprocesses it and the re-store is a no-op. Deliveries
// are deduped before that by the sender's delivery id (X-Shopify-Webhook-Id, ...), in the inbox.
//
// Error classes decide what happens (inbox_store.hpp keeps the record):
//   transient (the order store unavailable): the delivery is retried with backoff (RetryPolicy)
//     and dead-lettered when retries run out;
//   unresolved: unknown SKUs are stored flagged (or parked, per account profile) and resolved again
//     when the catalog changes; orders awaiting companion data are parked until they arrive;
//   permanent (unparseable, invalid): dead-lettered at once, kept for replay.
//
// Thread safety: every method may be called from any thread. One pass runs at a time (the worker,
// or a caller of ProcessDue such as the CLI).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "intake/csv_adapter.hpp"
#include "intake/failure_triage.hpp"
#include "intake/inbox_store.hpp"
#include "intake/intake_pipeline.hpp"
#include "intake/retry_policy.hpp"
#include "intake/validation_profile.hpp"
#include "orders/order_book.hpp"

namespace affinity {

// The delivery id of a channel that sends none (exports, REST pages), when the sender gives one:
// the file drop sets it to the file's name and content hash.
inline constexpr char kGenericDeliveryIdHeader[] = "Idempotency-Key";

// What the intake needs of the catalog.
struct IntakeCatalog {
  SkuKnown known;  // empty: every SKU counts as known
  // A token that changes whenever the catalog may have changed (the engine's snapshot); a change
  // triggers re-resolution of unresolved lines and parked orders. Empty: never.
  std::function<std::shared_ptr<const void>()> state;
};

struct IntakeOptions {
  ValidationProfiles profiles;
  std::map<std::string, CsvColumnMapping> csv_columns;  // by account, for channel "csv"
  RetryPolicy retry;
  std::size_t batch = 64;                        // deliveries per pass step (one store write)
  std::int64_t health_window_seconds = 900;      // error rates count deliveries this recent
  std::chrono::milliseconds poll_interval{250};  // the worker's idle wake-up

  // {"profiles": {...ValidationProfiles...}, "csv_columns": {"<account>": {...mapping...}},
  //  "retry": {...RetryPolicy...}, "batch": 64, "health_window_seconds": 900}; every key optional.
  // InvalidArgument naming the first bad part.
  static Result<IntakeOptions> FromJson(const boost::json::object& json);
};

struct Receipt {
  std::int64_t delivery = 0;  // inbox id (the original's when a duplicate)
  bool duplicate = false;     // the sender's delivery id was seen before: nothing stored
  std::string delivery_id;    // the sender's id, "" when the channel sends none
};

struct PassReport {
  std::size_t deliveries = 0;     // settled in this pass
  std::size_t orders_stored = 0;  // accepted orders written (new, updated or already held)
  std::size_t dead_letters = 0;
  std::size_t parked = 0;
  std::size_t retries = 0;     // deliveries scheduled for another attempt
  std::size_t reresolved = 0;  // stored orders whose unresolved lines became known
  std::size_t unparked = 0;    // parked orders requeued after a catalog change
};

struct SourceHealth {
  SourceStats stats;
  double error_rate = 0;  // recent_failed / recent_processed; 0 when none processed recently
  bool failing = false;
  std::vector<std::string> reasons;  // why it is failing; empty when healthy
};

struct ReplayRequest {
  std::vector<std::int64_t> ids;  // dead-letter ids; when empty, `filter` selects
  FailureFilter filter;           // its state is forced to open and kind to dead letter
  bool dry_run = false;
  std::string request_json;  // recorded as given
};

struct ReplayItem {
  IntakeFailure failure;  // as it was when selected
  // dry run: "would_store", "would_park" or "would_fail"; otherwise "requeued".
  std::string outcome;
  std::size_t orders = 0;  // orders of its delivery that would be stored (dry run)
  std::string error;       // why it would still fail (dry run)
};

struct ReplayReport {
  std::int64_t id = 0;  // the replay record
  bool dry_run = false;
  std::vector<ReplayItem> items;
  std::size_t deliveries = 0;  // requeued (0 on a dry run)
};

struct DeliveryView {
  InboxEntry entry;
  std::vector<IntakeFailure> failures;  // every failure it ever had, oldest first
};

class IntakeService {
 public:
  using Clock = std::function<std::int64_t()>;  // Unix seconds

  // `inbox` and `orders` must outlive the service. An empty clock uses the system clock.
  IntakeService(InboxStore& inbox, OrderBook& orders, IntakeCatalog catalog, IntakeOptions options,
                Clock clock = {}, std::uint64_t seed = std::random_device{}());
  ~IntakeService();  // stops the worker

  // Stores `delivery` durably (received_at set from the clock) and wakes the worker. Its delivery
  // id is the channel's (ChannelAdapter::DeliveryId) or else the Idempotency-Key header. NotFound
  // for an unknown channel (naming the channels), InvalidArgument for a bad account or an empty
  // body, or the store's error (Unavailable: retry). `source`: "http", "file:<name>", "cli".
  Result<Receipt> Receive(RawDelivery delivery, std::string source);

  // Starts / stops the background worker (idempotent).
  void Start();
  void Stop();

  // One pass: re-resolution after a catalog change, then every due delivery in batches. Returns
  // what it did, or the inbox's error (what was settled before it stays settled).
  Result<PassReport> ProcessDue();

  Result<std::optional<DeliveryView>> Delivery(std::int64_t id);
  Result<std::vector<IntakeFailure>> Failures(const FailureFilter& filter);
  // Requeues the selected open dead letters (recorded), or on a dry run only reports what
  // processing them now would do (recorded too). InvalidArgument when nothing is selected.
  Result<ReplayReport> Replay(const ReplayRequest& request);
  Result<std::vector<ReplayRecord>> Replays(std::size_t limit);
  Result<std::vector<SourceHealth>> Sources();
  // "channel/account" of every failing source, recomputed at most once a second (for /readyz).
  std::vector<std::string> FailingSources();
  // Open failures grouped by cause and ranked by impact.
  Result<std::vector<FailureGroup>> Triage();

  // The adapter for `channel` as configured for `account` (the CSV column mapping), or nullptr.
  const ChannelAdapter* AdapterFor(std::string_view channel, std::string_view account) const;

 private:
  struct Worked {  // one delivery's pipeline result within a batch
    const InboxEntry* entry = nullptr;
    DeliveryOutcome outcome;
  };
  std::int64_t Now() const;
  Status HandleCatalogChange(PassReport* report);
  Result<std::size_t> ProcessBatch(std::vector<InboxEntry> batch, PassReport* report);
  Worked Work(const InboxEntry& entry) const;
  void AddCancellations(std::vector<Order>* orders, const std::vector<Worked>& worked) const;
  void WorkerLoop();

  InboxStore& inbox_;
  OrderBook& orders_;
  IntakeCatalog catalog_;
  IntakeOptions options_;
  Clock clock_;
  std::map<std::string, std::unique_ptr<ChannelAdapter>, std::less<>> csv_adapters_;

  std::mutex pass_mu_;                         // one pass at a time
  std::mt19937_64 rng_;                        // jitter; guarded by pass_mu_
  std::shared_ptr<const void> catalog_state_;  // guarded by pass_mu_

  std::mutex worker_mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool kicked_ = false;
  std::thread worker_;

  std::mutex health_mu_;
  std::int64_t health_at_ = -1;
  std::vector<std::string> failing_;
};

}  // namespace affinity

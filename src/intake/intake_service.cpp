// IntakeService: receiving and processing deliveries (the worker). Replay, health and triage are in
// intake_service_queries.cpp.
#include "intake/intake_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "intake/adapters.hpp"

namespace affinity {
namespace {

bool ValidAccount(std::string_view account) {
  if (account.empty() || account.size() > 64) return false;
  return std::all_of(account.begin(), account.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

std::string ChannelList() {
  std::string out;
  for (const ChannelAdapter* a : ChannelAdapters()) {
    if (!out.empty()) out += ", ";
    out += a->name();
  }
  return out;
}

bool IsTransient(const Status& st) {
  // Anything but a refused order is the store's trouble, not the payload's: retry it.
  return st.code() != StatusCode::kInvalidArgument;
}

}  // namespace

IntakeService::IntakeService(InboxStore& inbox, OrderBook& orders, IntakeCatalog catalog,
                             IntakeOptions options, Clock clock, std::uint64_t seed)
    : inbox_(inbox),
      orders_(orders),
      catalog_(std::move(catalog)),
      options_(std::move(options)),
      clock_(std::move(clock)),
      rng_(seed) {
  for (const auto& [account, mapping] : options_.csv_columns) {
    csv_adapters_.emplace(account, NewCsvAdapter(mapping));
  }
  if (catalog_.state) catalog_state_ = catalog_.state();
}

IntakeService::~IntakeService() { Stop(); }

std::int64_t IntakeService::Now() const {
  if (clock_) return clock_();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const ChannelAdapter* IntakeService::AdapterFor(std::string_view channel,
                                                std::string_view account) const {
  if (channel == "csv") {
    if (auto it = csv_adapters_.find(account); it != csv_adapters_.end()) return it->second.get();
  }
  return FindAdapter(channel);
}

Result<Receipt> IntakeService::Receive(RawDelivery delivery, std::string source) {
  const ChannelAdapter* adapter = AdapterFor(delivery.channel, delivery.account);
  if (!adapter) {
    return Status::NotFound(
        fmt::format("channel '{}' does not exist; channels: {}", delivery.channel, ChannelList()));
  }
  if (!ValidAccount(delivery.account)) {
    return Status::InvalidArgument(
        fmt::format("account '{}' is not valid: use 1 to 64 letters, digits, '-', '_' or '.'",
                    delivery.account));
  }
  if (delivery.body.empty()) {
    return Status::InvalidArgument(
        "the body is empty: send the channel's order payload as received from it");
  }
  InboxEntry entry;
  delivery.received_at = Now();
  entry.delivery_id = adapter->DeliveryId(delivery).value_or("");
  if (const std::string* key = delivery.headers.Find(kGenericDeliveryIdHeader);
      entry.delivery_id.empty() && key) {
    entry.delivery_id = *key;
  }
  entry.delivery = std::move(delivery);
  entry.source = std::move(source);
  entry.next_attempt_at = entry.delivery.received_at;
  Result<AppendOutcome> appended = inbox_.Append(entry);
  if (!appended.ok()) return appended.status();
  if (!appended->duplicate) {
    std::lock_guard lock(worker_mu_);
    kicked_ = true;
    wake_.notify_one();
  }
  return Receipt{appended->id, appended->duplicate, entry.delivery_id};
}

void IntakeService::Start() {
  std::lock_guard lock(worker_mu_);
  if (worker_.joinable()) return;
  stop_ = false;
  worker_ = std::thread([this] { WorkerLoop(); });
}

void IntakeService::Stop() {
  {
    std::lock_guard lock(worker_mu_);
    if (!worker_.joinable()) return;
    stop_ = true;
    wake_.notify_one();
  }
  worker_.join();
  std::lock_guard lock(worker_mu_);
  worker_ = std::thread();
}

void IntakeService::WorkerLoop() {
  for (;;) {
    {
      std::unique_lock lock(worker_mu_);
      wake_.wait_for(lock, options_.poll_interval, [this] { return stop_ || kicked_; });
      if (stop_) return;
      kicked_ = false;
    }
    // Errors leave the deliveries pending; the next wake-up tries again.
    (void)ProcessDue();
  }
}

Result<PassReport> IntakeService::ProcessDue() {
  std::lock_guard pass(pass_mu_);
  PassReport report;
  AFFINITY_RETURN_IF_ERROR(HandleCatalogChange(&report));
  for (;;) {
    Result<std::vector<InboxEntry>> due = inbox_.Due(Now(), options_.batch);
    if (!due.ok()) return due.status();
    if (due->empty()) break;
    Result<std::size_t> settled = ProcessBatch(std::move(due).value(), &report);
    if (!settled.ok()) return settled.status();
  }
  return report;
}

Status IntakeService::HandleCatalogChange(PassReport* report) {
  if (!catalog_.state) return Status::Ok();
  std::shared_ptr<const void> state = catalog_.state();
  if (state == catalog_state_) return Status::Ok();
  if (catalog_.known) {
    Result<std::size_t> changed = orders_.Reresolve(catalog_.known);
    if (!changed.ok()) return changed.status();
    report->reresolved += *changed;
    // Orders parked for unknown SKUs come back once the catalog has the SKUs their cause names.
    FailureFilter parked;
    parked.kind = FailureKind::kParked;
    parked.error_class = IntakeErrorClass::kUnresolved;
    parked.limit = 100000;
    Result<std::vector<IntakeFailure>> open = inbox_.Failures(parked);
    if (!open.ok()) return open.status();
    constexpr std::string_view kPrefix = "unresolved|resolve|missing SKU(s) ";
    std::vector<std::int64_t> ready;
    for (const IntakeFailure& f : *open) {
      if (!f.cause.starts_with(kPrefix)) continue;
      std::string_view skus = std::string_view(f.cause).substr(kPrefix.size());
      bool all_known = true;
      while (!skus.empty() && all_known) {
        const std::size_t comma = skus.find(", ");
        all_known = catalog_.known(skus.substr(0, comma));
        skus = comma == std::string_view::npos ? std::string_view() : skus.substr(comma + 2);
      }
      if (all_known) ready.push_back(f.id);
    }
    if (!ready.empty()) {
      Result<std::int64_t> requeued = inbox_.Requeue(ready, "catalog change", Now(), std::nullopt);
      if (!requeued.ok()) return requeued.status();
      report->unparked += ready.size();
    }
  }
  catalog_state_ = std::move(state);
  return Status::Ok();
}

IntakeService::Worked IntakeService::Work(const InboxEntry& entry) const {
  Worked w;
  w.entry = &entry;
  const ChannelAdapter* adapter = AdapterFor(entry.delivery.channel, entry.delivery.account);
  if (!adapter) {
    IntakeError error{IntakeErrorClass::kPermanent, "parse", "",
                      fmt::format("channel '{}' has no adapter", entry.delivery.channel)};
    IntakeFailure f;
    f.channel = entry.delivery.channel;
    f.account = entry.delivery.account;
    f.cause = FailureCause(error);
    f.error = std::move(error);
    w.outcome.failures.push_back(std::move(f));
    return w;
  }
  const ValidationProfile profile =
      options_.profiles.For(entry.delivery.channel, entry.delivery.account);
  RawDelivery delivery = entry.delivery;
  delivery.default_currency = profile.default_currency;
  w.outcome = ProcessDelivery(delivery, *adapter, profile, catalog_.known);
  return w;
}

// An edited order (Magento relation_parent_real_id) replaces one that the source cancelled: the
// replaced order, when held and not cancelled yet, is stored cancelled so it never counts twice.
void IntakeService::AddCancellations(std::vector<Order>* orders,
                                     const std::vector<Worked>& worked) const {
  for (const Worked& w : worked) {
    for (const MappedOrder& m : w.outcome.accepted) {
      if (m.replaces.empty()) continue;
      const std::string id = CanonicalOrderId(m.order.channel, m.order.account, m.replaces);
      std::optional<Order> old;
      for (const Order& o : *orders) {
        if (o.id == id) old = o;  // the latest of the batch wins, as in Upsert
      }
      if (!old) old = orders_.Get(id);
      if (!old || old->status == OrderStatus::kCancelled) continue;
      old->status = OrderStatus::kCancelled;
      old->source_version = std::max(old->source_version + 1, m.order.source_version);
      orders->push_back(std::move(*old));
    }
  }
}

Result<std::size_t> IntakeService::ProcessBatch(std::vector<InboxEntry> batch, PassReport* report) {
  const std::int64_t now = Now();
  std::vector<Worked> worked;
  worked.reserve(batch.size());
  std::vector<Order> to_store;
  for (const InboxEntry& e : batch) {
    worked.push_back(Work(e));
    for (const MappedOrder& m : worked.back().outcome.accepted) to_store.push_back(m.order);
  }
  AddCancellations(&to_store, worked);
  Status stored = Status::Ok();
  if (!to_store.empty()) {
    Result<UpsertOutcome> upsert = orders_.Upsert(std::move(to_store));
    if (!upsert.ok()) stored = upsert.status();
  }

  std::vector<Settlement> settlements;
  settlements.reserve(worked.size());
  for (Worked& w : worked) {
    const InboxEntry& e = *w.entry;
    Settlement s;
    s.delivery = e.id;
    s.processed_at = now;
    s.attempts = e.attempts + 1;
    for (IntakeFailure& f : w.outcome.failures) {
      f.delivery = e.id;
      f.first_failure_at = f.last_failure_at = now;
      f.attempts = 1;
    }
    const bool whole_failed = w.outcome.orders == 0 && !w.outcome.failures.empty() &&
                              w.outcome.failures.front().order_id.empty() &&
                              w.outcome.failures.front().kind == FailureKind::kDeadLetter;
    if (!stored.ok() && !w.outcome.accepted.empty()) {
      s.first_failure_at = e.first_failure_at ? e.first_failure_at : now;
      s.last_failure_at = now;
      s.failed = true;
      IntakeError error{
          IsTransient(stored) ? IntakeErrorClass::kTransient : IntakeErrorClass::kPermanent,
          "store", "", stored.message()};
      const bool give_up = error.error_class == IntakeErrorClass::kPermanent ||
                           options_.retry.Exhausted(s.attempts, s.first_failure_at, now);
      if (give_up) {
        s.state = DeliveryState::kFailed;
        error.message = fmt::format("storing {} order(s) failed after {} attempt(s): {}",
                                    w.outcome.accepted.size(), s.attempts, error.message);
        IntakeFailure f;
        f.delivery = e.id;
        f.channel = e.delivery.channel;
        f.account = e.delivery.account;
        f.cause = FailureCause(error);
        f.error = std::move(error);
        f.attempts = s.attempts;
        f.first_failure_at = s.first_failure_at;
        f.last_failure_at = now;
        for (const MappedOrder& m : w.outcome.accepted) {
          f.value_minor += m.order.total_minor;
          f.currency = m.order.currency;
        }
        w.outcome.failures.push_back(std::move(f));
        ++report->dead_letters;
      } else {
        s.state = DeliveryState::kPending;
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        s.next_attempt_at = now + options_.retry.DelayAfter(s.attempts, unit(rng_));
        ++report->retries;
      }
    } else {
      s.state = whole_failed ? DeliveryState::kFailed : DeliveryState::kDone;
      s.stored_orders = static_cast<std::int64_t>(w.outcome.accepted.size());
      report->orders_stored += w.outcome.accepted.size();
      for (const MappedOrder& m : w.outcome.accepted) s.stored_order_ids.push_back(m.order.id);
    }
    for (const IntakeFailure& f : w.outcome.failures) {
      if (f.kind == FailureKind::kDeadLetter) {
        s.failed = true;
        if (f.error.stage != "store") ++report->dead_letters;
      } else {
        ++report->parked;
      }
    }
    s.failures = std::move(w.outcome.failures);
    settlements.push_back(std::move(s));
  }
  AFFINITY_RETURN_IF_ERROR(inbox_.Settle(settlements));
  report->deliveries += settlements.size();
  return settlements.size();
}

}  // namespace affinity

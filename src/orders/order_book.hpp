// OrderBook: the in-memory authority for orders. Every order is held in memory and indexed by id,
// by time (placed_at, id) and by customer; writes go through an OrderStore first and reach memory
// only once the store has them, so a failed write changes nothing.
//
// Dedupe: an order is identified by its canonical id. An incoming order whose source_version is not
// newer than the stored one is a duplicate (a no-op); a newer one replaces it, and the book bumps
// Order::version on every change (1 for a new order).
//
// Thread safety: all methods may be called concurrently. Writers are serialised among themselves;
// the disk write happens outside the lock readers take, so readers (Get, List, Profile, ...) never
// wait for the disk, only for the brief in-memory apply that follows it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.hpp"
#include "common/strings.hpp"
#include "orders/customer_profiles.hpp"
#include "orders/order.hpp"
#include "orders/order_store.hpp"

namespace affinity {

struct UpsertOutcome {
  std::size_t inserted = 0;    // ids the book did not hold
  std::size_t updated = 0;     // newer source_versions of held ids (or of ids earlier in the batch)
  std::size_t duplicates = 0;  // same or older source_version: ignored
};

struct OrderQuery {
  std::string customer_id;  // "" = any customer
  std::string channel;      // "" = any channel
  std::string account;      // "" = any account
  std::size_t limit = 100;  // 1..kMaxListLimit
  std::string cursor;       // OrderPage::next_cursor of the previous page; "" = the first page
};

struct OrderPage {
  std::vector<Order> orders;  // ordered by (placed_at, id)
  std::string next_cursor;    // "" on the last page
};

class OrderBook {
 public:
  static constexpr std::size_t kMaxListLimit = 1000;

  struct Options {
    SegmentThresholds thresholds;
    // Maps SKUs to category paths for orders_by_category; may be empty. Called under the book's
    // read lock: it must not call back into the book.
    CategoryLookup categories;
  };

  // Loads every order from `store`. Returns the store's error when it cannot be read, or Internal
  // when a stored order fails ValidateOrder.
  static Result<std::unique_ptr<OrderBook>> Open(std::unique_ptr<OrderStore> store,
                                                 Options options);
  static Result<std::unique_ptr<OrderBook>> Open(std::unique_ptr<OrderStore> store) {
    return Open(std::move(store), Options{});
  }

  // Validates, dedupes and stores `orders` in one OrderStore::Apply, all or nothing. An empty id is
  // filled with CanonicalOrderId(channel, account, external_id); the same id may occur more than
  // once in a batch (each is compared with the one before it). Returns InvalidArgument naming every
  // invalid order (nothing stored), or the store's error (nothing stored).
  Result<UpsertOutcome> Upsert(std::vector<Order> orders);

  // Lines flagged unresolved (a SKU the catalog did not know when the order arrived) whose SKU
  // `known` now accepts lose the flag; the orders that changed get a new version and are stored in
  // one OrderStore::Apply. Returns how many orders changed, or the store's error (nothing changed).
  // `known` is called under the book's read lock: it must not call the book.
  Result<std::size_t> Reresolve(const std::function<bool(std::string_view)>& known);
  // Orders holding at least one unresolved line.
  std::size_t UnresolvedCount() const;

  // The order with canonical id `id`, or nullopt.
  std::optional<Order> Get(std::string_view id) const;

  // One page of orders matching `query`, ordered by (placed_at, id). InvalidArgument for a limit
  // of 0 or a cursor this book did not produce; a limit above kMaxListLimit is lowered to it.
  Result<OrderPage> List(const OrderQuery& query) const;

  // The profile of `customer_id` from the orders placed at or before `as_of` (see
  // customer_profiles.hpp). An unknown customer gets the default profile (segment "new") with its
  // id. `categories`, when given, replaces Options::categories for this call. Profiles are computed
  // on demand from the customer's orders; the ranking behind high_value (MonetaryCutoffs over all
  // customers) is cached per as_of and dropped on every change.
  CustomerProfile Profile(std::string_view customer_id, std::int64_t as_of,
                          const CategoryLookup* categories = nullptr) const;

  // Every customer id with at least one order, sorted. Guest orders (empty id) are not a customer.
  std::vector<std::string> CustomerIds() const;

  // Calls `fn` for every purchase (CountsAsPurchase) in time order (placed_at, id); for mining.
  // `fn` runs under the book's read lock: it must not call the book.
  void ForEachBasket(const std::function<void(const Order&)>& fn) const;
  // The same for purchases with from <= placed_at < to: the time-ordered view for time-split
  // evaluation (train on [begin, split), test on [split, end)).
  void ForEachBasketBetween(std::int64_t from, std::int64_t to,
                            const std::function<void(const Order&)>& fn) const;
  // The placed_at of the first purchase after the earliest `fraction` (0..1) of all purchases in
  // time order: ForEachBasketBetween(min, split) then holds about that fraction. nullopt without
  // purchases.
  std::optional<std::int64_t> SplitTime(double fraction) const;

  std::size_t size() const;  // orders held, any status

 private:
  using TimeKey = std::pair<std::int64_t, std::string>;  // (placed_at, id)
  using OrderMap = std::unordered_map<std::string, Order, StringHash, std::equal_to<>>;

  OrderBook(std::unique_ptr<OrderStore> store, Options options);
  // REQUIRES: mu_ held exclusively.
  void PutLocked(Order order);
  // REQUIRES: mu_ held (shared is enough).
  std::shared_ptr<const MonetaryCutoffs> CutoffsLocked(std::int64_t as_of) const;

  std::unique_ptr<OrderStore> store_;
  ProfileBuilder builder_;
  Options options_;

  std::mutex write_mu_;  // serialises writers, held across the store write
  mutable std::shared_mutex mu_;
  OrderMap orders_;
  std::set<TimeKey> by_time_;
  std::unordered_map<std::string, std::set<TimeKey>, StringHash, std::equal_to<>> by_customer_;
  std::set<std::string, std::less<>> unresolved_;  // ids of orders with an unresolved line

  // MonetaryCutoffs by effective as_of (min(as_of, latest placed_at)); cleared on every change.
  mutable std::mutex cache_mu_;
  mutable std::map<std::int64_t, std::shared_ptr<const MonetaryCutoffs>> cutoffs_;
};

}  // namespace affinity

#include "orders/order_book.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace affinity {
namespace {

constexpr std::size_t kMaxCachedCutoffs = 16;
constexpr std::size_t kMaxReportedErrors = 20;

std::string EncodeCursor(std::int64_t placed_at, std::string_view id) {
  return fmt::format("{}:{}", placed_at, id);
}

bool DecodeCursor(std::string_view cursor, std::pair<std::int64_t, std::string>* key) {
  const std::size_t colon = cursor.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  auto [p, ec] = std::from_chars(cursor.data(), cursor.data() + colon, key->first);
  if (ec != std::errc() || p != cursor.data() + colon) return false;
  key->second = std::string(cursor.substr(colon + 1));
  return !key->second.empty();
}

}  // namespace

OrderBook::OrderBook(std::unique_ptr<OrderStore> store, Options options)
    : store_(std::move(store)),
      builder_(options.thresholds, options.categories),
      options_(std::move(options)) {}

Result<std::unique_ptr<OrderBook>> OrderBook::Open(std::unique_ptr<OrderStore> store,
                                                   Options options) {
  Result<std::vector<Order>> loaded = store->Load();
  if (!loaded.ok()) return loaded.status();
  std::unique_ptr<OrderBook> book(new OrderBook(std::move(store), std::move(options)));
  std::unique_lock lock(book->mu_);
  book->orders_.reserve(loaded->size());
  for (Order& o : *loaded) {
    if (Status st = ValidateOrder(o); !st.ok()) {
      return Status::Internal("a stored order cannot be read: " + st.message());
    }
    book->PutLocked(std::move(o));
  }
  lock.unlock();
  return book;
}

void OrderBook::PutLocked(Order order) {
  auto it = orders_.find(order.id);
  if (it != orders_.end()) {
    const Order& old = it->second;
    TimeKey old_key{old.placed_at, old.id};
    by_time_.erase(old_key);
    if (!old.customer_id.empty()) {
      auto c = by_customer_.find(old.customer_id);
      if (c != by_customer_.end()) {
        c->second.erase(old_key);
        if (c->second.empty()) by_customer_.erase(c);
      }
    }
  }
  TimeKey key{order.placed_at, order.id};
  by_time_.insert(key);
  const bool flagged = std::any_of(order.lines.begin(), order.lines.end(),
                                   [](const OrderLine& l) { return l.unresolved; });
  if (flagged) unresolved_.insert(order.id);
  else unresolved_.erase(order.id);
  if (!order.customer_id.empty()) by_customer_[order.customer_id].insert(key);
  if (it != orders_.end()) {
    it->second = std::move(order);
  } else {
    std::string id = order.id;
    orders_.emplace(std::move(id), std::move(order));
  }
}

Result<UpsertOutcome> OrderBook::Upsert(std::vector<Order> orders) {
  std::vector<std::string> errors;
  for (Order& o : orders) {
    if (o.id.empty() && !o.external_id.empty()) {
      o.id = CanonicalOrderId(o.channel, o.account, o.external_id);
    }
    if (Status st = ValidateOrder(o); !st.ok()) {
      if (errors.size() < kMaxReportedErrors) errors.push_back(st.message());
      else if (errors.size() == kMaxReportedErrors) errors.push_back("...");
    }
  }
  if (!errors.empty()) {
    std::string message = fmt::format("{} of {} orders are invalid, nothing was stored: ",
                                      errors.size(), orders.size());
    for (std::size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i];
    return Status::InvalidArgument(std::move(message));
  }

  std::lock_guard write_lock(write_mu_);
  UpsertOutcome outcome;
  std::vector<Order> put;
  std::unordered_map<std::string, std::size_t> staged;  // id -> index in put
  {
    std::shared_lock lock(mu_);
    for (Order& o : orders) {
      const Order* existing = nullptr;
      auto s = staged.find(o.id);
      if (s != staged.end()) {
        existing = &put[s->second];
      } else if (auto it = orders_.find(o.id); it != orders_.end()) {
        existing = &it->second;
      }
      if (existing && o.source_version <= existing->source_version) {
        ++outcome.duplicates;
        continue;
      }
      o.version = existing ? existing->version + 1 : 1;
      ++(existing ? outcome.updated : outcome.inserted);
      if (s != staged.end()) {
        put[s->second] = std::move(o);
      } else {
        staged.emplace(o.id, put.size());
        put.push_back(std::move(o));
      }
    }
  }
  if (put.empty()) return outcome;
  AFFINITY_RETURN_IF_ERROR(store_->Apply(put));
  std::unique_lock lock(mu_);
  for (Order& o : put) PutLocked(std::move(o));
  std::lock_guard cache_lock(cache_mu_);
  cutoffs_.clear();
  return outcome;
}

Result<std::size_t> OrderBook::Reresolve(const std::function<bool(std::string_view)>& known) {
  std::lock_guard write_lock(write_mu_);
  std::vector<Order> put;
  {
    std::shared_lock lock(mu_);
    for (const std::string& id : unresolved_) {
      const Order& held = orders_.find(id)->second;
      const bool any = std::any_of(held.lines.begin(), held.lines.end(), [&](const OrderLine& l) {
        return l.unresolved && known(l.sku);
      });
      if (!any) continue;
      Order o = held;
      for (OrderLine& l : o.lines) {
        if (l.unresolved && known(l.sku)) l.unresolved = false;
      }
      ++o.version;
      put.push_back(std::move(o));
    }
  }
  if (put.empty()) return std::size_t{0};
  AFFINITY_RETURN_IF_ERROR(store_->Apply(put));
  std::unique_lock lock(mu_);
  for (Order& o : put) PutLocked(std::move(o));
  std::lock_guard cache_lock(cache_mu_);
  cutoffs_.clear();
  return put.size();
}

std::size_t OrderBook::UnresolvedCount() const {
  std::shared_lock lock(mu_);
  return unresolved_.size();
}

std::optional<Order> OrderBook::Get(std::string_view id) const {
  std::shared_lock lock(mu_);
  auto it = orders_.find(id);
  if (it == orders_.end()) return std::nullopt;
  return it->second;
}

Result<OrderPage> OrderBook::List(const OrderQuery& q) const {
  if (q.limit == 0) return Status::InvalidArgument("limit must be at least 1");
  const std::size_t limit = std::min(q.limit, kMaxListLimit);
  TimeKey after;
  if (!q.cursor.empty() && !DecodeCursor(q.cursor, &after)) {
    return Status::InvalidArgument(fmt::format(
        "cursor '{}' is not one this server gave out; start again without a cursor", q.cursor));
  }
  OrderPage page;
  std::shared_lock lock(mu_);
  const std::set<TimeKey>* keys = &by_time_;
  if (!q.customer_id.empty()) {
    auto c = by_customer_.find(q.customer_id);
    if (c == by_customer_.end()) return page;
    keys = &c->second;
  }
  auto it = q.cursor.empty() ? keys->begin() : keys->upper_bound(after);
  for (; it != keys->end(); ++it) {
    const Order& o = orders_.find(it->second)->second;
    if (!q.channel.empty() && o.channel != q.channel) continue;
    if (!q.account.empty() && o.account != q.account) continue;
    if (page.orders.size() == limit) {  // one more match: there is a next page
      const Order& last = page.orders.back();
      page.next_cursor = EncodeCursor(last.placed_at, last.id);
      break;
    }
    page.orders.push_back(o);
  }
  return page;
}

std::shared_ptr<const MonetaryCutoffs> OrderBook::CutoffsLocked(std::int64_t as_of) const {
  // The ranking depends only on which orders count: every as_of between two order times gives the
  // same one, so the key is the latest placed_at at or before as_of.
  auto next = as_of == std::numeric_limits<std::int64_t>::max()
                  ? by_time_.end()
                  : by_time_.lower_bound(TimeKey{as_of + 1, std::string()});
  const std::int64_t key =
      next == by_time_.begin() ? std::numeric_limits<std::int64_t>::min() : std::prev(next)->first;
  {
    std::lock_guard cache_lock(cache_mu_);
    if (auto it = cutoffs_.find(key); it != cutoffs_.end()) return it->second;
  }
  std::vector<CustomerRfm> all;
  all.reserve(by_customer_.size());
  std::vector<const Order*> orders;
  for (const auto& [customer, keys] : by_customer_) {
    orders.clear();
    for (const TimeKey& k : keys) {
      if (k.first > key) break;
      orders.push_back(&orders_.find(k.second)->second);
    }
    all.push_back(ComputeRfm(orders, key));
  }
  auto cutoffs = std::make_shared<const MonetaryCutoffs>(
      MonetaryCutoffs::Compute(all, builder_.thresholds().top_monetary_share));
  std::lock_guard cache_lock(cache_mu_);
  if (cutoffs_.size() >= kMaxCachedCutoffs) cutoffs_.erase(cutoffs_.begin());
  cutoffs_.emplace(key, cutoffs);
  return cutoffs;
}

CustomerProfile OrderBook::Profile(std::string_view customer_id, std::int64_t as_of,
                                   const CategoryLookup* categories) const {
  std::shared_lock lock(mu_);
  auto c = by_customer_.find(customer_id);
  if (c == by_customer_.end()) {
    CustomerProfile p;
    p.id = std::string(customer_id);
    return p;
  }
  std::vector<const Order*> orders;
  orders.reserve(c->second.size());
  for (const TimeKey& k : c->second) orders.push_back(&orders_.find(k.second)->second);
  std::shared_ptr<const MonetaryCutoffs> cutoffs = CutoffsLocked(as_of);
  return builder_.Build(customer_id, orders, as_of, cutoffs.get(), categories);
}

std::vector<std::string> OrderBook::CustomerIds() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> ids;
  ids.reserve(by_customer_.size());
  for (const auto& [id, keys] : by_customer_) ids.push_back(id);
  lock.unlock();
  std::sort(ids.begin(), ids.end());
  return ids;
}

void OrderBook::ForEachBasket(const std::function<void(const Order&)>& fn) const {
  ForEachBasketBetween(std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max(), fn);
}

void OrderBook::ForEachBasketBetween(std::int64_t from, std::int64_t to,
                                     const std::function<void(const Order&)>& fn) const {
  std::shared_lock lock(mu_);
  for (auto it = by_time_.lower_bound(TimeKey{from, std::string()});
       it != by_time_.end() && it->first < to; ++it) {
    const Order& o = orders_.find(it->second)->second;
    if (CountsAsPurchase(o)) fn(o);
  }
}

std::optional<std::int64_t> OrderBook::SplitTime(double fraction) const {
  std::shared_lock lock(mu_);
  std::vector<std::int64_t> times;
  for (const TimeKey& k : by_time_) {
    if (CountsAsPurchase(orders_.find(k.second)->second)) times.push_back(k.first);
  }
  if (times.empty()) return std::nullopt;
  fraction = std::clamp(fraction, 0.0, 1.0);
  auto index = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(times.size())));
  if (index >= times.size()) return times.back() + 1;  // everything before the split
  return times[index];
}

std::size_t OrderBook::size() const {
  std::shared_lock lock(mu_);
  return orders_.size();
}

}  // namespace affinity

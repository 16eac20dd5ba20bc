#include "orders/order_book.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <thread>

#include "order_test_util.hpp"
#include "orders/memory_order_store.hpp"
#include "orders/order_import.hpp"

namespace affinity {
namespace {

using testing_orders::MakeOrder;
using testing_orders::ReadFixture;
using testing_orders::T;

// Forwards to a MemoryOrderStore the test keeps (so a second book can "restart" on it) and can
// make the next Apply fail.
class ForwardingStore : public OrderStore {
 public:
  ForwardingStore(MemoryOrderStore* target, std::atomic<bool>* fail_next)
      : target_(target), fail_next_(fail_next) {}
  Status Apply(const std::vector<Order>& put) override {
    if (fail_next_->exchange(false)) return Status::Unavailable("injected: the disk is busy");
    return target_->Apply(put);
  }
  Result<std::vector<Order>> Load() override { return target_->Load(); }

 private:
  MemoryOrderStore* target_;
  std::atomic<bool>* fail_next_;
};

class OrderBookTest : public ::testing::Test {
 protected:
  std::unique_ptr<OrderBook> OpenBook(OrderBook::Options options = {}) {
    auto book = OrderBook::Open(std::make_unique<ForwardingStore>(&store_, &fail_next_),
                                std::move(options));
    EXPECT_TRUE(book.ok()) << book.status().ToString();
    return book.ok() ? std::move(book).value() : nullptr;
  }
  static UpsertOutcome MustUpsert(OrderBook& book, std::vector<Order> orders) {
    Result<UpsertOutcome> r = book.Upsert(std::move(orders));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : UpsertOutcome{};
  }

  MemoryOrderStore store_;
  std::atomic<bool> fail_next_{false};
};

TEST_F(OrderBookTest, InsertsAndGetsByCanonicalId) {
  auto book = OpenBook();
  Order o = MakeOrder("1001", "c1", "2026-01-01", {{"A", 1, 500}});
  o.id.clear();  // filled from channel, account and external id
  UpsertOutcome out = MustUpsert(*book, {o});
  EXPECT_EQ(out.inserted, 1u);
  std::optional<Order> got = book->Get("import:default:1001");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->total_minor, 500);
  EXPECT_FALSE(book->Get("import:default:9999"));
  EXPECT_EQ(store_.size(), 1u);
}

TEST_F(OrderBookTest, DedupesBySourceVersion) {
  auto book = OpenBook();
  Order v1 = MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 500}});
  v1.source_version = 5;
  MustUpsert(*book, {v1});

  Order same = v1;
  same.lines[0].quantity = 9;  // different content, same source version: still a duplicate
  Order older = v1;
  older.source_version = 4;
  UpsertOutcome dup = MustUpsert(*book, {same, older});
  EXPECT_EQ(dup.duplicates, 2u);
  EXPECT_EQ(dup.inserted + dup.updated, 0u);
  EXPECT_EQ(book->Get(v1.id)->lines[0].quantity, 1);
  EXPECT_EQ(store_.apply_calls(), 1u);  // nothing to write, no write

  Order newer = v1;
  newer.source_version = 6;
  newer.status = OrderStatus::kRefunded;
  UpsertOutcome up = MustUpsert(*book, {newer});
  EXPECT_EQ(up.updated, 1u);
  EXPECT_EQ(book->Get(v1.id)->status, OrderStatus::kRefunded);
  EXPECT_EQ(book->Get(v1.id)->version, 2);
}

TEST_F(OrderBookTest, VersionsWithinOneBatchAreComparedInTurn) {
  auto book = OpenBook();
  Order a = MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 500}});
  Order b = a, c = a;
  b.source_version = 2;
  b.lines[0].quantity = 2;
  c.source_version = 1;  // older than b: ignored
  UpsertOutcome out = MustUpsert(*book, {a, b, c});
  EXPECT_EQ(out.inserted, 1u);
  EXPECT_EQ(out.updated, 1u);
  EXPECT_EQ(out.duplicates, 1u);
  EXPECT_EQ(book->Get(a.id)->lines[0].quantity, 2);
  EXPECT_EQ(book->Get(a.id)->version, 2);
  EXPECT_EQ(store_.size(), 1u);
}

TEST_F(OrderBookTest, AnInvalidOrderRejectsTheWholeBatch) {
  auto book = OpenBook();
  Order good = MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 500}});
  Order bad = MakeOrder("2", "c1", "2026-01-01", {{"A", 0, 500}});
  Result<UpsertOutcome> r = book->Upsert({good, bad});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("order 'import:default:2': lines[0].quantity must not be 0"),
            std::string::npos)
      << r.status().message();
  EXPECT_EQ(book->size(), 0u);
  EXPECT_EQ(store_.apply_calls(), 0u);
}

TEST_F(OrderBookTest, AFailedStoreWriteChangesNothing) {
  auto book = OpenBook();
  MustUpsert(*book, {MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 500}})});
  fail_next_ = true;
  Order update = MakeOrder("1", "c1", "2026-01-01", {{"A", 7, 500}});
  update.source_version = 1;
  Result<UpsertOutcome> r =
      book->Upsert({update, MakeOrder("2", "c2", "2026-01-02", {{"B", 1, 100}})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(book->size(), 1u);
  EXPECT_EQ(book->Get("import:default:1")->lines[0].quantity, 1);
  EXPECT_EQ(book->Profile("c2", T("2026-02-01")).order_count, 0);
  // The retry goes through.
  EXPECT_EQ(MustUpsert(*book, {update}).updated, 1u);
}

TEST_F(OrderBookTest, RestartLoadsEverythingFromTheStore) {
  {
    auto book = OpenBook();
    Order o = MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 500}});
    o.source_version = 3;
    MustUpsert(*book, {o, MakeOrder("2", "c2", "2026-01-02", {{"B", 1, 100}})});
  }
  auto book = OpenBook();
  EXPECT_EQ(book->size(), 2u);
  EXPECT_EQ(book->Get("import:default:1")->source_version, 3);
  EXPECT_EQ(book->CustomerIds(), (std::vector<std::string>{"c1", "c2"}));
  Order again = MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 500}});
  again.source_version = 3;
  EXPECT_EQ(MustUpsert(*book, {again}).duplicates, 1u);
}

TEST_F(OrderBookTest, ListsByCustomerChannelAndAccountWithACursor) {
  auto book = OpenBook();
  std::vector<Order> orders;
  for (int i = 0; i < 5; ++i) {
    orders.push_back(MakeOrder("c1-" + std::to_string(i), "c1", "2026-01-10", {{"A", 1, 100}}));
    orders.back().placed_at += 5 - i;  // reverse time order from id order
  }
  Order shop = MakeOrder("s1", "c2", "2026-01-01", {{"A", 1, 100}});
  shop.channel = "shopify";
  shop.id = CanonicalOrderId("shopify", "default", "s1");
  orders.push_back(shop);
  MustUpsert(*book, orders);

  Result<OrderPage> page = book->List({.customer_id = "c1", .limit = 2});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->orders.size(), 2u);
  EXPECT_EQ(page->orders[0].external_id, "c1-4");  // earliest first
  EXPECT_EQ(page->orders[1].external_id, "c1-3");
  std::vector<std::string> seen;
  std::string cursor;
  do {
    Result<OrderPage> p = book->List({.customer_id = "c1", .limit = 2, .cursor = cursor});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    for (const Order& o : p->orders) seen.push_back(o.external_id);
    cursor = p->next_cursor;
  } while (!cursor.empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"c1-4", "c1-3", "c1-2", "c1-1", "c1-0"}));

  Result<OrderPage> shopify = book->List({.channel = "shopify", .account = "default"});
  ASSERT_TRUE(shopify.ok());
  ASSERT_EQ(shopify->orders.size(), 1u);
  EXPECT_EQ(shopify->orders[0].id, "shopify:default:s1");
  EXPECT_TRUE(shopify->next_cursor.empty());
  EXPECT_TRUE(book->List({.customer_id = "nobody"})->orders.empty());
  EXPECT_EQ(book->List({.cursor = "garbage"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(book->List({.limit = 0}).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(OrderBookTest, ProfilesRankCustomersAndFollowChanges) {
  OrderBook::Options options;
  options.thresholds.high_value_ltv_minor = 1000000;  // out of reach: only the ranking counts
  options.thresholds.top_monetary_share = 0.2;
  options.thresholds.top_min_orders = 3;
  auto book = OpenBook(options);
  std::vector<Order> orders;
  // c0 .. c4 each with three orders of 10, 20, ... 50 units: c4 is the top fifth.
  for (int c = 0; c < 5; ++c) {
    for (int i = 0; i < 3; ++i) {
      orders.push_back(MakeOrder(fmt::format("{}-{}", c, i), fmt::format("c{}", c),
                                 "2026-01-01", {{"A", 1, (c + 1) * 1000}}));
    }
  }
  MustUpsert(*book, orders);
  const std::int64_t as_of = T("2026-01-20");
  EXPECT_EQ(book->Profile("c4", as_of).segment, "high_value");
  EXPECT_EQ(book->Profile("c3", as_of).segment, "active");
  EXPECT_EQ(book->Profile("c4", as_of).lifetime_value_minor, 15000);

  // c3 buys more and overtakes c4: the cached ranking is dropped.
  MustUpsert(*book, {MakeOrder("3-x", "c3", "2026-01-10", {{"A", 1, 5000}})});
  EXPECT_EQ(book->Profile("c3", as_of).segment, "high_value");
  EXPECT_EQ(book->Profile("c4", as_of).segment, "active");
  // As of before that purchase, c4 still leads.
  EXPECT_EQ(book->Profile("c4", T("2026-01-05")).segment, "high_value");

  CustomerProfile unknown = book->Profile("nobody", as_of);
  EXPECT_EQ(unknown.id, "nobody");
  EXPECT_EQ(unknown.segment, "new");

  CategoryLookup lookup = [](std::string_view sku) { return std::string("Cat/") + std::string(sku); };
  EXPECT_EQ(book->Profile("c1", as_of, &lookup).orders_by_category.at("Cat/A"), 3);
  EXPECT_TRUE(book->Profile("c1", as_of).orders_by_category.empty());
}

TEST_F(OrderBookTest, BasketsArePurchasesInTimeOrder) {
  auto book = OpenBook();
  std::vector<Order> orders = {MakeOrder("3", "c1", "2026-01-03", {{"C", 1, 100}}),
                               MakeOrder("1", "c1", "2026-01-01", {{"A", 1, 100}}),
                               MakeOrder("2", "", "2026-01-02", {{"B", 1, 100}}),
                               MakeOrder("4", "c1", "2026-01-04", {{"D", 1, 100}}),
                               MakeOrder("5", "c1", "2026-01-05", {{"E", -1, 100}})};
  orders[3].status = OrderStatus::kCancelled;
  MustUpsert(*book, orders);
  std::vector<std::string> seen;
  book->ForEachBasket([&](const Order& o) { seen.push_back(o.external_id); });
  EXPECT_EQ(seen, (std::vector<std::string>{"1", "2", "3"}));
  seen.clear();
  book->ForEachBasketBetween(T("2026-01-02"), T("2026-01-03"),
                             [&](const Order& o) { seen.push_back(o.external_id); });
  EXPECT_EQ(seen, (std::vector<std::string>{"2"}));
  EXPECT_EQ(book->SplitTime(2.0 / 3), T("2026-01-03"));
  EXPECT_EQ(book->SplitTime(1.0), T("2026-01-03") + 1);
  EXPECT_EQ(book->CustomerIds(), (std::vector<std::string>{"c1"}));  // the guest is no customer
}

TEST_F(OrderBookTest, ImportsTheOnlineRetailSampleOnceAndProfilesACustomer) {
  auto book = OpenBook();
  OrderBatch batch = ParseOrdersCsv(ReadFixture("online_retail_sample.csv"));
  ASSERT_TRUE(batch.ok());
  UpsertOutcome first = MustUpsert(*book, batch.orders);
  EXPECT_EQ(first.inserted, 97u);
  UpsertOutcome again = MustUpsert(*book, batch.orders);
  EXPECT_EQ(again.duplicates, 97u);
  EXPECT_EQ(book->CustomerIds().size(), 72u);

  CustomerProfile p = book->Profile("17850", T("2010-12-02"));
  EXPECT_EQ(p.order_count, 10);
  EXPECT_EQ(p.currency, "GBP");
  EXPECT_EQ(p.lifetime_value_minor, 149934);  // 1,499.34 GBP over ten invoices
  EXPECT_EQ(p.recency_days, 0);
  EXPECT_EQ(p.segment, "high_value");  // >= 1,000.00 by default

  std::size_t baskets = 0;
  book->ForEachBasket([&](const Order&) { ++baskets; });
  EXPECT_EQ(baskets, 91u);  // 97 invoices minus 6 cancellations
}

TEST_F(OrderBookTest, ReadersRunWhileAWriterStores) {
  auto book = OpenBook();
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done) {
      CustomerProfile p = book->Profile("c1", T("2027-01-01"));
      ASSERT_GE(p.order_count, 0);
      ASSERT_TRUE(book->List({.customer_id = "c1", .limit = 5}).ok());
    }
  });
  for (int i = 0; i < 200; ++i) {
    MustUpsert(*book, {MakeOrder(std::to_string(i), "c1", "2026-01-01", {{"A", 1, 100}})});
  }
  done = true;
  reader.join();
  EXPECT_EQ(book->Profile("c1", T("2026-01-02")).order_count, 200);
}

}  // namespace
}  // namespace affinity

// SqliteInboxStore: byte-exact durable deliveries, dedupe by delivery id, the settle / requeue life
// cycle with its failure records, source counts, and the group commit under concurrent appends.
#include "storage/sqlite_inbox_store.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "intake/memory_inbox_store.hpp"
#include "temp_data_dir.hpp"

namespace affinity {
namespace {

InboxEntry Entry(std::string channel, std::string account, std::string delivery_id,
                 std::string body = "{}") {
  InboxEntry e;
  e.delivery.channel = std::move(channel);
  e.delivery.account = std::move(account);
  e.delivery.body = std::move(body);
  e.delivery.received_at = 1000;
  e.delivery_id = std::move(delivery_id);
  e.source = "test";
  e.next_attempt_at = 1000;
  return e;
}

IntakeFailure Failure(std::string order_id, FailureKind kind, std::int64_t at) {
  IntakeFailure f;
  f.channel = "shopify";
  f.account = "acme";
  f.order_id = std::move(order_id);
  f.kind = kind;
  f.error = {
      kind == FailureKind::kParked ? IntakeErrorClass::kUnresolved : IntakeErrorClass::kPermanent,
      "validate", "buyer_email", "is required"};
  f.cause = "c";
  f.value_minor = 1999;
  f.currency = "USD";
  f.first_failure_at = f.last_failure_at = at;
  return f;
}

// The same scenarios run against both implementations of the port.
class InboxStoreContractTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      store_ = std::move(SqliteInboxStore::Open(dir_.data().string())).value();
    } else {
      store_ = std::make_unique<MemoryInboxStore>();
    }
  }
  TempDataDir dir_;
  std::unique_ptr<InboxStore> store_;
};

TEST_P(InboxStoreContractTest, AppendsByteExactAndDedupesPerAccount) {
  std::string body("{\"a\":1}\0\xff\xfe tail", 15);
  InboxEntry e = Entry("shopify", "acme", "wh-1", body);
  e.delivery.headers.Set("X-Shopify-Topic", "orders/create");
  auto first = store_->Append(e);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->duplicate);
  auto again = store_->Append(e);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->id, first->id);
  EXPECT_FALSE(store_->Append(Entry("shopify", "other", "wh-1"))->duplicate);
  EXPECT_FALSE(store_->Append(Entry("shopify", "acme", ""))->duplicate);
  auto none = store_->Append(Entry("shopify", "acme", ""));
  EXPECT_FALSE(none->duplicate);  // no delivery id: never a duplicate
  EXPECT_GT(none->id, first->id);

  auto got = store_->Get(first->id);
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_EQ((*got)->delivery.body, body);
  EXPECT_EQ((*got)->delivery.body.size(), 15u);
  ASSERT_TRUE((*got)->delivery.headers.Find("x-shopify-topic"));
  EXPECT_EQ(*(*got)->delivery.headers.Find("x-shopify-topic"), "orders/create");
  EXPECT_EQ((*got)->state, DeliveryState::kPending);
  EXPECT_FALSE(*store_->Get(9999));
}

TEST_P(InboxStoreContractTest, SettleSupersedesFailuresAndResolvesParkedOrders) {
  const std::int64_t a = store_->Append(Entry("shopify", "acme", "a"))->id;
  const std::int64_t b = store_->Append(Entry("shopify", "acme", "b"))->id;
  EXPECT_EQ(store_->Due(1000, 10)->size(), 2u);
  EXPECT_EQ(store_->Due(999, 10)->size(), 0u);

  Settlement s;
  s.delivery = a;
  s.processed_at = 1100;
  s.attempts = 1;
  s.failed = true;
  s.failures = {Failure("shopify:acme:1", FailureKind::kDeadLetter, 1100),
                Failure("shopify:acme:2", FailureKind::kParked, 1100)};
  ASSERT_TRUE(store_->Settle({s}).ok());
  EXPECT_EQ(store_->Due(2000, 10)->size(), 1u);
  auto open = store_->Failures(FailureFilter());
  ASSERT_EQ(open->size(), 2u);

  // Processing `a` again: the order 1 fails again (attempts and first failure carried over).
  s.processed_at = 1200;
  s.failures = {Failure("shopify:acme:1", FailureKind::kDeadLetter, 1200),
                Failure("shopify:acme:2", FailureKind::kParked, 1200)};
  ASSERT_TRUE(store_->Settle({s}).ok());
  FailureFilter dead;
  dead.kind = FailureKind::kDeadLetter;
  auto d = store_->Failures(dead);
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].attempts, 2);
  EXPECT_EQ((*d)[0].first_failure_at, 1100);
  EXPECT_EQ((*d)[0].last_failure_at, 1200);
  FailureFilter any;
  any.state = std::nullopt;
  EXPECT_EQ(store_->Failures(any)->size(), 4u);

  // Delivery b stores order 2 complete: a's parked failure for it is resolved.
  Settlement sb;
  sb.delivery = b;
  sb.processed_at = 1300;
  sb.attempts = 1;
  sb.stored_orders = 1;
  sb.stored_order_ids = {"shopify:acme:2"};
  ASSERT_TRUE(store_->Settle({sb}).ok());
  FailureFilter parked;
  parked.kind = FailureKind::kParked;
  EXPECT_TRUE(store_->Failures(parked)->empty());
  parked.state = FailureState::kResolved;
  auto resolved = store_->Failures(parked);
  ASSERT_FALSE(resolved->empty());
  EXPECT_EQ(resolved->back().closed_by, "stored by delivery " + std::to_string(b));

  // All or nothing: an unknown delivery fails the whole batch.
  Settlement bad;
  bad.delivery = 777;
  Settlement ok = sb;
  ok.processed_at = 5000;
  EXPECT_EQ(store_->Settle({ok, bad}).code(), StatusCode::kNotFound);
  EXPECT_EQ((*store_->Get(b))->processed_at, 1300);
}

TEST_P(InboxStoreContractTest, RequeueReopensDeliveriesAndRecordsTheReplay) {
  const std::int64_t a = store_->Append(Entry("ebay", "s1", ""))->id;
  Settlement s;
  s.delivery = a;
  s.state = DeliveryState::kFailed;
  s.processed_at = 1100;
  s.attempts = 3;
  s.failed = true;
  s.failures = {Failure("", FailureKind::kDeadLetter, 1100)};
  ASSERT_TRUE(store_->Settle({s}).ok());
  const std::int64_t failure = store_->Failures(FailureFilter())->front().id;

  ReplayRecord r;
  r.at = 1500;
  r.request = "{\"ids\":[1]}";
  r.failures = {failure};
  auto id = store_->Requeue({failure, 424242}, "replay", 1500, r);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_GT(*id, 0);
  auto entry = *store_->Get(a);
  EXPECT_EQ(entry->state, DeliveryState::kPending);
  EXPECT_EQ(entry->attempts, 0);
  EXPECT_EQ(entry->next_attempt_at, 1500);
  EXPECT_TRUE(store_->Failures(FailureFilter())->empty());
  auto replays = store_->Replays(10);
  ASSERT_EQ(replays->size(), 1u);
  EXPECT_EQ((*replays)[0].deliveries, std::vector<std::int64_t>{a});
  EXPECT_EQ((*replays)[0].failures, std::vector<std::int64_t>{failure});
  // A second requeue of the same (now closed) failure does nothing.
  EXPECT_EQ(*store_->Requeue({failure}, "replay", 1600, std::nullopt), 0);
  EXPECT_EQ((*store_->Get(a))->next_attempt_at, 1500);
  ReplayRecord dry;
  dry.dry_run = true;
  EXPECT_GT(*store_->RecordReplay(dry), *id);
  EXPECT_TRUE((*store_->Replays(1))[0].dry_run);
}

TEST_P(InboxStoreContractTest, SourcesCountBacklogFailuresAndRecentErrors) {
  const std::int64_t a = store_->Append(Entry("shopify", "acme", "1"))->id;
  const std::int64_t b = store_->Append(Entry("shopify", "acme", "2"))->id;
  ASSERT_TRUE(store_->Append(Entry("shopify", "acme", "3")).ok());
  ASSERT_TRUE(store_->Append(Entry("csv", "pos", "")).ok());
  Settlement ok;
  ok.delivery = a;
  ok.processed_at = 2000;
  ok.attempts = 1;
  Settlement bad;
  bad.delivery = b;
  bad.state = DeliveryState::kPending;
  bad.processed_at = 2100;
  bad.attempts = 1;
  bad.failed = true;
  bad.failures = {Failure("shopify:acme:9", FailureKind::kDeadLetter, 2100)};
  ASSERT_TRUE(store_->Settle({ok, bad}).ok());
  auto sources = store_->Sources(2050);
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 2u);
  const SourceStats& csv = (*sources)[0];
  EXPECT_EQ(csv.channel, "csv");
  EXPECT_EQ(csv.backlog, 1);
  const SourceStats& s = (*sources)[1];
  EXPECT_EQ(s.received, 3);
  EXPECT_EQ(s.backlog, 2);
  EXPECT_EQ(s.retrying, 1);
  EXPECT_EQ(s.oldest_pending_at, 1000);
  EXPECT_EQ(s.dead_letters, 1);
  EXPECT_EQ(s.oldest_dead_letter_at, 2100);
  EXPECT_EQ(s.last_success_at, 2000);
  EXPECT_EQ(s.last_failure_at, 2100);
  EXPECT_EQ(s.recent_processed, 1);
  EXPECT_EQ(s.recent_failed, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, InboxStoreContractTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Sqlite" : "Memory"; });

TEST(SqliteInboxStoreTest, DeliveriesSurviveReopening) {
  TempDataDir dir;
  std::int64_t id = 0;
  {
    auto store = std::move(SqliteInboxStore::Open(dir.data().string())).value();
    id = store->Append(Entry("magento", "eu", "m-1", "payload"))->id;
  }
  auto store = std::move(SqliteInboxStore::Open(dir.data().string())).value();
  auto got = store->Get(id);
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_EQ((*got)->delivery.body, "payload");
  EXPECT_TRUE(store->Append(Entry("magento", "eu", "m-1"))->duplicate);
}

TEST(SqliteInboxStoreTest, ConcurrentAppendsAreGroupCommittedAndDedupedOnce) {
  TempDataDir dir;
  auto store = std::move(SqliteInboxStore::Open(dir.data().string())).value();
  constexpr int kThreads = 8, kPerThread = 200;
  std::vector<std::vector<AppendOutcome>> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread also sends the shared id "dup" once: exactly one append may win.
        std::string id = i == 0 ? "dup" : "t" + std::to_string(t) + "-" + std::to_string(i);
        auto r = store->Append(Entry("shopify", "acme", id));
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        outcomes[t].push_back(*r);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::int64_t> ids;
  int duplicates = 0;
  for (const auto& per : outcomes) {
    for (const AppendOutcome& o : per) {
      if (o.duplicate)
        ++duplicates;
      else
        EXPECT_TRUE(ids.insert(o.id).second);
    }
  }
  EXPECT_EQ(duplicates, kThreads - 1);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kPerThread - (kThreads - 1)));
  EXPECT_EQ(store->Due(1000, 100000)->size(), ids.size());
  EXPECT_LT(store->append_commits(), ids.size());  // some commits carried several appends
}

}  // namespace
}  // namespace affinity

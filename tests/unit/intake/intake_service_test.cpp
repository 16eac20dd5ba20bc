// The intake flow over the in-memory ports: dedupe, error classes (transient retry with backoff,
// unresolved lines and parked orders, permanent dead letters), replay, health and triage. The clock
// and the catalog are the test's; the payloads are the committed real fixtures.
#include "intake/intake_service.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>

#include "intake/memory_inbox_store.hpp"
#include "orders/memory_order_store.hpp"
#include "payloads.hpp"

namespace affinity {
namespace {

constexpr std::int64_t kStart = 1'800'000'000;

// An OrderStore whose next Apply calls fail as a busy store would.
class FlakyOrderStore : public OrderStore {
 public:
  Status Apply(const std::vector<Order>& put) override {
    if (fail_next > 0) {
      --fail_next;
      return Status::Unavailable("order store busy (injected)");
    }
    return inner.Apply(put);
  }
  Result<std::vector<Order>> Load() override { return inner.Load(); }

  MemoryOrderStore inner;
  int fail_next = 0;
};

class IntakeServiceTest : public ::testing::Test {
 protected:
  void Make(IntakeOptions options = {}) {
    auto store = std::make_unique<FlakyOrderStore>();
    orders_store_ = store.get();
    book_ = std::move(OrderBook::Open(std::move(store))).value();
    IntakeCatalog catalog;
    catalog.known = [this](std::string_view sku) { return catalog_.contains(std::string(sku)); };
    catalog.state = [this]() -> std::shared_ptr<const void> { return catalog_state_; };
    service_ = std::make_unique<IntakeService>(
        inbox_, *book_, std::move(catalog), std::move(options), [this] { return now_; }, 42);
  }
  void AddToCatalog(std::initializer_list<const char*> skus) {
    for (const char* s : skus) catalog_.insert(s);
    catalog_state_ = std::make_shared<int>(static_cast<int>(catalog_.size()));
  }
  Receipt Receive(const std::string& channel, std::string body, const char* webhook_id = nullptr,
                  const std::string& account = "acme") {
    RawDelivery d;
    d.channel = channel;
    d.account = account;
    d.body = std::move(body);
    if (webhook_id) d.headers.Set("X-Shopify-Webhook-Id", webhook_id);
    auto r = service_->Receive(std::move(d), "test");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Receipt{};
  }
  PassReport Pass() {
    auto r = service_->ProcessDue();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : PassReport{};
  }
  std::vector<IntakeFailure> Open(FailureKind kind) {
    FailureFilter f;
    f.kind = kind;
    return *service_->Failures(f);
  }
  DeliveryView View(std::int64_t id) { return **service_->Delivery(id); }

  MemoryInboxStore inbox_;
  FlakyOrderStore* orders_store_ = nullptr;
  std::unique_ptr<OrderBook> book_;
  std::set<std::string> catalog_ = {"IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"};
  std::shared_ptr<int> catalog_state_ = std::make_shared<int>(0);
  std::int64_t now_ = kStart;
  std::unique_ptr<IntakeService> service_;
};

TEST_F(IntakeServiceTest, StoresAnOrderOnceAcrossRedeliveries) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-1.json");
  Make();
  Receipt first = Receive("shopify", body, "wh-1");
  EXPECT_FALSE(first.duplicate);
  EXPECT_EQ(first.delivery_id, "wh-1");
  PassReport pass = Pass();
  EXPECT_EQ(pass.deliveries, 1u);
  EXPECT_EQ(pass.orders_stored, 1u);
  auto order = book_->Get("shopify:acme:450789469");
  ASSERT_TRUE(order);
  EXPECT_EQ(order->total_minor, 40994);
  EXPECT_EQ(order->version, 1);
  EXPECT_FALSE(order->lines[0].unresolved);

  // The same webhook again: deduped in the inbox, nothing to process.
  Receipt again = Receive("shopify", body, "wh-1");
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.delivery, first.delivery);
  EXPECT_EQ(Pass().deliveries, 0u);
  // The same order through another delivery (a REST page, no id): deduped by order id and version.
  Receive("shopify", body);
  EXPECT_EQ(Pass().deliveries, 1u);
  EXPECT_EQ(book_->size(), 1u);
  EXPECT_EQ(book_->Get("shopify:acme:450789469")->version, 1);
  // The same webhook id on another account is another delivery.
  EXPECT_FALSE(Receive("shopify", body, "wh-1", "other").duplicate);
}

TEST_F(IntakeServiceTest, ANewerSourceVersionUpdatesTheOrder) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-1.json");
  Make();
  Receive("shopify", body);
  Pass();
  std::string edited = body;
  const std::string from = "\"updated_at\": \"2008-01-10T11:00:00-05:00\"";
  const std::size_t at = edited.find(from);
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, from.size(), "\"updated_at\": \"2008-01-11T11:00:00-05:00\"");
  Receive("shopify", edited);
  Pass();
  EXPECT_EQ(book_->Get("shopify:acme:450789469")->version, 2);
  EXPECT_EQ(book_->size(), 1u);
}

TEST_F(IntakeServiceTest, TruncatedPayloadIsDeadLetteredWithTheReason) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-1.json");
  Make();
  Receipt r = Receive("shopify", body.substr(0, body.size() / 2));
  PassReport pass = Pass();
  EXPECT_EQ(pass.dead_letters, 1u);
  DeliveryView v = View(r.delivery);
  EXPECT_EQ(v.entry.state, DeliveryState::kFailed);
  ASSERT_EQ(v.failures.size(), 1u);
  const IntakeFailure& f = v.failures[0];
  EXPECT_EQ(f.kind, FailureKind::kDeadLetter);
  EXPECT_EQ(f.error.error_class, IntakeErrorClass::kPermanent);
  EXPECT_EQ(f.error.stage, "parse");
  EXPECT_FALSE(f.error.message.empty());
  EXPECT_EQ(f.first_failure_at, kStart);
  EXPECT_EQ(book_->size(), 0u);
  // The flow goes on: a good delivery after it is stored.
  Receive("shopify", body);
  EXPECT_EQ(Pass().orders_stored, 1u);
}

TEST_F(IntakeServiceTest, TransientStoreFailureIsRetriedWithBackoffThenStored) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-1.json");
  Make();
  orders_store_->fail_next = 2;
  Receipt r = Receive("shopify", body);
  EXPECT_EQ(Pass().retries, 1u);
  DeliveryView v = View(r.delivery);
  EXPECT_EQ(v.entry.state, DeliveryState::kPending);
  EXPECT_EQ(v.entry.attempts, 1);
  const std::int64_t first_delay = v.entry.next_attempt_at - kStart;
  EXPECT_GE(first_delay, 1);
  EXPECT_EQ(Pass().deliveries, 0u);  // not due yet
  now_ = v.entry.next_attempt_at;
  EXPECT_EQ(Pass().retries, 1u);
  v = View(r.delivery);
  EXPECT_EQ(v.entry.attempts, 2);
  EXPECT_GE(v.entry.next_attempt_at - now_, first_delay);  // backs off
  EXPECT_EQ(v.entry.first_failure_at, kStart);
  now_ = v.entry.next_attempt_at;
  EXPECT_EQ(Pass().orders_stored, 1u);
  EXPECT_EQ(View(r.delivery).entry.state, DeliveryState::kDone);
  EXPECT_TRUE(book_->Get("shopify:acme:450789469"));
  EXPECT_TRUE(Open(FailureKind::kDeadLetter).empty());
}

TEST_F(IntakeServiceTest, RetriesAreBoundedThenDeadLetteredAndReplayable) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-1.json");
  IntakeOptions options;
  options.retry.max_attempts = 3;
  Make(std::move(options));
  orders_store_->fail_next = 100;
  Receipt r = Receive("shopify", body);
  for (int i = 0; i < 5; ++i) {
    Pass();
    now_ += 400;  // past the longest backoff (300 s), well within the 1 h bound
  }
  DeliveryView v = View(r.delivery);
  EXPECT_EQ(v.entry.state, DeliveryState::kFailed);
  EXPECT_EQ(v.entry.attempts, 3);
  std::vector<IntakeFailure> dead = Open(FailureKind::kDeadLetter);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].error.error_class, IntakeErrorClass::kTransient);
  EXPECT_EQ(dead[0].error.stage, "store");
  EXPECT_EQ(dead[0].attempts, 3);
  EXPECT_EQ(dead[0].first_failure_at, kStart);
  EXPECT_EQ(dead[0].value_minor, 40994);

  // The store is back. A dry run reports and changes nothing; the replay stores the order once.
  orders_store_->fail_next = 0;
  ReplayRequest dry{.ids = {dead[0].id}, .dry_run = true};
  auto report = service_->Replay(dry);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->items.size(), 1u);
  EXPECT_EQ(report->items[0].outcome, "would_store");
  EXPECT_EQ(book_->size(), 0u);
  EXPECT_EQ(Open(FailureKind::kDeadLetter).size(), 1u);

  ReplayRequest real{.ids = {dead[0].id}};
  report = service_->Replay(real);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->deliveries, 1u);
  EXPECT_EQ(Pass().orders_stored, 1u);
  EXPECT_TRUE(book_->Get("shopify:acme:450789469"));
  EXPECT_TRUE(Open(FailureKind::kDeadLetter).empty());
  auto replays = service_->Replays(10);
  ASSERT_EQ(replays->size(), 2u);
  EXPECT_FALSE((*replays)[0].dry_run);
  EXPECT_EQ((*replays)[0].deliveries, std::vector<std::int64_t>{r.delivery});
  EXPECT_TRUE((*replays)[1].dry_run);
  // Replaying again selects nothing: the dead letter is closed.
  EXPECT_EQ(service_->Replay(real).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(IntakeServiceTest, UnknownSkusAreFlaggedAndResolvedWhenTheCatalogHasThem) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-1.json");
  catalog_ = {"IPOD2008GREEN"};
  Make();
  Receive("shopify", body);
  Pass();
  auto order = book_->Get("shopify:acme:450789469");
  ASSERT_TRUE(order);
  int flagged = 0;
  for (const OrderLine& l : order->lines) flagged += l.unresolved;
  EXPECT_EQ(flagged, 2);
  AddToCatalog({"IPOD2008RED"});
  EXPECT_EQ(Pass().reresolved, 1u);
  order = book_->Get("shopify:acme:450789469");
  flagged = 0;
  for (const OrderLine& l : order->lines) flagged += l.unresolved;
  EXPECT_EQ(flagged, 1);
  EXPECT_EQ(order->version, 2);
}

TEST_F(IntakeServiceTest, AnAccountMayParkOrdersWithUnknownSkusUntilTheCatalogHasThem) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-1.json");
  catalog_ = {"IPOD2008GREEN"};
  auto profiles = ValidationProfiles::FromJson(
      boost::json::parse(R"({"shopify":{"acme":{"park_unresolved":true}}})").as_object());
  ASSERT_TRUE(profiles.ok()) << profiles.status().ToString();
  IntakeOptions options;
  options.profiles = *profiles;
  Make(std::move(options));
  Receive("shopify", body);
  EXPECT_EQ(Pass().parked, 1u);
  EXPECT_EQ(book_->size(), 0u);
  std::vector<IntakeFailure> parked = Open(FailureKind::kParked);
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked[0].error.stage, "resolve");
  EXPECT_NE(parked[0].error.message.find("IPOD2008RED"), std::string::npos);

  AddToCatalog({"IPOD2008RED"});  // still one missing: stays parked
  EXPECT_EQ(Pass().unparked, 0u);
  AddToCatalog({"IPOD2008BLACK"});
  PassReport pass = Pass();
  EXPECT_EQ(pass.unparked, 1u);
  EXPECT_EQ(pass.orders_stored, 1u);
  EXPECT_TRUE(book_->Get("shopify:acme:450789469"));
  EXPECT_TRUE(Open(FailureKind::kParked).empty());
}

TEST_F(IntakeServiceTest, AnOrderAwaitingItsItemsIsParkedUntilTheyArrive) {
  LOAD_PAYLOAD_OR_SKIP(orders, "amazon-2.json");
  LOAD_PAYLOAD_OR_SKIP(items, "amazon-3.json");
  Make();
  Receive("amazon", orders);
  EXPECT_EQ(Pass().parked, 1u);
  std::vector<IntakeFailure> parked = Open(FailureKind::kParked);
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked[0].order_id, "amazon:acme:902-3159896-1390916");
  EXPECT_EQ(parked[0].error.error_class, IntakeErrorClass::kUnresolved);

  // The order with its items (the items response re-keyed to this order) completes it.
  const std::string id = "902-3159896-1390916";
  std::string keyed = items;
  const std::string from = "902-1845936-5435065";
  keyed.replace(keyed.find(from), from.size(), id);
  Receive("amazon", R"({"orders":)" + orders + R"(,"items":{")" + id + R"(":)" + keyed + "}}");
  Pass();
  EXPECT_TRUE(book_->Get("amazon:acme:" + id));
  EXPECT_TRUE(Open(FailureKind::kParked).empty());
}

TEST_F(IntakeServiceTest, InvalidOrdersAreDeadLetteredAndTriagedByCause) {
  LOAD_PAYLOAD_OR_SKIP(body, "shopify-1.json");
  auto profiles = ValidationProfiles::FromJson(
      boost::json::parse(R"({"shopify":{"b2b":{"require_po_number":true}}})").as_object());
  ASSERT_TRUE(profiles.ok());
  IntakeOptions options;
  options.profiles = *profiles;
  Make(std::move(options));
  Receive("shopify", body, nullptr, "b2b");
  std::string other = body;
  other.replace(other.find("450789469"), 9, "450789470");
  Receive("shopify", other, nullptr, "b2b");
  Receive("shopify", "{\"order\": ", nullptr, "b2b");
  EXPECT_EQ(Pass().dead_letters, 3u);
  EXPECT_EQ(book_->size(), 0u);

  auto groups = service_->Triage();
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  // Two orders worth $819.88 blocked by one cause outrank one unreadable delivery.
  EXPECT_EQ((*groups)[0].orders, 2u);
  EXPECT_EQ((*groups)[0].stage, "validate");
  EXPECT_EQ((*groups)[0].value_minor.at("USD"), 2 * 40994);
  EXPECT_EQ((*groups)[1].stage, "parse");
  EXPECT_GT((*groups)[0].impact, (*groups)[1].impact);

  auto sources = service_->Sources();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_TRUE((*sources)[0].failing);
  EXPECT_EQ((*sources)[0].stats.dead_letters, 3);
  EXPECT_DOUBLE_EQ((*sources)[0].error_rate, 1.0);
  EXPECT_EQ(service_->FailingSources(), std::vector<std::string>{"shopify/b2b"});
}

TEST_F(IntakeServiceTest, ReceiveRefusesWhatCannotBeADelivery) {
  Make();
  RawDelivery d;
  d.channel = "shopfy";
  d.body = "{}";
  auto r = service_->Receive(d, "test");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("shopify"), std::string::npos);
  d.channel = "shopify";
  d.account = "a b";
  EXPECT_EQ(service_->Receive(d, "test").status().code(), StatusCode::kInvalidArgument);
  d.account = "acme";
  d.body.clear();
  EXPECT_EQ(service_->Receive(d, "test").status().code(), StatusCode::kInvalidArgument);
  // A busy inbox is reported, not swallowed.
  d.body = "{}";
  inbox_.FailNext(1, Status::Unavailable("inbox busy"));
  EXPECT_EQ(service_->Receive(d, "test").status().code(), StatusCode::kUnavailable);
}

TEST(RetryPolicyTest, BacksOffExponentiallyWithJitterAndGivesUp) {
  RetryPolicy p;
  p.base_delay_seconds = 2;
  p.max_delay_seconds = 60;
  EXPECT_EQ(p.DelayAfter(1, 0.999), 2);
  EXPECT_EQ(p.DelayAfter(1, 0.0), 1);  // half of 2
  EXPECT_EQ(p.DelayAfter(3, 0.999), 8);
  EXPECT_EQ(p.DelayAfter(30, 0.999), 60);  // capped
  EXPECT_EQ(p.DelayAfter(30, 0.0), 30);
  EXPECT_FALSE(p.Exhausted(7, 0, 100));
  EXPECT_TRUE(p.Exhausted(8, 0, 100));
  EXPECT_TRUE(p.Exhausted(1, 0, 3600));
  EXPECT_FALSE(RetryPolicy::FromJson(boost::json::parse(R"({"max_attempts":0})").as_object()).ok());
  EXPECT_FALSE(RetryPolicy::FromJson(boost::json::parse(R"({"max_atempts":3})").as_object()).ok());
}

TEST(FailureCauseTest, GroupsInstancesOfOneCause) {
  IntakeError a{IntakeErrorClass::kPermanent, "validate", "line_items[3].price",
                "order 'shopify:a:1001': price '12,50' has 2 decimals"};
  IntakeError b{IntakeErrorClass::kPermanent, "validate", "line_items[7].price",
                "order 'shopify:a:1002': price '9,99' has 3 decimals"};
  EXPECT_EQ(FailureCause(a), FailureCause(b));
  b.stage = "map";
  EXPECT_NE(FailureCause(a), FailureCause(b));
}

}  // namespace
}  // namespace affinity

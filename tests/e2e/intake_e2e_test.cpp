// POST /v1/intake/{channel} end to end: every real payload of the corpus goes through the real
// server and is read back as canonical orders; dedupe, dead letters with replay, validation
// profiles, parked orders released by a catalog change, health, triage, the file drop and the CLI.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "intake_support.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

constexpr const char* kConfig = R"({
  "profiles": {"shopify": {"b2b": {"require_po_number": true},
                           "parky": {"park_unresolved": true}}}
})";

class IntakeTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    config_ = (std::filesystem::temp_directory_path() /
               ("affinity-intake-e2e-" + std::to_string(::getpid()) + ".json"))
                  .string();
    std::ofstream(config_) << kConfig;
    server_ = std::make_unique<TestServer>();
    server_->Start(false, {"--intake-config", config_});
  }
  static void TearDownTestSuite() {
    if (server_ && server_->running()) server_->Stop();
    server_.reset();
    std::filesystem::remove(config_);
  }

 protected:
  void SetUp() override { ASSERT_TRUE(server_ && server_->running()); }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- server log:\n" << server_->Log() << "\n";
  }
  static Response Get(const std::string& target) { return server_->Request("GET", target); }
  static Response Post(const std::string& target, std::string_view body) {
    return server_->Request("POST", target, body);
  }

  static inline std::unique_ptr<TestServer> server_;
  static inline std::string config_;
};

struct Expected {
  const char* id;
  const char* total;
  const char* currency;
  std::size_t lines;
  const char* skus;  // the lines' skus joined by ',' ("" for a line without one)
};
struct CorpusEntry {
  const char* channel;
  std::vector<const char*> files;  // two: {"order": first, "products": second} (BigCommerce)
  std::vector<Expected> orders;
  std::size_t parked;  // orders that wait for companion data the corpus does not have
};

const std::vector<CorpusEntry>& Corpus() {
  static const std::vector<CorpusEntry> corpus = {
      {"shopify",
       {"shopify-1.json"},
       {{"shopify:acme:450789469", "409.94", "USD", 3, "IPOD2008GREEN,IPOD2008RED,IPOD2008BLACK"}},
       0},
      {"shopify",
       {"shopify-2.json"},
       {{"shopify:acme:762815840312", "457.74", "USD", 2, "GD802-025,GD802-025"}},
       0},
      {"shopify", {"shopify-3.json"}, {{"shopify:acme:4359400227009", "49.40", "CAD", 2, ","}}, 0},
      {"woocommerce",
       {"woocommerce-1.json"},
       {{"woocommerce:acme:727", "29.35", "USD", 2, ",Bar3"}},
       0},
      {"woocommerce",
       {"woocommerce-2.json"},
       {{"woocommerce:acme:727", "29.35", "USD", 2, ",Bar3"},
        {"woocommerce:acme:723", "39.00", "USD", 2, ","}},
       0},
      {"woocommerce",
       {"woocommerce-3.json"},
       {{"woocommerce:acme:17111", "33.30", "PEN", 3, "12437,13681,18767"}},
       0},
      {"bigcommerce", {"bigcommerce-1.json"}, {}, 1},
      {"bigcommerce",
       {"bigcommerce-2.json", "bigcommerce-2-products.json"},
       {{"bigcommerce:acme:218", "69.84", "USD", 4, "S-ORAN,ABS,,"}},
       0},
      {"magento",
       {"magento-1.json"},
       {{"magento:acme:000000013", "396.87", "USD", 2, "MH09-XS-Blue,RACER"}},
       0},
      {"magento",
       {"magento-2.json"},
       {{"magento:acme:000000015", "253.74", "EUR", 2, "MH09-XS-Blue,RACER"}},
       0},
      {"magento",
       {"magento-3.json"},
       {{"magento:acme:000000013-1", "322.17", "USD", 2, "MH09-XS-Blue,RACER"}},
       0},
      {"amazon",
       {"amazon-1.json"},
       {{"amazon:acme:902-1845936-5435065", "11.01", "INR", 1, "WNDR3400-N600"}},
       1},
      {"amazon", {"amazon-2.json"}, {}, 1},
      {"amazon", {"amazon-3.json"}, {}, 1},
      {"ebay", {"ebay-1.json"}, {{"ebay:acme:07-07160-44920343", "10.63", "USD", 1, "68929"}}, 0},
      {"ebay",
       {"ebay-2.json"},
       {{"ebay:acme:18-07223-32423", "9.31", "USD", 2, "68423407,68324508"}},
       0},
      {"csv",
       {"pos-1.csv"},
       {{"csv:acme:#1001", "1659.95", "EUR", 4, ",,,"},
        {"csv:acme:#1012", "949.95", "EUR", 1, "sku-untracked-1"},
        {"csv:acme:#1019", "1659.95", "EUR", 4, ",,,"}},
       0},
  };
  return corpus;
}

std::string Skus(const json::object& order) {
  std::string out;
  for (const auto& line : order.at("lines").as_array()) {
    if (!out.empty() || &line != &order.at("lines").as_array().front()) out += ',';
    out += std::string(line.as_object().at("sku").as_string());
  }
  return out;
}

TEST_F(IntakeTest, EveryCorpusPayloadBecomesCanonicalOrdersAndNoneIsRejected) {
  std::size_t posted = 0, skipped = 0, expected_parked = 0;
  for (const CorpusEntry& e : Corpus()) {
    std::vector<std::string> bodies;
    for (const char* f : e.files) {
      if (auto b = Payload(f)) bodies.push_back(*b);
    }
    if (bodies.size() != e.files.size()) {
      ++skipped;
      continue;
    }
    const std::string body = bodies.size() == 1
                                 ? bodies[0]
                                 : "{\"order\":" + bodies[0] + ",\"products\":" + bodies[1] + "}";
    const std::int64_t id = PostDelivery(*server_, e.channel, "acme", body);
    json::object delivery = Settled(*server_, id);
    EXPECT_EQ(delivery["state"], "done") << e.files[0] << ": " << json::serialize(delivery);
    ++posted;
    expected_parked += e.parked;
    for (const Expected& x : e.orders) {
      std::string path = "/v1/orders/";
      for (const char* c = x.id; *c; ++c)
        path += *c == '#' ? std::string("%23") : std::string(1, *c);
      Response r = Get(path);
      ASSERT_EQ(r.status, 200u) << e.files[0] << " " << x.id << ": " << r;
      const json::object& o = r.Object();
      EXPECT_EQ(o.at("total"), x.total) << x.id;
      EXPECT_EQ(o.at("currency"), x.currency) << x.id;
      EXPECT_EQ(o.at("lines").as_array().size(), x.lines) << x.id;
      EXPECT_EQ(Skus(o), x.skus) << x.id;
      EXPECT_EQ(o.at("channel"), e.channel);
      EXPECT_EQ(o.at("account"), "acme");
    }
  }
  if (posted == 0) GTEST_SKIP() << "no payload found";
  // An edited Magento order (magento-3 replaces 000000013) cancels the one it replaces.
  if (Payload("magento-3.json") && Payload("magento-1.json")) {
    EXPECT_EQ(Get("/v1/orders/magento:acme:000000013").Str("status"), "cancelled");
  }
  Response dead = Get("/v1/intake/dead-letters?account=acme");
  ASSERT_EQ(dead.status, 200u);
  const std::size_t rejected = dead.Object().at("items").as_array().size();
  Response orders = Get("/v1/orders?account=acme&limit=1000");
  const std::size_t stored = orders.Object().at("items").as_array().size();
  std::size_t parked = 0;
  Response sources = Get("/v1/intake/sources");
  for (const auto& s : sources.Object().at("items").as_array()) {
    if (s.as_object().at("account") == "acme") parked += IntOf(s.as_object(), "parked");
  }
  std::cout << "intake corpus: " << posted << " deliveries posted (" << skipped
            << " payloads absent), " << stored << " orders stored, " << parked
            << " parked awaiting companion data, " << rejected << " rejected\n";
  EXPECT_EQ(rejected, 0u) << json::serialize(dead.json);
  EXPECT_EQ(parked, expected_parked);
}

TEST_F(IntakeTest, RedeliveryIsADuplicateAndANewerVersionUpdates) {
  auto body = Payload("shopify-1.json");
  ASSERT_TRUE(body);
  Headers webhook = {{"X-Shopify-Webhook-Id", "e2e-dedupe-1"}};
  Response first = server_->Request("POST", "/v1/intake/shopify?account=dedupe", *body, webhook);
  ASSERT_EQ(first.status, 202u) << first;
  EXPECT_EQ(first.Header("Location"),
            "/v1/intake/deliveries/" + std::to_string(IntOf(first.Object(), "delivery")));
  Settled(*server_, IntOf(first.Object(), "delivery"));
  Response again = server_->Request("POST", "/v1/intake/shopify?account=dedupe", *body, webhook);
  EXPECT_EQ(again.status, 200u) << again;
  EXPECT_EQ(again.Str("status"), "duplicate");
  EXPECT_EQ(IntOf(again.Object(), "delivery"), IntOf(first.Object(), "delivery"));
  const std::string id = "/v1/orders/shopify:dedupe:450789469";
  EXPECT_EQ(IntOf(Get(id).Object(), "version"), 1);

  std::string edited = *body;
  const std::string from = "\"updated_at\": \"2008-01-10T11:00:00-05:00\"";
  ASSERT_NE(edited.find(from), std::string::npos);
  edited.replace(edited.find(from), from.size(), "\"updated_at\": \"2008-01-12T11:00:00-05:00\"");
  Settled(*server_, PostDelivery(*server_, "shopify", "dedupe", edited));
  EXPECT_EQ(IntOf(Get(id).Object(), "version"), 2);
  EXPECT_EQ(Get("/v1/orders?account=dedupe").Object().at("items").as_array().size(), 1u);
}

TEST_F(IntakeTest, BrokenPayloadsAreDeadLetteredReplayableAndTheServerKeepsServing) {
  auto body = Payload("shopify-1.json");
  ASSERT_TRUE(body);
  const std::string truncated = body->substr(0, body->size() / 2);
  const std::int64_t a = PostDelivery(*server_, "shopify", "broken", truncated);
  const std::int64_t b = PostDelivery(*server_, "shopify", "broken", "this is not JSON");
  const std::int64_t c = PostDelivery(*server_, "shopify", "broken", "[1, 2, 3]");
  for (std::int64_t id : {a, b, c}) EXPECT_EQ(Settled(*server_, id)["state"], "failed");
  EXPECT_EQ(Get("/healthz").status, 200u);

  Response dead = Get("/v1/intake/dead-letters?account=broken");
  ASSERT_EQ(dead.status, 200u) << dead;
  const json::array& items = dead.Object().at("items").as_array();
  ASSERT_EQ(items.size(), 3u) << dead;
  for (const auto& item : items) {
    const json::object& d = item.as_object();
    EXPECT_EQ(d.at("class"), "permanent");
    EXPECT_FALSE(d.at("message").as_string().empty());
    EXPECT_EQ(d.at("attempts"), 1);
    EXPECT_TRUE(d.at("first_failure_at").is_string());
  }
  EXPECT_EQ(items[0].as_object().at("stage"), "parse");
  const std::int64_t first = IntOf(items[0].as_object(), "id");
  Response one = Get("/v1/intake/dead-letters/" + std::to_string(first));
  ASSERT_EQ(one.status, 200u);
  EXPECT_EQ(one.Str("payload"), truncated);  // the original bytes

  // Three failures in a row: the source is failing and /readyz says so.
  Response ready = Get("/readyz");
  EXPECT_EQ(ready.Str("status"), "degraded") << ready;
  EXPECT_NE(json::serialize(ready.json).find("shopify/broken"), std::string::npos);

  // A dry run validates only; it is recorded.
  Response dry =
      Post("/v1/intake/dead-letters:replay", R"({"filter":{"account":"broken"},"dry_run":true})");
  ASSERT_EQ(dry.status, 200u) << dry;
  ASSERT_EQ(dry.Object().at("items").as_array().size(), 3u);
  EXPECT_EQ(dry.Object().at("items").as_array()[0].as_object().at("outcome"), "would_fail");
  EXPECT_EQ(Get("/v1/intake/dead-letters?account=broken").Object().at("items").as_array().size(),
            3u);
  // A real replay of one goes through the flow again and fails again: a new dead letter.
  Response replay =
      Post("/v1/intake/dead-letters:replay", R"({"ids":[)" + std::to_string(first) + "]}");
  ASSERT_EQ(replay.status, 202u) << replay;
  EXPECT_EQ(IntOf(replay.Object(), "deliveries_requeued"), 1);
  Settled(*server_, a);
  EXPECT_TRUE(WaitFor([&] {
    return Get("/v1/intake/dead-letters?account=broken").Object().at("items").as_array().size() ==
           3u;
  }));
  Response replayed = Get("/v1/intake/dead-letters?account=broken&state=replayed");
  EXPECT_EQ(replayed.Object().at("items").as_array().size(), 1u) << replayed;
  Response records = Get("/v1/intake/replays");
  ASSERT_GE(records.Object().at("items").as_array().size(), 2u);
  EXPECT_EQ(records.Object().at("items").as_array()[1].as_object().at("dry_run"), true);

  ExpectProblem(Post("/v1/intake/dead-letters:replay", R"({"ids":[999999]})"), 400);
  ExpectProblem(Post("/v1/intake/dead-letters:replay", R"({"dry_run":true})"), 400);
}

TEST_F(IntakeTest, ProfilesRejectWhatIsWrongAndParkedOrdersWaitForTheCatalog) {
  auto body = Payload("shopify-1.json");
  ASSERT_TRUE(body);
  std::string second = *body;
  second.replace(second.find("450789469"), 9, "450789470");
  Settled(*server_, PostDelivery(*server_, "shopify", "b2b", *body));
  Settled(*server_, PostDelivery(*server_, "shopify", "b2b", second));
  Response dead = Get("/v1/intake/dead-letters?account=b2b");
  ASSERT_EQ(dead.Object().at("items").as_array().size(), 2u) << dead;
  const json::object& d = dead.Object().at("items").as_array()[0].as_object();
  EXPECT_EQ(d.at("stage"), "validate");
  EXPECT_EQ(d.at("field"), "po_number");
  EXPECT_EQ(d.at("value"), "409.94");
  // Triage: both are one cause, blocking two orders.
  Response triage = Get("/v1/intake/failures");
  ASSERT_EQ(triage.status, 200u);
  bool found = false;
  for (const auto& g : triage.Object().at("items").as_array()) {
    if (g.as_object().at("field") != "po_number") continue;
    found = true;
    EXPECT_EQ(g.as_object().at("orders"), 2);
    EXPECT_EQ(g.as_object().at("value").as_object().at("USD"), "819.88");
  }
  EXPECT_TRUE(found) << triage;

  // Unknown SKUs park the order for this account; adding the products releases it.
  const std::int64_t parked = PostDelivery(*server_, "shopify", "parky", *body);
  Settled(*server_, parked);
  EXPECT_EQ(Get("/v1/orders/shopify:parky:450789469").status, 404u);
  for (const char* sku : {"IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"}) {
    Response put = server_->Request("PUT", std::string("/v1/products/") + sku,
                                    R"({"name":"iPod Nano","price":"199.00"})");
    ASSERT_EQ(put.status, 201u) << put;
  }
  EXPECT_TRUE(WaitFor([&] { return Get("/v1/orders/shopify:parky:450789469").status == 200u; }));
  Response order = Get("/v1/orders/shopify:parky:450789469");
  for (const auto& line : order.Object().at("lines").as_array()) {
    EXPECT_FALSE(line.as_object().contains("unresolved")) << order;
  }
}

TEST_F(IntakeTest, RefusesWhatCannotBeADeliveryWithAPreciseError) {
  std::string detail = ExpectProblem(Post("/v1/intake/shopfy", "{}"), 404);
  EXPECT_NE(detail.find("shopify"), std::string::npos) << detail;
  ExpectProblem(Post("/v1/intake/shopify", ""), 400);
  ExpectProblem(Post("/v1/intake/shopify?account=a%20b", "{}"), 400);
  ExpectProblem(Post("/v1/intake/shopify?acount=x", "{}"), 400);
  ExpectProblem(Get("/v1/intake/deliveries/999999"), 404);
  ExpectProblem(Get("/v1/intake/dead-letters?class=fatal"), 400);
}

TEST_F(IntakeTest, TheDropDirectoryTakesFiles) {
  auto body = Payload("shopify-1.json");
  ASSERT_TRUE(body);
  const auto dir = std::filesystem::path(server_->data_dir()) / "drop" / "shopify" / "dropped";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "order.json.tmp") << *body;
  std::filesystem::rename(dir / "order.json.tmp", dir / "order.json");
  EXPECT_TRUE(WaitFor([&] { return Get("/v1/orders/shopify:dropped:450789469").status == 200u; }));
  const auto processed = std::filesystem::path(server_->data_dir()) / "drop" / "processed" /
                         "shopify" / "dropped" / "order.json";
  EXPECT_TRUE(WaitFor([&] { return std::filesystem::exists(processed); }));
  EXPECT_FALSE(std::filesystem::exists(dir / "order.json"));
}

TEST(IntakeCliTest, AffinityIntakeTakesAFileIntoTheDataDirectory) {
  auto body = Payload("woocommerce-1.json");
  ASSERT_TRUE(body);
  TestServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start());
  server.Stop();
  const std::string file = server.data_dir() + "/../woo.json";
  std::ofstream(file) << *body;
  const std::string cmd = std::string(AFFINITY_BIN) + " intake " + file +
                          " --channel woocommerce --account cli --data " + server.data_dir() +
                          " > " + server.data_dir() + "/../cli.out 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream out(server.data_dir() + "/../cli.out");
  std::stringstream text;
  text << out.rdbuf();
  EXPECT_NE(text.str().find("done, 1 order(s) stored"), std::string::npos) << text.str();
  ASSERT_NO_FATAL_FAILURE(server.Start());
  Response r = server.Request("GET", "/v1/orders/woocommerce:cli:727");
  EXPECT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.Str("total"), "29.35");
  server.Stop();
}

}  // namespace
}  // namespace affinity::e2e

// Trust, end to end: API keys and roles (allowed and refused), revocation through the API and
// the CLI, signed webhooks, the audit trail with before/after, rule versions and restore, rate
// limits, input limits (a deeply nested condition) and a flood of slow connections.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/crypto.hpp"
#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(AFFINITY_FIXTURES_DIR) + "/payloads/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Headers Bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }
const Headers kNoKey = {{"Authorization", ""}};

class TrustE2eTest : public ServerTest<true> {
 protected:
  // Makes a key with `role` through the admin API and returns its secret.
  static std::string MakeKey(const std::string& name, const std::string& role,
                             std::optional<double> rate_limit = std::nullopt) {
    json::object body{{"name", name}, {"role", role}};
    if (rate_limit) body["rate_limit"] = *rate_limit;
    Response r = Post("/v1/keys", ToJson(body));
    EXPECT_EQ(r.status, 201u) << r;
    EXPECT_TRUE(r.Str("secret").starts_with("afk_")) << r;
    return r.Str("secret");
  }
};

TEST_F(TrustE2eTest, EveryEndpointButHealthNeedsAKey) {
  EXPECT_EQ(Get("/healthz", kNoKey).status, 200u);
  EXPECT_EQ(Get("/readyz", kNoKey).status, 200u);
  for (const char* target : {"/v1/products", "/metrics", "/v1/openapi.json", "/v1/rules",
                             "/v1/products/RUN-SHOE-001/recommendations", "/v1/audit"}) {
    Response r = Get(target, kNoKey);
    std::string detail = ExpectProblem(r, 401);
    EXPECT_NE(detail.find("Authorization: Bearer"), std::string::npos) << r;
    EXPECT_EQ(r.Header("WWW-Authenticate"), "Bearer realm=\"affinity\"") << r;
  }
  // The demo product is still there: a DELETE without a key changes nothing.
  ExpectProblem(Delete("/v1/products/RUN-SHOE-001", kNoKey), 401);
  EXPECT_EQ(Get("/v1/products/RUN-SHOE-001").status, 200u);
  ExpectProblem(Get("/v1/products", Bearer("afk_not-a-key-anyone-made")), 401);
  ExpectProblem(Get("/v1/products", {{"Authorization", "Basic YWRtaW46YWRtaW4="}}), 401);
  // Refusals are counted.
  Response metrics = Get("/metrics");
  EXPECT_NE(metrics.body.find("affinity_http_refused_total{reason=\"no_key\"}"), std::string::npos);
  EXPECT_EQ(metrics.body.find("affinity_http_refused_total{reason=\"no_key\"} 0"),
            std::string::npos)
      << metrics.body.substr(metrics.body.find("refused"));
}

TEST_F(TrustE2eTest, AnImportWithoutAValidKeyIsRefusedBeforeItsBodyIsRead) {
  for (const std::string auth : {"", "Authorization: Bearer afk_forged\r\n"}) {
    auto conn = server().Connect();
    ASSERT_TRUE(conn->connected());
    // 200 MB announced, nothing of it sent: the answer must come from the header alone.
    ASSERT_TRUE(conn->Send("POST /v1/products:import HTTP/1.1\r\nHost: x\r\n" + auth +
                           "Content-Type: text/csv\r\nContent-Length: 200000000\r\n\r\n"));
    ExpectProblem(conn->ReadResponse(), 401);
  }
}

TEST_F(TrustE2eTest, EachRoleIsAllowedAndRefusedWhereItShouldBe) {
  std::map<std::string, std::string> keys;
  for (const char* role : {"merchandiser", "viewer", "intake", "storefront"}) {
    keys[role] = MakeKey(std::string("roles-") + role, role);
  }
  keys["admin"] = server().admin_key();
  struct Case {
    const char* what;
    std::function<Response(const Headers&)> call;
    std::set<std::string> allowed;
  };
  int n = 0;
  const std::vector<Case> cases = {
      {"read products",
       [](const Headers& h) { return Get("/v1/products?limit=1", h); },
       {"admin", "merchandiser", "viewer"}},
      {"recommendations",
       [](const Headers& h) { return Get("/v1/products/RUN-SHOE-001/recommendations", h); },
       {"admin", "merchandiser", "viewer", "storefront"}},
      {"write a product",
       [&n](const Headers& h) {
         return Put("/v1/products/ROLE-" + std::to_string(++n),
                    R"({"name":"Role test","price":"5.00"})", h);
       },
       {"admin", "merchandiser"}},
      {"validate a rule",
       [](const Headers& h) {
         return Post("/v1/rules:validate",
                     R"({"type":"cross_sell","when":"source.price > 1","then":"target.price > 1"})",
                     h);
       },
       {"admin", "merchandiser"}},
      {"deliver an order",
       [&n](const Headers& h) {
         Headers with = h;
         with.emplace_back("X-Shopify-Webhook-Id", "roles-" + std::to_string(++n));
         return Post("/v1/intake/shopify?account=roles", Fixture("shopify-1.json"), with);
       },
       {"admin", "intake"}},
      {"read the intake",
       [](const Headers& h) { return Get("/v1/intake/sources", h); },
       {"admin", "merchandiser", "viewer", "intake"}},
      {"import orders",
       [](const Headers& h) { return Post("/v1/orders:import", "[]", h); },
       {"admin", "intake"}},
      {"list keys", [](const Headers& h) { return Get("/v1/keys", h); }, {"admin"}},
      {"read the audit trail",
       [](const Headers& h) { return Get("/v1/audit?limit=1", h); },
       {"admin", "merchandiser", "viewer"}},
  };
  for (const Case& c : cases) {
    for (const auto& [role, key] : keys) {
      SCOPED_TRACE(testing::Message() << c.what << " as " << role);
      Response r = c.call(Bearer(key));
      if (c.allowed.contains(role)) {
        EXPECT_LT(r.status, 300u) << r;
      } else {
        std::string detail = ExpectProblem(r, 403);
        EXPECT_NE(detail.find("has role '" + role + "'"), std::string::npos) << detail;
      }
    }
  }
  Response me = Get("/v1/me", Bearer(keys["storefront"]));
  EXPECT_EQ(me.Str("role"), "storefront") << me;
  EXPECT_EQ(me.Object().at("may").at("recommend"), true) << me;
  EXPECT_EQ(me.Object().at("may").at("write"), false) << me;
}

TEST_F(TrustE2eTest, KeysAreShownOnceStoredHashedAndRevokedAtOnce) {
  const std::string key = MakeKey("revoke-me", "viewer");
  EXPECT_EQ(Get("/v1/products?limit=1", Bearer(key)).status, 200u);
  Response listed = Get("/v1/keys/revoke-me");
  EXPECT_EQ(listed.status, 200u) << listed;
  EXPECT_EQ(listed.body.find(key), std::string::npos) << "the secret is never shown again";
  EXPECT_EQ(listed.Str("prefix"), key.substr(0, 8));
  EXPECT_FALSE(listed.Object().at("last_used_at").is_null()) << listed;
  // Only the hash is in the database files.
  std::stringstream bytes;
  for (const char* file : {"/affinity.db", "/affinity.db-wal"}) {
    std::ifstream db(server().data_dir() + file, std::ios::binary);
    bytes << db.rdbuf();
  }
  EXPECT_EQ(bytes.str().find(key), std::string::npos);
  EXPECT_NE(bytes.str().find(HexEncode(Sha256(key))), std::string::npos);

  ExpectProblem(Post("/v1/keys", R"({"name":"revoke-me","role":"viewer"})"), 409);
  ExpectProblem(Post("/v1/keys", R"({"name":"x","role":"superuser"})"), 400);
  EXPECT_EQ(Delete("/v1/keys/revoke-me").status, 200u);
  std::string detail = ExpectProblem(Get("/v1/products?limit=1", Bearer(key)), 401);
  EXPECT_NE(detail.find("revoked"), std::string::npos) << detail;
  ExpectProblem(Delete("/v1/keys/revoke-me"), 409);
  ExpectProblem(Delete("/v1/keys/no-such-key"), 404);
}

TEST_F(TrustE2eTest, TheCliMakesListsAndRevokesKeysOfARunningServer) {
  std::string out;
  ASSERT_EQ(server().RunCli({"keys", "create", "--data", server().data_dir(), "--role",
                             "storefront", "--name", "cli-shop"},
                            &out),
            0)
      << out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  const std::string key = out.substr(out.rfind('\n') + 1);  // the last line alone
  ASSERT_TRUE(key.starts_with("afk_")) << out;
  // The server learns of the new key from the database.
  Response r;
  for (int i = 0; i < 40 && r.status != 200; ++i) {
    if (i) std::this_thread::sleep_for(25ms);
    r = Get("/v1/products/RUN-SHOE-001/recommendations", Bearer(key));
  }
  EXPECT_EQ(r.status, 200u) << r;
  ASSERT_EQ(server().RunCli({"keys", "list", "--data", server().data_dir()}, &out), 0);
  EXPECT_NE(out.find("cli-shop"), std::string::npos) << out;
  EXPECT_EQ(out.find(key), std::string::npos) << out;
  ASSERT_EQ(server().RunCli({"keys", "revoke", "cli-shop", "--data", server().data_dir()}, &out), 0)
      << out;
  for (int i = 0; i < 40 && r.status != 401; ++i) {
    if (i) std::this_thread::sleep_for(25ms);
    r = Get("/v1/products/RUN-SHOE-001/recommendations", Bearer(key));
  }
  ExpectProblem(r, 401);
  Response audit = Get("/v1/audit?entity=key&id=cli-shop");
  ASSERT_EQ(audit.Object().at("items").as_array().size(), 2u) << audit;
  EXPECT_EQ(audit.Object().at("items").at(0).at("action"), "revoke") << audit;
  EXPECT_EQ(audit.Object().at("items").at(0).at("actor"), "cli") << audit;
}

TEST_F(TrustE2eTest, SignedWebhooksNeedNoKeyAndBadSignaturesStoreNothing) {
  const std::string secret = "shpss_0123456789abcdef";
  ASSERT_EQ(
      Put("/v1/intake/sources/shopify/signed/secret", ToJson(json::object{{"secret", secret}}))
          .status,
      204u);
  const std::string body = Fixture("shopify-1.json");
  const std::string good = Base64Encode(HmacSha256(secret, body));
  Response ok = Post("/v1/intake/shopify?account=signed", body,
                     {{"Authorization", ""},
                      {"X-Shopify-Webhook-Id", "signed-1"},
                      {"X-Shopify-Hmac-Sha256", good}});
  EXPECT_EQ(ok.status, 202u) << ok;
  for (const Headers& bad :
       {Headers{{"Authorization", ""}, {"X-Shopify-Webhook-Id", "signed-2"}},
        Headers{{"X-Shopify-Webhook-Id", "signed-3"},
                {"X-Shopify-Hmac-Sha256", Base64Encode(HmacSha256("wrong secret!!!!", body))}}}) {
    // Even the admin key does not replace a missing or wrong signature.
    std::string detail = ExpectProblem(Post("/v1/intake/shopify?account=signed", body, bad), 401);
    EXPECT_NE(detail.find("X-Shopify-Hmac-Sha256"), std::string::npos) << detail;
  }
  // Only the signed delivery reached the inbox.
  Response deliveries = Get("/v1/intake/sources");
  bool found = false;
  for (const auto& s : deliveries.Object().at("items").as_array()) {
    if (s.at("channel") == "shopify" && s.at("account") == "signed") {
      found = true;
      EXPECT_EQ(s.at("received").as_int64(), 1) << deliveries;
      EXPECT_EQ(s.at("signed"), true) << deliveries;
    }
  }
  EXPECT_TRUE(found) << deliveries;
  // A generic channel, with its own header and a hex signature.
  ASSERT_EQ(Put("/v1/intake/sources/woocommerce/shop2/secret",
                ToJson(json::object{{"secret", "wc-secret-0123456789"}, {"header", "X-Sig"}}))
                .status,
            204u);
  const std::string wc = Fixture("woocommerce-1.json");
  Response hex = Post("/v1/intake/woocommerce?account=shop2", wc,
                      {{"Authorization", ""},
                       {"Idempotency-Key", "wc-signed-1"},
                       {"X-Sig", "sha256=" + HexEncode(HmacSha256("wc-secret-0123456789", wc))}});
  EXPECT_EQ(hex.status, 202u) << hex;
  // The secret is write-only: not in any reply, not in the audit trail.
  Response audit = Get("/v1/audit?entity=webhook_secret");
  EXPECT_EQ(audit.body.find(secret), std::string::npos) << audit;
  EXPECT_NE(audit.body.find("shopify/signed"), std::string::npos) << audit;
  ExpectProblem(Put("/v1/intake/sources/shopify/weak/secret", R"({"secret":"short"})"), 400);
  Response metrics = Get("/metrics");
  EXPECT_NE(metrics.body.find("affinity_http_refused_total{reason=\"bad_signature\"} 2"),
            std::string::npos);
}

TEST_F(TrustE2eTest, TheAuditTrailRecordsWhoChangedWhatWithBeforeAndAfter) {
  const std::string key = MakeKey("auditor-merch", "merchandiser");
  ASSERT_EQ(
      Put("/v1/products/AUDIT-1", R"({"name":"Audited","price":"10.00"})", Bearer(key)).status,
      201u);
  ASSERT_EQ(
      Put("/v1/products/AUDIT-1", R"({"name":"Audited","price":"12.00"})", Bearer(key)).status,
      200u);
  ASSERT_EQ(Delete("/v1/products/AUDIT-1", Bearer(key)).status, 204u);
  Response r = Get("/v1/audit?entity=product&id=AUDIT-1");
  ASSERT_EQ(r.status, 200u) << r;
  const auto& items = r.Object().at("items").as_array();
  ASSERT_EQ(items.size(), 3u) << r;
  EXPECT_EQ(items[0].at("action"), "delete");
  EXPECT_EQ(items[1].at("action"), "update");
  EXPECT_EQ(items[2].at("action"), "create");
  for (const auto& e : items) EXPECT_EQ(e.at("actor"), "auditor-merch") << r;
  EXPECT_EQ(items[1].at("before").at("price"), "10.00") << r;
  EXPECT_EQ(items[1].at("after").at("price"), "12.00") << r;
  EXPECT_TRUE(items[0].at("after").is_null());
  EXPECT_TRUE(items[2].at("before").is_null());
  // Filter by key and page with the cursor.
  Response by_key = Get("/v1/audit?key=auditor-merch&limit=2");
  ASSERT_EQ(by_key.Object().at("items").as_array().size(), 2u) << by_key;
  const std::string next(by_key.Object().at("next").as_string());
  Response page2 = Get(next);
  ASSERT_EQ(page2.Object().at("items").as_array().size(), 1u) << page2;
  ExpectProblem(Get("/v1/audit?from=yesterday"), 400);
  ExpectProblem(Get("/v1/audit?entitty=product"), 400);
}

TEST_F(TrustE2eTest, RuleVersionsAreKeptAndAnEarlierOneCanBeRestored) {
  const std::string v1 =
      R"({"type":"cross_sell","when":"source.price > 10","then":"target.price > 100","limit":2})";
  const std::string v2 =
      R"({"type":"cross_sell","when":"source.price > 20","then":"target.price > 200","limit":3})";
  ASSERT_EQ(Put("/v1/rules/versioned", v1).status, 201u);
  ASSERT_EQ(Put("/v1/rules/versioned", v2).status, 200u);
  Response versions = Get("/v1/rules/versioned/versions");
  ASSERT_EQ(versions.status, 200u) << versions;
  ASSERT_EQ(versions.Object().at("items").as_array().size(), 2u) << versions;
  EXPECT_EQ(versions.Object().at("items").at(1).at("version").as_int64(), 1);
  Response restored = Post("/v1/rules/versioned:restore", R"({"version":1})");
  ASSERT_EQ(restored.status, 200u) << restored;
  EXPECT_EQ(restored.Object().at("when"), "source.price > 10") << restored;
  EXPECT_EQ(restored.Object().at("version").as_int64(), 3) << restored;
  Response now = Get("/v1/rules/versioned");
  EXPECT_EQ(now.Object().at("limit").as_int64(), 2) << now;
  Response audit = Get("/v1/audit?entity=rule&id=versioned&limit=1");
  EXPECT_EQ(audit.Object().at("items").at(0).at("action"), "restore") << audit;
  std::string detail = ExpectProblem(Post("/v1/rules/versioned:restore", R"({"version":9})"), 404);
  EXPECT_NE(detail.find("recorded versions: 3, 2, 1"), std::string::npos) << detail;
  ExpectProblem(Get("/v1/rules/never-made/versions"), 404);
}

TEST_F(TrustE2eTest, AKeyOverItsRateLimitGets429WithRetryAfter) {
  const std::string key = MakeKey("slow-shop", "storefront", 1.0);  // 1/s, bursts of 2
  unsigned refused = 0;
  Response last;
  for (int i = 0; i < 5; ++i) {
    last = Get("/v1/products/RUN-SHOE-001/recommendations", Bearer(key));
    if (last.status == 429) {
      ++refused;
      EXPECT_GE(std::stoi(last.Header("Retry-After")), 1) << last;
    }
  }
  EXPECT_GE(refused, 2u) << last;
  // Other keys are not affected.
  EXPECT_EQ(Get("/v1/products/RUN-SHOE-001/recommendations").status, 200u);
}

TEST_F(TrustE2eTest, ADeeplyNestedConditionIs400AndTheServerKeepsServing) {
  std::string when(5000, '(');
  when += "source.price > 1";
  when += std::string(5000, ')');
  const std::string body = ToJson(json::object{
      {"id", "deep"}, {"type", "cross_sell"}, {"when", when}, {"then", "target.price > 1"}});
  for (const char* target : {"/v1/rules:validate", "/v1/rules"}) {
    Response r = Post(target, body);
    std::string detail = ExpectProblem(r, 400);
    EXPECT_NE(detail.find("when: line 1, column 65: the condition nests deeper than 64 levels"),
              std::string::npos)
        << detail;
    EXPECT_EQ(Get("/healthz").status, 200u);
  }
  ExpectProblem(Get("/v1/rules/deep"), 404);  // nothing was saved
  // Deeply nested JSON is refused by the JSON reader.
  std::string deep(20000, '[');
  ExpectProblem(Post("/v1/rules:validate", "{\"when\":" + deep + "}"), 400);
  EXPECT_EQ(Get("/healthz").status, 200u);
}

}  // namespace
}  // namespace affinity::e2e

// /v1/orders (CSV / JSON / NDJSON import, read, list) and /v1/customers/{id} end to end, over the
// Online Retail fixture (tests/fixtures/online_retail_sample.csv). Expected values are computed from
// the fixture file itself.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "2.55" -> 255 (the fixture has at most two decimals).
std::int64_t Cents(const std::string& s) {
  const bool neg = !s.empty() && s[0] == '-';
  std::string t = neg ? s.substr(1) : s;
  auto dot = t.find('.');
  std::string whole = dot == std::string::npos ? t : t.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  while (frac.size() < 2) frac += '0';
  std::int64_t v = std::stoll(whole.empty() ? "0" : whole) * 100 + std::stoll(frac.substr(0, 2));
  return neg ? -v : v;
}

std::string Money(std::int64_t cents) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>(std::llabs(cents) / 100),
                static_cast<long long>(std::llabs(cents) % 100));
  return buf;
}

// The fixture grouped by invoice.
struct Invoice {
  std::string customer;
  std::int64_t total = 0;
  std::size_t lines = 0;
  bool any_positive = false;
};
struct Fixture {
  std::string text;
  std::size_t rows = 0;
  std::map<std::string, Invoice> invoices;
};
const Fixture& LoadFixture() {
  static const Fixture f = [] {
    Fixture out;
    out.text = ReadFile(std::string(AFFINITY_FIXTURES_DIR) + "/online_retail_sample.csv");
    auto rows = CsvRows(out.text);
    // InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto& r = rows[i];
      if (r.size() < 8) continue;
      Invoice& inv = out.invoices[r[0]];
      inv.customer = r[6];
      const std::int64_t q = std::stoll(r[3]);
      inv.total += q * Cents(r[5]);
      inv.lines++;
      inv.any_positive |= q > 0;
      out.rows++;
    }
    return out;
  }();
  return f;
}

std::string UrlEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

const Headers kCsv{{"Content-Type", "text/csv"}};

class OrdersE2eTest : public ServerTest<false> {
 protected:
  static void SetUpTestSuite() {
    ServerTest::SetUpTestSuite();
    if (server_ && server_->running()) {
      first_import_ = Post("/v1/orders:import", LoadFixture().text, kCsv);
    }
  }
  static std::int64_t Int(const json::value& v) { return v.to_number<std::int64_t>(); }
  static inline Response first_import_;
};

TEST_F(OrdersE2eTest, ImportsTheOnlineRetailFixture) {
  const Fixture& fx = LoadFixture();
  ASSERT_EQ(fx.rows, 1999u);
  ASSERT_EQ(fx.invoices.size(), 97u);
  const Response& r = first_import_;
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(Int(r.json.at("imported")), 97) << r;
  EXPECT_EQ(Int(r.json.at("created")), 97) << r;
  EXPECT_EQ(Int(r.json.at("updated")), 0) << r;
  EXPECT_EQ(Int(r.json.at("duplicates")), 0) << r;
  EXPECT_EQ(Int(r.json.at("records")), 1999) << r;
  EXPECT_TRUE(r.json.at("errors").as_array().empty()) << r;

  // Every order is listed once.
  Response all = Get("/v1/orders?limit=1000");
  ASSERT_EQ(all.status, 200u) << all;
  EXPECT_EQ(all.json.at("items").as_array().size(), 97u);
}

TEST_F(OrdersE2eTest, OrderHasItsLinesAndTotal) {
  const Invoice& inv = LoadFixture().invoices.at("536365");
  ASSERT_EQ(inv.total, 13912);
  Response r = Get("/v1/orders/import:default:536365");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.Str("id"), "import:default:536365");
  EXPECT_EQ(r.Str("external_id"), "536365");
  EXPECT_EQ(r.Str("channel"), "import");
  EXPECT_EQ(r.Str("account"), "default");
  EXPECT_EQ(r.Str("customer_id"), "17850");
  EXPECT_EQ(r.Str("currency"), "GBP");
  EXPECT_EQ(r.Str("status"), "paid");
  EXPECT_EQ(r.Str("total"), "139.12") << r;
  EXPECT_EQ(r.Str("placed_at").substr(0, 19), "2010-12-01T08:26:00") << r;
  const auto& lines = r.json.at("lines").as_array();
  ASSERT_EQ(lines.size(), inv.lines) << r;
  EXPECT_EQ(lines[0].at("sku"), json::value("85123A"));
  EXPECT_EQ(lines[0].at("name"), json::value("WHITE HANGING HEART T-LIGHT HOLDER"));
  EXPECT_EQ(lines[0].at("quantity"), json::value(6));
  EXPECT_EQ(lines[0].at("unit_price"), json::value("2.55"));
  EXPECT_FALSE(r.Header("ETag").empty());

  ExpectProblem(Get("/v1/orders/import:default:999999"), 404);
}

TEST_F(OrdersE2eTest, CancellationInvoicesAreStoredAsCancelled) {
  int seen = 0;
  for (const auto& [id, inv] : LoadFixture().invoices) {
    if (id[0] != 'C') continue;
    ++seen;
    Response r = Get("/v1/orders/import:default:" + id);
    ASSERT_EQ(r.status, 200u) << r;
    EXPECT_EQ(r.Str("status"), "cancelled") << r;
    EXPECT_EQ(r.Str("total"), Money(inv.total)) << r;
  }
  EXPECT_GT(seen, 0) << "the fixture has cancellations";
}

TEST_F(OrdersE2eTest, ListByCustomerWithCursorVisitsEveryOrderOnce) {
  std::set<std::string> expected;
  for (const auto& [id, inv] : LoadFixture().invoices) {
    if (inv.customer == "17850") expected.insert("import:default:" + id);
  }
  ASSERT_GE(expected.size(), 4u);
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    Response r = Get("/v1/orders?customer=17850&limit=3" +
                     (cursor.empty() ? "" : "&cursor=" + UrlEncode(cursor)));
    ASSERT_EQ(r.status, 200u) << r;
    ASSERT_LE(r.json.at("items").as_array().size(), 3u);
    for (const auto& o : r.json.at("items").as_array()) {
      EXPECT_EQ(o.at("customer_id"), json::value("17850"));
      EXPECT_TRUE(seen.insert(std::string(o.at("id").as_string())).second) << "twice: " << o;
    }
    cursor = r.json.at("next_cursor").is_string() ? std::string(r.json.at("next_cursor").as_string())
                                                  : "";
    ASSERT_LT(++pages, 20) << "the cursor does not advance";
  } while (!cursor.empty());
  EXPECT_EQ(seen, expected);
  EXPECT_GE(pages, 4);

  Response other = Get("/v1/orders?channel=nope");
  ASSERT_EQ(other.status, 200u) << other;
  EXPECT_TRUE(other.json.at("items").as_array().empty()) << other;
  ExpectProblem(Get("/v1/orders?limit=0"), 400);
  ExpectProblem(Get("/v1/orders?custumer=17850"), 400);
}

TEST_F(OrdersE2eTest, ReImportIsAllDuplicates) {
  Response before = Get("/v1/orders/import:default:536365");
  ASSERT_EQ(before.status, 200u) << before;
  Response r = Post("/v1/orders:import", LoadFixture().text, kCsv);
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(Int(r.json.at("imported")), 97) << r;
  EXPECT_EQ(Int(r.json.at("created")), 0) << r;
  EXPECT_EQ(Int(r.json.at("updated")), 0) << r;
  EXPECT_EQ(Int(r.json.at("duplicates")), 97) << r;
  Response after = Get("/v1/orders/import:default:536365");
  EXPECT_EQ(after.json, before.json);
  EXPECT_EQ(Get("/v1/orders?limit=1000").json.at("items").as_array().size(), 97u);
}

TEST_F(OrdersE2eTest, NdjsonAndJsonImports) {
  const std::string nd =
      R"({"external_id":"N-1","channel":"web","account":"main","customer_id":"nd-cust","placed_at":"2024-02-01T10:00:00Z","currency":"USD","status":"paid","lines":[{"sku":"A-1","quantity":2,"unit_price":"9.99"},{"sku":"B-1","quantity":1,"unit_price":"5.00"}]})"
      "\n"
      R"({"external_id":"N-2","channel":"web","account":"main","customer_id":"nd-cust","placed_at":"2024-02-03T10:00:00Z","currency":"USD","status":"paid","lines":[{"sku":"A-1","quantity":1,"unit_price":"9.99"}]})"
      "\n";
  Response r = Post("/v1/orders:import", nd, {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(Int(r.json.at("created")), 2) << r;
  Response o = Get("/v1/orders/web:main:N-1");
  ASSERT_EQ(o.status, 200u) << o;
  EXPECT_EQ(o.Str("total"), "24.98") << o;
  EXPECT_EQ(o.json.at("lines").as_array().size(), 2u);

  const std::string arr =
      R"([{"external_id":"J-1","channel":"web","account":"main","placed_at":"2024-03-01T10:00:00Z","currency":"USD","status":"fulfilled","lines":[{"sku":"C-1","quantity":3,"unit_price":"1.50"}]}])";
  Response j = Post("/v1/orders:import", arr, {{"Content-Type", "application/json"}});
  ASSERT_EQ(j.status, 200u) << j;
  EXPECT_EQ(Get("/v1/orders/web:main:J-1").Str("status"), "fulfilled");

  Response c = Get("/v1/customers/nd-cust?at=2024-03-01T00:00:00Z");
  ASSERT_EQ(c.status, 200u) << c;
  EXPECT_EQ(Int(c.json.at("order_count")), 2) << c;
  EXPECT_EQ(c.Str("lifetime_value"), "34.97") << c;
}

TEST_F(OrdersE2eTest, BadRowRejectsTheWholeFileWithItsLine) {
  const std::string csv =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
      "BAD-1,SKU-A,Thing,2,2011-01-01 10:00:00,1.00,90001,UK\n"
      "BAD-2,SKU-B,Other,many,2011-01-01 10:00:00,1.00,90001,UK\n"
      "BAD-3,SKU-C,Third,1,2011-01-01 10:00:00,1.00,90001,UK\n";
  Response r = Post("/v1/orders:import", csv, kCsv);
  ExpectProblem(r, 422);
  EXPECT_EQ(Int(r.json.at("imported")), 0) << r;
  const auto& errors = r.json.at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u) << r;
  EXPECT_EQ(Int(errors[0].at("line")), 3) << r;
  ExpectProblem(Get("/v1/orders/import:default:BAD-1"), 404);
  ExpectProblem(Get("/v1/orders/import:default:BAD-3"), 404);
  EXPECT_EQ(Int(Get("/v1/customers/90001").json.at("order_count")), 0);
}

TEST_F(OrdersE2eTest, WrongContentTypeIs415) {
  Response r = Post("/v1/orders:import", "x", {{"Content-Type", "text/plain"}});
  std::string detail = ExpectProblem(r, 415);
  EXPECT_NE(detail.find("text/plain"), std::string::npos) << detail;
  ExpectProblem(Post("/v1/orders:import", "<a/>", {{"Content-Type", "application/xml"}}), 415);
}

TEST_F(OrdersE2eTest, ColumnMappingForAnotherLayout) {
  const std::string csv =
      "Invoice,Item,Qty,Price,When,Buyer\n"
      "M-1,SKU-X,2,3.50,2024-01-05T10:00:00Z,map-cust\n"
      "M-2,SKU-Y,1,10.00,2024-01-06T10:00:00Z,map-cust\n"
      "M-1,SKU-Z,4,0.25,2024-01-05T10:00:00Z,map-cust\n";
  const std::string columns =
      R"({"order_id":"Invoice","sku":"Item","quantity":"Qty","unit_price":"Price","placed_at":"When","customer_id":"Buyer","name":"","fixed_currency":"EUR","channel":"shop","account":"eu"})";
  Response r = Post("/v1/orders:import?columns=" + UrlEncode(columns), csv, kCsv);
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(Int(r.json.at("created")), 2) << r;
  Response o = Get("/v1/orders/shop:eu:M-1");
  ASSERT_EQ(o.status, 200u) << o;
  EXPECT_EQ(o.Str("currency"), "EUR");
  EXPECT_EQ(o.Str("customer_id"), "map-cust");
  EXPECT_EQ(o.Str("total"), "8.00") << o;
  EXPECT_EQ(o.json.at("lines").as_array().size(), 2u) << o;

  // Without the mapping the default (Online Retail) columns are missing: 422, nothing imported.
  ExpectProblem(Post("/v1/orders:import", csv, kCsv), 422);
  std::string detail = ExpectProblem(
      Post("/v1/orders:import?columns=" + UrlEncode(R"({"order_idd":"Invoice"})"), csv, kCsv), 400);
  EXPECT_NE(detail.find("order_idd"), std::string::npos) << detail;
  ExpectProblem(Post("/v1/orders:import?columns=notjson", csv, kCsv), 400);
}

TEST_F(OrdersE2eTest, CustomerProfileMatchesTheFixture) {
  std::int64_t count = 0, ltv = 0;
  for (const auto& [id, inv] : LoadFixture().invoices) {
    if (inv.customer != "17850" || id[0] == 'C') continue;
    if (inv.any_positive) ++count, ltv += inv.total;
  }
  ASSERT_EQ(count, 10);
  Response r = Get("/v1/customers/17850");
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.Str("id"), "17850");
  EXPECT_EQ(Int(r.json.at("order_count")), count) << r;
  EXPECT_EQ(r.Str("lifetime_value"), Money(ltv)) << r;
  EXPECT_EQ(r.Str("currency"), "GBP");
  EXPECT_NE(r.Str("segment"), "new") << r;

  Response unknown = Get("/v1/customers/nobody-at-all");
  ASSERT_EQ(unknown.status, 200u) << unknown;
  EXPECT_EQ(unknown.Str("segment"), "new");
  EXPECT_EQ(Int(unknown.json.at("order_count")), 0);

  Response early = Get("/v1/customers/17850?at=2010-11-30T00:00:00Z");
  ASSERT_EQ(early.status, 200u) << early;
  EXPECT_EQ(early.Str("segment"), "new") << early;
  EXPECT_EQ(Int(early.json.at("order_count")), 0) << early;

  // Mid-day: only the orders placed by 09:00 (536365 at 08:26, 536366 at 08:28) count.
  Response mid = Get("/v1/customers/17850?at=2010-12-01T09:00:00Z");
  ASSERT_EQ(mid.status, 200u) << mid;
  EXPECT_EQ(Int(mid.json.at("order_count")), 2) << mid;
  EXPECT_EQ(mid.Str("lifetime_value"), Money(LoadFixture().invoices.at("536365").total +
                                             LoadFixture().invoices.at("536366").total))
      << mid;
  ExpectProblem(Get("/v1/customers/17850?at=yesterday"), 400);
}

TEST_F(OrdersE2eTest, ContextRuleUsesTheStoredCustomerProfile) {
  for (const char* sku : {"CTX-SRC", "CTX-DST"}) {
    CreateProduct(sku, {{"category", std::string("Ctx/") + sku}});
  }
  Response rule = Post("/v1/rules", ToJson(json::object{
                                        {"id", "loyal-cross"},
                                        {"type", "cross_sell"},
                                        {"when", "source.sku == \"CTX-SRC\""},
                                        {"then", "target.sku == \"CTX-DST\""},
                                        {"context", "customer.order_count > 3"}}));
  ASSERT_EQ(rule.status, 201u) << rule;
  auto recs = [&](const std::string& q) {
    std::vector<std::string> out;
    Response r = Get("/v1/products/CTX-SRC/recommendations" + (q.empty() ? "" : "?" + q));
    EXPECT_EQ(r.status, 200u) << r;
    if (r.json.is_object() && r.Object().contains("items")) {
      for (const auto& i : r.json.at("items").as_array()) out.emplace_back(i.at("sku").as_string());
    }
    return out;
  };
  EXPECT_EQ(recs("customer=17850"), std::vector<std::string>{"CTX-DST"});
  EXPECT_TRUE(recs("customer=nobody").empty());
  EXPECT_TRUE(recs("").empty()) << "no customer";
  // Before the orders were placed 17850 had none.
  EXPECT_TRUE(recs("customer=17850&at=2010-11-30T00:00:00Z").empty());
}

TEST_F(OrdersE2eTest, OrdersSurviveARestart) {
  Response before = Get("/v1/orders/import:default:536365");
  ASSERT_EQ(before.status, 200u);
  ASSERT_NO_FATAL_FAILURE(server().Restart());
  Response after = Get("/v1/orders/import:default:536365");
  ASSERT_EQ(after.status, 200u) << after;
  EXPECT_EQ(after.json, before.json);
  EXPECT_GE(Get("/v1/orders?limit=1000").json.at("items").as_array().size(), 97u);
  Response c = Get("/v1/customers/17850");
  EXPECT_EQ(Int(c.json.at("order_count")), 10) << c;
}

}  // namespace
}  // namespace affinity::e2e

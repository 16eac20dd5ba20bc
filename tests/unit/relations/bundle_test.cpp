#include "relations/bundle.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

namespace affinity {
namespace {

boost::json::object Obj(std::string_view text) { return boost::json::parse(text).as_object(); }

Bundle Parse(std::string_view text, std::string_view path_id = {}) {
  Result<Bundle> b = BundleFromJson(Obj(text), path_id);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? *b : Bundle{};
}

std::string ParseError(std::string_view text, std::string_view path_id = {}) {
  Result<Bundle> b = BundleFromJson(Obj(text), path_id);
  if (b.ok()) return "";
  EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
  return b.status().message();
}

TEST(BundleTest, ReadsEveryField) {
  Bundle b = Parse(R"({"id": "running-starter", "name": " Running starter kit ",
    "description": "Shoes, socks and a cleaner",
    "items": [{"sku": "RS-1"}, {"sku": "SK-1", "quantity": 2},
              {"sku": "CL-1", "quantity": 1, "optional": true}],
    "price": {"amount": "79.00", "currency": "EUR"},
    "active_from": "2026-11-01", "active_to": "2026-12-31T23:59:59Z"})");
  EXPECT_EQ(b.id, "running-starter");
  EXPECT_EQ(b.name, "Running starter kit");
  EXPECT_EQ(b.description, "Shoes, socks and a cleaner");
  ASSERT_EQ(b.items.size(), 3u);
  EXPECT_EQ(b.items[0], (BundleItem{"RS-1", 1, false}));
  EXPECT_EQ(b.items[1], (BundleItem{"SK-1", 2, false}));
  EXPECT_EQ(b.items[2], (BundleItem{"CL-1", 1, true}));
  EXPECT_EQ(b.price, (Money{7900, "EUR"}));
  EXPECT_EQ(b.discount_bp, std::nullopt);
  EXPECT_EQ(b.active_from, 1793491200);  // 2026-11-01T00:00:00Z
  EXPECT_EQ(b.active_to, 1798761599);    // 2026-12-31T23:59:59Z
}

TEST(BundleTest, DiscountIsReadExactlyInHundredthsOfAPercent) {
  EXPECT_EQ(Parse(R"({"name": "A", "discount_percent": 15})").discount_bp, 1500);
  EXPECT_EQ(Parse(R"({"name": "A", "discount_percent": 12.5})").discount_bp, 1250);
  EXPECT_EQ(Parse(R"({"name": "A", "discount_percent": "0.01"})").discount_bp, 1);
  EXPECT_EQ(Parse(R"({"name": "A", "discount_percent": 99.99})").discount_bp, 9999);
  for (const char* bad : {"0", "100", "-5", "150", "12.345", "\"lots\""}) {
    SCOPED_TRACE(bad);
    std::string error = ParseError(std::string(R"({"name": "A", "discount_percent": )") + bad + "}");
    EXPECT_NE(error.find("field 'discount_percent' must be a percentage above 0 and below 100 with "
                         "at most 2 decimals"),
              std::string::npos)
        << error;
  }
}

TEST(BundleTest, ADraftNeedsOnlyAName) {
  Bundle b = Parse(R"({"name": "Winter kit"})");
  EXPECT_TRUE(b.id.empty());  // the engine makes one from the name
  EXPECT_TRUE(b.items.empty());
  EXPECT_EQ(b.price, std::nullopt);
  EXPECT_TRUE(b.IsActive(0));
  EXPECT_EQ(ParseError(R"({"items": []})"), "field 'name' is required");
  EXPECT_EQ(ParseError(R"({"name": "   "})"), "field 'name' must not be empty");
}

TEST(BundleTest, ItemErrorsNameTheItemAndTheField) {
  EXPECT_EQ(ParseError(R"({"name": "A", "items": [{"sku": "A"}, {"quantity": 2}]})"),
            "field 'items[1].sku' is required");
  EXPECT_EQ(ParseError(R"({"name": "A", "items": [{"sku": "A", "quantity": 0}]})"),
            "field 'items[0].quantity' must be a whole number from 1 to 10000, got 0");
  EXPECT_EQ(ParseError(R"({"name": "A", "items": [{"sku": "A", "quantity": 1.5}]})"),
            "field 'items[0].quantity' must be an integer, got 1.5");
  EXPECT_EQ(ParseError(R"({"name": "A", "items": [{"sku": "A", "qty": 2}]})"),
            "unknown field 'items[0].qty'");
  EXPECT_EQ(ParseError(R"({"name": "A", "items": [{"sku": "A", "quantty": 2}]})"),
            "unknown field 'items[0].quantty' (did you mean 'quantity'?)");
  EXPECT_EQ(ParseError(R"({"name": "A", "items": [{"sku": "A", "optional": "yes"}]})"),
            "field 'items[0].optional' must be true or false, got \"yes\"");
  EXPECT_EQ(ParseError(R"({"name": "A", "items": ["RS-1"]})"),
            "field 'items[0]' must be an object such as {\"sku\":\"RS-1\",\"quantity\":2}, got "
            "\"RS-1\"");
  std::string error = ParseError(R"({"name": "A", "items": [{"sku": "two words"}]})");
  EXPECT_NE(error.find("field 'items[0].sku' is not a valid SKU"), std::string::npos) << error;
  EXPECT_NE(ParseError(R"({"name": "A", "items": {"sku": "A"}})").find("field 'items' must be an "
                                                                     "array"),
            std::string::npos);
}

TEST(BundleTest, TooManyItemsAreRefused) {
  std::string items;
  for (int i = 0; i <= 100; ++i) {
    items += (i ? "," : "") + std::string(R"({"sku":"S)") + std::to_string(i) + "\"}";
  }
  EXPECT_EQ(ParseError(R"({"name": "A", "items": [)" + items + "]}"),
            "field 'items' holds 101 items; a bundle has at most 100");
}

TEST(BundleTest, PriceErrorsNameTheMember) {
  EXPECT_EQ(ParseError(R"({"name": "A", "price": "79.00"})"),
            "field 'price' must be an object such as {\"amount\":\"79.00\",\"currency\":\"USD\"}, "
            "got \"79.00\"");
  EXPECT_EQ(ParseError(R"({"name": "A", "price": {"amount": "79.00"}})"),
            "field 'price.currency' is required");
  EXPECT_EQ(ParseError(R"({"name": "A", "price": {"amount": "79.00", "currency": "usd"}})"),
            "field 'price.currency' must be an ISO 4217 code such as \"USD\", got \"usd\"");
  EXPECT_EQ(ParseError(R"({"name": "A", "price": {"amount": "79.001", "currency": "USD"}})"),
            "field 'price.amount' '79.001' is not a valid USD amount: 2 decimal places at most "
            "for USD");
  EXPECT_EQ(ParseError(R"({"name": "A", "price": {"amount": "-1", "currency": "USD"}})"),
            "field 'price.amount' must not be negative, got -1");
  EXPECT_EQ(Parse(R"({"name": "A", "price": {"amount": 500, "currency": "JPY"}})").price,
            (Money{500, "JPY"}));
}

TEST(BundleTest, PriceAndDiscountExcludeEachOther) {
  EXPECT_EQ(ParseError(R"({"name": "A", "price": {"amount": "9", "currency": "USD"},
                          "discount_percent": 10})"),
            "field 'discount_percent' cannot be combined with 'price': give a fixed bundle price "
            "or a discount off the items' total, not both");
}

TEST(BundleTest, WindowIsCheckedAndInclusive) {
  std::string error = ParseError(R"({"name": "A", "active_from": "2026-13-01"})");
  EXPECT_NE(error.find("field 'active_from' '2026-13-01' is not an ISO 8601 time"),
            std::string::npos)
      << error;
  EXPECT_EQ(ParseError(R"({"name": "A", "active_from": "2026-12-01", "active_to": "2026-11-01"})"),
            "field 'active_to' (2026-11-01T00:00:00Z) is before active_from "
            "(2026-12-01T00:00:00Z); the window must end after it starts");
  Bundle b = Parse(R"({"name": "A", "active_from": "2026-12-01T00:00:00Z",
                      "active_to": "2026-12-02T00:00:00+01:00"})");
  EXPECT_FALSE(b.IsActive(*b.active_from - 1));
  EXPECT_TRUE(b.IsActive(*b.active_from));
  EXPECT_TRUE(b.IsActive(*b.active_to));
  EXPECT_FALSE(b.IsActive(*b.active_to + 1));
  EXPECT_EQ(*b.active_to - *b.active_from, 23 * 3600);
}

TEST(BundleTest, IdsAreCheckedLikeRuleIdsAndMustAgreeWithTheUrl) {
  EXPECT_EQ(ParseError(R"({"id": "Winter Kit", "name": "A"})"),
            "bundle id 'Winter Kit' must be 1 to 64 characters of a-z, 0-9, '-' and '_', starting "
            "with a letter or digit, e.g. 'running-starter-kit'");
  EXPECT_NE(ParseError(R"({"name": "A"})", "-kit").find("bundle id '-kit'"), std::string::npos);
  EXPECT_EQ(ParseError(R"({"id": "a", "name": "A"})", "b"),
            "field 'id' is 'a' but the URL names 'b'; they must agree");
  EXPECT_EQ(Parse(R"({"name": "A"})", "winter-kit").id, "winter-kit");
  EXPECT_EQ(ParseError(R"({"name": "A", "colour": "red"})"), "unknown field 'colour'");
}

TEST(BundleTest, IdFromNameIsASlug) {
  EXPECT_EQ(BundleIdFromName("Running Starter Kit!"), "running-starter-kit");
  EXPECT_EQ(BundleIdFromName("  --Été 2026 -- "), "t-2026");
  EXPECT_EQ(BundleIdFromName("!!!"), "bundle");
  EXPECT_EQ(BundleIdFromName(std::string(200, 'a')).size(), 48u);
  EXPECT_TRUE(ValidateBundleId(BundleIdFromName("Été")).ok());
}

TEST(BundleTest, ToJsonThenFromJsonRoundTripsAndReadOnlyMembersAreIgnored) {
  Bundle b;
  b.id = "kit";
  b.name = "Kit";
  b.items = {{"A", 2, false}, {"B", 1, true}};
  b.discount_bp = 1250;
  b.active_to = 1798761599;
  b.version = 4;
  b.created_ms = 1700000000000;
  b.updated_ms = 1700000000123;
  boost::json::object o = BundleToJson(b);
  EXPECT_EQ(o.at("discount_percent"), 12.5);
  EXPECT_TRUE(o.at("price").is_null());
  EXPECT_TRUE(o.at("active_from").is_null());
  EXPECT_EQ(o.at("active_to"), "2026-12-31T23:59:59Z");
  EXPECT_EQ(o.at("version"), 4);
  EXPECT_EQ(o.at("updated_at"), "2023-11-14T22:13:20.123Z");
  // What a GET reply adds is accepted back.
  o["valid"] = false;
  o["problems"] = boost::json::array{};
  o["total_price"] = "10.00";
  Result<Bundle> back = BundleFromJson(o);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  b.version = 0;
  b.created_ms = b.updated_ms = 0;
  EXPECT_EQ(*back, b);
  b.discount_bp.reset();
  b.price = Money{1999, "USD"};
  back = BundleFromJson(BundleToJson(b));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, b);
}

}  // namespace
}  // namespace affinity

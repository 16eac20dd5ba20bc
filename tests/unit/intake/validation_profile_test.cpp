// Validation profiles: channel defaults, JSON configuration, precise rejections.
#include "intake/validation_profile.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "payloads.hpp"

namespace affinity {
namespace {

MappedOrder WebOrder() {
  MappedOrder m;
  Order& o = m.order;
  o.channel = "shopify";
  o.account = "acme";
  o.external_id = "1001";
  o.id = CanonicalOrderId(o.channel, o.account, o.external_id);
  o.placed_at = 1'700'000'000;
  o.currency = "USD";
  o.lines = {OrderLine{.sku = "A", .quantity = 1, .unit_price_minor = 500}};
  o.total_minor = 500;
  m.attributes = {{kAttrBuyerEmail, "a@example.com"}, {kAttrShipCountry, "US"},
                  {kAttrShipState, "KY"}, {kAttrCurrencySource, "payload"}};
  return m;
}

IntakeError Rejection(const MappedOrder& m, const ValidationProfile& p) {
  Status st = Validate(m, p);
  EXPECT_FALSE(st.ok());
  return IntakeError::FromStatus(st);
}

TEST(ValidationProfileTest, ChannelDefaults) {
  EXPECT_TRUE(ValidationProfile::DefaultFor("shopify").require_buyer_email);
  EXPECT_TRUE(ValidationProfile::DefaultFor("magento").require_buyer_email);
  EXPECT_FALSE(ValidationProfile::DefaultFor("amazon").require_buyer_email);
  EXPECT_FALSE(ValidationProfile::DefaultFor("ebay").require_ship_state);
  EXPECT_FALSE(ValidationProfile::DefaultFor("csv").require_buyer_email);
  EXPECT_FALSE(ValidationProfile::DefaultFor("shopify").require_po_number);
}

TEST(ValidationProfileTest, AcceptsACompleteOrder) {
  EXPECT_TRUE(Validate(WebOrder(), ValidationProfile::DefaultFor("shopify")).ok());
}

TEST(ValidationProfileTest, RejectsMissingEmailForWebStoresOnly) {
  MappedOrder m = WebOrder();
  m.attributes.erase(kAttrBuyerEmail);
  IntakeError e = Rejection(m, ValidationProfile::DefaultFor("shopify"));
  EXPECT_EQ(e.error_class, IntakeErrorClass::kPermanent);
  EXPECT_EQ(e.stage, "validate");
  EXPECT_EQ(e.field, kAttrBuyerEmail);
  EXPECT_NE(e.message.find("is required"), std::string::npos);
  EXPECT_TRUE(Validate(m, ValidationProfile::DefaultFor("amazon")).ok());
}

TEST(ValidationProfileTest, StateRequiredOnlyWhereCountriesHaveStates) {
  MappedOrder m = WebOrder();
  m.attributes[kAttrShipState] = "";
  IntakeError e = Rejection(m, ValidationProfile::DefaultFor("woocommerce"));
  EXPECT_EQ(e.field, kAttrShipState);
  EXPECT_NE(e.message.find("in US"), std::string::npos);
  m.attributes[kAttrShipCountry] = "PE";  // Peru: no state in the address
  EXPECT_TRUE(Validate(m, ValidationProfile::DefaultFor("woocommerce")).ok());
  m.attributes.erase(kAttrShipCountry);  // digital order: no shipping address
  EXPECT_TRUE(Validate(m, ValidationProfile::DefaultFor("woocommerce")).ok());
}

TEST(ValidationProfileTest, PerAccountProfilesFromJson) {
  auto profiles = ValidationProfiles::FromJson(
      boost::json::parse(R"({"magento":{"default":{"require_customer_id":true},
                                        "b2b-eu":{"require_po_number":true,
                                                  "require_payload_currency":true}}})")
          .as_object());
  ASSERT_TRUE(profiles.ok()) << profiles.status().ToString();
  ValidationProfile b2b = profiles->For("magento", "b2b-eu");
  EXPECT_TRUE(b2b.require_po_number);
  EXPECT_TRUE(b2b.require_customer_id);  // inherited from the channel's default
  EXPECT_TRUE(b2b.require_buyer_email);  // inherited from the built-in default
  EXPECT_FALSE(profiles->For("magento", "retail").require_po_number);
  EXPECT_FALSE(profiles->For("ebay", "x").require_buyer_email);

  MappedOrder m = WebOrder();
  m.order.customer_id = "7";
  m.attributes[kAttrCurrencySource] = "account_default";
  IntakeError e = Rejection(m, b2b);
  EXPECT_EQ(e.field, kAttrPoNumber);
  EXPECT_NE(e.message.find("B2B"), std::string::npos);
  EXPECT_NE(e.message.find("'currency' the payload sent none"), std::string::npos) << e.message;
  m.attributes[kAttrPoNumber] = "PO-1";
  m.attributes[kAttrCurrencySource] = "payload";
  EXPECT_TRUE(Validate(m, b2b).ok());

  auto bad = ValidationProfiles::FromJson(
      boost::json::parse(R"({"shopify":{"default":{"require_email":true}}})").as_object());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("require_email"), std::string::npos);
}

TEST(ValidationProfileTest, ModelErrorsAndAwaitedDataAreClassified) {
  MappedOrder m = WebOrder();
  m.order.lines[0].quantity = 0;
  IntakeError e = Rejection(m, ValidationProfile::DefaultFor("shopify"));
  EXPECT_EQ(e.error_class, IntakeErrorClass::kPermanent);
  EXPECT_NE(e.message.find("lines[0].quantity must not be 0"), std::string::npos);
  m = WebOrder();
  m.awaiting = "products: GET /orders/1/products";
  e = Rejection(m, ValidationProfile::DefaultFor("bigcommerce"));
  EXPECT_EQ(e.error_class, IntakeErrorClass::kUnresolved);
  EXPECT_NE(e.message.find("GET /orders/1/products"), std::string::npos);
}

}  // namespace
}  // namespace affinity

// The port: the registry, delivery ids, IntakeError round trips and the shared parsing helpers.
#include <gtest/gtest.h>

#include "intake/map_support.hpp"
#include "payloads.hpp"

namespace affinity {
namespace {

TEST(ChannelAdapterTest, RegistryHoldsEveryChannelOnce) {
  std::vector<std::string> names;
  for (const ChannelAdapter* a : ChannelAdapters()) names.emplace_back(a->name());
  EXPECT_EQ(names, (std::vector<std::string>{"shopify", "woocommerce", "bigcommerce", "magento",
                                             "amazon", "ebay", "csv"}));
  for (const std::string& n : names) {
    ASSERT_NE(FindAdapter(n), nullptr);
    EXPECT_EQ(FindAdapter(n)->name(), n);
  }
  EXPECT_EQ(FindAdapter("shopfy"), nullptr);
}

TEST(ChannelAdapterTest, DeliveryIdsFromHeadersCaseInsensitively) {
  RawDelivery d = testing::Delivery("shopify", "{}");
  EXPECT_EQ(ShopifyAdapter().DeliveryId(d), std::nullopt);
  d.headers.Set("x-shopify-webhook-id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
  EXPECT_EQ(ShopifyAdapter().DeliveryId(d), "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
  RawDelivery w = testing::Delivery("woocommerce", "{}");
  w.headers.Set("X-WC-Webhook-Delivery-ID", "42");
  EXPECT_EQ(WooCommerceAdapter().DeliveryId(w), "42");
  EXPECT_NE(w.headers.Find("x-wc-webhook-delivery-id"), nullptr);
  EXPECT_EQ(CsvAdapter().DeliveryId(w), std::nullopt);
}

TEST(ChannelAdapterTest, IntakeErrorRoundTripsThroughStatus) {
  IntakeError e{IntakeErrorClass::kPermanent, "map", "orders[0].id", "expected an id: got 1.5"};
  Status st = e.ToStatus();
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "map: field 'orders[0].id': expected an id: got 1.5");
  IntakeError back = IntakeError::FromStatus(st);
  EXPECT_EQ(back.error_class, e.error_class);
  EXPECT_EQ(back.stage, "map");
  EXPECT_EQ(back.field, "orders[0].id");
  EXPECT_EQ(back.message, e.message);
  EXPECT_EQ(IntakeError::FromStatus(Status::Unavailable("db busy")).error_class,
            IntakeErrorClass::kTransient);
  const IntakeError unresolved{IntakeErrorClass::kUnresolved, "validate", "", "x"};
  EXPECT_EQ(unresolved.ToStatus().code(), StatusCode::kFailedPrecondition);
  EXPECT_STREQ(IntakeErrorClassName(IntakeErrorClass::kUnresolved), "unresolved");
}

TEST(ChannelAdapterTest, SourceTimesInEveryChannelsForm) {
  auto t = [](const char* s) { return ParseSourceTime(s); };
  const std::int64_t base = 1330724184;  // 2012-03-02T21:36:24Z
  EXPECT_EQ(t("Fri, 02 Mar 2012 21:36:24 +0000")->unix_seconds, base);
  EXPECT_EQ(t("2012-03-02T21:36:24Z")->unix_seconds, base);
  EXPECT_EQ(t("2012-03-02T21:36:24.000Z")->unix_seconds, base);
  EXPECT_EQ(t("2012-03-02T16:36:24-05:00")->unix_seconds, base);
  EXPECT_EQ(t("2012-03-02 17:36:24 -0400")->unix_seconds, base);
  EXPECT_EQ(t("2012-03-02 21:36:24")->unix_seconds, base);
  EXPECT_FALSE(t("2012-03-02 21:36:24")->had_zone);
  EXPECT_TRUE(t("2012-03-02 17:36:24 -0400")->had_zone);
  EXPECT_FALSE(t("2012-02-30T00:00:00Z"));
  EXPECT_FALSE(t("1.569521782042E9"));
  EXPECT_FALSE(t("Fri, 02 Mrz 2012 21:36:24 +0000"));
  // Found by fuzz/intake_adapter_fuzzer: a day of many digits overflowed an int.
  EXPECT_FALSE(t("Fri, 9223372036854775808 Mar 2012 21:36:24 +0000"));
  EXPECT_FALSE(t("922337203685 Mar 2012 21:36:24 +0000"));
  EXPECT_EQ(t("2 Mar 2012 21:36:24 +0000")->unix_seconds, base);
}

TEST(ChannelAdapterTest, MinorUnitsFromTextRoundHalfUp) {
  MappedOrder m;
  EXPECT_EQ(MinorFromText("62.6793", "USD", "x", &m), 6268);
  EXPECT_EQ(MinorFromText("0.0050", "USD", "x", &m), 1);
  EXPECT_EQ(MinorFromText("0.0049", "USD", "x", &m), 0);
  EXPECT_EQ(MinorFromText("-58.6", "EUR", "x", &m), -5860);
  EXPECT_EQ(MinorFromText("-0.005", "EUR", "x", &m), -1);
  EXPECT_EQ(MinorFromText("7.2", "USD", "x", &m), 720);
  EXPECT_EQ(MinorFromText("500", "JPY", "x", &m), 500);
  EXPECT_EQ(MinorFromText("1.5", "JPY", "x", &m), 2);
  EXPECT_EQ(MinorFromText("12.300", "KWD", "x", &m), 12300);
  EXPECT_THROW(MinorFromText("1e3", "USD", "x", &m), MapFailure);
  EXPECT_THROW(MinorFromText("", "USD", "x", &m), MapFailure);
  EXPECT_THROW(MinorFromText("$5", "USD", "x", &m), MapFailure);
}

}  // namespace
}  // namespace affinity

// Fuzzes the channel adapters (intake/*_adapter.cpp): the first byte picks the channel ('a' amazon,
// 'b' bigcommerce, 'c' csv, 'e' ebay, 'm' magento, 's' shopify, 'w' woocommerce), the rest is the
// delivery body. Runs what the intake pipeline runs on a delivery before storing it: DeliveryId,
// Map and Validate against the channel's default profile. Checks the port's promises: Map never
// throws, a failure is a classified IntakeError with a message, each mapped order carries its
// channel. Seeds: tests/fixtures/payloads and /work/shared/payloads, prefixed with the channel
// letter.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_input.hpp"
#include "intake/adapters.hpp"
#include "intake/validation_profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace affinity;
  if (size == 0) return 0;
  constexpr std::string_view kChannels[] = {"amazon",  "bigcommerce", "csv",        "ebay",
                                            "magento", "shopify",     "woocommerce"};
  const std::string_view channel = kChannels[fuzz::Pick(data[0], "abcemsw")];
  const ChannelAdapter* adapter = FindAdapter(channel);
  if (!adapter) __builtin_trap();

  RawDelivery delivery;
  delivery.channel = std::string(channel);
  delivery.account = "fuzz";
  delivery.body = std::string(fuzz::Text(data + 1, size - 1));
  delivery.received_at = 1780000000;
  if (data[0] & 0x80) delivery.default_currency = "EUR";
  delivery.headers.Set("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
  delivery.headers.Set("X-WC-Webhook-Delivery-ID", "1234");

  (void)adapter->DeliveryId(delivery);
  Result<std::vector<MappedOrder>> mapped = adapter->Map(delivery);
  if (!mapped.ok()) {
    IntakeError e = IntakeError::FromStatus(mapped.status());
    if (e.message.empty() || e.stage.empty()) __builtin_trap();
    return 0;
  }
  const ValidationProfile profile = ValidationProfile::DefaultFor(channel);
  for (const MappedOrder& m : *mapped) {
    if (m.order.channel != channel || m.order.account != "fuzz") __builtin_trap();
    Status st = Validate(m, profile);
    if (!st.ok() && st.message().empty()) __builtin_trap();
  }
  return 0;
}

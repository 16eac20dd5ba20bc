// WebhookSecret: the shared secret of one intake source (channel + account). A delivery to that
// source must carry the HMAC-SHA256 of its raw body under the secret, in the channel's header:
// Shopify X-Shopify-Hmac-Sha256 and WooCommerce X-WC-Webhook-Signature (Base64, as they send it);
// other channels in the header configured with the secret (default X-Webhook-Signature), Base64 or
// hex, optionally prefixed "sha256=". A delivery with a valid signature needs no API key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace affinity {

struct WebhookSecret {
  std::string channel;
  std::string account;
  std::string secret;  // never shown again once set
  std::string header;  // where the signature comes
  std::int64_t updated_at_ms = 0;
};

// The header a channel signs in when none is configured.
std::string_view DefaultSignatureHeader(std::string_view channel);

// Checks `signature` (the header's value) against the HMAC-SHA256 of `body` under `secret`, in
// constant time. Ok, or Unauthenticated-style InvalidArgument naming what is wrong (missing,
// malformed, mismatch) without revealing the expected value.
Status VerifyWebhookSignature(std::string_view secret, std::string_view body,
                              std::string_view signature);

}  // namespace affinity

#include "trust/webhook_secret.hpp"

#include "common/crypto.hpp"
#include "common/strings.hpp"

namespace affinity {

std::string_view DefaultSignatureHeader(std::string_view channel) {
  if (channel == "shopify") return "X-Shopify-Hmac-Sha256";
  if (channel == "woocommerce") return "X-WC-Webhook-Signature";
  return "X-Webhook-Signature";
}

Status VerifyWebhookSignature(std::string_view secret, std::string_view body,
                              std::string_view signature) {
  std::string_view text = Trim(signature);
  if (text.empty()) return Status::InvalidArgument("the signature header is missing or empty");
  if (text.size() > 7 && ToLower(std::string(text.substr(0, 7))) == "sha256=") {
    text.remove_prefix(7);
  }
  const std::string expected = HmacSha256(secret, body);
  // 64 characters is hex; anything else is read as Base64 (44 with padding, 43 without).
  std::optional<std::string> given = text.size() == 64 ? HexDecode(text) : Base64Decode(text);
  if (!given || given->size() != expected.size()) {
    return Status::InvalidArgument(
        "the signature is not a Base64 or hex HMAC-SHA256 (32 bytes) of the body");
  }
  if (!ConstantTimeEquals(*given, expected)) {
    return Status::InvalidArgument(
        "the signature does not match the body under this source's secret");
  }
  return Status::Ok();
}

}  // namespace affinity

#include "trust/webhook_secret.hpp"

#include <gtest/gtest.h>

#include "common/crypto.hpp"
#include "trust/memory_trust_store.hpp"
#include "trust/webhook_secrets.hpp"

namespace affinity {
namespace {

TEST(WebhookSignatureTest, AcceptsBase64HexAndPrefixedSignaturesOfTheExactBody) {
  const std::string secret = "0123456789abcdef", body = R"({"id":1})";
  const std::string mac = HmacSha256(secret, body);
  EXPECT_TRUE(VerifyWebhookSignature(secret, body, Base64Encode(mac)).ok());
  EXPECT_TRUE(VerifyWebhookSignature(secret, body, HexEncode(mac)).ok());
  EXPECT_TRUE(VerifyWebhookSignature(secret, body, "sha256=" + HexEncode(mac)).ok());
  EXPECT_FALSE(VerifyWebhookSignature(secret, body + " ", Base64Encode(mac)).ok());
  EXPECT_FALSE(VerifyWebhookSignature("another secret!!", body, Base64Encode(mac)).ok());
  EXPECT_FALSE(VerifyWebhookSignature(secret, body, "").ok());
  EXPECT_FALSE(VerifyWebhookSignature(secret, body, "not base64 at all").ok());
  EXPECT_FALSE(VerifyWebhookSignature(secret, body, Base64Encode(mac.substr(1))).ok());
}

TEST(WebhookSecretsTest, SecretsAreSetCheckedRemovedAndAudited) {
  MemoryTrustStore store;
  auto secrets = WebhookSecrets::Open(store);
  ASSERT_TRUE(secrets.ok());
  WebhookSecrets& s = **secrets;
  EXPECT_EQ(s.Set("shopify", "acme", "short", "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.Set("ebay", "acme", "0123456789abcdef", "Bad Header").code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(s.Set("shopify", "acme", "0123456789abcdef", "").ok());
  EXPECT_EQ(s.Find("shopify", "acme")->header, "X-Shopify-Hmac-Sha256");
  EXPECT_FALSE(s.Find("shopify", "other"));
  EXPECT_TRUE(s.ListWithoutSecrets()[0].secret.empty());
  ASSERT_TRUE(s.Remove("shopify", "acme").ok());
  EXPECT_EQ(s.Remove("shopify", "acme").code(), StatusCode::kNotFound);
  auto audit = store.QueryAudit({});
  ASSERT_EQ(audit->size(), 2u);
  for (const AuditEntry& e : *audit) {
    EXPECT_EQ(e.before.find("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(e.after.find("0123456789abcdef"), std::string::npos);
  }
}

}  // namespace
}  // namespace affinity

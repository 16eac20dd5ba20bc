#include "trust/keyring.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/audit.hpp"
#include "trust/memory_trust_store.hpp"

namespace affinity {
namespace {

class KeyringTest : public ::testing::Test {
 protected:
  std::unique_ptr<Keyring> Open(Keyring::Options options = {}) {
    auto ring = Keyring::Open(store_, options);
    EXPECT_TRUE(ring.ok()) << ring.status().ToString();
    return std::move(ring).value();
  }
  MemoryTrustStore store_;
};

TEST_F(KeyringTest, AKeyAuthenticatesWithItsRoleAndIsStoredOnlyAsAHash) {
  auto ring = Open();
  AuditScope who("tester");
  auto created = ring->Create("shop", Role::kStorefront);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(created->secret.starts_with("afk_"));
  EXPECT_EQ(created->secret.size(), 4u + 32u);  // 24 random bytes in URL-safe Base64
  auto auth = ring->Authenticate(created->secret);
  EXPECT_EQ(auth.outcome, Keyring::Outcome::kOk);
  EXPECT_EQ(auth.name, "shop");
  EXPECT_EQ(auth.role, Role::kStorefront);
  auto stored = store_.LoadKeys();
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].hash, HashKeySecret(created->secret));
  EXPECT_NE((*stored)[0].hash, created->secret);
  EXPECT_EQ(ring->Authenticate(created->secret + "x").outcome, Keyring::Outcome::kUnknown);
  EXPECT_EQ(ring->Authenticate("").outcome, Keyring::Outcome::kUnknown);
  // The creation is audited, without the secret.
  auto audit = store_.QueryAudit({});
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].actor, "tester");
  EXPECT_EQ((*audit)[0].action, "create");
  EXPECT_EQ((*audit)[0].after.find(created->secret), std::string::npos);
}

TEST_F(KeyringTest, NamesAreCheckedAndNeverReused) {
  auto ring = Open();
  EXPECT_EQ(ring->Create("", Role::kViewer).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ring->Create("has space", Role::kViewer).status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(ring->Create("v", Role::kViewer).ok());
  EXPECT_EQ(ring->Create("v", Role::kAdmin).status().code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(ring->Revoke("v").ok());
  EXPECT_EQ(ring->Create("v", Role::kViewer).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ring->Revoke("v").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(ring->Revoke("nobody").status().code(), StatusCode::kNotFound);
}

TEST_F(KeyringTest, RevocationTakesEffectOnTheNextRequest) {
  auto ring = Open();
  auto created = ring->Create("temp", Role::kViewer);
  ASSERT_EQ(ring->Authenticate(created->secret).outcome, Keyring::Outcome::kOk);
  ASSERT_TRUE(ring->Revoke("temp").ok());
  auto auth = ring->Authenticate(created->secret);
  EXPECT_EQ(auth.outcome, Keyring::Outcome::kRevoked);
  EXPECT_GT(auth.revoked_at_ms, 0);
}

TEST_F(KeyringTest, ARevocationByAnotherProcessIsSeenWithinTheRecheckInterval) {
  auto server = Open({.recheck = std::chrono::milliseconds(1)});
  auto created = server->Create("shared", Role::kViewer);
  ASSERT_EQ(server->Authenticate(created->secret).outcome, Keyring::Outcome::kOk);
  // The CLI opens its own Keyring over the same store and revokes.
  auto cli = Open();
  ASSERT_TRUE(cli->Revoke("shared").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(server->Authenticate(created->secret).outcome, Keyring::Outcome::kRevoked);
}

TEST_F(KeyringTest, TheRateLimitAllowsABurstThenRefusesWithARetryTime) {
  auto ring = Open({.default_rate_limit = 10, .burst_seconds = 1});
  auto limited = ring->Create("limited", Role::kStorefront);
  auto unlimited = ring->Create("unlimited", Role::kStorefront, 0);
  int ok = 0;
  Keyring::Authentication last;
  for (int i = 0; i < 30; ++i) {
    last = ring->Authenticate(limited->secret);
    ok += last.outcome == Keyring::Outcome::kOk;
  }
  EXPECT_GE(ok, 10);  // the burst (10), plus whatever the clock allowed since
  EXPECT_LE(ok, 12);
  EXPECT_EQ(last.outcome, Keyring::Outcome::kRateLimited);
  EXPECT_GT(last.retry_after_seconds, 0);
  EXPECT_LE(last.retry_after_seconds, 0.2);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(ring->Authenticate(unlimited->secret).outcome, Keyring::Outcome::kOk);
  }
}

TEST_F(KeyringTest, KeysSurviveAReopen) {
  std::string secret;
  {
    auto ring = Open();
    secret = ring->Create("kept", Role::kMerchandiser)->secret;
  }
  auto ring = Open();
  EXPECT_EQ(ring->Authenticate(secret).role, Role::kMerchandiser);
  ASSERT_EQ(ring->List().size(), 1u);
  EXPECT_EQ(ring->List()[0].prefix, secret.substr(0, 8));
}

TEST_F(KeyringTest, AuthenticationRunsOnManyThreadsWhileKeysChange) {
  auto ring = Open({.default_rate_limit = 0, .recheck = std::chrono::milliseconds(0)});
  auto stable = ring->Create("stable", Role::kStorefront);
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        if (ring->Authenticate(stable->secret).outcome != Keyring::Outcome::kOk) ++failures;
      }
    });
  }
  for (int i = 0; i < 50; ++i) {
    auto k = ring->Create("churn-" + std::to_string(i), Role::kViewer);
    ASSERT_TRUE(k.ok());
    EXPECT_EQ(ring->Authenticate(k->secret).outcome, Keyring::Outcome::kOk);
    ASSERT_TRUE(ring->Revoke(k->key.name).ok());
    EXPECT_EQ(ring->Authenticate(k->secret).outcome, Keyring::Outcome::kRevoked);
    store_.TouchFromOutside();  // readers reload the table as if the CLI had written
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(RoleTest, ThePolicyTable) {
  EXPECT_TRUE(Allows(Role::kAdmin, Access::kAdmin));
  EXPECT_FALSE(Allows(Role::kMerchandiser, Access::kAdmin));
  EXPECT_TRUE(Allows(Role::kMerchandiser, Access::kWrite));
  EXPECT_FALSE(Allows(Role::kViewer, Access::kWrite));
  EXPECT_TRUE(Allows(Role::kViewer, Access::kRead));
  EXPECT_FALSE(Allows(Role::kIntake, Access::kRead));
  EXPECT_TRUE(Allows(Role::kIntake, Access::kOrderImport));
  EXPECT_TRUE(Allows(Role::kStorefront, Access::kRecommend));
  EXPECT_FALSE(Allows(Role::kStorefront, Access::kRead));
  EXPECT_EQ(ParseRole("viewer"), Role::kViewer);
  EXPECT_FALSE(ParseRole("root"));
}

}  // namespace
}  // namespace affinity

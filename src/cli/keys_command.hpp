// API keys over a data directory: the trust stack the server runs with, the first admin key made
// on first start, and `affinity keys create|list|revoke`.
#pragma once

#include <memory>
#include <string>

#include "trust/keyring.hpp"
#include "trust/trust_store.hpp"
#include "trust/webhook_secrets.hpp"

namespace affinity {

struct TrustStack {
  std::unique_ptr<TrustStore> store;
  std::unique_ptr<Keyring> keys;
  std::unique_ptr<WebhookSecrets> secrets;
};

// Opens the keys, secrets and audit trail of `data_dir`.
Result<TrustStack> OpenTrust(const std::string& data_dir, Keyring::Options options = {});

// When `data_dir` has no key at all, makes an admin key named "admin", writes its secret to
// `data_dir`/admin.key (mode 0600, replacing any older file) and says so on standard error.
// Nothing happens when keys exist.
Status EnsureAdminKey(const std::string& data_dir, Keyring& keys);

// `affinity keys create --role R [--name N] [--rate-limit X]`: prints the key's record, then the
// secret alone on the last line of standard output. `keys list`: a table. `keys revoke NAME`.
// Exit code 0 on success, 1 with the reason on standard error otherwise.
int RunKeys(const std::string& data_dir, const std::string& action, const std::string& role,
            const std::string& name, double rate_limit);

}  // namespace affinity

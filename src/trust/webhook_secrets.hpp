// WebhookSecrets: the secrets of the intake sources, in memory, and how they are set and removed
// (each change stored with its audit entry first; the secret itself is never in the audit trail
// nor in any reply).
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/status.hpp"
#include "trust/trust_store.hpp"
#include "trust/webhook_secret.hpp"

namespace affinity {

class WebhookSecrets {
 public:
  static Result<std::unique_ptr<WebhookSecrets>> Open(TrustStore& store);

  // Sets the secret of (channel, account); `header` "" = the channel's default. InvalidArgument
  // when the secret is shorter than 16 bytes or the header is not a header name.
  Status Set(const std::string& channel, const std::string& account, const std::string& secret,
             std::string header);
  // NotFound when the source has no secret.
  Status Remove(const std::string& channel, const std::string& account);
  // The source's secret, if it has one.
  std::optional<WebhookSecret> Find(std::string_view channel, std::string_view account) const;
  // (channel, account, header) of every source with a secret; never the secrets.
  std::vector<WebhookSecret> ListWithoutSecrets() const;

 private:
  explicit WebhookSecrets(TrustStore& store) : store_(store) {}
  TrustStore& store_;
  mutable std::shared_mutex mu_;
  std::map<std::pair<std::string, std::string>, WebhookSecret, std::less<>> secrets_;
};

}  // namespace affinity

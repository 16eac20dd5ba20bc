#include "trust/webhook_secrets.hpp"

#include <fmt/format.h>

#include <cctype>
#include <mutex>

#include "common/audit.hpp"
#include "common/json_write.hpp"

namespace affinity {
namespace {

// What the audit trail shows of a secret: where it applies and that it exists.
std::string Described(const WebhookSecret& s) {
  return ToJsonText(boost::json::object{
      {"channel", s.channel}, {"account", s.account}, {"header", s.header}, {"secret", "(set)"}});
}

}  // namespace

Result<std::unique_ptr<WebhookSecrets>> WebhookSecrets::Open(TrustStore& store) {
  auto loaded = store.LoadSecrets();
  if (!loaded.ok()) return loaded.status();
  std::unique_ptr<WebhookSecrets> out(new WebhookSecrets(store));
  for (WebhookSecret& s : *loaded) {
    auto key = std::make_pair(s.channel, s.account);
    out->secrets_.emplace(std::move(key), std::move(s));
  }
  return out;
}

Status WebhookSecrets::Set(const std::string& channel, const std::string& account,
                           const std::string& secret, std::string header) {
  if (secret.size() < 16 || secret.size() > 1024) {
    return Status::InvalidArgument(
        fmt::format("secret must be 16 to 1024 bytes long (use the one your channel shows), got {}",
                    secret.size()));
  }
  if (header.empty()) header = DefaultSignatureHeader(channel);
  for (char c : header) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ||
        header.size() > 100) {
      return Status::InvalidArgument(fmt::format(
          "header '{}' is not an HTTP header name (letters, digits, '-' and '_')", header));
    }
  }
  WebhookSecret next{channel, account, secret, std::move(header), NowMillis()};
  std::unique_lock lock(mu_);
  auto it = secrets_.find(std::make_pair(channel, account));
  AuditEntry audit{.at_ms = next.updated_at_ms,
                   .actor = CurrentAudit().actor,
                   .action = it == secrets_.end() ? "create" : "update",
                   .entity = "webhook_secret",
                   .entity_id = channel + "/" + account,
                   .before = "",
                   .after = Described(next)};
  if (it != secrets_.end()) audit.before = Described(it->second);
  AFFINITY_RETURN_IF_ERROR(store_.PutSecret(next, audit));
  secrets_[{channel, account}] = std::move(next);
  return Status::Ok();
}

Status WebhookSecrets::Remove(const std::string& channel, const std::string& account) {
  std::unique_lock lock(mu_);
  auto it = secrets_.find(std::make_pair(channel, account));
  if (it == secrets_.end()) {
    return Status::NotFound(
        fmt::format("intake source {}/{} has no webhook secret", channel, account));
  }
  WebhookSecret gone{channel, account, "", it->second.header, NowMillis()};
  const AuditEntry audit{.at_ms = gone.updated_at_ms,
                         .actor = CurrentAudit().actor,
                         .action = "delete",
                         .entity = "webhook_secret",
                         .entity_id = channel + "/" + account,
                         .before = Described(it->second),
                         .after = ""};
  AFFINITY_RETURN_IF_ERROR(store_.PutSecret(gone, audit));
  secrets_.erase(it);
  return Status::Ok();
}

std::optional<WebhookSecret> WebhookSecrets::Find(std::string_view channel,
                                                  std::string_view account) const {
  std::shared_lock lock(mu_);
  auto it = secrets_.find(std::make_pair(std::string(channel), std::string(account)));
  if (it == secrets_.end()) return std::nullopt;
  return it->second;
}

std::vector<WebhookSecret> WebhookSecrets::ListWithoutSecrets() const {
  std::shared_lock lock(mu_);
  std::vector<WebhookSecret> out;
  for (const auto& [_, s] : secrets_)
    out.push_back({s.channel, s.account, "", s.header, s.updated_at_ms});
  return out;
}

}  // namespace affinity

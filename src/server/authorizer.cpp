#include "server/authorizer.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common/audit.hpp"
#include "server/access_policy.hpp"

namespace affinity {
namespace {

// The roles that may use `access`, for messages.
std::string RolesFor(Access access) {
  std::string out;
  for (Role r :
       {Role::kAdmin, Role::kMerchandiser, Role::kViewer, Role::kIntake, Role::kStorefront}) {
    if (!Allows(r, access)) continue;
    if (!out.empty()) out += ", ";
    out += RoleName(r);
  }
  return out;
}

HttpReply Unauthenticated(std::string detail, const std::string& path) {
  return Problem(401, "unauthenticated", std::move(detail), path)
      .Header("WWW-Authenticate", "Bearer realm=\"affinity\"");
}

}  // namespace

std::optional<HttpReply> Authorizer::Check(RequestContext& ctx, Access access) {
  if (access == Access::kPublic) return std::nullopt;
  if (options_.metrics_public && ctx.path == "/metrics") return std::nullopt;

  if (access == Access::kIntakeDelivery && !ctx.params.empty()) {
    const std::string account = ctx.Query("account").value_or("default");
    if (std::optional<WebhookSecret> secret = secrets_.Find(ctx.params[0], account)) {
      return CheckSignature(ctx, *secret);
    }
  }

  std::string_view token = ctx.authorization;
  if (token.empty()) {
    metrics_.Refused(Metrics::Refusal::kNoKey);
    return Unauthenticated(
        fmt::format("{} {} needs an API key: send 'Authorization: Bearer <key>'. The first admin "
                    "key is in <data>/admin.key; make others with 'affinity keys create' or "
                    "POST /v1/keys",
                    ctx.method, ctx.path),
        ctx.path);
  }
  if (token.size() < 7 || !(token.substr(0, 7) == "Bearer " || token.substr(0, 7) == "bearer ")) {
    metrics_.Refused(Metrics::Refusal::kNoKey);
    return Unauthenticated(
        "the Authorization header must be 'Bearer <key>' (an affinity API key, afk_...)", ctx.path);
  }
  token.remove_prefix(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);

  Keyring::Authentication auth = keys_.Authenticate(token);
  switch (auth.outcome) {
    case Keyring::Outcome::kUnknown:
      metrics_.Refused(Metrics::Refusal::kUnknownKey);
      return Unauthenticated(
          "the API key is not known to this server: check it was copied whole (keys are shown "
          "once, when they are made)",
          ctx.path);
    case Keyring::Outcome::kRevoked:
      metrics_.Refused(Metrics::Refusal::kRevokedKey);
      return Unauthenticated(
          fmt::format("API key '{}' was revoked at {}; ask an admin for a new one", auth.name,
                      FormatMillis(auth.revoked_at_ms)),
          ctx.path);
    case Keyring::Outcome::kRateLimited: {
      metrics_.Refused(Metrics::Refusal::kRateLimited);
      const auto seconds = static_cast<long>(std::ceil(auth.retry_after_seconds));
      return Problem(429, "rate_limited",
                     fmt::format("API key '{}' is over its rate limit; retry after {:.3f} s (ask "
                                 "an admin for a higher limit if this is steady traffic)",
                                 auth.name, auth.retry_after_seconds),
                     ctx.path)
          .Header("Retry-After", std::to_string(std::max(1L, seconds)));
    }
    case Keyring::Outcome::kOk:
      break;
  }
  if (!Allows(auth.role, access)) {
    metrics_.Refused(Metrics::Refusal::kForbidden);
    return Problem(403, "forbidden",
                   fmt::format("API key '{}' has role '{}', which may not {} ({} {}); that needs "
                               "a key with role {}",
                               auth.name, RoleName(auth.role), AccessDescription(access),
                               ctx.method, ctx.path, RolesFor(access)),
                   ctx.path);
  }
  ctx.actor = std::move(auth.name);
  ctx.role = auth.role;
  return std::nullopt;
}

bool Authorizer::AdmitsLargeBody(std::string_view authorization) {
  if (authorization.size() < 8 ||
      !(authorization.substr(0, 7) == "Bearer " || authorization.substr(0, 7) == "bearer ")) {
    return false;
  }
  authorization.remove_prefix(7);
  while (!authorization.empty() && authorization.front() == ' ') authorization.remove_prefix(1);
  while (!authorization.empty() && authorization.back() == ' ') authorization.remove_suffix(1);
  return keys_.IsActive(authorization);
}

std::optional<HttpReply> Authorizer::CheckSignature(RequestContext& ctx,
                                                    const WebhookSecret& secret) {
  std::string_view signature;
  bool found = false;
  ctx.ForEachHeader([&](std::string_view name, std::string_view value) {
    if (name.size() != secret.header.size()) return;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(name[i])) !=
          std::tolower(static_cast<unsigned char>(secret.header[i]))) {
        return;
      }
    }
    signature = value;
    found = true;
  });
  Status st = found
                  ? VerifyWebhookSignature(secret.secret, ctx.body, signature)
                  : Status::InvalidArgument(fmt::format("the {} header is missing", secret.header));
  if (!st.ok()) {
    metrics_.Refused(Metrics::Refusal::kBadSignature);
    return Unauthenticated(
        fmt::format("intake source {}/{} has a webhook secret, so every delivery must be signed "
                    "in {} with the Base64 (or hex) HMAC-SHA256 of its body: {}; nothing was "
                    "stored",
                    secret.channel, secret.account, secret.header, st.message()),
        ctx.path);
  }
  ctx.actor = fmt::format("webhook:{}/{}", secret.channel, secret.account);
  ctx.role = Role::kIntake;
  return std::nullopt;
}

}  // namespace affinity

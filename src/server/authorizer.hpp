// Authorizer: the router's guard. It reads the API key from `Authorization: Bearer <key>`, checks
// it with the Keyring (unknown or revoked -> 401, over its rate limit -> 429 with Retry-After),
// checks the key's role against the route's Access (-> 403), and counts every refusal in the
// Metrics. A delivery to an intake source that has a webhook secret is authenticated by its
// signature instead, and refused (401, nothing stored) when the signature is missing or wrong.
//
// Thread-safe: Check() may run on every I/O thread at once.
#pragma once

#include <optional>

#include "server/http_reply.hpp"
#include "server/metrics.hpp"
#include "server/request_context.hpp"
#include "trust/keyring.hpp"
#include "trust/webhook_secrets.hpp"

namespace affinity {

class Authorizer {
 public:
  struct Options {
    bool metrics_public = false;  // /metrics without a key
  };
  Authorizer(Keyring& keys, WebhookSecrets& secrets, Metrics& metrics, Options options)
      : keys_(keys), secrets_(secrets), metrics_(metrics), options_(options) {}

  // nullopt: let the request through (ctx.actor and ctx.role are set); otherwise the refusal.
  std::optional<HttpReply> Check(RequestContext& ctx, Access access);
  // Whether an Authorization header carries an active key: asked before a large body (an import)
  // is read, so that nobody without a key can make the server buffer one.
  bool AdmitsLargeBody(std::string_view authorization);

 private:
  std::optional<HttpReply> CheckSignature(RequestContext& ctx, const WebhookSecret& secret);

  Keyring& keys_;
  WebhookSecrets& secrets_;
  Metrics& metrics_;
  const Options options_;
};

}  // namespace affinity

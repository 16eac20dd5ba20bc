// /v1/keys (admin): make, list, read and revoke API keys; /v1/me: who the caller is and what its
// role may do; /v1/intake/sources/{channel}/{account}/secret (admin): set or remove a webhook
// secret, write-only.
#include <fmt/format.h>

#include "common/json_fields.hpp"
#include "server/access_policy.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

HttpReply CreateKey(Keyring& keys, RequestContext& ctx) {
  auto body = ctx.JsonObject();
  if (!body.ok()) return Problem(body.status(), ctx.path);
  JsonFields f(*body);
  auto name = f.String("name", true);
  auto role_name = f.String("role", true);
  auto rate = f.Number("rate_limit");
  f.RejectUnknown();
  if (Status st = f.status(); !st.ok()) return Problem(st, ctx.path);
  auto role = ParseRole(*role_name);
  if (!role) {
    return Problem(Status::InvalidArgument(fmt::format(
                       "field 'role': unknown role '{}'; one of: {}", *role_name, RoleNames())),
                   ctx.path);
  }
  auto created = keys.Create(*name, *role, rate.value_or(-1));
  if (!created.ok()) return Problem(created.status(), ctx.path);
  boost::json::object o = created->key.ToJson();
  o["secret"] = created->secret;
  o["note"] = "the secret is shown only now; store it safely";
  return HttpReply::Json(201, o).Header("Location", "/v1/keys/" + created->key.name);
}

}  // namespace

void AddKeyRoutes(Router& router, ApiContext& api) {
  Keyring& keys = api.keys;

  router.Add("GET", "/v1/keys", [&keys](RequestContext& ctx) {
    boost::json::array items;
    for (const ApiKey& k : keys.List()) items.push_back(k.ToJson());
    return HttpReply::Json(200, {{"items", std::move(items)}});
  });

  router.Add("POST", "/v1/keys", [&keys](RequestContext& ctx) { return CreateKey(keys, ctx); });

  router.Add("GET", "/v1/keys/{name}", [&keys](RequestContext& ctx) {
    for (const ApiKey& k : keys.List()) {
      if (k.name == ctx.params[0]) return HttpReply::Json(200, k.ToJson());
    }
    return Problem(Status::NotFound(fmt::format("there is no key named '{}'", ctx.params[0])),
                   ctx.path);
  });

  // Revoking is the only way a key ends: its record stays, for the audit trail.
  router.Add("DELETE", "/v1/keys/{name}", [&keys](RequestContext& ctx) {
    auto revoked = keys.Revoke(ctx.params[0]);
    if (!revoked.ok()) return Problem(revoked.status(), ctx.path);
    return HttpReply::Json(200, revoked->ToJson());
  });

  router.Add("GET", "/v1/me", [](RequestContext& ctx) {
    boost::json::object may;
    for (Access a : {Access::kRecommend, Access::kRead, Access::kWrite, Access::kIntakeRead,
                     Access::kIntakeWrite, Access::kOrderImport, Access::kAdmin}) {
      may[AccessName(a)] = ctx.role && Allows(*ctx.role, a);
    }
    return HttpReply::Json(200, {{"name", ctx.actor},
                                 {"role", ctx.role ? RoleName(*ctx.role) : "none"},
                                 {"may", std::move(may)}});
  });

  WebhookSecrets& secrets = api.webhook_secrets;
  router.Add("PUT", "/v1/intake/sources/{channel}/{account}/secret",
             [&secrets](RequestContext& ctx) {
               auto body = ctx.JsonObject();
               if (!body.ok()) return Problem(body.status(), ctx.path);
               JsonFields f(*body);
               auto secret = f.String("secret", true);
               auto header = f.String("header");
               f.RejectUnknown();
               if (Status st = f.status(); !st.ok()) return Problem(st, ctx.path);
               Status st = secrets.Set(ctx.params[0], ctx.params[1], *secret, header.value_or(""));
               return st.ok() ? HttpReply::NoContent() : Problem(st, ctx.path);
             });

  router.Add("DELETE", "/v1/intake/sources/{channel}/{account}/secret",
             [&secrets](RequestContext& ctx) {
               Status st = secrets.Remove(ctx.params[0], ctx.params[1]);
               return st.ok() ? HttpReply::NoContent() : Problem(st, ctx.path);
             });
}

}  // namespace affinity

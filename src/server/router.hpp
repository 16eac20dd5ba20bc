// Router: maps (method, path) to a handler. Patterns are literal segments and {placeholders}, each
// placeholder matching one whole segment ("/v1/products/{sku}/recommendations") or a segment ending
// in a literal suffix, for custom methods ("/v1/suggestions/{id}:accept"). Routes are tried in the
// order they were added. A path that
// matches with the wrong method gets 405 with Allow; no match gets 404.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_reply.hpp"
#include "server/request_context.hpp"
#include "trust/role.hpp"

namespace affinity {

using Handler = std::function<HttpReply(RequestContext&)>;
// Runs before every matched handler with the Access the route needs (server/access_policy.hpp):
// returns the refusal (401, 403, 429), or nullopt after setting ctx.actor and ctx.role.
using Guard = std::function<std::optional<HttpReply>(RequestContext&, Access)>;

class Router {
 public:
  void Add(std::string method, std::string_view pattern, Handler handler);
  // Without a guard every route is open (unit tests of handlers).
  void SetGuard(Guard guard) { guard_ = std::move(guard); }
  // Answers a GET or HEAD that matches no route (the web console's files and client routes),
  // without the guard: the console is public, its API calls carry a key. Without a fallback such
  // a request gets 404.
  void SetFallback(Handler fallback) { fallback_ = std::move(fallback); }
  // Calls `fn(method, pattern, access)` for every route, in order.
  void ForEachRoute(
      const std::function<void(std::string_view, std::string_view, Access)>& fn) const;
  // Fills ctx.params and calls the handler, or returns the 404/405 problem.
  // REQUIRES: ctx.method and ctx.path are set.
  HttpReply Dispatch(RequestContext& ctx) const;

 private:
  struct Segment {
    bool placeholder = false;
    std::string text;  // the literal, or the literal suffix after a placeholder
  };
  struct Route {
    std::string method;
    std::vector<Segment> segments;
    Handler handler;
    std::string pattern;
    Access access = Access::kRead;
  };
  std::vector<Route> routes_;
  Guard guard_;
  Handler fallback_;
  // Indexes into routes_ by segment count, in registration order: a request is matched only
  // against routes of its own length.
  std::vector<std::vector<std::size_t>> by_length_;
};

// Splits a decoded path into segments: "/v1/products/A" -> {"v1", "products", "A"}. The views
// point into `path`.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace affinity

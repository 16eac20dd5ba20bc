#include "server/router.hpp"

#include <fmt/format.h>

#include "common/audit.hpp"
#include "server/access_policy.hpp"

namespace affinity {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  out.reserve(6);
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    std::size_t slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

void Router::Add(std::string method, std::string_view pattern, Handler handler) {
  Route r{std::move(method), {}, std::move(handler), std::string(pattern), Access::kRead};
  r.access = RouteAccess(r.method, pattern);
  for (std::string_view s : SplitPath(pattern)) {
    std::size_t close = s.find('}');
    if (s.starts_with('{') && close != std::string_view::npos) {
      r.segments.push_back({true, std::string(s.substr(close + 1))});
    } else {
      r.segments.push_back({false, std::string(s)});
    }
  }
  if (by_length_.size() <= r.segments.size()) by_length_.resize(r.segments.size() + 1);
  by_length_[r.segments.size()].push_back(routes_.size());
  routes_.push_back(std::move(r));
}

void Router::ForEachRoute(
    const std::function<void(std::string_view, std::string_view, Access)>& fn) const {
  for (const Route& r : routes_) fn(r.method, r.pattern, r.access);
}

HttpReply Router::Dispatch(RequestContext& ctx) const {
  // Path segments are matched after percent-decoding, so a SKU may hold any character but '/'.
  const std::vector<std::string_view> segments = SplitPath(ctx.path);
  std::string allowed;
  static const std::vector<std::size_t> kNone;
  const std::vector<std::size_t>& candidates =
      segments.size() < by_length_.size() ? by_length_[segments.size()] : kNone;
  std::vector<std::string_view> params;
  for (std::size_t index : candidates) {
    const Route& route = routes_[index];
    params.clear();
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      const Segment& want = route.segments[i];
      std::string_view got = segments[i];
      if (!want.placeholder) {
        match = want.text == got;
      } else if (got.size() > want.text.size() && got.ends_with(want.text)) {
        params.push_back(got.substr(0, got.size() - want.text.size()));
      } else {
        match = false;
      }
    }
    if (!match) continue;
    if (route.method != ctx.method && !(ctx.method == "HEAD" && route.method == "GET")) {
      allowed += (allowed.empty() ? "" : ", ") + route.method;
      continue;
    }
    ctx.params.assign(params.begin(), params.end());
    if (guard_) {
      if (std::optional<HttpReply> refused = guard_(ctx, route.access)) return std::move(*refused);
    }
    if (ctx.method == "GET" || ctx.method == "HEAD") return route.handler(ctx);
    // Changes are recorded in the audit trail under the caller's name.
    AuditScope audit(ctx.actor.empty() ? "anonymous" : ctx.actor);
    return route.handler(ctx);
  }
  if (!allowed.empty()) {
    return Problem(405, "method_not_allowed",
                   fmt::format("{} is not allowed on {}; allowed: {}", ctx.method, ctx.path,
                               allowed),
                   ctx.path)
        .Header("Allow", allowed);
  }
  if (fallback_ && (ctx.method == "GET" || ctx.method == "HEAD")) return fallback_(ctx);
  return Problem(404, "not_found", fmt::format("no endpoint at {}; see /v1/openapi.json", ctx.path),
                 ctx.path);
}

}  // namespace affinity

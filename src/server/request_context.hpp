// RequestContext: what a handler sees of a request: method, decoded path parameters, query
// parameters, headers it may need and the body, plus helpers that turn bad input into precise
// InvalidArgument errors ("query parameter 'limit' must be an integer between 1 and 1000").
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "trust/role.hpp"

namespace affinity {

struct RequestContext {
  std::string method;
  std::string path;                                // decoded
  std::vector<std::string> params;                 // decoded {placeholders} of the route, in order
  std::multimap<std::string, std::string> query;   // decoded
  std::string content_type;
  std::string if_match;
  std::string idempotency_key;
  std::string_view body;
  std::string_view authorization;  // the Authorization header; valid during dispatch
  // Who is calling, once the router's guard has let the request through: the key's name (or
  // "webhook:<channel>/<account>") and role; empty / nullopt on open routes.
  std::string actor;
  std::optional<Role> role;
  // Every request header, visited on demand (most handlers need none): set by the server.
  using HeaderFn = std::function<void(std::string_view name, std::string_view value)>;
  const void* raw_request = nullptr;
  void (*visit_headers)(const void* raw_request, const HeaderFn& fn) = nullptr;
  void ForEachHeader(const HeaderFn& fn) const {
    if (visit_headers) visit_headers(raw_request, fn);
  }

  // The query value of `key` or nullopt.
  std::optional<std::string> Query(std::string_view key) const;
  // An integer query parameter in [min, max], `fallback` when absent.
  Result<std::int64_t> QueryInt(std::string_view key, std::int64_t fallback, std::int64_t min,
                                std::int64_t max) const;
  // true/false/1/0; `fallback` when absent.
  Result<bool> QueryBool(std::string_view key, bool fallback) const;
  // Fails with InvalidArgument naming any query parameter not in `known`.
  Status RejectUnknownQuery(std::initializer_list<std::string_view> known) const;

  // The body parsed as a JSON object; InvalidArgument with the line and column of a syntax error,
  // or when the body is empty or not an object.
  Result<boost::json::object> JsonObject() const;
  // The version in an If-Match header ("3", W/"3" or 3); nullopt when absent; InvalidArgument when
  // it cannot be read.
  Result<std::optional<std::int64_t>> IfMatchVersion() const;
};

// A positive integer id from a path segment; NotFound naming `what` ("relationship") otherwise,
// since no resource has such an id.
Result<std::uint64_t> ParsePathId(const std::string& text, std::string_view what);

}  // namespace affinity

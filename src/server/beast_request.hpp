// What a handler sees of a request parsed by Boost.Beast: ReadBeastRequest() fills a
// RequestContext from it (the decoded path and query, the headers handlers read, the body, and a
// visitor over every header). Shared by the server's session and the HTTP fuzz target, so that the
// fuzzer drives exactly the code the server runs.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <type_traits>

#include "server/request_context.hpp"

namespace affinity {

// False when the request target is not a valid origin-form path (answer 400). `req` must outlive
// `ctx`: the body, the Authorization header and the header visitor point into it.
template <typename Request>
bool ReadBeastRequest(const Request& req, RequestContext* ctx) {
  namespace http = boost::beast::http;
  ctx->method = std::string(req.method_string());
  auto target = boost::urls::parse_origin_form(req.target());
  if (!target) return false;
  ctx->path = target->path();
  for (auto param : target->params()) {
    if (param.key.empty() && param.value.empty()) continue;  // "?" or "&&": nothing asked
    ctx->query.emplace(param.key, param.value);
  }
  ctx->content_type = std::string(req[http::field::content_type]);
  ctx->if_match = std::string(req[http::field::if_match]);
  ctx->idempotency_key = std::string(req["Idempotency-Key"]);
  ctx->body = req.body();
  ctx->authorization = req[http::field::authorization];
  ctx->raw_request = &req;
  ctx->visit_headers = [](const void* raw, const RequestContext::HeaderFn& fn) {
    for (const auto& field : *static_cast<const Request*>(raw)) {
      fn(field.name_string(), field.value());
    }
  };
  return true;
}

}  // namespace affinity

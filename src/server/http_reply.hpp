// HttpReply: what a handler returns, independent of Beast. The server turns it into a response.
// Problem(): the one place a Status becomes an HTTP status and an RFC 9457 problem+json body.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.hpp"

namespace affinity {

struct HttpReply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // ETag, Location, Allow, ...

  static HttpReply Json(unsigned status, const boost::json::value& body);
  static HttpReply NoContent() { return {204, "", "", {}}; }
  HttpReply& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// The HTTP status for a StatusCode: InvalidArgument 400, NotFound 404, AlreadyExists and
// FailedPrecondition 409, Aborted 412, ResourceExhausted 413, Unavailable 503, Internal 500.
unsigned HttpStatusFor(StatusCode code);

// An application/problem+json reply for `status`. `instance` is the request path. `extra` members
// (e.g. "errors") are merged into the problem object.
HttpReply Problem(const Status& status, std::string_view instance,
                  boost::json::object extra = {});
// A problem with an explicit HTTP status, for protocol-level errors (405, 413, 415, 422, ...).
HttpReply Problem(unsigned http_status, std::string_view code, std::string_view detail,
                  std::string_view instance, boost::json::object extra = {});

}  // namespace affinity

#include "server/http_reply.hpp"

#include <boost/beast/http/status.hpp>
#include "common/json_write.hpp"

namespace affinity {

HttpReply HttpReply::Json(unsigned status, const boost::json::value& body) {
  return {status, "application/json", ToJsonText(body), {}};
}

unsigned HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kAborted: return 412;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

HttpReply Problem(unsigned http_status, std::string_view code, std::string_view detail,
                  std::string_view instance, boost::json::object extra) {
  boost::json::object o;
  o["type"] = "urn:affinity:problem:" + std::string(code);
  o["title"] = std::string(boost::beast::http::obsolete_reason(
      static_cast<boost::beast::http::status>(http_status)));
  o["status"] = http_status;
  o["detail"] = detail;
  o["instance"] = instance;
  for (auto& kv : extra) o[kv.key()] = std::move(kv.value());
  return {http_status, "application/problem+json", ToJsonText(o), {}};
}

HttpReply Problem(const Status& status, std::string_view instance, boost::json::object extra) {
  return Problem(HttpStatusFor(status.code()), StatusCodeName(status.code()), status.message(),
                 instance, std::move(extra));
}

}  // namespace affinity

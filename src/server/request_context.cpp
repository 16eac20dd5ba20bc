#include "server/request_context.hpp"

#include <fmt/format.h>

#include <boost/json/stream_parser.hpp>
#include <algorithm>
#include <charconv>

#include "common/strings.hpp"

namespace affinity {

std::optional<std::string> RequestContext::Query(std::string_view key) const {
  auto it = query.find(std::string(key));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Result<std::int64_t> RequestContext::QueryInt(std::string_view key, std::int64_t fallback,
                                              std::int64_t min, std::int64_t max) const {
  auto v = Query(key);
  if (!v) return fallback;
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < min || out > max) {
    return Status::InvalidArgument(fmt::format(
        "query parameter '{}' must be an integer between {} and {}, got '{}'", key, min, max, *v));
  }
  return out;
}

Result<bool> RequestContext::QueryBool(std::string_view key, bool fallback) const {
  auto v = Query(key);
  if (!v) return fallback;
  std::string s = ToLower(*v);
  if (s == "true" || s == "1" || s.empty()) return true;
  if (s == "false" || s == "0") return false;
  return Status::InvalidArgument(
      fmt::format("query parameter '{}' must be true or false, got '{}'", key, *v));
}

Status RequestContext::RejectUnknownQuery(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, _] : query) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::vector<std::string_view> names(known);
    std::string nearest = NearestName(key, names);
    return Status::InvalidArgument(fmt::format(
        "unknown query parameter '{}'{}; this endpoint takes: {}", key,
        nearest.empty() ? "" : fmt::format(" (did you mean '{}'?)", nearest),
        fmt::join(names, ", ")));
  }
  return Status::Ok();
}

Result<boost::json::object> RequestContext::JsonObject() const {
  std::string ct = ToLower(content_type.substr(0, content_type.find(';')));
  if (!ct.empty() && Trim(ct) != "application/json") {
    return Status::InvalidArgument(fmt::format(
        "Content-Type must be application/json, got '{}' (with curl, send the body with --json)",
        content_type));
  }
  if (Trim(body).empty()) {
    return Status::InvalidArgument("the request body is empty; send a JSON object");
  }
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write(body.data(), body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    // Report where the parser stopped as line:column.
    std::size_t at = std::min(consumed, body.size());
    std::size_t line = 1 + std::count(body.begin(), body.begin() + at, '\n');
    std::size_t line_start = body.rfind('\n', at == 0 ? 0 : at - 1);
    std::size_t column = line_start == std::string_view::npos ? at + 1 : at - line_start;
    return Status::InvalidArgument(fmt::format("malformed JSON at line {}, column {}: {}", line,
                                               column, ec.message()));
  }
  boost::json::value v = parser.release();
  if (!v.is_object()) return Status::InvalidArgument("the request body must be a JSON object");
  return std::move(v.as_object());
}

Result<std::optional<std::int64_t>> RequestContext::IfMatchVersion() const {
  std::string_view v = Trim(if_match);
  if (v.empty()) return std::optional<std::int64_t>{};
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) {
    return Status::InvalidArgument(fmt::format(
        "If-Match must be an ETag this server sent, such as \"3\", got '{}'", if_match));
  }
  return std::optional<std::int64_t>{out};
}

Result<std::uint64_t> ParsePathId(const std::string& text, std::string_view what) {
  std::uint64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id == 0) {
    return Status::NotFound(
        fmt::format("{} '{}' does not exist (ids are positive integers)", what, text));
  }
  return id;
}

}  // namespace affinity

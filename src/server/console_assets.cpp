#include "server/console_assets.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <fstream>
#include <sstream>

#include "common/crypto.hpp"

namespace affinity {
namespace {

namespace fs = std::filesystem;

// What the HTML may load: only this origin, plus the inline styles React Flow positions nodes with
// and the data:/blob: images of a PNG/SVG export.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'";

constexpr std::string_view kNotBuilt = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>affinity: console not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 42rem; margin: 3rem auto">
<h1>The affinity console is not built</h1>
<p>The API is running (see <a href="/v1/openapi.json">/v1/openapi.json</a>); the web console was
not found in <code>{}</code>.</p>
<p>Build it with <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code> (or start the
server with <code>scripts/run.sh</code>, which does that), then restart the server, or point it
at a build with <code>affinity serve --web DIR</code>.</p>
</body></html>
)";

bool IsApiPath(std::string_view path) {
  return path == "/v1" || path.starts_with("/v1/") || path == "/healthz" || path == "/readyz" ||
         path == "/metrics";
}

std::string_view LastSegment(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string HeaderValue(const RequestContext& ctx, std::string_view wanted) {
  std::string value;
  ctx.ForEachHeader([&](std::string_view name, std::string_view v) {
    if (name.size() == wanted.size() &&
        std::equal(name.begin(), name.end(), wanted.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      value = v;
    }
  });
  return value;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"},
  }};
  for (const auto& [ext, type] : kTypes) {
    if (file_name.ends_with(ext)) return type;
  }
  return "application/octet-stream";
}

ConsoleAssets ConsoleAssets::Load(const fs::path& dir) {
  ConsoleAssets assets;
  assets.dir_ = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return assets;
  std::size_t total = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path rel = fs::relative(it->path(), dir, ec);
    if (ec) break;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    File file;
    file.body = std::move(body).str();
    total += file.body.size();
    if (total > kMaxBytes) {
      spdlog::warn("console: {} holds more than {} MiB; serving none of it", dir.string(),
                   kMaxBytes >> 20);
      assets.files_.clear();
      return assets;
    }
    const std::string url = "/" + rel.generic_string();
    file.content_type = ContentTypeFor(url);
    file.etag = "\"" + HexEncode(Sha256(file.body)).substr(0, 20) + "\"";
    // Vite names what it builds into assets/ by content hash: such a file never changes.
    file.immutable = url.starts_with("/assets/");
    assets.files_.emplace(url, std::move(file));
  }
  return assets;
}

HttpReply ConsoleAssets::Reply(const File& file, const RequestContext& ctx) const {
  HttpReply reply;
  reply.content_type = file.content_type;
  reply.Header("ETag", file.etag);
  reply.Header("X-Content-Type-Options", "nosniff");
  if (file.immutable) {
    reply.Header("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    reply.Header("Cache-Control", "no-cache");
  }
  if (file.content_type.starts_with("text/html")) {
    reply.Header("Content-Security-Policy", std::string(kContentSecurityPolicy));
    reply.Header("Referrer-Policy", "no-referrer");
  }
  if (HeaderValue(ctx, "if-none-match") == file.etag) {
    reply.status = 304;
    reply.content_type.clear();
    return reply;
  }
  reply.body = file.body;
  return reply;
}

HttpReply ConsoleAssets::Serve(const RequestContext& ctx) const {
  auto not_found = [&] {
    return Problem(404, "not_found",
                   fmt::format("no endpoint at {}; see /v1/openapi.json", ctx.path), ctx.path);
  };
  if (IsApiPath(ctx.path)) return not_found();
  if (auto it = files_.find(ctx.path); it != files_.end()) return Reply(it->second, ctx);
  // A missing file (under assets/ or with an extension) is a 404, so a broken build shows; every
  // other path is a client route of the single-page console.
  if (ctx.path.starts_with("/assets/") ||
      LastSegment(ctx.path).find('.') != std::string_view::npos) {
    return not_found();
  }
  if (auto it = files_.find("/index.html"); it != files_.end()) return Reply(it->second, ctx);
  HttpReply reply;
  reply.status = 404;
  reply.content_type = "text/html; charset=utf-8";
  reply.body = fmt::format(fmt::runtime(kNotBuilt), dir_.string());
  reply.Header("Cache-Control", "no-cache");
  return reply;
}

}  // namespace affinity

// ConsoleAssets: the built web console (web/dist), loaded into memory once at startup and served
// at `/` by the router's fallback for any GET that no API route matches.
//
//   /assets/<name>-<hash>.js   content-addressed by Vite: "Cache-Control: public, max-age=31536000,
//                              immutable"
//   /index.html, /favicon.svg  "no-cache" with an ETag (a rebuild is seen at once; If-None-Match
//                              answers 304)
//   /catalog/RUN-SHOE-001      a client route: index.html
//   /v1/..., /nothing.js       not the console's: 404 problem+json as before
//
// Without a build (no index.html in the directory) every console path answers a short HTML page
// saying how to build it; the API is unaffected. Only files found at load time are served, by
// exact path: a request can never reach outside the directory.
//
// Thread safety: immutable after Load; Serve may be called concurrently.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/http_reply.hpp"
#include "server/request_context.hpp"

namespace affinity {

class ConsoleAssets {
 public:
  // Reads every regular file under `dir` (at most kMaxBytes in all). A missing or empty directory
  // is not an error: the console is simply not built.
  static ConsoleAssets Load(const std::filesystem::path& dir);

  bool built() const { return files_.contains("/index.html"); }
  std::size_t file_count() const { return files_.size(); }
  const std::filesystem::path& dir() const { return dir_; }

  // The reply for a GET/HEAD that matched no route, or 404 for a path that is not the console's.
  HttpReply Serve(const RequestContext& ctx) const;

  static constexpr std::size_t kMaxBytes = 64u << 20;

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
    bool immutable = false;
  };
  HttpReply Reply(const File& file, const RequestContext& ctx) const;

  std::filesystem::path dir_;
  std::unordered_map<std::string, File> files_;  // by URL path: "/assets/index-3f2a.js"
};

// The Content-Type for a file name by its extension ("application/octet-stream" if unknown).
std::string_view ContentTypeFor(std::string_view file_name);

}  // namespace affinity

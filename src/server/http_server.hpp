// HttpServer: the HTTP/1.1 front door, on Boost.Beast. Event-driven (one io_context, N threads, a
// strand per connection), keep-alive, TCP_NODELAY, header and body size limits (413, checked from
// Content-Length before the body is read), Expect: 100-continue, read and idle timeouts, an access
// log, and graceful shutdown: on Shutdown() (or SIGINT/SIGTERM inside Run()) it stops accepting,
// closes idle connections, lets requests in flight finish, and returns within the grace period.
//
// Listen() raises the process's open-file limit to its hard maximum so that max_connections can
// be reached.
//
// Malformed HTTP gets a 400 problem and the connection is closed; nothing a client sends can crash
// the process (handler exceptions become 500 problems).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <memory>
#include <string>

#include "common/status.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"

namespace affinity {

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;  // 0: any free port (see HttpServer::port())
  int threads = 0;            // 0: one per hardware thread
  std::size_t max_body_bytes = 1 << 20;          // ordinary requests
  std::size_t max_import_body_bytes = 256 << 20;  // paths ending in ":import"
  // A request header must arrive whole within header_timeout of its first byte (slow-header
  // floods); a body may take read_timeout; a kept-alive connection may idle for idle_timeout.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{75};
  // Connections beyond this are answered 503 and closed at once. Past half of it, idle
  // connections get only header_timeout, so a flood of slow clients cannot crowd out others.
  std::size_t max_connections = 10000;
  std::chrono::seconds shutdown_grace{10};
  bool access_log = true;
  // When set, a request to a route with the larger (import) body limit is answered 401 before
  // its body is read unless this accepts its Authorization header.
  std::function<bool(std::string_view authorization)> large_body_gate;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, const Router& router, Metrics& metrics);
  ~HttpServer();

  // Binds and listens. Returns Unavailable when the address is in use or cannot be bound.
  Status Listen();
  // The bound port (useful with port 0). REQUIRES: Listen() succeeded.
  std::uint16_t port() const;
  // Serves until Shutdown() or SIGINT/SIGTERM, then returns after in-flight requests finish.
  void Run();
  // Thread-safe; idempotent.
  void Shutdown();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace affinity

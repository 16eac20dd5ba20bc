// HttpServer::Impl: the server's private parts, shared by http_server.cpp (listening, accepting,
// the watchdog, shutdown) and http_session.hpp (one connection). Not part of the API.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "server/http_server.hpp"

namespace affinity {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
// Connections run on a strand each, typed rather than type-erased (any_io_executor): every
// asynchronous operation on the hot path then skips the executor's virtual dispatch and copies.
using Strand = net::strand<net::io_context::executor_type>;
using Socket = net::basic_stream_socket<tcp, Strand>;
using Stream = beast::basic_stream<tcp, Strand>;

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, const Router& router, Metrics& metrics)
      : options_(std::move(options)),
        router_(router),
        metrics_(metrics),
        threads_(options_.threads > 0 ? options_.threads
                                      : std::max(1u, std::thread::hardware_concurrency())),
        ioc_(threads_),
        acceptor_(net::make_strand(ioc_)),
        signals_(ioc_, SIGINT, SIGTERM),
        grace_timer_(ioc_),
        watchdog_(ioc_) {}

  ~Impl() { destroying_ = true; }
  Status Listen();
  void Run();
  void Shutdown();
  std::uint16_t port() const { return port_; }

  class Session;
  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  Metrics& metrics() { return metrics_; }
  bool stopping() const { return stopping_.load(); }
  std::size_t connections() const { return connections_.load(std::memory_order_relaxed); }
  // More connections than the server should take: answer 503 and close.
  bool overloaded() const { return connections() > options_.max_connections; }
  // Past half the connection limit: idle connections get only the header timeout.
  bool under_pressure() const { return connections() > options_.max_connections / 2; }
  void Register(const std::shared_ptr<Session>& s);
  void Unregister(Session* s);

 private:
  void Accept();
  void Watch();  // once a second: close connections past their timeouts

  ServerOptions options_;
  const Router& router_;
  Metrics& metrics_;
  int threads_;
  // Declared before ioc_ so that they outlive the handlers (holding Sessions) that ioc_ destroys.
  std::mutex sessions_mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> connections_{0};
  std::atomic<bool> destroying_{false};
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer grace_timer_;
  net::steady_timer watchdog_;
  std::uint16_t port_ = 0;
};

}  // namespace affinity

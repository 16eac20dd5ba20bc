#include "server/http_server.hpp"

#include <sys/resource.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "server/http_server_impl.hpp"
#include "server/http_session.hpp"

namespace affinity {

Status HttpServer::Impl::Listen() {
  // Each connection is a file descriptor; the default soft limit (often 1024) would stop accepting
  // long before max_connections.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  beast::error_code ec;
  auto address = net::ip::make_address(options_.host, ec);
  if (ec) return Status::InvalidArgument(fmt::format("bad listen address '{}'", options_.host));
  tcp::endpoint endpoint(address, options_.port);
  auto fail = [&](std::string_view what) {
    return Status::Unavailable(fmt::format("cannot {} {}:{}: {}", what, options_.host,
                                           options_.port, ec.message()));
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on");
  port_ = acceptor_.local_endpoint().port();
  return Status::Ok();
}

void HttpServer::Impl::Accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, Socket socket) {
    if (ec) {
      if (!acceptor_.is_open()) return;  // shutting down
      spdlog::warn("accept failed: {}", ec.message());  // e.g. out of file descriptors
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      auto session = std::make_shared<Session>(std::move(socket), *this);
      Register(session);
      session->Start();
    }
    Accept();
  });
}

void HttpServer::Impl::Watch() {
  watchdog_.expires_after(std::chrono::seconds(1));
  watchdog_.async_wait([this](beast::error_code ec) {
    if (ec || stopping_) return;
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(sessions_mu_);
      for (auto& [_, weak] : sessions_) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) s->CloseIfStale(now);
    Watch();
  });
}

void HttpServer::Impl::Register(const std::shared_ptr<Session>& s) {
  std::lock_guard lock(sessions_mu_);
  sessions_.emplace(s.get(), s);
  connections_.fetch_add(1, std::memory_order_relaxed);
}

void HttpServer::Impl::Unregister(Session* s) {
  std::lock_guard lock(sessions_mu_);
  if (sessions_.erase(s)) connections_.fetch_sub(1, std::memory_order_relaxed);
  if (stopping_ && sessions_.empty() && !destroying_) {
    net::post(ioc_, [this] { grace_timer_.cancel(); });
  }
}

void HttpServer::Impl::Run() {
  signals_.async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}, shutting down", signal);
    Shutdown();
  });
  Accept();
  Watch();
  std::vector<std::thread> workers;
  for (int i = 1; i < threads_; ++i) workers.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : workers) t.join();
}

void HttpServer::Impl::Shutdown() {
  if (stopping_.exchange(true)) return;
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
  });
  net::post(ioc_, [this] {
    signals_.cancel();
    watchdog_.cancel();
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(sessions_mu_);
      for (auto& [_, weak] : sessions_) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    // The grace timer bounds how long requests in flight may take; it is cancelled early once the
    // last connection has closed.
    grace_timer_.expires_after(options_.shutdown_grace);
    grace_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) spdlog::warn("shutdown grace period over, closing remaining connections");
      ioc_.stop();
    });
    for (auto& s : live) s->CloseIfIdle();
    if (live.empty()) grace_timer_.cancel();
  });
}

HttpServer::HttpServer(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}
HttpServer::~HttpServer() = default;
Status HttpServer::Listen() { return impl_->Listen(); }
std::uint16_t HttpServer::port() const { return impl_->port(); }
void HttpServer::Run() { impl_->Run(); }
void HttpServer::Shutdown() { impl_->Shutdown(); }

}  // namespace affinity

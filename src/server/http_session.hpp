// HttpServer::Impl::Session: one connection: read a request header, check limits, read the body
// when there is one, dispatch, write the response, repeat while keep-alive holds; timeouts come
// from the server's watchdog. Private to the server (included by http_server.cpp only).
#pragma once

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/url/parse.hpp>
#include <optional>

#include "server/beast_request.hpp"
#include "server/http_server_impl.hpp"

namespace affinity {

class HttpServer::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Socket socket, Impl& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? "-" : ep.address().to_string();
  }
  ~Session() { server_.Unregister(this); }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->server_.overloaded()) return self->ReadHeader();
      self->server_.metrics().Refused(Metrics::Refusal::kOverloaded);
      self->parser_.emplace();
      self->Fail(503, "overloaded",
                 fmt::format("the server has {} connections, more than its limit of {}; retry "
                             "shortly",
                             self->server_.connections(), self->server_.options().max_connections));
    });
  }
  // Closes the connection if it is waiting for a request; otherwise it closes after its response.
  // Closes the connection when it has waited too long: idle between requests, or reading one.
  // Called by the server's watchdog; timeouts are checked once a second rather than armed per
  // operation, which keeps the reactor's timer queue out of the hot path.
  void CloseIfStale(std::chrono::steady_clock::time_point now) {
    net::post(stream_.get_executor(), [self = shared_from_this(), now] {
      if (!self->waiting_) return;
      const auto& o = self->server_.options();
      std::chrono::seconds limit = o.read_timeout;
      if (self->closing_) {
        limit = o.header_timeout;  // a lingering close waits no longer than this
      } else if (self->idle_) {
        // Part of a header has arrived (it waits in the buffer until the header is whole): the
        // header timeout runs. Otherwise the connection is idle between requests.
        const bool started = self->buffer_.size() > 0;
        limit = started || self->server_.under_pressure() ? o.header_timeout : o.idle_timeout;
      }
      if (now - self->since_ <= limit) return;
      // A stale connection is closed hard: a lingering close would give a slow client as long
      // again.
      self->Finish();
    });
  }

  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->closing_) return self->Finish();  // shutting down: no need to wait for the peer
      if (self->idle_) self->Close();
    });
  }

 private:
  void ReadHeader() {
    if (server_.stopping()) return Close();
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    // The limit that applies depends on the path, known only once the header is read (OnHeader).
    parser_->body_limit(std::max(server_.options().max_body_bytes,
                                 server_.options().max_import_body_bytes));
    idle_ = true;
    Waiting();
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              self->OnHeader(ec);
                            });
  }

  void OnHeader(beast::error_code ec) {
    idle_ = false;
    waiting_ = false;
    if (ec) {
      if (IsDisconnect(ec)) return Close();
      if (ec == http::error::header_limit) {
        return Fail(431, "header_too_large", "request headers exceed 16 KiB");
      }
      if (ec == http::error::body_limit) {
        return Fail(413, "payload_too_large", "the announced body exceeds every size limit");
      }
      return Fail(400, "bad_request", "malformed HTTP request: " + ec.message());
    }
    started_ = std::chrono::steady_clock::now();
    const auto& req = parser_->get();
    const bool import = std::string_view(req.target()).find(":import") != std::string_view::npos;
    const std::size_t limit =
        import ? server_.options().max_import_body_bytes : server_.options().max_body_bytes;
    parser_->body_limit(limit);
    if (import && server_.options().large_body_gate &&
        !server_.options().large_body_gate(req[http::field::authorization])) {
      server_.metrics().Refused(Metrics::Refusal::kNoKey);
      return Fail(401, "unauthenticated",
                  "imports need a valid API key before their body is sent: send "
                  "'Authorization: Bearer <key>'");
    }
    if (auto length = parser_->content_length(); length && *length > limit) {
      return Fail(413, "payload_too_large",
                  fmt::format("the body is {} bytes; this endpoint accepts at most {}", *length,
                              limit));
    }
    if (parser_->is_done()) return Handle();  // no body (most GETs): nothing more to read
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      continue_.emplace(http::status::continue_, req.version());
      return http::async_write(stream_, *continue_,
                               [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                 if (ec) return self->Close();
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    Waiting();
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       self->waiting_ = false;
                       if (!ec) return self->Handle();
                       if (ec == http::error::body_limit) {
                         return self->Fail(413, "payload_too_large",
                                           "the body exceeds this endpoint's size limit");
                       }
                       if (IsDisconnect(ec)) return self->Close();
                       self->Fail(400, "bad_request", "malformed HTTP body: " + ec.message());
                     });
  }

  void Handle() {
    auto& req = parser_->get();
    RequestContext ctx;
    HttpReply reply;
    if (!ReadBeastRequest(req, &ctx)) {
      reply = Problem(400, "bad_request", "the request target is not a valid path",
                      std::string(req.target()));
    } else {
      try {
        reply = server_.router().Dispatch(ctx);
      } catch (const std::exception& e) {
        spdlog::error("handler for {} {} threw: {}", ctx.method, ctx.path, e.what());
        reply = Problem(500, "internal", "internal error; the request was not applied", ctx.path);
      }
    }
    Respond(std::move(reply), req.keep_alive() && !server_.stopping(), ctx.path);
  }

  void Respond(HttpReply reply, bool keep_alive, std::string_view path) {
    const auto& req = parser_->get();
    response_.emplace(static_cast<http::status>(reply.status), req.version());
    response_->set(http::field::server, "affinity");
    if (!reply.content_type.empty()) response_->set(http::field::content_type, reply.content_type);
    for (auto& [name, value] : reply.headers) response_->set(name, value);
    response_->body() = std::move(reply.body);
    response_->keep_alive(keep_alive);
    response_->prepare_payload();
    if (req.method() == http::verb::head) response_->body().clear();  // keeps Content-Length

    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    server_.metrics().Record(reply.status, seconds, path.ends_with("/recommendations"));
    if (server_.options().access_log) {
      spdlog::info("{} \"{} {}\" {} {}B {:.0f}us", remote_, req.method_string(), req.target(),
                   reply.status, response_->body().size(), seconds * 1e6);
    }
    http::async_write(stream_, *response_,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                        if (ec || !keep_alive) return self->Close();
                        self->ReadHeader();
                      });
  }

  // Answers a protocol error and closes the connection (the stream may be out of sync).
  void Fail(unsigned status, std::string_view code, std::string detail) {
    if (!parser_->is_header_done()) {
      // There is no parsed request to answer in kind: reply HTTP/1.1 with a fresh parser state.
      parser_.emplace();
    }
    started_ = std::chrono::steady_clock::now();
    Respond(Problem(status, code, detail, ""), false, "");
  }

  // A lingering close: stop sending, then read and discard what the client still sends until it
  // closes too. Closing at once with unread bytes (a body we refused with 413) makes the kernel
  // send RST, and the client may lose the response it has not read yet.
  void Close() {
    if (closing_) return;
    closing_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (server_.stopping()) return Finish();  // shutting down: do not wait for the peer
    Drain(0);
  }

  void Drain(std::size_t discarded) {
    if (discarded > (8u << 20)) return Finish();
    idle_ = false;
    Waiting();  // the watchdog ends a drain that takes longer than the read timeout
    stream_.socket().async_read_some(
        net::buffer(drain_),
        [self = shared_from_this(), discarded](beast::error_code ec, std::size_t n) {
          if (ec) return self->Finish();
          self->Drain(discarded + n);
        });
  }

  void Finish() {
    waiting_ = false;
    beast::error_code ec;
    stream_.socket().close(ec);
  }

  static bool IsDisconnect(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == net::error::eof ||
           ec == net::error::connection_reset || ec == beast::error::timeout ||
           ec == net::error::operation_aborted || ec == net::error::bad_descriptor;
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  Impl& server_;
  std::string remote_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  std::optional<http::response<http::string_body>> response_;
  std::chrono::steady_clock::time_point started_;
  void Waiting() {
    waiting_ = true;
    since_ = std::chrono::steady_clock::now();
  }

  std::array<char, 8192> drain_;
  bool closing_ = false;
  bool idle_ = false;
  bool waiting_ = false;  // a read is pending (since since_); touched only on the strand
  std::chrono::steady_clock::time_point since_;
};

}  // namespace affinity

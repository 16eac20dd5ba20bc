// minimal_server: the smallest reasonable Boost.Beast HTTP/1.1 server, the "best raw server on this
// machine" that bench/http_bench.sh compares the affinity server with. Every request, whatever its
// method or target, gets 200 and the same small JSON body. Keep-alive, asynchronous, one
// io_context run by one thread per hardware thread; listens on 127.0.0.1 only.
//
//   minimal_server PORT [BODY_BYTES]
//
// BODY_BYTES pads the body to that size (a JSON string field of 'x'), to tell the cost of a larger
// payload from the cost of the work behind it.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr char kSmallBody[] = R"({"status":"ok","items":[]})";

// The body every response carries; set once in main before any thread starts.
std::string body = kSmallBody;

// One connection: read a request, write the answer, repeat until either side closes. Only one
// operation is pending at a time, so the connection needs no strand of its own beyond the socket's.
class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}
  void Start() { Read(); }

 private:
  void Read() {
    request_ = {};
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       self->OnRead(ec);
                     });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Close();
    response_ = {};
    response_.version(request_.version());
    response_.result(http::status::ok);
    response_.set(http::field::server, "minimal_server");
    response_.set(http::field::content_type, "application/json");
    response_.keep_alive(request_.keep_alive());
    response_.body() = body;
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        self->OnWrite(ec);
                      });
  }

  void OnWrite(beast::error_code ec) {
    if (ec || !response_.keep_alive()) return Close();
    Read();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void Accept(asio::io_context& ioc, tcp::acceptor& acceptor) {
  acceptor.async_accept(asio::make_strand(ioc), [&](beast::error_code ec, tcp::socket socket) {
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket))->Start();
    }
    Accept(ioc, acceptor);
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: minimal_server PORT [BODY_BYTES]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  if (port <= 0 || port > 65535) {
    std::fprintf(stderr, "minimal_server: port must be 1..65535, got '%s'\n", argv[1]);
    return 2;
  }
  if (argc == 3) {
    const std::size_t size = std::strtoull(argv[2], nullptr, 10);
    const std::string head = R"({"status":"ok","pad":")", tail = R"("})";
    if (size > head.size() + tail.size()) {
      body = head + std::string(size - head.size() - tail.size(), 'x') + tail;
    }
  }
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  asio::io_context ioc(static_cast<int>(threads));

  tcp::acceptor acceptor(ioc);
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  beast::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::fprintf(stderr, "minimal_server: cannot listen on 127.0.0.1:%d: %s\n", port,
                 ec.message().c_str());
    return 1;
  }
  Accept(ioc, acceptor);

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { ioc.stop(); });

  std::fprintf(stderr, "minimal_server: listening on 127.0.0.1:%d with %u threads, %zu-byte body\n",
               port, threads, body.size());
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}

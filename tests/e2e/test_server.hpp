// TestServer: runs the real `affinity serve` binary (AFFINITY_BIN) as a child process over a fresh
// data directory and talks HTTP/1.1 to it over a loopback socket, for the end-to-end tests.
//
// Each TestServer owns a mkdtemp directory under /tmp (data directory, port file, server log),
// removed by the destructor. Start() spawns `affinity serve --host 127.0.0.1 --port 0 --port-file
// ...` and returns once the port is known; Stop() sends SIGTERM and expects exit code 0; Kill9()
// sends SIGKILL; Restart() stops and starts again over the same data directory.
//
// Every network operation has a timeout, so a hung server fails a test instead of hanging it.
// Request() opens one connection per call and is safe to call from many threads at once.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <boost/json/object.hpp>
#include <boost/system/error_code.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace affinity::e2e {

using Headers = std::vector<std::pair<std::string, std::string>>;

// One HTTP response as the client saw it.
struct Response {
  unsigned status = 0;   // 0: no response (the connection failed, closed or timed out)
  std::string error;     // why there is no response, when status == 0
  Headers headers;       // in arrival order
  std::string body;
  boost::json::value json;  // the body parsed as JSON; null when it is not JSON

  // The value of header `name` (case-insensitive), or "" when absent.
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  // json as an object; an empty object when the body is not a JSON object.
  const boost::json::object& Object() const;
  // The string member `key` of the body object, or "" when absent or not a string.
  std::string Str(std::string_view key) const;
};

// So that `EXPECT_EQ(r.status, 201u) << r` shows the whole reply.
std::ostream& operator<<(std::ostream& os, const Response& r);

// A raw client connection for tests that need to control the bytes on the wire (garbage requests,
// Expect: 100-continue, an announced but unsent body).
class Connection {
 public:
  Connection(std::uint16_t port, std::chrono::milliseconds timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const;
  // Writes all of `bytes`; false if the connection failed.
  bool Send(std::string_view bytes);
  // Reads until `delimiter` has arrived; returns everything up to and including it, or whatever
  // arrived before the peer closed / the timeout (then without the delimiter).
  std::string ReadUntil(std::string_view delimiter);
  // Reads one complete HTTP response (a 1xx response too).
  Response ReadResponse();
  // Reads until the peer closes the connection or the timeout; returns all bytes not yet consumed.
  std::string ReadToClose();
  // True when the peer has closed (or reset) the connection within the timeout.
  bool PeerClosed();

 private:
  struct Impl;
  boost::system::error_code ReadSome();
  std::unique_ptr<Impl> impl_;
};

class TestServer {
 public:
  TestServer();
  ~TestServer();  // SIGKILLs a still running server and removes the temp directory
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Runs `affinity demo` first when `demo` (only on an empty data directory), then starts serving.
  // Reports a fatal gtest failure if the binary fails; wrap in ASSERT_NO_FATAL_FAILURE.
  void Start(bool demo = false, std::vector<std::string> extra_args = {});
  // SIGTERM, then waits (at most 15 s) and expects a clean exit with code 0.
  void Stop();
  // SIGKILL and reap; the data directory is left as the crash left it.
  void Kill9();
  // Stop() then Start() on the same data directory.
  void Restart();
  bool running() const { return pid_ > 0; }

  // Sends one request and reads its response. A non-empty body without a Content-Type header in
  // `headers` is sent as application/json. Without an Authorization header in `headers`, the
  // admin key the server made on its first start is sent; {"Authorization", ""} sends none.
  Response Request(std::string_view method, std::string_view target, std::string_view body = "",
                   const Headers& headers = {}) const;
  // Writes `bytes` on a fresh connection and returns everything the server sends until it closes
  // the connection (or the timeout).
  std::string SendRaw(std::string_view bytes,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  std::unique_ptr<Connection> Connect(
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  std::uint16_t port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  // The secret of the admin key made on the first start ("" before it).
  const std::string& admin_key() const { return admin_key_; }
  // Runs the affinity binary with `args` (e.g. {"keys", "create", ...}) to completion; returns its
  // exit code, and its standard output in `out`.
  int RunCli(const std::vector<std::string>& args, std::string* out = nullptr) const;
  // The server's stdout and stderr so far (for failure messages).
  std::string Log() const;

 private:
  // Spawns AFFINITY_BIN with `args`; returns the pid.
  pid_t Spawn(const std::vector<std::string>& args) const;
  void WaitForPort();

  std::string root_;      // the mkdtemp directory
  std::string data_dir_;  // root_/data
  std::string port_file_;
  std::string log_file_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string admin_key_;
};

// Expects `r` to be an RFC 9457 problem: the status, Content-Type application/problem+json and a
// body whose "status" matches. Returns the body's "detail" ("" if missing) for further checks.
std::string ExpectProblem(const Response& r, unsigned status);

// A JSON value's text, for building request bodies from values.
std::string ToJson(const boost::json::value& v);

// A test suite with its own server over its own fresh data directory: started before the suite's
// first test (after `affinity demo` when kDemo), stopped with SIGTERM (expecting exit code 0) after
// its last. Tests of one suite share the server, so each uses its own SKUs.
template <bool kDemo = false>
class ServerTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    server_ = std::make_unique<TestServer>();
    server_->Start(kDemo);
  }
  static void TearDownTestSuite() {
    if (server_ && server_->running()) server_->Stop();
    server_.reset();
  }

 protected:
  void SetUp() override {
    ASSERT_TRUE(server_ && server_->running()) << "the suite's server did not start";
  }
  void TearDown() override {
    if (HasFailure() && server_) {
      std::string log = server_->Log();
      if (log.size() > 4000) log = "..." + log.substr(log.size() - 4000);
      std::cerr << "--- server log (tail):\n" << log << "\n";
    }
  }

  static TestServer& server() { return *server_; }
  static Response Get(std::string_view target, const Headers& headers = {}) {
    return server_->Request("GET", target, "", headers);
  }
  static Response Put(std::string_view target, std::string_view body, const Headers& headers = {}) {
    return server_->Request("PUT", target, body, headers);
  }
  static Response Post(std::string_view target, std::string_view body,
                       const Headers& headers = {}) {
    return server_->Request("POST", target, body, headers);
  }
  static Response Patch(std::string_view target, std::string_view body,
                        const Headers& headers = {}) {
    return server_->Request("PATCH", target, body, headers);
  }
  static Response Delete(std::string_view target, const Headers& headers = {}) {
    return server_->Request("DELETE", target, "", headers);
  }

  // PUTs product `sku` with name "Product <sku>", price "10.00" and `fields` on top; expects 201.
  static Response CreateProduct(const std::string& sku, boost::json::object fields = {}) {
    boost::json::object body{{"name", "Product " + sku}, {"price", "10.00"}};
    for (auto& kv : fields) body[kv.key()] = kv.value();
    Response r = Put("/v1/products/" + sku, ToJson(body));
    EXPECT_EQ(r.status, 201u) << "creating " << sku << ": " << r;
    return r;
  }

  // POSTs a link and expects 201; returns its id (0 on failure).
  static std::int64_t CreateLink(const std::string& source, const std::string& target,
                                 const std::string& type, double weight = 1.0,
                                 std::optional<int> position = std::nullopt) {
    boost::json::object body{
        {"source", source}, {"target", target}, {"type", type}, {"weight", weight}};
    if (position) body["position"] = *position;
    Response r = Post("/v1/relationships", ToJson(body));
    EXPECT_EQ(r.status, 201u) << source << " -" << type << "-> " << target << ": " << r;
    auto it = r.Object().find("id");
    return it != r.Object().end() && it->value().is_number() ? it->value().to_number<std::int64_t>()
                                                             : 0;
  }

  static inline std::unique_ptr<TestServer> server_;
};


// The rows of a CSV text (the fixtures), read with the project's own RFC 4180 reader.
std::vector<std::vector<std::string>> CsvRows(std::string_view text);

}  // namespace affinity::e2e

#include "test_server.hpp"

#include "common/csv_reader.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#ifndef AFFINITY_BIN
#error "AFFINITY_BIN must name the affinity binary (see tests/e2e/CMakeLists.txt)"
#endif

namespace affinity::e2e {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

bool IEquals(std::string_view a, std::string_view b) { return beast::iequals(a, b); }

Response FromBeast(http::response<http::string_body>&& msg) {
  Response r;
  r.status = msg.result_int();
  for (const auto& field : msg) {
    r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  r.body = std::move(msg.body());
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.body, ec);
  if (!ec) r.json = std::move(v);
  return r;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// ------------------------------------------------------------------------------------ Response

std::string Response::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return v;
  }
  return "";
}

bool Response::HasHeader(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return true;
  }
  return false;
}

const boost::json::object& Response::Object() const {
  static const boost::json::object kEmpty;
  return json.is_object() ? json.get_object() : kEmpty;
}

std::string Response::Str(std::string_view key) const {
  const auto& o = Object();
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return "";
  return std::string(it->value().get_string());
}

std::ostream& operator<<(std::ostream& os, const Response& r) {
  if (r.status == 0) return os << "[no response: " << r.error << "]";
  os << "[HTTP " << r.status;
  for (const auto& [k, v] : r.headers) os << "\n  " << k << ": " << v;
  std::string_view body = r.body;
  if (body.size() > 2000) body = body.substr(0, 2000);
  return os << "\n  " << body << (r.body.size() > body.size() ? "..." : "") << "]";
}

std::string ExpectProblem(const Response& r, unsigned status) {
  EXPECT_EQ(r.status, status) << r;
  EXPECT_TRUE(r.Header("Content-Type").starts_with("application/problem+json")) << r;
  const auto& o = r.Object();
  auto it = o.find("status");
  EXPECT_TRUE(it != o.end() && it->value().is_number() &&
              it->value().to_number<unsigned>() == status)
      << r;
  return r.Str("detail");
}

std::string ToJson(const boost::json::value& v) { return boost::json::serialize(v); }

// ---------------------------------------------------------------------------------- Connection

struct Connection::Impl {
  Impl(std::uint16_t port, std::chrono::milliseconds timeout) : stream(ioc), timeout(timeout) {
    Run([&](auto done) {
      stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                           [this, done](beast::error_code ec) {
                             connect_error = ec;
                             done();
                           });
    });
  }

  // Runs one asynchronous operation to completion or until the timeout (which cancels it).
  template <typename Start>
  void Run(Start start) {
    ioc.restart();
    stream.expires_after(timeout);
    bool finished = false;
    start([&finished] { finished = true; });
    ioc.run();
    (void)finished;
  }

  net::io_context ioc;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout;
  beast::error_code connect_error;
};

Connection::Connection(std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(port, timeout)) {}
Connection::~Connection() = default;

bool Connection::connected() const { return !impl_->connect_error; }

bool Connection::Send(std::string_view bytes) {
  beast::error_code result;
  impl_->Run([&](auto done) {
    net::async_write(impl_->stream, net::buffer(bytes.data(), bytes.size()),
                     [&result, done](beast::error_code ec, std::size_t) {
                       result = ec;
                       done();
                     });
  });
  return !result;
}

// Reads whatever arrives next into the buffer. (Asio's composed reads take a DynamicBuffer_v1 by
// value, which would copy a beast::flat_buffer and lose the bytes, so reads are done one by one.)
beast::error_code Connection::ReadSome() {
  beast::error_code result;
  impl_->Run([&](auto done) {
    impl_->stream.async_read_some(impl_->buffer.prepare(64 * 1024),
                                  [this, &result, done](beast::error_code ec, std::size_t n) {
                                    impl_->buffer.commit(n);
                                    result = ec;
                                    done();
                                  });
  });
  return result;
}

std::string Connection::ReadUntil(std::string_view delimiter) {
  auto data = [&] {
    return std::string_view(static_cast<const char*>(impl_->buffer.data().data()),
                            impl_->buffer.size());
  };
  while (data().find(delimiter) == std::string_view::npos) {
    if (ReadSome()) break;
  }
  std::size_t at = data().find(delimiter);
  std::size_t take = at == std::string_view::npos ? data().size() : at + delimiter.size();
  std::string out(data().substr(0, take));
  impl_->buffer.consume(take);
  return out;
}

Response Connection::ReadResponse() {
  http::response_parser<http::string_body> parser;
  parser.body_limit(256u << 20);
  parser.header_limit(1u << 20);
  beast::error_code result;
  impl_->Run([&](auto done) {
    http::async_read(impl_->stream, impl_->buffer, parser,
                     [&result, done](beast::error_code ec, std::size_t) {
                       result = ec;
                       done();
                     });
  });
  if (result) {
    Response r;
    r.error = result.message();
    return r;
  }
  return FromBeast(parser.release());
}

std::string Connection::ReadToClose() {
  while (!ReadSome()) {
  }
  std::string out(static_cast<const char*>(impl_->buffer.data().data()), impl_->buffer.size());
  impl_->buffer.consume(impl_->buffer.size());
  return out;
}

bool Connection::PeerClosed() {
  beast::error_code ec;
  while (!(ec = ReadSome())) {
  }
  return ec == net::error::eof || ec == net::error::connection_reset;
}

// ---------------------------------------------------------------------------------- TestServer

TestServer::TestServer() {
  char tmpl[] = "/tmp/affinity-e2e-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  if (dir == nullptr) {
    ADD_FAILURE() << "mkdtemp failed: " << std::strerror(errno);
    return;
  }
  root_ = dir;
  data_dir_ = root_ + "/data";
  port_file_ = root_ + "/port";
  log_file_ = root_ + "/server.log";
}

TestServer::~TestServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (!root_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
}

pid_t TestServer::Spawn(const std::vector<std::string>& args) const {
  std::vector<std::string> argv_text{AFFINITY_BIN};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int log_fd = open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    ADD_FAILURE() << "cannot open " << log_file_ << ": " << std::strerror(errno);
    return -1;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls until exec. If the test process dies (a crash, a timeout
    // kill), the server goes with it instead of lingering.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    return -1;
  }
  return pid;
}

int TestServer::RunCli(const std::vector<std::string>& args, std::string* out) const {
  auto quote = [](const std::string& a) {
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  std::string command = quote(AFFINITY_BIN);
  for (const auto& a : args) command += " " + quote(a);
  command += " 2>>" + quote(log_file_);
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::string text;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) text.append(buf, n);
  const int status = pclose(pipe);
  if (out) *out = std::move(text);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void TestServer::Start(bool demo, std::vector<std::string> extra_args) {
  ASSERT_FALSE(root_.empty());
  ASSERT_LE(pid_, 0) << "the server is already running";
  if (demo && !std::filesystem::exists(data_dir_)) {
    // The catalog alone: the suites count their own orders and suggestions.
    pid_t pid = Spawn({"demo", "--data", data_dir_, "--orders", "0"});
    ASSERT_GT(pid, 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "affinity demo failed (status " << status << "):\n"
        << Log();
  }
  std::filesystem::remove(port_file_);
  std::vector<std::string> args{"serve",       "--data",        data_dir_, "--host",
                                "127.0.0.1",   "--port",        "0",       "--port-file",
                                port_file_,    "--access-log",  "off"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = Spawn(args);
  ASSERT_GT(pid_, 0);
  ASSERT_NO_FATAL_FAILURE(WaitForPort());
  // The first start over an empty data directory made the admin key.
  admin_key_ = ReadFile(data_dir_ + "/admin.key");
  while (!admin_key_.empty() && std::isspace(static_cast<unsigned char>(admin_key_.back()))) {
    admin_key_.pop_back();
  }
}

void TestServer::WaitForPort() {
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      FAIL() << "affinity serve exited before listening (status " << status << "):\n" << Log();
    }
    std::string text = ReadFile(port_file_);
    if (!text.empty() && text.back() == '\n') {
      port_ = static_cast<std::uint16_t>(std::stoul(text));
      ASSERT_GT(port_, 0);
      return;
    }
    std::this_thread::sleep_for(5ms);
  }
  FAIL() << "affinity serve did not write its port file within 15 s:\n" << Log();
}

void TestServer::Stop() {
  ASSERT_GT(pid_, 0) << "the server is not running";
  ASSERT_EQ(kill(pid_, SIGTERM), 0);
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  int status = 0;
  pid_t done = 0;
  while ((done = waitpid(pid_, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  if (done == 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    FAIL() << "the server did not exit within 15 s of SIGTERM:\n" << Log();
  }
  pid_ = -1;
  ASSERT_TRUE(WIFEXITED(status)) << "the server died of signal "
                                 << (WIFSIGNALED(status) ? WTERMSIG(status) : 0)
                                 << " after SIGTERM:\n"
                                 << Log();
  ASSERT_EQ(WEXITSTATUS(status), 0) << "exit code after SIGTERM:\n" << Log();
}

void TestServer::Kill9() {
  ASSERT_GT(pid_, 0) << "the server is not running";
  ASSERT_EQ(kill(pid_, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid_, &status, 0), pid_);
  pid_ = -1;
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

void TestServer::Restart() {
  ASSERT_NO_FATAL_FAILURE(Stop());
  ASSERT_NO_FATAL_FAILURE(Start());
}

std::string TestServer::Log() const { return ReadFile(log_file_); }

std::unique_ptr<Connection> TestServer::Connect(std::chrono::milliseconds timeout) const {
  return std::make_unique<Connection>(port_, timeout);
}

Response TestServer::Request(std::string_view method, std::string_view target,
                             std::string_view body, const Headers& headers) const {
  auto conn = Connect();
  if (!conn->connected()) {
    Response r;
    r.error = "cannot connect to 127.0.0.1:" + std::to_string(port_);
    return r;
  }
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  bool has_content_type = false;
  bool has_authorization = false;
  for (const auto& [k, v] : headers) {
    if (IEquals(k, "Authorization")) {
      has_authorization = true;
      if (v.empty()) continue;  // {"Authorization", ""}: send no key at all
    }
    req.insert(k, v);
    has_content_type = has_content_type || IEquals(k, "Content-Type");
  }
  if (!has_authorization && !admin_key_.empty()) {
    req.set(http::field::authorization, "Bearer " + admin_key_);
  }
  if (!body.empty() && !has_content_type) req.set(http::field::content_type, "application/json");
  req.body() = std::string(body);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req.prepare_payload();
  }
  std::ostringstream wire;
  wire << req;
  // A server may answer before it has read the whole body (413 from Content-Length) and close; the
  // write then fails but the answer is still there to read.
  const bool sent = conn->Send(wire.str());
  Response r = conn->ReadResponse();
  if (!sent && r.status == 0) r.error = "write failed; then " + r.error;
  return r;
}

std::string TestServer::SendRaw(std::string_view bytes, std::chrono::milliseconds timeout) const {
  Connection conn(port_, timeout);
  if (!conn.connected()) return "";
  conn.Send(bytes);
  return conn.ReadToClose();
}


std::vector<std::vector<std::string>> CsvRows(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  affinity::CsvReader reader(text);
  affinity::CsvRecord record;
  affinity::Status error;
  while (reader.Next(&record, &error)) rows.push_back(record.fields);
  EXPECT_TRUE(error.ok()) << error.ToString();
  return rows;
}

}  // namespace affinity::e2e

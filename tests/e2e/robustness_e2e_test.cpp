// The server under abuse: malformed HTTP and JSON, oversized bodies, Expect: 100-continue,
// keep-alive, method and route errors.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>

#include "test_server.hpp"

namespace affinity::e2e {
namespace {

namespace json = boost::json;

class RobustnessE2eTest : public ServerTest<> {
 protected:
  static void ExpectHealthy() {
    Response r = Get("/healthz");
    EXPECT_EQ(r.status, 200u) << r;
    EXPECT_EQ(r.Str("status"), "ok") << r;
  }
};

TEST_F(RobustnessE2eTest, GarbageRequestsGet400OrACloseAndTheServerKeepsServing) {
  const char* payloads[] = {
      "HELLO\r\n\r\n",
      "GET /healthz\r\n\r\n",                                      // no HTTP version
      "GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n",   // header without a colon
      "GET /healthz HTTP/9.7\r\nHost: x\r\n\r\n",                  // no such version
      "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",      // a TLS ClientHello
      "PUT /v1/products/GARBAGE HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
      "PUT /v1/products/GARBAGE HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
      "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
  };
  for (const char* payload : payloads) {
    SCOPED_TRACE(testing::Message() << "payload: " << json::serialize(json::value(payload)));
    std::string reply = server().SendRaw(payload);
    if (!reply.empty()) {
      EXPECT_TRUE(reply.starts_with("HTTP/1.1 400 ")) << reply;
      EXPECT_NE(reply.find("application/problem+json"), std::string::npos) << reply;
    }
    ExpectHealthy();
  }
  ExpectProblem(Get("/v1/products/GARBAGE"), 404);
}

TEST_F(RobustnessE2eTest, AConnectionClosedMidRequestDoesNotHurt) {
  {
    auto conn = server().Connect();
    ASSERT_TRUE(conn->connected());
    conn->Send("PUT /v1/products/HALF HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Content-Length: 100\r\n\r\n{\"name\":");
  }  // closed with the body unfinished
  ExpectHealthy();
  ExpectProblem(Get("/v1/products/HALF"), 404);
}

TEST_F(RobustnessE2eTest, BodyOverTheLimitIs413AndNothingIsWritten) {
  auto conn = server().Connect();
  ASSERT_TRUE(conn->connected());
  // 2 MB announced; the default limit is 1 MiB. Send the headers and a first slice of the body:
  // the server must answer from Content-Length without reading the rest.
  const std::size_t announced = 2 * 1000 * 1000;
  std::string head =
      "PUT /v1/products/HUGE HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: " + std::to_string(announced) + "\r\n\r\n";
  std::string slice = R"({"name":"Huge","price":"1.00","attributes":{"blob":")";
  slice.append(64 * 1024, 'x');
  ASSERT_TRUE(conn->Send(head + slice));
  Response r = conn->ReadResponse();
  std::string detail = ExpectProblem(r, 413);
  EXPECT_NE(detail.find(std::to_string(announced)), std::string::npos) << detail;
  ExpectProblem(Get("/v1/products/HUGE"), 404);
  ExpectHealthy();

  // Just under the limit is read and judged on its content.
  std::string body = R"({"name":"Big","price":"1.00","attributes":{"blob":")";
  body.append(1000 * 1000 - body.size() - 3, 'y');
  body += "\"}}";
  ASSERT_LT(body.size(), 1u << 20);
  Response ok = Put("/v1/products/BIG", body);
  EXPECT_EQ(ok.status, 201u) << ok.status << " " << ok.error;
}

TEST_F(RobustnessE2eTest, ChunkedBodyOverTheLimitIs413AndNothingIsWritten) {
  // No Content-Length: the limit is found while reading the body.
  auto conn = server().Connect();
  ASSERT_TRUE(conn->connected());
  std::string chunk = R"({"name":"Chunked","price":"1.00","attributes":{"blob":")";
  chunk.append(64 * 1024 - chunk.size(), 'z');
  std::string wire =
      "PUT /v1/products/CHUNKED HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 17; ++i) wire += size_line + chunk + "\r\n";  // 17 x 64 KiB > 1 MiB
  conn->Send(wire);  // the server may stop reading (and close) before all of it is written
  ExpectProblem(conn->ReadResponse(), 413);
  ExpectProblem(Get("/v1/products/CHUNKED"), 404);
  ExpectHealthy();
}

TEST_F(RobustnessE2eTest, ImportBodiesMayExceedTheOrdinaryLimit) {
  // /v1/products:import has its own, larger limit: a 1.5 MB CSV is accepted.
  std::string csv = "sku,name,price,category\n";
  int rows = 0;
  while (csv.size() < 1500 * 1000) {
    csv += "BULK-" + std::to_string(rows) + ",Bulk item number " + std::to_string(rows) +
           " with a long enough name to fill the file quickly,1.00,Bulk/Items\n";
    ++rows;
  }
  Response r = Post("/v1/products:import", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200u) << r;
  EXPECT_EQ(r.json.at("imported"), json::value(rows));
  Response list = Get("/v1/products?category=Bulk&limit=1");
  EXPECT_EQ(list.json.at("total"), json::value(rows)) << list;
}

TEST_F(RobustnessE2eTest, Expect100ContinueGetsAnInterimResponseThenTheResult) {
  auto conn = server().Connect();
  ASSERT_TRUE(conn->connected());
  const std::string body = R"({"name":"Continued","price":"3.50"})";
  ASSERT_TRUE(conn->Send("PUT /v1/products/CONT-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Authorization: Bearer " + server().admin_key() + "\r\n"
                         "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  std::string interim = conn->ReadUntil("\r\n\r\n");
  EXPECT_TRUE(interim.starts_with("HTTP/1.1 100 Continue\r\n")) << interim;
  ASSERT_TRUE(conn->Send(body));
  Response r = conn->ReadResponse();
  EXPECT_EQ(r.status, 201u) << r;
  EXPECT_EQ(Get("/v1/products/CONT-1").Str("name"), "Continued");
}

TEST_F(RobustnessE2eTest, OversizedBodyWithExpect100ContinueIs413BeforeItIsSent) {
  auto big = server().Connect();
  ASSERT_TRUE(big->connected());
  ASSERT_TRUE(big->Send("PUT /v1/products/CONT-2 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                        "Content-Length: 5000000\r\n\r\n"));
  ExpectProblem(big->ReadResponse(), 413);
  ExpectProblem(Get("/v1/products/CONT-2"), 404);
}

TEST_F(RobustnessE2eTest, MalformedJsonIs400NamingLineAndColumn) {
  const std::string body = "{\n  \"name\": \"Broken\",\n  \"price\": }\n";
  std::string detail = ExpectProblem(Put("/v1/products/JSON-BAD", body), 400);
  // The stray '}' is on line 3, column 12.
  EXPECT_NE(detail.find("line 3, column 12"), std::string::npos) << detail;
  ExpectProblem(Get("/v1/products/JSON-BAD"), 404);

  detail = ExpectProblem(Put("/v1/products/JSON-BAD", R"({"name":"Cut","price":"1.00")"), 400);
  EXPECT_NE(detail.find("line 1"), std::string::npos) << detail;
  ExpectProblem(Put("/v1/products/JSON-BAD", ""), 400);
  ExpectProblem(Put("/v1/products/JSON-BAD", R"({"name":"Two","price":"1.00"} {})"), 400);
  ExpectProblem(Post("/v1/relationships", "{'source': 'x'}"), 400);
  ExpectProblem(Get("/v1/products/JSON-BAD"), 404);
}

TEST_F(RobustnessE2eTest, AJsonArrayWhereAnObjectIsExpectedIs400) {
  ExpectProblem(Put("/v1/products/JSON-ARR", R"([{"name":"In an array","price":"1.00"}])"), 400);
  ExpectProblem(Put("/v1/products/JSON-ARR", R"("just a string")"), 400);
  ExpectProblem(Put("/v1/products/JSON-ARR", "null"), 400);
  ExpectProblem(Post("/v1/relationships", "[]"), 400);
  ExpectProblem(Put("/v1/relation-types/arrayed", "[]"), 400);
  ExpectProblem(Get("/v1/products/JSON-ARR"), 404);
  ExpectProblem(Get("/v1/relation-types/arrayed"), 404);
}

TEST_F(RobustnessE2eTest, ABodyThatIsNotDeclaredJsonIs400) {
  std::string detail =
      ExpectProblem(Put("/v1/products/CT-BAD", R"({"name":"Typed","price":"1.00"})",
                        {{"Content-Type", "text/plain"}}),
                    400);
  EXPECT_NE(detail.find("application/json"), std::string::npos) << detail;
  ExpectProblem(Get("/v1/products/CT-BAD"), 404);
}

TEST_F(RobustnessE2eTest, WrongMethodIs405WithAllow) {
  Response r = Delete("/v1/products");
  ExpectProblem(r, 405);
  EXPECT_EQ(r.Header("Allow"), "GET") << r;

  r = server().Request("PATCH", "/v1/products/ANY", R"({"name":"x"})");
  ExpectProblem(r, 405);
  std::string allow = r.Header("Allow");
  for (const char* m : {"GET", "PUT", "DELETE"}) {
    EXPECT_NE(allow.find(m), std::string::npos) << allow;
  }
  EXPECT_EQ(allow.find("PATCH"), std::string::npos) << allow;
  ExpectProblem(Get("/v1/products/ANY"), 404);

  r = Get("/v1/relationships");
  ExpectProblem(r, 405);
  EXPECT_EQ(r.Header("Allow"), "POST") << r;
}

TEST_F(RobustnessE2eTest, UnknownRouteIs404ProblemJson) {
  // Paths outside /v1 belong to the web console (console_api_e2e_test).
  for (const char* target : {"/v1/nope", "/v1", "/v1/products/A/B/C",
                             "/v1/products/A/recommendation"}) {
    Response r = Get(target);
    std::string detail = ExpectProblem(r, 404);
    EXPECT_FALSE(detail.empty()) << target << ": " << r;
    EXPECT_EQ(r.Str("instance"), target) << r;
  }
}

TEST_F(RobustnessE2eTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  auto conn = server().Connect();
  ASSERT_TRUE(conn->connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(conn->Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    Response r = conn->ReadResponse();
    EXPECT_EQ(r.status, 200u) << "request " << i << ": " << r;
  }
  ASSERT_TRUE(conn->Send("GET /v1/nope HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  ExpectProblem(conn->ReadResponse(), 404);
  EXPECT_TRUE(conn->PeerClosed());
}

}  // namespace
}  // namespace affinity::e2e

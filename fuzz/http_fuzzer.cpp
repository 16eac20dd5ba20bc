// Fuzzes HTTP request handling: the input is one or more requests back to back, as bytes on a
// connection. Each is parsed by boost::beast's request_parser (with the server's header limit) and,
// when it parses, turned into a RequestContext as the server's session does and dispatched through
// a Router holding every API route (AddAllRoutes) over a fresh world per input: an Engine on a
// MemoryStore with a few products and a rule, a memory order store, a MiningService and an
// IntakeService on the memory inbox (which then runs one pass over what was delivered).
// Checks: a handler never throws, every reply has a valid status, error replies are problem+json.
// Seeds: request files assembled by scripts/fuzz.sh from the fixtures (imports, rules, payloads).
//
// The wiring of the world is all in World below; when ApiContext gains a member, add it there.
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/mining_service.hpp"
#include "fuzz_input.hpp"
#include "intake/intake_service.hpp"
#include "intake/memory_inbox_store.hpp"
#include "orders/memory_order_store.hpp"
#include "orders/order_book.hpp"
#include "server/api.hpp"
#include "server/beast_request.hpp"
#include "server/router.hpp"
#include "storage/memory_store.hpp"
#include "trust/keyring.hpp"
#include "trust/memory_trust_store.hpp"
#include "trust/webhook_secrets.hpp"

namespace affinity {
namespace {

namespace http = boost::beast::http;

constexpr std::int64_t kNow = 1'780'000'000;
constexpr int kMaxRequests = 8;

Product MakeProduct(std::string sku, std::string category, std::string brand, std::int64_t price) {
  Product p;
  p.sku = std::move(sku);
  p.name = "Product " + p.sku;
  p.category = std::move(category);
  p.brand = std::move(brand);
  p.price_minor = price;
  p.stock = 5;
  p.tags = {"fuzz"};
  return p;
}

struct World {
  std::unique_ptr<Engine> engine;
  std::unique_ptr<OrderBook> orders;
  std::unique_ptr<MiningService> mining;
  MemoryInboxStore inbox;
  std::unique_ptr<IntakeService> intake;
  Metrics metrics;
  IdempotencyCache idempotency;
  MemoryTrustStore trust;
  std::unique_ptr<Keyring> keys;
  std::unique_ptr<WebhookSecrets> secrets;
  std::unique_ptr<ApiContext> api;
  Router router;

  World() {
    engine = std::move(Engine::Open(std::make_unique<MemoryStore>())).value();
    for (Product p : {MakeProduct("RS-1", "Footwear/Running", "Stride", 5999),
                      MakeProduct("RS-2", "Footwear/Running", "Stride", 8999),
                      MakeProduct("SO-1", "Accessories/Socks", "Stride", 999)}) {
      if (!engine->PutProduct(std::move(p)).ok()) __builtin_trap();
    }
    Rule rule;
    rule.id = "socks-for-shoes";
    rule.type = "accessory";
    rule.when = "source.category startsWith \"Footwear\"";
    rule.then = "target.category == \"Accessories/Socks\" && target.brand == source.brand";
    if (!engine->PutRule(rule, true).ok()) __builtin_trap();
    orders = std::move(OrderBook::Open(std::make_unique<MemoryOrderStore>())).value();
    OrderBook& book = *orders;
    mining = std::make_unique<MiningService>(*engine,
                                             [&book](const std::function<void(const Order&)>& fn) {
                                               book.ForEachBasket(fn);
                                               return Status::Ok();
                                             });
    IntakeCatalog catalog;
    Engine& e = *engine;
    catalog.known = [&e](std::string_view sku) { return e.snapshot()->Find(sku) != nullptr; };
    catalog.state = [&e]() -> std::shared_ptr<const void> { return e.snapshot(); };
    intake = std::make_unique<IntakeService>(
        inbox, book, std::move(catalog), IntakeOptions{}, [] { return kNow; }, 42);
    keys = std::move(Keyring::Open(trust)).value();
    secrets = std::move(WebhookSecrets::Open(trust)).value();
    // No guard is set on the router: every route is open, so that the fuzzer reaches the handlers
    // without having to guess a key.
    api = std::make_unique<ApiContext>(ApiContext{*engine, *orders, *mining, metrics, idempotency,
                                                  *intake, *keys, *secrets, trust});
    AddAllRoutes(router, *api);
  }
};

// What the server's session does with a parsed request (server/http_session.hpp, Handle()).
template <typename Request>
HttpReply Handle(const Router& router, const Request& req) {
  RequestContext ctx;
  if (!ReadBeastRequest(req, &ctx)) {
    return Problem(400, "bad_request", "the request target is not a valid path", "");
  }
  return router.Dispatch(ctx);
}

void CheckReply(const HttpReply& reply) {
  if (reply.status < 100 || reply.status > 599) __builtin_trap();
  if (reply.status >= 400 && reply.content_type != "application/problem+json") __builtin_trap();
  if (reply.status == 500) __builtin_trap();  // a handler hit an internal error
}

}  // namespace
}  // namespace affinity

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace affinity;
  World world;
  std::string_view rest = fuzz::Text(data, size);
  for (int i = 0; i < kMaxRequests && !rest.empty(); ++i) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1024 * 1024);
    parser.eager(true);
    boost::beast::error_code ec;
    std::size_t used = 0;
    while (!parser.is_done()) {
      const std::size_t n =
          parser.put(boost::asio::buffer(rest.data() + used, rest.size() - used), ec);
      used += n;
      if (ec == http::error::need_more) {
        if (used >= rest.size()) break;  // the input ends mid-request
        ec = {};
        if (n == 0) break;
        continue;
      }
      if (ec) break;
      if (n == 0) break;
    }
    if (!parser.is_done()) {
      // Without Content-Length or chunking a request has no body: the header alone completes it.
      if (parser.is_header_done() && !ec) parser.put_eof(ec);
      if (!parser.is_done()) break;
    }
    rest.remove_prefix(std::min(used, rest.size()));
    HttpReply reply;
    try {
      reply = Handle(world.router, parser.get());
    } catch (...) {
      __builtin_trap();  // the session turns this into a 500; a handler must not throw
    }
    CheckReply(reply);
  }
  (void)world.intake->ProcessDue();
  return 0;
}

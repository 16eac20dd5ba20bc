// RulesE2eFixture: the base of the rule engine's end-to-end tests. Every test gets its own server
// over its own fresh data directory (no demo catalog), creates the few products it needs through
// PUT /v1/products/{sku} and talks to /v1/rules and the recommendation endpoints over HTTP.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "test_server.hpp"

namespace affinity::e2e {

class RulesE2eFixture : public ::testing::Test {
 protected:
  using Skus = std::vector<std::string>;

  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    ASSERT_NO_FATAL_FAILURE(server_->Start());
  }
  void TearDown() override {
    if (HasFailure() && server_) {
      std::string log = server_->Log();
      if (log.size() > 4000) log = "..." + log.substr(log.size() - 4000);
      std::cerr << "--- server log (tail):\n" << log << "\n";
    }
    if (server_ && server_->running()) server_->Stop();
  }

  TestServer& server() { return *server_; }
  Response Get(std::string_view target, const Headers& headers = {}) {
    return server_->Request("GET", target, "", headers);
  }
  Response Put(std::string_view target, std::string_view body, const Headers& headers = {}) {
    return server_->Request("PUT", target, body, headers);
  }
  Response Post(std::string_view target, std::string_view body, const Headers& headers = {}) {
    return server_->Request("POST", target, body, headers);
  }
  Response Delete(std::string_view target, const Headers& headers = {}) {
    return server_->Request("DELETE", target, "", headers);
  }

  // PUTs a product (201 when new, 200 when replaced) with the given fields, in stock by default.
  Response PutProduct(const std::string& sku, const std::string& name, const std::string& price,
                      const std::string& category, const std::string& brand,
                      boost::json::object extra = {}, unsigned expected = 201) {
    boost::json::object body{{"name", name},         {"price", price}, {"currency", "USD"},
                             {"category", category}, {"brand", brand}, {"stock", 10}};
    for (auto& kv : extra) body[kv.key()] = kv.value();
    Response r = Put("/v1/products/" + sku, ToJson(body));
    EXPECT_EQ(r.status, expected) << "PUT " << sku << ": " << r;
    return r;
  }

  // Two running shoes of one brand either side of $50, and socks to go with them.
  void RunningShoesAndSocks() {
    PutProduct("RUN-040", "Road Runner 2", "40.00", "Footwear/Running", "Stride");
    PutProduct("RUN-060", "Road Runner Pro", "60.00", "Footwear/Running", "Stride");
    PutProduct("SOCK-010", "Cushioned Running Socks", "12.00", "Accessories/Socks", "Stride");
  }
  // Socks as accessories of footwear above $50.
  static boost::json::object SocksRule() {
    return {{"id", "socks-over-50"},
            {"type", "accessory"},
            {"when", "source.price > 50 && source.category startsWith \"Footwear\""},
            {"then", "target.category == \"Accessories/Socks\""}};
  }

  // POSTs a rule; no expectation on the status.
  Response PostRule(const boost::json::object& rule) { return Post("/v1/rules", ToJson(rule)); }
  // POSTs a rule and expects 201.
  Response CreateRule(const boost::json::object& rule) {
    Response r = PostRule(rule);
    EXPECT_EQ(r.status, 201u) << "POST /v1/rules " << ToJson(rule) << ": " << r;
    return r;
  }
  Response Validate(const boost::json::object& rule) {
    return Post("/v1/rules:validate", ToJson(rule));
  }

  // GET /v1/products/{sku}/recommendations[?query]
  Response Recs(const std::string& sku, const std::string& query = "") {
    return Get("/v1/products/" + sku + "/recommendations" + (query.empty() ? "" : "?" + query));
  }
  // The SKUs of a recommendation reply's items, in order; fails the test on a non-200 reply.
  static Skus ItemSkus(const Response& r) {
    Skus out;
    EXPECT_EQ(r.status, 200u) << r;
    if (!r.json.is_object() || !r.Object().contains("items")) return out;
    for (const auto& item : r.json.at("items").as_array()) {
      out.emplace_back(item.at("sku").as_string());
    }
    return out;
  }
  Skus RecSkus(const std::string& sku, const std::string& query = "") {
    return ItemSkus(Recs(sku, query));
  }
  // The item for `sku` in a recommendation reply, or nullptr.
  static const boost::json::object* Item(const Response& r, std::string_view sku) {
    if (!r.json.is_object() || !r.Object().contains("items")) return nullptr;
    for (const auto& item : r.json.at("items").as_array()) {
      if (item.at("sku").is_string() && item.at("sku").get_string() == sku) return &item.as_object();
    }
    return nullptr;
  }
  // The ids of GET /v1/rules.
  Skus RuleIds() {
    Response r = Get("/v1/rules");
    EXPECT_EQ(r.status, 200u) << r;
    Skus out;
    if (!r.Object().contains("items")) return out;
    for (const auto& item : r.json.at("items").as_array()) out.emplace_back(item.at("id").as_string());
    return out;
  }
  // Every "message" of an array member (`key` = "errors" or "warnings") of a reply, joined.
  static std::string Messages(const Response& r, std::string_view key) {
    std::string out;
    if (!r.Object().contains(key) || !r.json.at(key).is_array()) return out;
    for (const auto& d : r.json.at(key).as_array()) {
      if (d.is_object() && d.as_object().contains("message")) {
        out += std::string(d.at("message").as_string()) + "\n";
      }
    }
    return out;
  }
  static std::int64_t Int(const boost::json::value& v) { return v.to_number<std::int64_t>(); }
  static double Num(const boost::json::value& v) { return v.to_number<double>(); }
  static bool Has(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
  }

  std::unique_ptr<TestServer> server_;
};

}  // namespace affinity::e2e

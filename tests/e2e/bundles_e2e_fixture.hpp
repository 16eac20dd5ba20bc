// BundlesE2eTest: the base of the bundle suites. One server per suite over a fresh data directory
// (no demo catalog); each test makes the few products it needs under its own SKU prefix and talks
// to /v1/bundles, /v1/bundles:validate and /v1/products/{sku}/bundles over HTTP.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "test_server.hpp"

namespace affinity::e2e {

class BundlesE2eTest : public ServerTest<false> {
 protected:
  using Strings = std::vector<std::string>;

  // PUTs product `sku` at `price` USD with `stock` (< 0: not tracked) and `extra` fields on top;
  // expects 201 or 200.
  static void Product(const std::string& sku, const std::string& price, int stock,
                      boost::json::object extra = {}) {
    boost::json::object body{{"name", "Product " + sku}, {"price", price}, {"currency", "USD"}};
    if (stock >= 0) body["stock"] = stock;
    for (auto& kv : extra) body[kv.key()] = kv.value();
    Response r = Put("/v1/products/" + sku, ToJson(body));
    EXPECT_TRUE(r.status == 201u || r.status == 200u) << "PUT " << sku << ": " << r;
  }

  // {"sku": sku, "quantity": quantity[, "optional": true]}
  static boost::json::object Item(const std::string& sku, int quantity = 1, bool optional = false) {
    boost::json::object o{{"sku", sku}, {"quantity", quantity}};
    if (optional) o["optional"] = true;
    return o;
  }

  // A bundle body: {"name", "items"[, "id"]} with `extra` on top.
  static std::string Body(const std::string& id, const boost::json::array& items,
                          boost::json::object extra = {}) {
    boost::json::object o{{"name", "Bundle " + (id.empty() ? std::string("without id") : id)},
                          {"items", items}};
    if (!id.empty()) o["id"] = id;
    for (auto& kv : extra) o[kv.key()] = kv.value();
    return ToJson(o);
  }

  // The "code" of each problem in a reply, with "!" after a warning's.
  static Strings Codes(const Response& r) {
    Strings out;
    if (!r.json.is_object() || !r.Object().contains("problems")) return out;
    for (const auto& p : r.json.at("problems").as_array()) {
      out.push_back(std::string(p.at("code").as_string()) +
                    (p.at("severity") == "warning" ? "!" : ""));
    }
    return out;
  }

  // The ids of GET /v1/bundles[?query].
  static Strings BundleIds(const std::string& query = "") {
    Response r = Get("/v1/bundles" + (query.empty() ? "" : "?" + query));
    EXPECT_EQ(r.status, 200u) << r;
    Strings out;
    if (!r.json.is_object()) return out;
    for (const auto& b : r.json.at("items").as_array()) out.emplace_back(b.at("id").as_string());
    return out;
  }

  static Headers Bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

  // Makes a key with `role` through the admin API and returns its secret.
  static std::string MakeKey(const std::string& name, const std::string& role) {
    Response r = Post("/v1/keys", ToJson(boost::json::object{{"name", name}, {"role", role}}));
    EXPECT_EQ(r.status, 201u) << r;
    return r.Str("secret");
  }
};

}  // namespace affinity::e2e

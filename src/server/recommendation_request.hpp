// Reads a recommendation request from the query string (GET /v1/products/{sku}/recommendations) or
// from a JSON body (POST /v1/recommendations), including the context that scheduled and contextual
// rules see: the time (`at`, ISO 8601; default now), the customer and the cart.
//
//   POST /v1/recommendations
//   {"sku":"RUN-SHOE-001" | "cart":["A", {"sku":"B","quantity":2}],
//    "customer":{"id":"c1","segment":"high_value","lifetime_value":"1200.00",
//                "order_count":7,"orders_in_category":{"Footwear":3}},
//    "at":"2026-12-01T10:00:00Z","type":"upsell","limit":5,"explain":true,
//    "weights":{"types":{"cross_sell":2.0},"links":{"42":0.5},"rules":{"coats-scarves":1.5}}}
//
// "weights" previews a ranking with other weights (the console's weight sliders): nothing is saved.
#pragma once

#include <functional>
#include <memory>

#include "engine/recommender.hpp"
#include "server/request_context.hpp"

namespace affinity {

// A RecommendRequest with the context it points to, kept alive together.
struct RecommendationCall {
  RecommendRequest request;
  CustomerProfile customer;
  Cart cart;
  WeightOverrides weights;
};

// The stored profile of a customer id as of a time (from order history).
using ProfileLookup = std::function<CustomerProfile(std::string_view id, std::int64_t as_of)>;

// From GET query parameters: type, limit, explain, include_out_of_stock, at, customer (an id whose
// profile comes from `profiles`).
Result<std::unique_ptr<RecommendationCall>> RecommendationFromQuery(const RequestContext& ctx,
                                                                    std::string sku,
                                                                    const ProfileLookup& profiles);
// From a POST body. Cart prices come from `snapshot` unless the body gives them; a customer given
// as an id gets its stored profile, one given as an object is used as it is (previews).
Result<std::unique_ptr<RecommendationCall>> RecommendationFromBody(const RequestContext& ctx,
                                                                   const Snapshot& snapshot,
                                                                   const ProfileLookup& profiles);

}  // namespace affinity

// The JSON form of a Product, shared by the API, imports and storage.
//   {"sku":"RS-1","name":"Running Shoes","price":"59.99","currency":"USD",
//    "category":"Footwear/Running","brand":"Stride","tags":["running"],"margin":0.35,"stock":12,
//    "attributes":{"color":"blue"},"status":"active"}
// "status" is "active" (the default), "inactive" or "discontinued".
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "catalog/product.hpp"
#include "common/status.hpp"

namespace affinity {

enum class ProductSource {
  kJson,  // API bodies, JSON and NDJSON imports: typed values, unknown fields rejected
  kCsv,   // CSV rows: every value is text; tags are '|'-separated; other columns are attributes
};

// Parses and validates a product. `path_sku`, when not empty, is the SKU from the URL: the body may
// omit "sku" or must repeat the same one. Returns InvalidArgument listing every bad field.
Result<Product> ProductFromJson(const boost::json::object& object, ProductSource source,
                                std::string_view path_sku = {});

boost::json::object ProductToJson(const Product& product);

}  // namespace affinity

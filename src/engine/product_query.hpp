// QueryProducts: one page of the catalog from a Snapshot, filtered by category (the path or any
// path under it), brand (case-insensitive) and free text (case-insensitive, in SKU, name and brand),
// ordered by SKU and paged by cursor (the last SKU of the previous page). One pass over the
// snapshot keeping the `limit` smallest matching SKUs: O(products x log limit), lock-free.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/snapshot.hpp"

namespace affinity {

struct ProductQuery {
  std::string category;
  std::string brand;
  std::string text;
  // Price bounds in major units of each product's own currency (49.99 USD, 5000 JPY), inclusive.
  std::optional<double> min_price;
  std::optional<double> max_price;
  std::optional<bool> in_stock;  // Product::InStock()
  // Covered: a recommendation request for the product (no customer, no cart, at `now`) returns
  // at least one item (IsCovered).
  std::optional<bool> covered;
  std::int64_t now = 0;  // Unix seconds, for `covered`
  std::string after_sku;  // the cursor
  std::size_t limit = 50;
};

struct ProductPage {
  std::vector<const ProductNode*> items;
  std::string next_cursor;  // empty on the last page
  std::size_t matched = 0;  // how many products match in all (every page)
};

ProductPage QueryProducts(const Snapshot& snapshot, const ProductQuery& query);

}  // namespace affinity

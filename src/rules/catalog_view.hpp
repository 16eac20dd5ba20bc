// CatalogView: the read-only view of the products that rule materialisation runs over, by dense id.
// Implemented by the engine over its Snapshot; tests implement it over a vector.
#pragma once

#include <optional>
#include <string_view>

#include "catalog/product.hpp"

namespace affinity {

class CatalogView {
 public:
  virtual ~CatalogView() = default;
  // Ids are below id_limit(); Get returns nullptr for a deleted id.
  virtual ProductId id_limit() const = 0;
  virtual const Product* Get(ProductId id) const = 0;
  virtual std::optional<ProductId> Find(std::string_view sku) const = 0;
};

}  // namespace affinity

#include "engine/product_query.hpp"

#include <algorithm>
#include <queue>

#include "common/money.hpp"
#include "common/strings.hpp"
#include "engine/recommender.hpp"

namespace affinity {
namespace {

double MajorUnits(const Product& p) {
  double scale = 1;
  for (int i = CurrencyExponent(p.currency); i > 0; --i) scale *= 10;
  return static_cast<double>(p.price_minor) / scale;
}

bool Matches(const Snapshot& snapshot, const ProductNode& node, const ProductQuery& query,
             const std::string& brand, const std::string& text) {
  const Product& p = node.product;
  if (!CategoryIsUnder(p.category, query.category)) return false;
  if (!brand.empty() && ToLower(p.brand) != brand) return false;
  if (!text.empty() && ToLower(p.name).find(text) == std::string::npos &&
      ToLower(p.sku).find(text) == std::string::npos &&
      ToLower(p.brand).find(text) == std::string::npos) {
    return false;
  }
  if (query.min_price || query.max_price) {
    const double price = MajorUnits(p);
    if (query.min_price && price < *query.min_price) return false;
    if (query.max_price && price > *query.max_price) return false;
  }
  if (query.in_stock && p.InStock() != *query.in_stock) return false;
  // Last: the only test that walks the product's links.
  return !query.covered || IsCovered(snapshot, node, query.now) == *query.covered;
}

}  // namespace

ProductPage QueryProducts(const Snapshot& snapshot, const ProductQuery& query) {
  const std::string brand = ToLower(query.brand);
  const std::string text = ToLower(query.text);
  auto by_sku = [](const ProductNode* a, const ProductNode* b) {
    return a->product.sku < b->product.sku;
  };
  // A max-heap of the `limit + 1` smallest SKUs after the cursor; the extra one tells whether
  // another page follows.
  std::priority_queue<const ProductNode*, std::vector<const ProductNode*>, decltype(by_sku)> heap(
      by_sku);
  ProductPage page;
  for (ProductId id = 0; id < snapshot.id_limit(); ++id) {
    const ProductNode* node = snapshot.Get(id);
    if (!node) continue;
    if (!Matches(snapshot, *node, query, brand, text)) continue;
    const Product& p = node->product;
    ++page.matched;
    if (!query.after_sku.empty() && p.sku <= query.after_sku) continue;
    heap.push(node);
    if (heap.size() > query.limit + 1) heap.pop();
  }
  while (!heap.empty()) {
    page.items.push_back(heap.top());
    heap.pop();
  }
  std::sort(page.items.begin(), page.items.end(), by_sku);
  if (page.items.size() > query.limit) {
    page.items.resize(query.limit);
    page.next_cursor = page.items.back()->product.sku;
  }
  return page;
}

}  // namespace affinity

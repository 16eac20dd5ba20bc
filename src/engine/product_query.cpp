#include "engine/product_query.hpp"

#include <algorithm>
#include <queue>

#include "common/strings.hpp"

namespace affinity {

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
    const Product& p = node->product;
    if (!CategoryIsUnder(p.category, query.category)) continue;
    if (!brand.empty() && ToLower(p.brand) != brand) continue;
    if (!text.empty() && ToLower(p.name).find(text) == std::string::npos &&
        ToLower(p.sku).find(text) == std::string::npos &&
        ToLower(p.brand).find(text) == std::string::npos) {
      continue;
    }
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

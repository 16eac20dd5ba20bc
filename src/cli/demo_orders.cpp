#include "cli/demo_orders.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>

namespace affinity {

std::vector<Order> MakeDemoOrders(const Snapshot& snapshot, std::int64_t now, std::size_t count,
                                  std::size_t customers) {
  std::vector<Order> orders;
  std::vector<const ProductNode*> all, linked;
  std::map<std::string, std::vector<const ProductNode*>, std::less<>> by_category;
  for (ProductId id = 0; id < snapshot.id_limit(); ++id) {
    const ProductNode* n = snapshot.Get(id);
    if (!n) continue;
    all.push_back(n);
    by_category[n->product.category].push_back(n);
    if (!n->edges.empty()) linked.push_back(n);
  }
  if (all.empty()) return orders;
  if (linked.empty()) linked = all;
  std::mt19937_64 rng(20261202);
  auto pick = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  auto chance = [&rng](double p) { return std::uniform_real_distribution<double>()(rng) < p; };
  // A popular few sell most: 150 products (or all linked ones, if fewer) take the baskets.
  std::shuffle(linked.begin(), linked.end(), rng);
  linked.resize(std::min<std::size_t>(linked.size(), 150));
  // Each popular product's undiscovered partner: same category as one of its linked items, not
  // linked itself.
  std::map<const ProductNode*, const ProductNode*> partner;
  for (const ProductNode* p : linked) {
    const ProductNode* first = snapshot.Get(p->edges.empty() ? 0 : p->edges.front().target);
    if (!first) continue;
    for (const ProductNode* c : by_category[first->product.category]) {
      const bool is_linked = std::any_of(p->edges.begin(), p->edges.end(), [&](const RankedEdge& e) {
        return snapshot.Get(e.target) == c;
      });
      if (c != p && !is_linked) {
        partner[p] = c;
        break;
      }
    }
  }

  orders.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    // Skewed towards the first products: the square of a uniform draw.
    const double u = std::uniform_real_distribution<double>()(rng);
    const ProductNode* main = linked[static_cast<std::size_t>(u * u * linked.size())];
    std::vector<const ProductNode*> basket{main};
    if (!main->edges.empty() && chance(0.55)) {
      const auto& e = main->edges[pick(std::min<std::size_t>(main->edges.size(), 3))];
      if (const ProductNode* t = snapshot.Get(e.target)) basket.push_back(t);
    }
    if (auto it = partner.find(main); it != partner.end() && chance(0.4)) {
      basket.push_back(it->second);
    }
    if (chance(0.3)) basket.push_back(all[pick(all.size())]);
    std::sort(basket.begin(), basket.end());
    basket.erase(std::unique(basket.begin(), basket.end()), basket.end());

    Order o;
    o.channel = "import";
    o.external_id = fmt::format("DEMO-{:05}", i + 1);
    o.id = fmt::format("import:default:{}", o.external_id);
    const std::size_t customer = pick(customers * 5 / 4);
    if (customer < customers) o.customer_id = fmt::format("demo-customer-{:04}", customer + 1);
    o.placed_at = now - static_cast<std::int64_t>(pick(365 * 24 * 3600));
    o.currency = main->product.currency;
    for (const ProductNode* n : basket) {
      if (n->product.currency != o.currency) continue;
      OrderLine line;
      line.sku = n->product.sku;
      line.name = n->product.name;
      line.quantity = chance(0.15) ? 2 : 1;
      line.unit_price_minor = n->product.price_minor;
      o.total_minor += line.TotalMinor();
      o.lines.push_back(std::move(line));
    }
    orders.push_back(std::move(o));
  }
  return orders;
}

}  // namespace affinity

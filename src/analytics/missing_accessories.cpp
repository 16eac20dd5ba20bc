#include "analytics/missing_accessories.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "common/strings.hpp"

namespace affinity {
namespace {

bool InAccessoryCategory(const Product& p) {
  std::string c = ToLower(p.category);
  return c.starts_with("accessor") || c.find("/accessor") != std::string::npos;
}

}  // namespace

std::vector<MissingAccessories> FindMissingAccessories(const Snapshot& snapshot,
                                                       const MissingAccessoriesOptions& options,
                                                       const CoPurchases* history) {
  const int accessory = snapshot.TypeIndex("accessory");
  // Accessory-category products bought with a product, from purchase history.
  auto bought_accessories = [&](const Product& p) {
    std::vector<std::pair<const ProductNode*, std::int64_t>> out;
    if (!history) return out;
    auto it = history->partners.find(p.sku);
    if (it == history->partners.end()) return out;
    for (const auto& [sku, evidence] : it->second) {
      const ProductNode* other = snapshot.Find(sku);
      if (other && InAccessoryCategory(other->product) && !InAccessoryCategory(p) &&
          other->product.price_minor < p.price_minor) {
        out.emplace_back(other, evidence.together);
      }
    }
    return out;
  };

  // Group products by category; note which have accessories and which they link.
  struct Member {
    const ProductNode* node;
    std::vector<ProductId> accessories;  // linked
    bool has = false;                    // linked or bought with accessories
  };
  std::map<std::string, std::vector<Member>> by_category;
  for (ProductId id = 0; id < snapshot.id_limit(); ++id) {
    const ProductNode* node = snapshot.Get(id);
    if (!node || InAccessoryCategory(node->product)) continue;
    if (!CategoryIsUnder(node->product.category, options.category)) continue;
    Member m{node, {}, false};
    for (const RankedEdge& e : node->edges) {
      if (accessory >= 0 && e.type == accessory) m.accessories.push_back(e.target);
    }
    m.has = !m.accessories.empty() || !bought_accessories(node->product).empty();
    by_category[node->product.category].push_back(std::move(m));
  }

  std::vector<MissingAccessories> out;
  for (const auto& [category, members] : by_category) {
    const std::size_t with = std::count_if(members.begin(), members.end(),
                                           [](const Member& m) { return m.has; });
    for (const Member& m : members) {
      if (!m.accessories.empty()) continue;  // it has linked accessories
      const std::size_t peers = members.size() - 1;
      const std::size_t peers_with = with - (m.has ? 1 : 0);
      if (peers_with < options.min_peers ||
          static_cast<double>(peers_with) < options.min_peer_share * static_cast<double>(peers)) {
        continue;
      }
      MissingAccessories report{m.node, peers, peers_with, {}};
      std::unordered_map<ProductId, std::size_t> linking;
      for (const Member& peer : members) {
        for (ProductId a : peer.accessories) ++linking[a];
      }
      std::map<const ProductNode*, AccessorySuggestion> merged;
      for (const auto& [id, n] : linking) {
        const ProductNode* a = snapshot.Get(id);
        if (a) merged[a] = {a, n, 0, ""};
      }
      for (const auto& [a, together] : bought_accessories(m.node->product)) {
        auto& s = merged[a];
        s.product = a;
        s.bought_together = together;
      }
      for (auto& [a, s] : merged) {
        s.evidence = s.peers_linking > 0
                         ? fmt::format("{} of {} products in {} link it as an accessory",
                                       s.peers_linking, peers, category)
                         : "";
        if (s.bought_together > 0) {
          s.evidence += fmt::format("{}bought together with {} in {} orders",
                                    s.evidence.empty() ? "" : "; ", m.node->product.sku,
                                    s.bought_together);
        }
        report.suggestions.push_back(s);
      }
      std::sort(report.suggestions.begin(), report.suggestions.end(),
                [](const AccessorySuggestion& a, const AccessorySuggestion& b) {
                  if (a.bought_together != b.bought_together) {
                    return a.bought_together > b.bought_together;
                  }
                  if (a.peers_linking != b.peers_linking) return a.peers_linking > b.peers_linking;
                  return a.product->product.sku < b.product->product.sku;
                });
      if (report.suggestions.size() > options.max_suggestions) {
        report.suggestions.resize(options.max_suggestions);
      }
      out.push_back(std::move(report));
    }
  }
  std::sort(out.begin(), out.end(), [](const MissingAccessories& a, const MissingAccessories& b) {
    if (a.peers_with_accessories != b.peers_with_accessories) {
      return a.peers_with_accessories > b.peers_with_accessories;
    }
    return a.product->product.sku < b.product->product.sku;
  });
  if (out.size() > options.limit) out.resize(options.limit);
  return out;
}

}  // namespace affinity

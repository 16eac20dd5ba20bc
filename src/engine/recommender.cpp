#include "engine/recommender.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "common/strings.hpp"

namespace affinity {
namespace {

// The types to keep as a bit set over the snapshot's type indexes (all bits set: no filter).
Result<std::vector<bool>> TypeFilter(const Snapshot& snapshot, const std::vector<std::string>& names) {
  const auto& types = snapshot.types();
  std::vector<bool> keep(types.size(), names.empty());
  for (const std::string& name : names) {
    int index = snapshot.TypeIndex(name);
    if (index < 0) {
      std::vector<std::string_view> known;
      for (const auto& t : types) known.push_back(t.name);
      std::string nearest = NearestName(name, known);
      return Status::InvalidArgument(fmt::format(
          "unknown relation type '{}'{}; known types: {}", name,
          nearest.empty() ? "" : fmt::format(" (did you mean '{}'?)", nearest),
          fmt::join(known, ", ")));
    }
    keep[index] = true;
  }
  return keep;
}

// Whether a rule edge is live for this request: its schedule is active and its context holds.
bool RuleEdgeLive(const Snapshot& snapshot, const RankedEdge& edge, const RecommendRequest& request,
                  const Product& source, const Product& target) {
  const SnapshotRule& rule = snapshot.rule(edge.rule);
  if (!rule.schedule.IsActive(request.now)) return false;
  if (!rule.context) return true;
  EvalContext ctx;
  ctx.source = &source;
  ctx.target = &target;
  ctx.customer = request.customer;
  ctx.cart = request.cart_context;
  ctx.now = request.now;
  return rule.context->Matches(ctx);
}

// Finds the item already chosen for a product: a linear scan while there are few (the common
// case, no allocation), a hash index once there are many (large limits on well-linked products).
class ItemIndex {
 public:
  explicit ItemIndex(std::vector<RecommendedItem>& items) : items_(items) {}
  RecommendedItem* Find(const ProductNode* product) {
    if (items_.size() <= kLinear) {
      for (RecommendedItem& i : items_) {
        if (i.product == product) return &i;
      }
      return nullptr;
    }
    for (; indexed_ < items_.size(); ++indexed_) index_.emplace(items_[indexed_].product, indexed_);
    auto it = index_.find(product);
    return it == index_.end() ? nullptr : &items_[it->second];
  }

 private:
  static constexpr std::size_t kLinear = 16;
  std::vector<RecommendedItem>& items_;
  std::unordered_map<const ProductNode*, std::size_t> index_;
  std::size_t indexed_ = 0;
};

// Walks the ranked edges of `source`, adding items to `out` (or reasons to items already there).
void Collect(const Snapshot& snapshot, const ProductNode& source, const RecommendRequest& request,
             const std::vector<bool>& keep, const std::vector<const ProductNode*>& exclude,
             std::vector<RecommendedItem>& out, std::size_t cap) {
  const auto& types = snapshot.types();
  ItemIndex chosen(out);
  for (const RankedEdge& edge : source.edges) {
    if (!keep[edge.type]) continue;
    const ProductNode* target = snapshot.Get(edge.target);
    if (!target || (!request.include_out_of_stock && !target->product.InStock())) continue;
    if (std::find(exclude.begin(), exclude.end(), target) != exclude.end()) continue;
    if (edge.rule && !RuleEdgeLive(snapshot, edge, request, source.product, target->product)) {
      continue;
    }
    // A product reached by several edges appears once, at its best rank; the other edges are
    // further reasons for it.
    if (RecommendedItem* seen = chosen.Find(target)) {
      if (request.explain) seen->reasons.push_back({&source, &edge, &types[edge.type]});
      if (edge.score > seen->score && edge.position == RankedEdge::kUnpinned && !seen->position) {
        seen->score = edge.score;  // a cart: the best score from any cart product
        seen->type = &types[edge.type];
      }
      continue;
    }
    if (out.size() == cap) {
      if (!request.explain) break;
      continue;  // keep walking only to collect further reasons for the chosen items
    }
    RecommendedItem item{target, &types[edge.type], edge.score, std::nullopt, {}};
    if (edge.position != RankedEdge::kUnpinned) item.position = edge.position;
    if (request.explain) item.reasons.push_back({&source, &edge, &types[edge.type]});
    out.push_back(std::move(item));
  }
}

}  // namespace

Result<Recommendations> Recommend(const Snapshot& snapshot, const RecommendRequest& request) {
  if (request.limit < 1 || request.limit > RecommendRequest::kMaxLimit) {
    return Status::InvalidArgument(fmt::format("limit must be between 1 and {}, got {}",
                                               RecommendRequest::kMaxLimit, request.limit));
  }
  Result<std::vector<bool>> keep = TypeFilter(snapshot, request.types);
  if (!keep.ok()) return keep.status();

  if (request.cart.empty()) {
    const ProductNode* source = snapshot.Find(request.sku);
    if (!source) return Status::NotFound(fmt::format("product '{}' does not exist", request.sku));
    Recommendations out{source, {}};
    out.items.reserve(std::min(request.limit, source->edges.size()));
    Collect(snapshot, *source, request, *keep, {source}, out.items, request.limit);
    return out;
  }

  std::vector<const ProductNode*> sources;
  for (const std::string& sku : request.cart) {
    const ProductNode* node = snapshot.Find(sku);
    if (!node) return Status::NotFound(fmt::format("cart product '{}' does not exist", sku));
    if (std::find(sources.begin(), sources.end(), node) == sources.end()) sources.push_back(node);
  }
  // Gather generously from every cart product, then rank the union: pinned first, then by score.
  Recommendations out{nullptr, {}};
  const std::size_t gather = request.limit * sources.size();
  for (const ProductNode* source : sources) {
    Collect(snapshot, *source, request, *keep, sources, out.items, gather);
  }
  std::stable_sort(out.items.begin(), out.items.end(),
                   [](const RecommendedItem& a, const RecommendedItem& b) {
                     const std::int32_t pa = a.position.value_or(RankedEdge::kUnpinned);
                     const std::int32_t pb = b.position.value_or(RankedEdge::kUnpinned);
                     if (pa != pb) return pa < pb;
                     if (a.score != b.score) return a.score > b.score;
                     return a.product->product.sku < b.product->product.sku;
                   });
  if (out.items.size() > request.limit) out.items.resize(request.limit);
  return out;
}

}  // namespace affinity

#include "engine/recommender.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "common/strings.hpp"

namespace affinity {

Result<std::vector<bool>> TypeMask(const Snapshot& snapshot, const std::vector<std::string>& names) {
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

namespace {

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

// An edge's score: the precomputed one, or with the request's weight overrides applied.
class Scorer {
 public:
  Scorer(const Snapshot& snapshot, const WeightOverrides* overrides)
      : snapshot_(snapshot), overrides_(overrides && !overrides->empty() ? overrides : nullptr) {
    if (!overrides_) return;
    for (const RelationType& t : snapshot.types()) {
      auto it = overrides_->types.find(t.name);
      type_weight_.push_back(it == overrides_->types.end() ? t.weight : it->second);
    }
  }
  bool overridden() const { return overrides_ != nullptr; }
  double operator()(const RankedEdge& edge) const {
    if (!overrides_) return edge.score;
    Reason r = Terms(edge);
    return r.score;
  }
  // The reason for an edge with its score terms (from, edge and type are the caller's to set).
  Reason Terms(const RankedEdge& edge) const {
    Reason r{nullptr, &edge, nullptr};
    const double saved_type = snapshot_.types()[edge.type].weight;
    r.type_weight = saved_type;
    r.own_weight = saved_type != 0 ? edge.score / saved_type : 1.0;
    r.score = edge.score;
    if (!overrides_) return r;
    r.type_weight = type_weight_[edge.type];
    if (edge.rule) {
      const SnapshotRule& rule = snapshot_.rule(edge.rule);
      auto it = overrides_->rules.find(rule.id);
      r.own_weight = it == overrides_->rules.end() ? rule.weight : it->second;
    } else if (auto it = overrides_->links.find(edge.relationship); it != overrides_->links.end()) {
      r.own_weight = it->second;
    }
    r.score = r.type_weight * r.own_weight;
    return r;
  }

 private:
  const Snapshot& snapshot_;
  const WeightOverrides* overrides_;
  std::vector<double> type_weight_;
};

// Pinned first (by position), then by score, then by SKU: the order of a product's ranked edges.
void SortItems(std::vector<RecommendedItem>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const RecommendedItem& a, const RecommendedItem& b) {
                     const std::int32_t pa = a.position.value_or(RankedEdge::kUnpinned);
                     const std::int32_t pb = b.position.value_or(RankedEdge::kUnpinned);
                     if (pa != pb) return pa < pb;
                     if (a.score != b.score) return a.score > b.score;
                     return a.product->product.sku < b.product->product.sku;
                   });
}

// Walks the ranked edges of `source`, adding items to `out` (or reasons to items already there).
void Collect(const Snapshot& snapshot, const ProductNode& source, const RecommendRequest& request,
             const std::vector<bool>& keep, const std::vector<const ProductNode*>& exclude,
             const Scorer& score, std::vector<RecommendedItem>& out, std::size_t cap) {
  const auto& types = snapshot.types();
  ItemIndex chosen(out);
  auto reason = [&](const RankedEdge& edge) {
    Reason r = score.Terms(edge);
    r.from = &source;
    r.type = &types[edge.type];
    return r;
  };
  for (const RankedEdge& edge : source.edges) {
    if (!keep[edge.type]) continue;
    const ProductNode* target = snapshot.Get(edge.target);
    // A product that is not for sale (inactive, discontinued) is never offered, in stock or not.
    if (!target || !target->product.Active()) continue;
    if (!request.include_out_of_stock && !target->product.InStock()) continue;
    if (std::find(exclude.begin(), exclude.end(), target) != exclude.end()) continue;
    if (edge.rule && !RuleEdgeLive(snapshot, edge, request, source.product, target->product)) {
      continue;
    }
    // A product reached by several edges appears once, at its best rank; the other edges are
    // further reasons for it.
    if (RecommendedItem* seen = chosen.Find(target)) {
      if (request.explain) seen->reasons.push_back(reason(edge));
      if (const double s = score(edge);
          s > seen->score && edge.position == RankedEdge::kUnpinned && !seen->position) {
        seen->score = s;  // a cart (or new weights): the best score from any edge
        seen->type = &types[edge.type];
      }
      continue;
    }
    if (out.size() == cap) {
      if (!request.explain) break;
      continue;  // keep walking only to collect further reasons for the chosen items
    }
    RecommendedItem item{target, &types[edge.type], score(edge), std::nullopt, {}};
    if (edge.position != RankedEdge::kUnpinned) item.position = edge.position;
    if (request.explain) item.reasons.push_back(reason(edge));
    out.push_back(std::move(item));
  }
}

}  // namespace

Result<Recommendations> Recommend(const Snapshot& snapshot, const RecommendRequest& request) {
  if (request.limit < 1 || request.limit > RecommendRequest::kMaxLimit) {
    return Status::InvalidArgument(fmt::format("limit must be between 1 and {}, got {}",
                                               RecommendRequest::kMaxLimit, request.limit));
  }
  Result<std::vector<bool>> keep = TypeMask(snapshot, request.types);
  if (!keep.ok()) return keep.status();
  const Scorer score(snapshot, request.weights);

  if (request.cart.empty()) {
    const ProductNode* source = snapshot.Find(request.sku);
    if (!source) return Status::NotFound(fmt::format("product '{}' does not exist", request.sku));
    Recommendations out{source, {}};
    if (score.overridden()) {
      // New weights reorder the edges: rank every candidate, then cut.
      Collect(snapshot, *source, request, *keep, {source}, score, out.items, SIZE_MAX);
      SortItems(out.items);
      if (out.items.size() > request.limit) out.items.resize(request.limit);
      return out;
    }
    out.items.reserve(std::min(request.limit, source->edges.size()));
    Collect(snapshot, *source, request, *keep, {source}, score, out.items, request.limit);
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
  const std::size_t gather = score.overridden() ? SIZE_MAX : request.limit * sources.size();
  for (const ProductNode* source : sources) {
    Collect(snapshot, *source, request, *keep, sources, score, out.items, gather);
  }
  SortItems(out.items);
  if (out.items.size() > request.limit) out.items.resize(request.limit);
  return out;
}

bool CoveringTypes(const Snapshot& snapshot, const ProductNode& node, std::int64_t now,
                   std::vector<std::uint8_t>* covered) {
  const std::size_t types = snapshot.types().size();
  covered->assign(types, 0);
  // The types the product has edges of: the walk may stop once each of them is covered.
  std::size_t open = 0;
  for (const RankedEdge& edge : node.edges) {
    if ((*covered)[edge.type] == 0) {
      (*covered)[edge.type] = 2;  // has edges, not yet covered
      ++open;
    }
  }
  RecommendRequest request;  // as IsCovered asks: no customer, no cart (RuleEdgeLive reads these)
  request.now = now;
  bool any = false;
  for (const RankedEdge& edge : node.edges) {
    if (open == 0) break;
    if ((*covered)[edge.type] != 2) continue;
    // The checks Collect makes of an edge, for a request without a cart or overrides.
    const ProductNode* target = snapshot.Get(edge.target);
    if (!target || target == &node || !target->product.Active() || !target->product.InStock()) {
      continue;
    }
    if (edge.rule && !RuleEdgeLive(snapshot, edge, request, node.product, target->product)) {
      continue;
    }
    (*covered)[edge.type] = 1;
    --open;
    any = true;
  }
  for (std::uint8_t& c : *covered) c = c == 1;
  return any;
}

bool IsCovered(const Snapshot& snapshot, const ProductNode& node, std::int64_t now) {
  RecommendRequest request;
  request.sku = node.product.sku;
  request.limit = 1;
  request.now = now;
  const std::vector<bool> every_type(snapshot.types().size(), true);
  std::vector<RecommendedItem> items;
  Collect(snapshot, node, request, every_type, {&node}, Scorer(snapshot, nullptr), items, 1);
  return !items.empty();
}

}  // namespace affinity

#include "engine/recommender.hpp"

#include <fmt/format.h>

#include <algorithm>

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

}  // namespace

Result<Recommendations> Recommend(const Snapshot& snapshot, const RecommendRequest& request) {
  if (request.limit < 1 || request.limit > RecommendRequest::kMaxLimit) {
    return Status::InvalidArgument(fmt::format("limit must be between 1 and {}, got {}",
                                               RecommendRequest::kMaxLimit, request.limit));
  }
  const ProductNode* source = snapshot.Find(request.sku);
  if (!source) {
    return Status::NotFound(fmt::format("product '{}' does not exist", request.sku));
  }
  Result<std::vector<bool>> keep = TypeFilter(snapshot, request.types);
  if (!keep.ok()) return keep.status();
  const auto& types = snapshot.types();

  Recommendations out{source, {}};
  out.items.reserve(std::min(request.limit, source->edges.size()));
  for (const RankedEdge& edge : source->edges) {
    if (!(*keep)[edge.type]) continue;
    const ProductNode* target = snapshot.Get(edge.target);
    if (!target || (!request.include_out_of_stock && !target->product.InStock())) continue;
    // A product linked by several types appears once, at its best rank; the other links are
    // further reasons for it.
    auto seen = std::find_if(out.items.begin(), out.items.end(),
                             [&](const RecommendedItem& i) { return i.product == target; });
    if (seen != out.items.end()) {
      if (request.explain) seen->reasons.push_back({&edge, &types[edge.type]});
      continue;
    }
    if (out.items.size() == request.limit) {
      if (!request.explain) break;
      continue;  // keep walking only to collect further reasons for the chosen items
    }
    RecommendedItem item{target, &types[edge.type], edge.score, std::nullopt, {}};
    if (edge.position != RankedEdge::kUnpinned) item.position = edge.position;
    if (request.explain) item.reasons.push_back({&edge, &types[edge.type]});
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace affinity

#include "analytics/violations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <tuple>

#include "analytics/parallel_scan.hpp"
#include "common/crypto.hpp"
#include "engine/recommender.hpp"

namespace affinity {
namespace {

// A violation's place in the listing.
using Key = std::tuple<std::string_view, std::string_view, std::string_view, std::string_view>;

// A violation kept for the page, with its place in the listing.
struct Found {
  Key key;
  const ProductNode* source;
  const RankedEdge* edge;
  const CompiledGuideline* guideline;
};

// The cursor: the last key of a page, as URL-safe Base64 of its parts joined by newlines (which no
// SKU, type name or guideline id holds).
std::string EncodeCursor(const Key& key) {
  return Base64UrlEncode(fmt::format("{}\n{}\n{}\n{}", std::get<0>(key), std::get<1>(key),
                                     std::get<2>(key), std::get<3>(key)));
}

bool DecodeCursor(std::string_view cursor, std::string* text, Key* key) {
  std::optional<std::string> decoded = Base64Decode(cursor);
  if (!decoded) return false;
  *text = std::move(*decoded);
  std::string_view rest = *text;
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    const std::size_t nl = rest.find('\n');
    if ((i < 3) != (nl != std::string_view::npos)) return false;
    parts[i] = rest.substr(0, nl);
    if (i < 3) rest.remove_prefix(nl + 1);
  }
  *key = {parts[0], parts[1], parts[2], parts[3]};
  return true;
}

}  // namespace

Result<ViolationsReport> FindViolations(const Snapshot& snapshot, const GuidelineSet& guidelines,
                                        const ViolationQuery& query) {
  if (query.limit < 1 || query.limit > ViolationQuery::kMaxLimit) {
    return Status::InvalidArgument(fmt::format("limit must be between 1 and {}, got {}",
                                               ViolationQuery::kMaxLimit, query.limit));
  }
  if (!query.guideline.empty() && !guidelines.Find(query.guideline)) {
    return Status::NotFound(fmt::format(
        "guideline '{}' does not exist; GET /v1/guidelines lists them", query.guideline));
  }
  const ProductNode* only = nullptr;
  if (!query.sku.empty()) {
    only = snapshot.Find(query.sku);
    if (!only) return Status::NotFound(fmt::format("product '{}' does not exist", query.sku));
  }
  std::vector<bool> type_wanted(snapshot.types().size(), true);
  if (!query.type.empty()) {
    Result<std::vector<bool>> mask = TypeMask(snapshot, {query.type});
    if (!mask.ok()) return mask.status();
    type_wanted = std::move(mask).value();
  }
  std::string cursor_text;
  Key after;
  if (!query.cursor.empty() && !DecodeCursor(query.cursor, &cursor_text, &after)) {
    return Status::InvalidArgument(fmt::format(
        "cursor '{}' is not one this report gave out; start again without a cursor", query.cursor));
  }

  ViolationsReport report;
  // The guidelines the query selects, and the indexes of those that apply to each type index.
  std::vector<const CompiledGuideline*> selected;
  std::vector<std::vector<std::size_t>> applying(snapshot.types().size());
  for (const CompiledGuideline& g : guidelines.all()) {
    if (!g.enforced()) continue;
    if (!query.guideline.empty() && g.guideline.id != query.guideline) continue;
    if (query.severity && g.guideline.severity != *query.severity) continue;
    for (std::size_t t = 0; t < applying.size(); ++t) {
      if (type_wanted[t] && g.Applies(snapshot.types()[t].name)) {
        applying[t].push_back(selected.size());
      }
    }
    selected.push_back(&g);
  }
  // A guideline that reads only the target ("target.in_stock") holds or not per product: decided
  // once per product here rather than once per edge below (no edge then touches its target's
  // data unless it breaks a guideline). Not worth it for one SKU's edges.
  std::vector<std::vector<std::uint8_t>> target_holds(selected.size());
  const std::size_t n = snapshot.id_limit();
  const std::size_t scan_parts = query.parts ? query.parts : ScanParts(n);
  for (std::size_t i = 0; i < selected.size() && !only; ++i) {
    if (selected[i]->require->info().uses_source) continue;
    std::vector<std::uint8_t>& holds = target_holds[i];
    holds.assign(n, 1);
    ScanInParts(n, scan_parts, [&](std::size_t, std::size_t begin, std::size_t end) {
      for (std::size_t id = begin; id < end; ++id) {
        const ProductNode* node = snapshot.Get(static_cast<ProductId>(id));
        if (node) holds[id] = selected[i]->Holds(node->product, node->product);
      }
    });
  }

  auto key_of = [&](const ProductNode& source, const RankedEdge& edge, const CompiledGuideline& g,
                    const ProductNode& target) -> Key {
    return {source.product.sku, target.product.sku, snapshot.types()[edge.type].name,
            g.guideline.id};
  };
  // What one part of the pass finds: its counts, and the first `limit` violations after the
  // cursor (a max-heap by key), so that memory stays bounded however many there are.
  struct Part {
    std::size_t edges_checked = 0, total = 0, after_cursor = 0;
    std::vector<std::size_t> counts;
    std::vector<Found> first;
  };
  auto by_key = [](const Found& a, const Found& b) { return a.key < b.key; };
  std::vector<Part> parts(selected.empty() ? 1 : scan_parts);
  auto scan = [&](std::size_t index, std::size_t begin, std::size_t end) {
    // Tallied on this thread's own memory and handed over at the end: parts side by side in
    // `parts` would share cache lines, and every write of one would stall the others.
    Part part;
    part.counts.assign(selected.size(), 0);
    for (std::size_t id = begin; id < end && !selected.empty(); ++id) {
      const ProductNode* source = snapshot.Get(static_cast<ProductId>(id));
      if (!source) continue;
      for (const RankedEdge& edge : source->edges) {
        const auto& checks = applying[edge.type];
        if (checks.empty()) continue;
        const ProductNode* target = snapshot.Get(edge.target);
        if (!target || (only && source != only && target != only)) continue;
        ++part.edges_checked;
        for (std::size_t i : checks) {
          const CompiledGuideline* g = selected[i];
          const bool holds = target_holds[i].empty() ? g->Holds(source->product, target->product)
                                                     : target_holds[i][edge.target] != 0;
          if (holds) continue;
          ++part.total;
          ++part.counts[i];
          // Most candidates lose to the heap's largest on the source SKU alone.
          const bool full = part.first.size() == query.limit;
          if (full && query.cursor.empty() &&
              std::get<0>(part.first.front().key) < source->product.sku) {
            ++part.after_cursor;
            continue;
          }
          const Key key = key_of(*source, edge, *g, *target);
          if (!query.cursor.empty() && !(after < key)) continue;
          ++part.after_cursor;
          if (full && !(key < part.first.front().key)) continue;
          if (full) {
            std::pop_heap(part.first.begin(), part.first.end(), by_key);
            part.first.pop_back();
          }
          part.first.push_back({key, source, &edge, g});
          std::push_heap(part.first.begin(), part.first.end(), by_key);
        }
      }
    }
    parts[index] = std::move(part);
  };
  ScanInParts(n, parts.size(), scan);

  std::vector<std::size_t> counts(selected.size(), 0);
  std::vector<Found> first;
  std::size_t after_cursor = 0;
  for (Part& part : parts) {
    report.edges_checked += part.edges_checked;
    report.total += part.total;
    after_cursor += part.after_cursor;
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += part.counts[i];
    first.insert(first.end(), part.first.begin(), part.first.end());
  }
  for (std::size_t i = 0; i < selected.size(); ++i)
    report.counts.emplace_back(selected[i], counts[i]);
  std::sort(first.begin(), first.end(), by_key);
  if (first.size() > query.limit) first.resize(query.limit);
  for (const Found& f : first) {
    const ProductNode* target = snapshot.Get(f.edge->target);
    const RelationType& type = snapshot.types()[f.edge->type];
    report.items.push_back(
        {f.guideline, f.source, target, f.edge, &type, &snapshot.origin(f.edge->origin),
         f.guideline->Message(
             fmt::format("{} {} -> {}", type.name, f.source->product.sku, target->product.sku))});
  }
  if (after_cursor > first.size()) report.next_cursor = EncodeCursor(first.back().key);
  return report;
}

}  // namespace affinity

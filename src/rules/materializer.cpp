#include "rules/materializer.hpp"

#include <algorithm>
#include <optional>
#include <thread>

namespace affinity {

namespace {

// Hints that refer to the source select different candidates for each source.
bool PerSourceHints(const std::vector<TargetHint>& hints) {
  return std::any_of(hints.begin(), hints.end(), [](const TargetHint& h) {
    return h.kind == TargetHint::Kind::kBrandIsSource ||
           h.kind == TargetHint::Kind::kCategoryIsSource;
  });
}

}  // namespace

std::vector<ProductId> Materializer::TargetsFor(const CompiledRule& rule, ProductId source_id,
                                                bool* matched, const CandidateList* shared,
                                                std::uint64_t* evaluations) const {
  *matched = false;
  const Product* source = catalog_.Get(source_id);
  if (!source) return {};
  EvalContext ctx;
  ctx.source = source;
  ctx.related = related_;
  std::uint64_t evaluated = 1;
  const bool selected = rule.when.Matches(ctx);
  if (!selected) {
    if (evaluations) *evaluations += evaluated;
    return {};
  }
  *matched = true;
  // Candidates come in SKU order, and the best targets are the in-stock ones first, then by SKU:
  // the scan can stop at the `limit`-th in-stock match, and out-of-stock matches are kept only
  // while they might still be needed. A product not for sale (Product::Active) counts as out of
  // stock here: serving skips it, so it must not take the place of one that can be sold.
  const auto limit = static_cast<std::size_t>(rule.rule.limit);
  std::vector<ProductId> in_stock, out_of_stock;
  CandidateList own;
  if (!shared) own = index_.Candidates(rule.then.info().target_hints, *source);
  for (ProductId id : (shared ? *shared : own).items()) {
    if (id == source_id) continue;
    ctx.target = catalog_.Get(id);
    if (!ctx.target) continue;
    const bool available = ctx.target->InStock() && ctx.target->Active();
    if (!available && out_of_stock.size() >= limit) continue;
    ++evaluated;
    if (!rule.then.Matches(ctx)) continue;
    (available ? in_stock : out_of_stock).push_back(id);
    if (in_stock.size() == limit) break;
  }
  for (ProductId id : out_of_stock) {
    if (in_stock.size() == limit) break;
    in_stock.push_back(id);
  }
  if (evaluations) *evaluations += evaluated;
  return in_stock;
}

MaterializeCost Materializer::Cost(const CompiledRule& rule) const {
  constexpr std::size_t kSampled = 1000;
  const auto& hints = rule.then.info().target_hints;
  const bool per_source = PerSourceHints(hints);
  MaterializeCost cost;
  std::uint64_t sampled = 0, sampled_candidates = 0;
  for (ProductId id = 0; id < catalog_.id_limit(); ++id) {
    const Product* p = catalog_.Get(id);
    if (!p) continue;
    EvalContext ctx;
    ctx.source = p;
    ctx.related = related_;
    if (!rule.when.Matches(ctx)) continue;
    ++cost.sources;
    if (per_source && sampled < kSampled) {
      ++sampled;
      sampled_candidates += index_.Candidates(hints, *p).size();
    }
  }
  cost.candidates = per_source ? (sampled ? sampled_candidates / sampled : 0)
                               : index_.Candidates(hints, Product{}).size();
  cost.comparisons = static_cast<double>(cost.sources) * static_cast<double>(cost.candidates);
  return cost;
}

RuleEdges Materializer::Run(const CompiledRule& rule, int threads, EvaluationBudget* budget) const {
  const ProductId n = catalog_.id_limit();
  // Hints that do not refer to the source select the same candidates for every source: once.
  const auto& hints = rule.then.info().target_hints;
  const bool per_source = PerSourceHints(hints);
  std::optional<CandidateList> shared;
  if (!per_source) shared = index_.Candidates(hints, Product{});
  threads = std::max(1, std::min<int>(threads, static_cast<int>(n / 1024) + 1));
  std::vector<RuleEdges> parts(threads);
  auto work = [&](int part) {
    RuleEdges& out = parts[part];
    const ProductId begin = static_cast<ProductId>(std::uint64_t{n} * part / threads);
    const ProductId end = static_cast<ProductId>(std::uint64_t{n} * (part + 1) / threads);
    // Charged in batches, so that threads touch the shared counter rarely.
    constexpr std::uint64_t kBatch = 4096;
    std::uint64_t unpaid = 0;
    for (ProductId id = begin; id < end; ++id) {
      bool matched = false;
      std::vector<ProductId> targets =
          TargetsFor(rule, id, &matched, shared ? &*shared : nullptr, &unpaid);
      if (budget && unpaid >= kBatch) {
        const bool more = budget->Spend(unpaid);
        unpaid = 0;
        if (!more) break;
      }
      if (matched) out.matched.push_back(id);
      if (targets.empty()) continue;
      out.edge_count += targets.size();
      out.targets.emplace(id, std::move(targets));
    }
    if (budget) (void)budget->Spend(unpaid);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
  RuleEdges all = std::move(parts[0]);
  for (int t = 1; t < threads; ++t) {
    all.matched.insert(all.matched.end(), parts[t].matched.begin(), parts[t].matched.end());
    all.edge_count += parts[t].edge_count;
    all.targets.merge(parts[t].targets);
  }
  return all;
}

}  // namespace affinity

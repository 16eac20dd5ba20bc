#include "rules/materializer.hpp"

#include <algorithm>
#include <thread>

namespace affinity {

std::vector<ProductId> Materializer::TargetsFor(const CompiledRule& rule, ProductId source_id,
                                                bool* matched) const {
  *matched = false;
  const Product* source = catalog_.Get(source_id);
  if (!source) return {};
  EvalContext ctx;
  ctx.source = source;
  ctx.related = related_;
  if (!rule.when.Matches(ctx)) return {};
  *matched = true;
  std::vector<ProductId> out;
  for (ProductId id : index_.Candidates(rule.then.info().target_hints, *source)) {
    if (id == source_id) continue;
    ctx.target = catalog_.Get(id);
    if (ctx.target && rule.then.Matches(ctx)) out.push_back(id);
  }
  const auto limit = static_cast<std::size_t>(rule.rule.limit);
  auto better = [&](ProductId a, ProductId b) {
    const Product* pa = catalog_.Get(a);
    const Product* pb = catalog_.Get(b);
    if (pa->InStock() != pb->InStock()) return pa->InStock();
    return pa->sku < pb->sku;
  };
  if (out.size() > limit) {
    std::partial_sort(out.begin(), out.begin() + limit, out.end(), better);
    out.resize(limit);
  } else {
    std::sort(out.begin(), out.end(), better);
  }
  return out;
}

RuleEdges Materializer::Run(const CompiledRule& rule, int threads) const {
  const ProductId n = catalog_.id_limit();
  threads = std::max(1, std::min<int>(threads, static_cast<int>(n / 1024) + 1));
  std::vector<RuleEdges> parts(threads);
  auto work = [&](int part) {
    RuleEdges& out = parts[part];
    const ProductId begin = static_cast<ProductId>(std::uint64_t{n} * part / threads);
    const ProductId end = static_cast<ProductId>(std::uint64_t{n} * (part + 1) / threads);
    for (ProductId id = begin; id < end; ++id) {
      bool matched = false;
      std::vector<ProductId> targets = TargetsFor(rule, id, &matched);
      if (matched) out.matched.push_back(id);
      if (targets.empty()) continue;
      out.edge_count += targets.size();
      out.targets.emplace(id, std::move(targets));
    }
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

// Engine: suggestions from association mining (list, replace with a job's output, accept, reject).
#include <fmt/format.h>

#include <set>

#include "engine/engine.hpp"
#include "engine/txn.hpp"

namespace affinity {
namespace {

// (source, target, type) with the ends of a symmetric type in a fixed order.
std::tuple<std::string, std::string, std::string> PairKey(const RelationGraph& graph,
                                                         const std::string& source,
                                                         const std::string& target,
                                                         const std::string& type) {
  const RelationType* t = graph.FindType(type);
  if (t && !t->directed && target < source) return {target, source, type};
  return {source, target, type};
}

// The pending suggestion `id`: NotFound, or FailedPrecondition once it was decided.
Result<Suggestion> Pending(const std::map<std::uint64_t, Suggestion>& suggestions,
                           std::uint64_t id) {
  auto it = suggestions.find(id);
  if (it == suggestions.end()) {
    return Status::NotFound(fmt::format("suggestion {} does not exist", id));
  }
  if (it->second.status != SuggestionStatus::kPending) {
    return Status::FailedPrecondition(fmt::format("suggestion {} is already {}", id,
                                                  SuggestionStatusName(it->second.status)));
  }
  return it->second;
}

}  // namespace

std::vector<Suggestion> Engine::ListSuggestions(const SuggestionQuery& q) const {
  std::lock_guard lock(mu_);
  std::vector<Suggestion> out;
  for (auto it = suggestions_.upper_bound(q.after_id);
       it != suggestions_.end() && out.size() < q.limit; ++it) {
    const Suggestion& x = it->second;
    if (q.status && x.status != *q.status) continue;
    if (!q.type.empty() && x.type != q.type) continue;
    if (!q.job.empty() && x.job != q.job) continue;
    if (!q.sku.empty() && x.source != q.sku && x.target != q.sku) continue;
    out.push_back(x);
  }
  return out;
}

Result<Suggestion> Engine::GetSuggestion(std::uint64_t id) const {
  std::lock_guard lock(mu_);
  auto it = suggestions_.find(id);
  if (it == suggestions_.end()) return Status::NotFound(fmt::format("suggestion {} does not exist", id));
  return it->second;
}

Result<std::size_t> Engine::ReplaceSuggestions(const std::string& job,
                                               std::vector<Suggestion> candidates) {
  std::lock_guard lock(mu_);
  Txn txn(*this);
  // Pairs decided before (accepted or rejected) are never suggested again.
  std::set<std::tuple<std::string, std::string, std::string>> decided;
  std::vector<std::uint64_t> pending;
  for (const auto& [id, x] : suggestions_) {
    if (x.status == SuggestionStatus::kPending) {
      pending.push_back(id);
    } else {
      decided.insert(PairKey(graph_, x.source, x.target, x.type));
    }
  }
  for (std::uint64_t id : pending) txn.EraseSuggestion(id);
  const auto exists = [this](std::string_view sku) { return HasProduct(sku); };
  const RelationGraph::ExtraEdges generated = GeneratedEdges();
  std::size_t kept = 0;
  for (Suggestion& x : candidates) {
    auto key = PairKey(graph_, x.source, x.target, x.type);
    if (!decided.insert(key).second) continue;  // also drops repeats within the batch
    Relationship probe;
    probe.source = x.source;
    probe.target = x.target;
    probe.type = x.type;
    if (!graph_.CheckInsert(probe, exists, generated).ok()) continue;  // linked, cycle, cap, ...
    if (HasErrorFinding(LinkFindings(probe))) continue;  // accepting it would be refused
    x.id = next_suggestion_id_++;
    x.job = job;
    x.status = SuggestionStatus::kPending;
    txn.PutSuggestion(std::move(x));
    ++kept;
  }
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  return kept;
}

Result<Suggestion> Engine::AcceptSuggestion(std::uint64_t id,
                                            std::vector<GuidelineFinding>* findings) {
  std::lock_guard lock(mu_);
  Result<Suggestion> pending = Pending(suggestions_, id);
  if (!pending.ok()) return pending.status();
  Suggestion x = std::move(pending).value();
  Relationship r;
  r.source = x.source;
  r.target = x.target;
  r.type = x.type;
  r.origin = "mined:" + x.job;
  AFFINITY_RETURN_IF_ERROR(graph_.CheckInsert(
      r, [this](std::string_view sku) { return HasProduct(sku); }, GeneratedEdges()));
  std::vector<GuidelineFinding> broken = LinkFindings(r);
  if (findings) *findings = broken;
  AFFINITY_RETURN_IF_ERROR(RefuseOnError(broken));
  Txn txn(*this);
  txn.InsertLink(std::move(r));
  x.status = SuggestionStatus::kAccepted;
  x.relationship_id = txn.last_inserted().id;
  txn.PutSuggestion(x);
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  return x;
}

Result<Suggestion> Engine::RejectSuggestion(std::uint64_t id) {
  std::lock_guard lock(mu_);
  Result<Suggestion> pending = Pending(suggestions_, id);
  if (!pending.ok()) return pending.status();
  Suggestion x = std::move(pending).value();
  x.status = SuggestionStatus::kRejected;
  Txn txn(*this);
  txn.PutSuggestion(x);
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  return x;
}

}  // namespace affinity

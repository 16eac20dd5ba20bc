// Engine: manual links: create, read, change, delete, list, import, and order by hand (the
// console's drag to reorder and pin).
#include <fmt/format.h>

#include <set>

#include "engine/engine.hpp"
#include "engine/txn.hpp"

namespace affinity {

// ---------------------------------------------------------------------------------- links

Result<Relationship> Engine::CreateRelationship(Relationship r,
                                                std::vector<GuidelineFinding>* findings) {
  std::lock_guard lock(mu_);
  r.origin = "manual";
  AFFINITY_RETURN_IF_ERROR(
      graph_.CheckInsert(r, [this](std::string_view sku) { return HasProduct(sku); },
                         GeneratedEdges()));
  std::vector<GuidelineFinding> broken = LinkFindings(r);
  if (findings) *findings = broken;
  AFFINITY_RETURN_IF_ERROR(RefuseOnError(broken));
  Txn txn(*this);
  txn.InsertLink(std::move(r));
  Relationship created = txn.last_inserted();
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  return created;
}

Result<Relationship> Engine::GetRelationship(RelationshipId id) const {
  std::lock_guard lock(mu_);
  const Relationship* r = graph_.Find(id);
  if (!r) return Status::NotFound(fmt::format("relationship {} does not exist", id));
  return *r;
}

Result<Relationship> Engine::UpdateRelationship(RelationshipId id,
                                                const std::function<Status(Relationship*)>& edit,
                                                std::optional<std::int64_t> if_match,
                                                std::vector<GuidelineFinding>* findings) {
  std::lock_guard lock(mu_);
  const Relationship* current = graph_.Find(id);
  if (!current) return Status::NotFound(fmt::format("relationship {} does not exist", id));
  AFFINITY_RETURN_IF_ERROR(
      CheckVersion(fmt::format("relationship {}", id), current->version, if_match));
  Relationship updated = *current;
  AFFINITY_RETURN_IF_ERROR(edit(&updated));
  std::vector<GuidelineFinding> broken = LinkFindings(updated);
  if (findings) *findings = broken;
  AFFINITY_RETURN_IF_ERROR(RefuseOnError(broken));
  Txn txn(*this);
  txn.ReplaceLink(updated);
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  return *graph_.Find(id);
}

Status Engine::DeleteRelationship(RelationshipId id, std::optional<std::int64_t> if_match) {
  std::lock_guard lock(mu_);
  const Relationship* current = graph_.Find(id);
  if (!current) return Status::NotFound(fmt::format("relationship {} does not exist", id));
  AFFINITY_RETURN_IF_ERROR(
      CheckVersion(fmt::format("relationship {}", id), current->version, if_match));
  Txn txn(*this);
  txn.EraseLink(id);
  return txn.Commit();
}

Result<std::vector<Relationship>> Engine::ListRelationships(std::string_view sku,
                                                            std::string_view type,
                                                            LinkDirection direction) const {
  std::lock_guard lock(mu_);
  if (!HasProduct(sku)) return Status::NotFound(fmt::format("product '{}' does not exist", sku));
  if (!type.empty() && !graph_.FindType(type)) {
    return Status::InvalidArgument(fmt::format("unknown relation type '{}'", type));
  }
  std::vector<Relationship> out;
  for (const Relationship* r : graph_.Touching(sku)) {
    if (!type.empty() && r->type != type) continue;
    const bool symmetric = !graph_.FindType(r->type)->directed;
    const bool out_link = r->source == sku || symmetric;
    const bool in_link = r->target == sku || symmetric;
    if ((direction == LinkDirection::kOutgoing && !out_link) ||
        (direction == LinkDirection::kIncoming && !in_link)) {
      continue;
    }
    out.push_back(*r);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

Result<ImportReport> Engine::ImportRelationships(std::string_view text, RecordFormat format) {
  ImportReport report;
  std::lock_guard lock(mu_);
  Txn txn(*this);
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> line_of;
  auto exists = [this](std::string_view sku) { return HasProduct(sku); };
  const RelationGraph::ExtraEdges generated = GeneratedEdges();
  ReadRecords(
      text, format,
      [&](std::size_t line, boost::json::object& record) -> Status {
        Result<Relationship> parsed = RelationshipFromJson(record, format == RecordFormat::kCsv);
        if (!parsed.ok()) return parsed.status();
        Relationship r = std::move(parsed).value();
        // A symmetric link A-B repeats B-A: key it with its ends in a fixed order.
        const RelationType* type = graph_.FindType(r.type);
        const bool swap = type && !type->directed && r.target < r.source;
        auto [seen, fresh] = line_of.emplace(
            std::make_tuple(swap ? r.target : r.source, swap ? r.source : r.target, r.type), line);
        if (!fresh) {
          return Status::InvalidArgument(fmt::format(
              "{} link {} -> {} appears again (first on line {}); keep one row per link", r.type,
              r.source, r.target, seen->second));
        }
        // A row that breaks a guideline is refused like any bad row (or warned about).
        auto check_guidelines = [&](const Relationship& link) -> Status {
          std::vector<GuidelineFinding> broken = LinkFindings(link);
          AFFINITY_RETURN_IF_ERROR(RefuseOnError(broken));
          for (const GuidelineFinding& f : broken) report.warnings.push_back({line, f.message});
          return Status::Ok();
        };
        if (const Relationship* existing = graph_.FindByKey(r)) {
          Relationship updated = *existing;
          updated.weight = r.weight;
          updated.position = r.position;
          AFFINITY_RETURN_IF_ERROR(check_guidelines(updated));
          txn.ReplaceLink(std::move(updated));
          ++report.updated;
          return Status::Ok();
        }
        AFFINITY_RETURN_IF_ERROR(graph_.CheckInsert(r, exists, generated));
        AFFINITY_RETURN_IF_ERROR(check_guidelines(r));
        txn.InsertLink(std::move(r));
        ++report.created;
        return Status::Ok();
      },
      &report.errors);
  if (report.errors.empty() && report.created + report.updated == 0) {
    report.errors.push_back({1, "the file holds no relationships"});
  }
  if (!report.errors.empty()) {
    report.created = report.updated = 0;
    report.warnings.clear();
    return report;  // the Txn rolls back
  }
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  report.imported = report.created + report.updated;
  return report;
}

Result<std::vector<Relationship>> Engine::ReorderRelationships(
    std::string_view sku, std::string_view type, const std::vector<RelationshipId>& ids) {
  std::lock_guard lock(mu_);
  if (!HasProduct(sku)) return Status::NotFound(fmt::format("product '{}' does not exist", sku));
  const RelationType* t = graph_.FindType(type);
  if (!t) return Status::InvalidArgument(fmt::format("unknown relation type '{}'", type));
  if (ids.empty()) {
    return Status::InvalidArgument(
        "field 'ids' is empty; list the product's links of this type in the order to serve them");
  }
  std::set<RelationshipId> listed;
  for (RelationshipId id : ids) {
    if (!listed.insert(id).second) {
      return Status::InvalidArgument(fmt::format("relationship {} is listed twice", id));
    }
    const Relationship* r = graph_.Find(id);
    if (!r) return Status::NotFound(fmt::format("relationship {} does not exist", id));
    const bool of_product = r->source == sku || (!t->directed && r->target == sku);
    if (r->type != type || !of_product) {
      return Status::InvalidArgument(fmt::format(
          "relationship {} is a '{}' link from {} to {}, not a '{}' link of {}; list only the "
          "product's own '{}' links",
          id, r->type, r->source, r->target, type, sku, type));
    }
  }
  // Listed links get positions 1..n; a pin left over on an unlisted link of the same type would
  // compete with them, so it is cleared.
  Txn txn(*this);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Relationship r = *graph_.Find(ids[i]);
    const auto position = static_cast<std::int32_t>(i + 1);
    if (r.position == position) continue;
    r.position = position;
    txn.ReplaceLink(std::move(r));
  }
  for (const Relationship* r : graph_.Outgoing(sku)) {
    if (r->type != type || !r->position || listed.contains(r->id)) continue;
    Relationship unpinned = *r;
    unpinned.position.reset();
    txn.ReplaceLink(std::move(unpinned));
  }
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  std::vector<Relationship> out;
  for (RelationshipId id : ids) out.push_back(*graph_.Find(id));
  return out;
}

}  // namespace affinity

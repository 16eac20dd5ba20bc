#include "relations/relation_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_set>

#include "common/strings.hpp"

namespace affinity {

std::string FormatCycle(const std::vector<std::string>& skus) {
  std::string out;
  for (const auto& s : skus) out += (out.empty() ? "" : " -> ") + s;
  return out;
}

RelationGraph::RelationGraph() {
  for (auto& t : BuiltinRelationTypes()) types_.emplace(t.name, t);
}

const RelationType* RelationGraph::FindType(std::string_view name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : &it->second;
}

std::vector<RelationType> RelationGraph::Types() const {
  std::vector<RelationType> out;
  for (const auto& [_, t] : types_) out.push_back(t);
  return out;
}

RelationGraph::Key RelationGraph::KeyOf(const Relationship& r) const {
  const RelationType* t = FindType(r.type);
  if (t && !t->directed && r.target < r.source) return {r.target, r.source, r.type};
  return {r.source, r.target, r.type};
}

const Relationship* RelationGraph::Find(RelationshipId id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

const Relationship* RelationGraph::FindByKey(const Relationship& r) const {
  auto it = by_key_.find(KeyOf(r));
  return it == by_key_.end() ? nullptr : &by_id_.at(it->second);
}

void RelationGraph::EraseType(std::string_view name) {
  if (auto it = types_.find(name); it != types_.end()) types_.erase(it);
}

std::vector<const Relationship*> RelationGraph::Touching(std::string_view sku) const {
  std::vector<const Relationship*> out;
  auto it = touching_.find(std::string(sku));
  if (it == touching_.end()) return out;
  for (RelationshipId id : it->second) out.push_back(&by_id_.at(id));
  return out;
}

std::vector<const Relationship*> RelationGraph::Outgoing(std::string_view sku) const {
  std::vector<const Relationship*> out;
  for (const Relationship* r : Touching(sku)) {
    if (r->source == sku) {
      out.push_back(r);
    } else if (const RelationType* t = FindType(r->type); t && !t->directed) {
      out.push_back(r);
    }
  }
  return out;
}

std::vector<const Relationship*> RelationGraph::All() const {
  std::vector<const Relationship*> out;
  out.reserve(by_id_.size());
  for (const auto& [_, r] : by_id_) out.push_back(&r);
  return out;
}

std::vector<std::string> RelationGraph::FindPath(std::string_view from, std::string_view to,
                                                 std::string_view type,
                                                 const ExtraEdges& extra) const {
  // Breadth-first, so the reported cycle is a shortest one.
  std::unordered_map<std::string, std::string> parent{{std::string(from), ""}};
  std::vector<std::string> frontier{std::string(from)};
  while (!frontier.empty()) {
    std::vector<std::string> next;
    for (const std::string& node : frontier) {
      if (node == to) {
        std::vector<std::string> path;
        for (std::string at = node; !at.empty(); at = parent.at(at)) path.push_back(at);
        std::reverse(path.begin(), path.end());
        return path;
      }
      for (const Relationship* r : Touching(node)) {
        if (r->type != type || r->source != node) continue;
        if (parent.emplace(r->target, node).second) next.push_back(r->target);
      }
      if (extra) {
        std::vector<std::string> more;
        extra(node, type, &more);
        for (std::string& target : more) {
          if (parent.emplace(target, node).second) next.push_back(std::move(target));
        }
      }
    }
    frontier = std::move(next);
  }
  return {};
}

std::size_t RelationGraph::CountFrom(std::string_view sku, const RelationType& type) const {
  std::size_t n = 0;
  for (const Relationship* r : Outgoing(sku)) n += r->type == type.name;
  return n;
}

Status RelationGraph::CheckInsert(const Relationship& r,
                                  const std::function<bool(std::string_view)>& product_exists,
                                  const ExtraEdges& extra) const {
  if (r.source == r.target) {
    return Status::InvalidArgument(
        fmt::format("a product cannot be linked to itself ('{}' -> '{}')", r.source, r.target));
  }
  for (const std::string* sku : {&r.source, &r.target}) {
    if (!product_exists(*sku)) {
      return Status::InvalidArgument(fmt::format(
          "{} product '{}' does not exist; create it first (PUT /v1/products/{})",
          sku == &r.source ? "source" : "target", *sku, *sku));
    }
  }
  const RelationType* type = FindType(r.type);
  if (!type) {
    std::vector<std::string_view> names;
    for (const auto& [name, _] : types_) names.push_back(name);
    std::string nearest = NearestName(r.type, names);
    return Status::InvalidArgument(fmt::format(
        "unknown relation type '{}'{}; known types: {}", r.type,
        nearest.empty() ? "" : fmt::format(" (did you mean '{}'?)", nearest),
        fmt::join(names, ", ")));
  }
  if (auto it = by_key_.find(KeyOf(r)); it != by_key_.end()) {
    const Relationship& existing = by_id_.at(it->second);
    return Status::AlreadyExists(fmt::format(
        "{} link {} {} {} already exists as relationship {} (origin {}); PATCH it to change its "
        "weight or position",
        r.type, existing.source, type->directed ? "->" : "<->", existing.target, existing.id,
        existing.origin));
  }
  if (type->max_per_product > 0) {
    for (const std::string* sku : {&r.source, &r.target}) {
      if (sku == &r.target && type->directed) continue;
      if (CountFrom(*sku, *type) >= static_cast<std::size_t>(type->max_per_product)) {
        return Status::FailedPrecondition(fmt::format(
            "product '{}' already has {} {} links, the most its type allows "
            "(max_per_product); remove one or raise the limit",
            *sku, type->max_per_product, type->name));
      }
    }
  }
  if (type->acyclic) {
    std::vector<std::string> path = FindPath(r.target, r.source, r.type, extra);
    if (!path.empty()) {
      path.push_back(r.target);  // the existing chain target .. source, closed by the new link
      return Status::FailedPrecondition(fmt::format(
          "{} link {} -> {} would close the cycle {}; {} links must not form a cycle",
          r.type, r.source, r.target, FormatCycle(path), r.type));
    }
  }
  return Status::Ok();
}

void RelationGraph::Insert(const Relationship& r) {
  by_key_.emplace(KeyOf(r), r.id);
  by_id_.emplace(r.id, r);
  touching_[r.source].push_back(r.id);
  touching_[r.target].push_back(r.id);
}

void RelationGraph::Replace(const Relationship& r) { by_id_.at(r.id) = r; }

void RelationGraph::Erase(RelationshipId id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  const Relationship& r = it->second;
  by_key_.erase(KeyOf(r));
  for (const std::string& sku : {r.source, r.target}) {
    auto t = touching_.find(sku);
    if (t == touching_.end()) continue;
    std::erase(t->second, id);
    if (t->second.empty()) touching_.erase(t);
  }
  by_id_.erase(it);
}

Status RelationGraph::CheckPutType(const RelationType& type) const {
  std::vector<const Relationship*> links;
  for (const auto& [_, r] : by_id_) {
    if (r.type == type.name) links.push_back(&r);
  }
  if (!type.directed) {
    std::set<std::pair<std::string_view, std::string_view>> seen;
    for (const Relationship* r : links) {
      if (seen.contains({r->target, r->source})) {
        return Status::FailedPrecondition(fmt::format(
            "type '{}' cannot become symmetric: {} -> {} and {} -> {} both exist; delete one first",
            type.name, r->source, r->target, r->target, r->source));
      }
      seen.emplace(r->source, r->target);
    }
  }
  if (type.acyclic) {
    // Iterative depth-first search with colours (a chain of links may be very long); a grey node
    // reached again closes a cycle, which is read off the stack.
    std::unordered_map<std::string, int> colour;  // absent/0 white, 1 grey, 2 black
    struct Frame {
      std::string node;
      std::vector<std::string> next;  // targets still to visit
    };
    auto targets_of = [&](const std::string& node) {
      std::vector<std::string> out;
      for (const Relationship* r : Touching(node)) {
        if (r->type == type.name && r->source == node) out.push_back(r->target);
      }
      return out;
    };
    for (const Relationship* start : links) {
      if (colour[start->source] != 0) continue;
      std::vector<Frame> stack{{start->source, targets_of(start->source)}};
      colour[start->source] = 1;
      while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next.empty()) {
          colour[top.node] = 2;
          stack.pop_back();
          continue;
        }
        std::string target = std::move(top.next.back());
        top.next.pop_back();
        int c = colour[target];
        if (c == 1) {
          std::vector<std::string> cycle;
          auto from = std::find_if(stack.begin(), stack.end(),
                                   [&](const Frame& f) { return f.node == target; });
          for (auto it = from; it != stack.end(); ++it) cycle.push_back(it->node);
          cycle.push_back(target);
          return Status::FailedPrecondition(fmt::format(
              "type '{}' cannot become acyclic: its links form the cycle {}; delete one of them "
              "first",
              type.name, FormatCycle(cycle)));
        }
        if (c == 0) {
          colour[target] = 1;
          auto next = targets_of(target);
          stack.push_back({std::move(target), std::move(next)});
        }
      }
    }
  }
  if (type.max_per_product > 0) {
    std::map<std::string_view, std::int64_t> counts;
    for (const Relationship* r : links) {
      ++counts[r->source];
      if (!type.directed) ++counts[r->target];
    }
    for (const auto& [sku, n] : counts) {
      if (n > type.max_per_product) {
        return Status::FailedPrecondition(fmt::format(
            "type '{}' cannot cap links at {}: product '{}' has {}; remove some first", type.name,
            type.max_per_product, sku, n));
      }
    }
  }
  return Status::Ok();
}

void RelationGraph::PutType(const RelationType& type) {
  const RelationType* old = FindType(type.name);
  const bool rekey = old && old->directed != type.directed;
  types_.insert_or_assign(type.name, type);
  if (rekey) {
    for (auto it = by_key_.begin(); it != by_key_.end();) {
      it = std::get<2>(it->first) == type.name ? by_key_.erase(it) : std::next(it);
    }
    for (const auto& [id, r] : by_id_) {
      if (r.type == type.name) by_key_.emplace(KeyOf(r), id);
    }
  }
}

}  // namespace affinity

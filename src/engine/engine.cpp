#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>

#include "catalog/product_json.hpp"
#include "engine/rule_runtime.hpp"
#include "engine/txn.hpp"

namespace affinity {
namespace {

// A score as shown: rounded to the 12 significant digits replies print, so 1.2 x 1.4 is 1.68, not
// 1.6799999999999997. Equal products of weights then tie exactly (and break ties by SKU), and the
// reply prints them from their shortest digits. Consecutive edges mostly share a score: the last
// one is remembered.
double DisplayedScore(double raw) {
  thread_local double last_raw = std::numeric_limits<double>::quiet_NaN();
  thread_local double last = 0;
  if (raw == last_raw) return last;
  char buf[40];
  const char* end = std::to_chars(buf, buf + sizeof buf, raw, std::chars_format::general, 12).ptr;
  double rounded = raw;
  std::from_chars(buf, end, rounded);
  last_raw = raw;
  last = rounded;
  return rounded;
}

}  // namespace

// The master catalog as rules see it.
class Engine::View : public CatalogView {
 public:
  explicit View(const Engine& e) : e_(e) {}
  ProductId id_limit() const override { return static_cast<ProductId>(e_.by_id_.size()); }
  const Product* Get(ProductId id) const override {
    return id < e_.by_id_.size() ? e_.by_id_[id] : nullptr;
  }
  std::optional<ProductId> Find(std::string_view sku) const override {
    auto it = e_.ids_.find(sku);
    if (it == e_.ids_.end()) return std::nullopt;
    return it->second;
  }

 private:
  const Engine& e_;
};

Engine::Engine(std::unique_ptr<Store> store)
    : store_(std::move(store)),
      view_(std::make_unique<View>(*this)),
      rules_(std::make_unique<RuleRuntime>(*view_, graph_)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Open(std::unique_ptr<Store> store) {
  Result<StoredState> state = store->Load();
  if (!state.ok()) return state.status();
  std::unique_ptr<Engine> e(new Engine(std::move(store)));
  for (const RelationType& t : state->types) e->graph_.PutType(t);
  // Dense ids in SKU order (the store returns products by SKU), so a restart gives the same layout.
  std::sort(state->products.begin(), state->products.end(),
            [](const Product& a, const Product& b) { return a.sku < b.sku; });
  e->by_id_.reserve(state->products.size());
  for (Product& p : state->products) {
    for (const auto& kv : p.attributes) ++e->attribute_counts_[std::string(kv.key())];
    const auto id = static_cast<ProductId>(e->by_id_.size());
    auto it = e->products_.emplace(p.sku, std::move(p)).first;
    e->ids_.emplace(it->first, id);
    e->by_id_.push_back(&it->second);
  }
  e->next_relationship_id_ = std::max<RelationshipId>(1, state->next_relationship_id);
  for (const Relationship& r : state->relationships) {
    e->graph_.Insert(r);
    e->next_relationship_id_ = std::max(e->next_relationship_id_, r.id + 1);
  }
  for (Suggestion& x : state->suggestions) {
    e->next_suggestion_id_ = std::max(e->next_suggestion_id_, x.id + 1);
    e->suggestions_.emplace(x.id, std::move(x));
  }
  for (Bundle& b : state->bundles) {
    auto shared = std::make_shared<const Bundle>(std::move(b));
    e->bundles_.emplace(shared->id, std::move(shared));
  }
  e->rules_->Load(state->rules, e->Attributes());
  e->LoadGuidelines(std::move(state->guidelines));
  Snapshot empty;
  Snapshot::Builder builder(empty);
  builder.SetTypes(e->graph_.Types());
  builder.SetBundles(SnapshotBundles::Make(e->bundles_));
  builder.SetGuidelines(e->guidelines_);
  for (const Rule* rule : e->rules_->Rules()) {
    if (const CompiledRule* c = e->rules_->Compiled(rule->id)) builder.PutRule(ServingEntry(*c));
  }
  for (ProductId id = 0; id < e->by_id_.size(); ++id) builder.SetNode(id, e->BuildNode(id, builder));
  e->Publish(builder.Build());
  return e;
}

AttributeCatalog Engine::Attributes() const {
  AttributeCatalog catalog;
  for (const auto& [name, _] : attribute_counts_) catalog.free_attributes.insert(name);
  return catalog;
}

RelationGraph::ExtraEdges Engine::GeneratedEdges() const {
  return [this](std::string_view sku, std::string_view type, std::vector<std::string>* out) {
    auto id = ids_.find(sku);
    if (id == ids_.end()) return;
    rules_->ForEachEdgeFrom(id->second, [&](const CompiledRule& rule, ProductId target) {
      if (rule.rule.type == type && by_id_[target]) out->push_back(by_id_[target]->sku);
    });
  };
}

SnapshotRule Engine::ServingEntry(const CompiledRule& c) {
  return {.id = c.rule.id,
          .priority = c.rule.priority,
          .weight = c.rule.weight,
          .schedule = c.rule.schedule,
          .context = c.context};
}

std::shared_ptr<const ProductNode> Engine::BuildNode(ProductId id,
                                                     Snapshot::Builder& builder) const {
  const Product* product = by_id_[id];
  if (!product) return nullptr;
  auto node = std::make_shared<ProductNode>();
  node->product = *product;
  struct Keyed {
    RankedEdge edge;
    std::int64_t priority;  // manual links first among equal scores
    const std::string* target_sku;
  };
  std::vector<Keyed> keyed;
  const Snapshot& snap = builder.current();
  for (const Relationship* r : graph_.Outgoing(product->sku)) {
    const std::string& other = r->source == product->sku ? r->target : r->source;
    const int type_index = snap.TypeIndex(r->type);
    RankedEdge e;
    e.target = ids_.at(other);
    e.type = static_cast<std::uint16_t>(type_index);
    e.score = DisplayedScore(snap.types()[type_index].weight * r->weight);
    e.position = r->position.value_or(RankedEdge::kUnpinned);
    e.origin = builder.OriginIndex(r->origin);
    e.relationship = r->id;
    keyed.push_back({e, INT64_MAX, &other});
  }
  rules_->ForEachEdgeFrom(id, [&](const CompiledRule& rule, ProductId target) {
    const Product* t = by_id_[target];
    if (!t) return;
    // A manual link between the same products of the same type always wins over a rule.
    Relationship probe;
    probe.source = product->sku;
    probe.target = t->sku;
    probe.type = rule.rule.type;
    if (graph_.FindByKey(probe)) return;
    const int type_index = snap.TypeIndex(rule.rule.type);
    if (type_index < 0) return;
    RankedEdge e;
    e.target = target;
    e.type = static_cast<std::uint16_t>(type_index);
    e.score = DisplayedScore(snap.types()[type_index].weight * rule.rule.weight);
    e.origin = builder.OriginIndex(RuleOrigin(rule.rule.id));
    e.rule = builder.RuleIndex(rule.rule.id);
    keyed.push_back({e, rule.rule.priority, &t->sku});
  });
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.edge.position != b.edge.position) return a.edge.position < b.edge.position;
    if (a.edge.score != b.edge.score) return a.edge.score > b.edge.score;
    if (a.priority != b.priority) return a.priority > b.priority;
    if (*a.target_sku != *b.target_sku) return *a.target_sku < *b.target_sku;
    return a.edge.type < b.edge.type;
  });
  node->edges.reserve(keyed.size());
  for (const Keyed& k : keyed) node->edges.push_back(k.edge);
  return node;
}

// ---------------------------------------------------------------------------------- products

Result<Engine::PutProductResult> Engine::PutProduct(Product product,
                                                    std::optional<std::int64_t> if_match) {
  AFFINITY_RETURN_IF_ERROR(ValidateProduct(product));
  std::lock_guard lock(mu_);
  auto it = products_.find(product.sku);
  if (it == products_.end() && if_match) {
    return Status::Aborted(fmt::format("product '{}' does not exist, but If-Match expects version {}",
                                       product.sku, *if_match));
  }
  if (it != products_.end()) {
    AFFINITY_RETURN_IF_ERROR(
        CheckVersion(fmt::format("product '{}'", product.sku), it->second.version, if_match));
  }
  Txn txn(*this);
  PutProductResult result;
  result.product = txn.PutProduct(std::move(product), &result.created);
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  return result;
}

Status Engine::DeleteProduct(std::string_view sku, std::optional<std::int64_t> if_match) {
  std::lock_guard lock(mu_);
  auto it = products_.find(sku);
  if (it == products_.end()) return Status::NotFound(fmt::format("product '{}' does not exist", sku));
  AFFINITY_RETURN_IF_ERROR(
      CheckVersion(fmt::format("product '{}'", sku), it->second.version, if_match));
  Txn txn(*this);
  txn.DeleteProduct(it->first);
  return txn.Commit();
}

Result<ImportReport> Engine::ImportProducts(std::string_view text, RecordFormat format) {
  ImportReport report;
  std::vector<Product> batch;
  std::unordered_map<std::string, std::size_t> line_of;  // sku -> line, to catch repeats
  const ProductSource source =
      format == RecordFormat::kCsv ? ProductSource::kCsv : ProductSource::kJson;
  ReadRecords(
      text, format,
      [&](std::size_t line, boost::json::object& record) -> Status {
        Result<Product> p = ProductFromJson(record, source);
        if (!p.ok()) return p.status();
        auto [it, fresh] = line_of.emplace(p->sku, line);
        if (!fresh) {
          return Status::InvalidArgument(
              fmt::format("sku '{}' appears again (first on line {}); keep one row per sku",
                          p->sku, it->second));
        }
        batch.push_back(std::move(p).value());
        return Status::Ok();
      },
      &report.errors);
  if (!report.errors.empty()) return report;
  if (batch.empty()) {
    report.errors.push_back({1, "the file holds no products"});
    return report;
  }
  std::lock_guard lock(mu_);
  Txn txn(*this);
  for (Product& p : batch) {
    bool created = false;
    txn.PutProduct(std::move(p), &created);
    ++(created ? report.created : report.updated);
  }
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  report.imported = batch.size();
  return report;
}

// ---------------------------------------------------------------------------------- types

std::vector<RelationType> Engine::Types() const {
  std::lock_guard lock(mu_);
  return graph_.Types();
}

Result<RelationType> Engine::PutType(
    const std::string& name,
    const std::function<Result<RelationType>(const RelationType& current)>& edit) {
  std::lock_guard lock(mu_);
  const RelationType* current = graph_.FindType(name);
  RelationType base;
  base.name = name;
  Result<RelationType> edited = edit(current ? *current : base);
  if (!edited.ok()) return edited.status();
  RelationType type = std::move(edited).value();
  type.builtin = current && current->builtin;
  AFFINITY_RETURN_IF_ERROR(ValidateRelationType(type));
  AFFINITY_RETURN_IF_ERROR(graph_.CheckPutType(type));
  Txn txn(*this);
  txn.PutType(type);
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  return *graph_.FindType(name);
}

}  // namespace affinity

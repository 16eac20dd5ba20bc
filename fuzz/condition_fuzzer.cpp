// Fuzzes the condition language: the input is condition text, compiled for every role (parse, bind,
// compile), then evaluated on every (source, target) pair of a small catalog with a customer, a
// cart and related(), and materialised as a rule's `when` and as its `then` (target hints,
// TargetIndex). Seeds: the conditions of tests/rules/*.test (scripts/fuzz.sh extracts them).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/compiled_rule.hpp"
#include "rules/condition.hpp"
#include "rules/materializer.hpp"
#include "rules/target_index.hpp"

namespace affinity {
namespace {

Product MakeProduct(std::string sku, std::string category, std::string brand, std::int64_t price,
                    std::string currency, std::optional<std::int64_t> stock,
                    std::vector<std::string> tags, boost::json::object attributes) {
  Product p;
  p.name = "Product " + sku;
  p.sku = std::move(sku);
  p.category = std::move(category);
  p.brand = std::move(brand);
  p.price_minor = price;
  p.currency = std::move(currency);
  p.stock = stock;
  p.tags = std::move(tags);
  p.margin = 0.35;
  p.attributes = std::move(attributes);
  return p;
}

class FuzzCatalog : public CatalogView {
 public:
  FuzzCatalog() {
    products_.push_back(MakeProduct("RS-1", "Footwear/Running", "Stride", 5999, "USD", 12,
                                    {"running", "summer"},
                                    {{"color", "blue"}, {"size", 42}, {"material", "mesh"}}));
    products_.push_back(MakeProduct("RS-2", "Footwear/Running", "Stride", 4999, "USD", 0,
                                    {"running"}, {{"color", "red"}, {"size", 41.5}}));
    products_.push_back(MakeProduct("SO-1", "Accessories/Socks", "Stride", 999, "USD", {}, {},
                                    {{"color", "blue"}, {"waterproof", true}}));
    products_.push_back(MakeProduct("EU-1", "Footwear/Trail", "Peak", 4999, "EUR", 3, {"trail"},
                                    {{"size", nullptr}, {"tags", boost::json::array{1, "x"}}}));
    products_.push_back(
        MakeProduct("JP-1", "Apparel/Outerwear/Coats", "", 5000, "JPY", -2, {}, {}));
    for (ProductId id = 0; id < products_.size(); ++id) ids_[products_[id].sku] = id;
  }
  ProductId id_limit() const override { return static_cast<ProductId>(products_.size()); }
  const Product* Get(ProductId id) const override {
    return id < products_.size() ? &products_[id] : nullptr;
  }
  std::optional<ProductId> Find(std::string_view sku) const override {
    auto it = ids_.find(std::string(sku));
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::vector<Product> products_;
  std::unordered_map<std::string, ProductId> ids_;
};

// RS-1 upsell RS-2, RS-1 accessory SO-1.
class FuzzRelated : public RelatedLookup {
 public:
  bool Contains(std::string_view from, std::string_view type, std::string_view to) const override {
    return (from == "RS-1" && type == "upsell" && to == "RS-2") ||
           (from == "RS-1" && type == "accessory" && to == "SO-1");
  }
  std::size_t Count(std::string_view from, std::string_view type) const override {
    return from == "RS-1" && (type == "upsell" || type == "accessory") ? 1 : 0;
  }
};

struct World {
  FuzzCatalog catalog;
  TargetIndex index{catalog};
  FuzzRelated related;
  AttributeCatalog attributes{{"color", "size", "material", "waterproof"}};
  CustomerProfile customer;
  Cart cart;
  CompiledCondition any_when = Compile("true", ConditionRole::kWhen);
  CompiledCondition same_category =
      Compile("target.category == source.category", ConditionRole::kThen);

  World() {
    customer.id = "c-1";
    customer.segment = "high_value";
    customer.lifetime_value_minor = 125000;
    customer.order_count = 7;
    customer.recency_days = 3;
    customer.orders_by_category = {{"Footwear/Running", 2}, {"Apparel", 4}};
    cart.lines = {{"SO-1", 2, 999}, {"RS-1", 1, 5999}};
  }
  CompiledCondition Compile(std::string_view text, ConditionRole role) {
    return std::move(CompileCondition(text, role, attributes)).value();
  }
};

void Materialise(World& w, CompiledCondition when, CompiledCondition then) {
  Rule rule;
  rule.id = "fuzz";
  rule.type = "cross_sell";
  rule.limit = 2;
  CompiledRule compiled{rule, std::move(when), std::move(then), std::nullopt};
  Materializer materializer(w.catalog, w.index, &w.related);
  RuleEdges edges = materializer.Run(compiled, 1);
  if (edges.edge_count > w.catalog.id_limit() * 2) __builtin_trap();  // limit 2 per source
}

}  // namespace
}  // namespace affinity

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace affinity;
  static World* world = new World();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (ConditionRole role : {ConditionRole::kWhen, ConditionRole::kThen, ConditionRole::kContext}) {
    std::vector<Diagnostic> diagnostics;
    Result<CompiledCondition> c = CompileCondition(text, role, world->attributes, &diagnostics);
    if (!c.ok()) {
      if (diagnostics.empty()) __builtin_trap();  // every failure names where
      continue;
    }
    for (ProductId s = 0; s < world->catalog.id_limit(); ++s) {
      for (ProductId t = 0; t < world->catalog.id_limit(); ++t) {
        EvalContext ctx;
        ctx.source = world->catalog.Get(s);
        ctx.target = world->catalog.Get(t);
        ctx.related = &world->related;
        ctx.now = 1780000000 + static_cast<std::int64_t>(s) * 86400 * 40;
        if (t % 2 == 0) {
          ctx.customer = &world->customer;
          ctx.cart = &world->cart;
        }
        (void)c->Matches(ctx);
      }
    }
    if (role == ConditionRole::kWhen) Materialise(*world, *c, world->same_category);
    if (role == ConditionRole::kThen) Materialise(*world, world->any_when, *c);
  }
  return 0;
}

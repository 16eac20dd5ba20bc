// Property test: the Engine keeps rule-generated edges current incrementally (RuleRuntime::
// ProductsChanged recomputes only the sources a change can affect; LinksChanged the rules reading
// a type whose manual links changed). After every one of a few
// hundred random writes, what it serves must equal what a freshly opened Engine over the same store
// state serves, which materialises every rule from scratch.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "catalog/product_json.hpp"
#include "common/json_write.hpp"
#include "engine/engine_fixture.hpp"
#include "engine/random_catalog.hpp"

namespace affinity {
namespace {

constexpr std::int64_t kAutumn = 1792108800;  // 2026-10-16T00:00:00Z: kids-autumn is active

// Everything Recommend() serves for `sku` with every type, explained, as text keyed by SKUs only
// (dense ids and rule indexes differ between engines).
std::string Served(const Snapshot& snap, const std::string& sku) {
  RecommendRequest request;
  request.sku = sku;
  request.limit = RecommendRequest::kMaxLimit;
  request.include_out_of_stock = true;
  request.explain = true;
  request.now = kAutumn;
  Result<Recommendations> r = Recommend(snap, request);
  if (!r.ok()) return "error: " + r.status().ToString();
  std::string out;
  for (const RecommendedItem& item : r->items) {
    out += fmt::format("{} {} {:.6f} {}:", item.product->product.sku, item.type->name, item.score,
                       item.position.value_or(0));
    for (const Reason& why : item.reasons) {
      const RankedEdge& e = *why.edge;
      out += fmt::format(" [{} {} {} rule={} s={:.6f} pos={} link={}]", why.from->product.sku,
                         why.type->name, snap.origin(e.origin), e.rule ? snap.rule(e.rule).id : "-",
                         e.score, e.position, e.relationship);
    }
    out += "\n";
  }
  return out;
}

std::string RuleStats(const Engine& engine) {
  std::string out;
  for (const RuleView& v : engine.Rules()) {
    out += fmt::format("{} v{} enabled={} sources={} targets={} edges={}\n", v.rule.id,
                       v.rule.version, v.rule.enabled, v.sources, v.targets, v.edges);
  }
  return out;
}

class RuleMaterialisationPropertyTest : public EngineFixture {
 protected:
  // Opens a second Engine over what the store holds now and compares everything served.
  void ExpectSameAsFreshEngine(const std::string& step) {
    Result<std::unique_ptr<Engine>> fresh =
        Engine::Open(std::make_unique<FaultyStore>(memory_, std::make_shared<StoreFaults>()));
    ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
    std::shared_ptr<const Snapshot> live = engine_->snapshot();
    std::shared_ptr<const Snapshot> full = (*fresh)->snapshot();
    ASSERT_EQ(live->product_count(), full->product_count()) << step;
    EXPECT_EQ(live->edge_count(), full->edge_count()) << step;
    EXPECT_EQ(RuleStats(*engine_), RuleStats(**fresh)) << step;
    for (const Product& p : Persisted().products) {
      const std::string a = Served(*live, p.sku);
      const std::string b = Served(*full, p.sku);
      if (a != b) {
        ADD_FAILURE() << step << ": " << p.sku << " (" << p.category << ", " << p.brand << ", "
                      << p.price_minor << ") is served differently\nincremental:\n"
                      << a << "full recompute:\n"
                      << b;
        return;  // one product is enough to debug
      }
      served_items_ += std::count(a.begin(), a.end(), '\n');
    }
  }

  std::string Ndjson(const std::vector<Product>& products) {
    std::string out;
    for (const Product& p : products) out += ToJsonText(ProductToJson(p)) + "\n";
    return out;
  }

  void Import(const std::vector<Product>& batch) {
    Result<ImportReport> report = engine_->ImportProducts(Ndjson(batch), RecordFormat::kNdjson);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_TRUE(report->errors.empty()) << report->errors[0].message;
    ASSERT_EQ(report->imported, batch.size());
  }

  // The current products, by SKU.
  std::vector<Product> Current() { return Persisted().products; }

  std::size_t served_items_ = 0;
};

TEST_F(RuleMaterialisationPropertyTest, IncrementalEdgesEqualAFreshEngineAfterEveryWrite) {
  RandomCatalog gen(7031);
  ASSERT_TRUE(engine_
                  ->PutType("bundle",
                            [](const RelationType& t) -> Result<RelationType> {
                              RelationType out = t;
                              out.weight = 0.5;
                              return out;
                            })
                  .ok());
  int next_sku = 1000;
  std::vector<Product> initial;
  for (int i = 0; i < 300; ++i)
    initial.push_back(gen.NewProduct("P-" + std::to_string(next_sku++)));
  Import(initial);
  // Manual links: shoes to accessories (read by related()), and a few symmetric cross-sells.
  for (int i = 0; i < 80; ++i) {
    const Product& a = gen.Pick(initial);
    const Product& b = gen.Pick(initial);
    if (a.category.starts_with("Footwear") && b.category.starts_with("Accessories")) {
      (void)TryLink(a.sku, b.sku, "accessory", 0.5 + gen.Uniform(0, 4) * 0.25);
    } else if (a.sku != b.sku && a.category.starts_with("Apparel")) {
      (void)TryLink(a.sku, b.sku, "cross_sell", 1.0,
                    gen.Chance(20) ? std::optional<int>(1) : std::nullopt);
    }
  }
  for (const Rule& rule : PropertyRules()) {
    Result<RuleReport> report = engine_->PutRule(rule, /*create_only=*/true);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_TRUE(report->valid) << rule.id << ": " << report->diagnostics[0].message;
    EXPECT_GT(report->edges, 0u) << rule.id;
  }
  ExpectSameAsFreshEngine("after the rules were saved");

  std::map<std::string, int> ops;
  for (int step = 0; step < 300 && !HasFailure(); ++step) {
    std::vector<Product> products = Current();
    const int roll = gen.Uniform(1, 100);
    std::string what;
    if (step == 270) {
      // Larger than max(1000, id_limit / 50): RuleRuntime::ProductsChanged recomputes everything.
      std::vector<Product> batch;
      for (int i = 0; i < 1050; ++i)
        batch.push_back(gen.NewProduct("B-" + std::to_string(next_sku++)));
      for (std::size_t i = 0; i < products.size(); i += 5) {
        gen.Mutate(products[i]);
        batch.push_back(products[i]);
      }
      Import(batch);
      what = "import-large";
    } else if (roll <= 55) {
      Product p = gen.Pick(products);
      gen.Mutate(p);
      ASSERT_TRUE(engine_->PutProduct(p).ok());
      what = "update";
    } else if (roll <= 67) {
      ASSERT_TRUE(engine_->DeleteProduct(gen.Pick(products).sku).ok());
      what = "delete";
    } else if (roll <= 79) {
      ASSERT_TRUE(engine_->PutProduct(gen.NewProduct("N-" + std::to_string(next_sku++))).ok());
      what = "create";
    } else if (roll <= 92) {
      // A small batch mixing updates and new products, in one write.
      std::vector<Product> batch;
      for (int i = gen.Uniform(2, 8); i > 0; --i) {
        if (gen.Chance(30)) {
          batch.push_back(gen.NewProduct("N-" + std::to_string(next_sku++)));
        } else {
          Product p = gen.Pick(products);
          gen.Mutate(p);
          if (std::none_of(batch.begin(), batch.end(),
                           [&](const Product& q) { return q.sku == p.sku; })) {
            batch.push_back(p);
          }
        }
      }
      Import(batch);
      what = "import";
    } else if (roll <= 95) {
      // A manual accessory link, which related() reads (refused when it would close a cycle).
      const Product& a = gen.Pick(products);
      const Product& b = gen.Pick(products);
      (void)TryLink(a.sku, b.sku, "accessory");
      what = "link";
    } else if (roll <= 97) {
      std::vector<Relationship> links = Persisted().relationships;
      if (!links.empty()) ASSERT_TRUE(engine_->DeleteRelationship(gen.Pick(links).id).ok());
      what = "unlink";
    } else {
      // A recreated SKU (deleted earlier, or a new one) with a shoe's category.
      Product p = gen.NewProduct("P-" + std::to_string(gen.Uniform(1000, 1299)));
      p.category = "Footwear/Running";
      ASSERT_TRUE(engine_->PutProduct(p).ok());
      what = "recreate";
    }
    ++ops[what];
    ExpectSameAsFreshEngine(fmt::format("step {} ({})", step, what));
  }
  if (HasFailure()) return;
  EXPECT_GE(ops["update"], 100);
  EXPECT_GE(ops["delete"], 15);
  EXPECT_GE(ops["import"], 15);
  EXPECT_EQ(ops["import-large"], 1);
  EXPECT_GT(served_items_, 50000u) << "the rules must produce enough edges to compare";
  for (const RuleView& v : engine_->Rules()) EXPECT_GT(v.edges, 0u) << v.rule.id;
}

}  // namespace
}  // namespace affinity

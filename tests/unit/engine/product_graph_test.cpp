#include "engine/product_graph.hpp"

#include <gtest/gtest.h>

#include <set>

#include "engine/engine_fixture.hpp"

namespace affinity {
namespace {

class ProductGraphTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    PutCatalog();
  }
  ProductGraph Build(GraphRequest request) {
    snapshot_ = engine_->snapshot();
    Result<ProductGraph> g = BuildProductGraph(*snapshot_, request);
    EXPECT_TRUE(g.ok()) << g.status().ToString();
    return g.ok() ? *g : ProductGraph{};
  }
  static std::set<std::string> NodeSkus(const ProductGraph& g) {
    std::set<std::string> out;
    for (const GraphNode& n : g.nodes) out.insert(n.node->product.sku);
    return out;
  }
  std::shared_ptr<const Snapshot> snapshot_;
};

TEST_F(ProductGraphTest, WalksOutToTheDepthAskedWithDepthsFromTheRoot) {
  Link("RS-1", "RS-PRO", "upsell");
  Link("RS-PRO", "SK-1", "accessory");
  Link("SK-1", "LC-1", "accessory");
  ProductGraph one = Build({.sku = "RS-1", .depth = 1});
  EXPECT_EQ(NodeSkus(one), (std::set<std::string>{"RS-1", "RS-PRO"}));
  ProductGraph two = Build({.sku = "RS-1", .depth = 2});
  EXPECT_EQ(NodeSkus(two), (std::set<std::string>{"RS-1", "RS-PRO", "SK-1"}));
  EXPECT_EQ(two.nodes[0].node->product.sku, "RS-1");
  EXPECT_EQ(two.nodes[0].depth, 0);
  EXPECT_EQ(two.nodes[2].depth, 2);
  EXPECT_EQ(two.edges.size(), 2u);
  EXPECT_FALSE(two.truncated);
}

TEST_F(ProductGraphTest, AnUndirectedLinkIsOneEdgeNotOnePerEnd) {
  Link("RS-1", "TR-1", "cross_sell");
  ProductGraph g = Build({.sku = "RS-1", .depth = 2});
  ASSERT_EQ(g.edges.size(), 1u);
  EXPECT_TRUE(g.edges[0].symmetric);
  EXPECT_FALSE(g.edges[0].cycle);  // both ways is what an undirected type means
  EXPECT_TRUE(g.findings.empty());
}

TEST_F(ProductGraphTest, FiltersTypesAndStopsAtMaxNodes) {
  Link("RS-1", "RS-PRO", "upsell");
  Link("RS-1", "SK-1", "accessory");
  Link("RS-1", "CL-1", "accessory");
  EXPECT_EQ(NodeSkus(Build({.sku = "RS-1", .types = {"upsell"}})),
            (std::set<std::string>{"RS-1", "RS-PRO"}));
  ProductGraph small = Build({.sku = "RS-1", .max_nodes = 2});
  EXPECT_EQ(small.nodes.size(), 2u);
  EXPECT_TRUE(small.truncated);
  EXPECT_EQ(small.edges.size(), 1u);  // only edges between shown nodes
}

TEST_F(ProductGraphTest, RefusesWhatItCannotAnswer) {
  snapshot_ = engine_->snapshot();
  EXPECT_EQ(BuildProductGraph(*snapshot_, {.sku = "NOPE"}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(BuildProductGraph(*snapshot_, {.sku = "RS-1", .depth = 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildProductGraph(*snapshot_, {.sku = "RS-1", .max_nodes = 0}).status().code(),
            StatusCode::kInvalidArgument);
  Result<ProductGraph> typo = BuildProductGraph(*snapshot_, {.sku = "RS-1", .types = {"upsel"}});
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("did you mean 'upsell'"), std::string::npos);
}

TEST_F(ProductGraphTest, NamesContradictionsAndCyclesOfADirectedType) {
  ASSERT_TRUE(engine_
                  ->PutType("replaces",
                            [](const RelationType& t) -> Result<RelationType> {
                              RelationType out = t;
                              out.directed = true;
                              out.acyclic = false;
                              return out;
                            })
                  .ok());
  Link("RS-1", "TR-1", "replaces");
  Link("TR-1", "RS-PRO", "replaces");
  Link("RS-PRO", "RS-1", "replaces");
  Link("SK-1", "CL-1", "replaces");
  Link("CL-1", "SK-1", "replaces");
  Link("RS-1", "SK-1", "replaces");
  ProductGraph g = Build({.sku = "RS-1", .depth = 3});
  ASSERT_EQ(g.findings.size(), 2u);
  std::size_t contradictions = 0, cycles = 0;
  for (const GraphFinding& f : g.findings) {
    if (f.kind == "contradiction") {
      ++contradictions;
      EXPECT_EQ(f.skus.size(), 2u);
    } else {
      ++cycles;
      EXPECT_EQ(f.skus.size(), 3u);
      EXPECT_NE(f.message.find("cycle in 'replaces'"), std::string::npos) << f.message;
    }
  }
  EXPECT_EQ(contradictions, 1u);
  EXPECT_EQ(cycles, 1u);
  for (const GraphEdge& e : g.edges) {
    const std::string& from = e.source->product.sku;
    const std::string& to = snapshot_->Get(e.edge->target)->product.sku;
    const bool bridge = from == "RS-1" && to == "SK-1";
    EXPECT_EQ(e.cycle, !bridge) << from << " -> " << to;
    EXPECT_EQ(e.contradiction, from == "SK-1" || from == "CL-1") << from << " -> " << to;
  }
}

}  // namespace
}  // namespace affinity

#include "engine/snapshot.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace affinity {
namespace {

std::shared_ptr<const ProductNode> Node(const std::string& sku, std::int64_t price,
                                        std::vector<RankedEdge> edges = {}) {
  auto node = std::make_shared<ProductNode>();
  node->product.sku = sku;
  node->product.name = sku + " product";
  node->product.price_minor = price;
  node->edges = std::move(edges);
  return node;
}

// The engine assigns dense ids; these tests do the same by hand.
constexpr ProductId kRs = 0, kSk = 1, kIn = 2;

// RS-1 (one edge to SK-1) and SK-1, over the built-in types.
std::shared_ptr<const Snapshot> FirstSnapshot() {
  Snapshot empty;
  Snapshot::Builder b(empty);
  b.SetTypes(BuiltinRelationTypes());
  RankedEdge edge;
  edge.target = kSk;
  edge.type = 2;  // accessory
  edge.score = 0.8;
  b.SetNode(kRs, Node("RS-1", 5999, {edge}));
  b.SetNode(kSk, Node("SK-1", 950));
  return b.Build();
}

TEST(SnapshotTest, EmptySnapshotFindsNothing) {
  Snapshot empty;
  EXPECT_EQ(empty.Find("RS-1"), nullptr);
  EXPECT_EQ(empty.Get(0), nullptr);
  EXPECT_EQ(empty.product_count(), 0u);
  EXPECT_EQ(empty.id_limit(), 0u);
  EXPECT_EQ(empty.generation(), 0u);
  EXPECT_EQ(empty.origin(0), "manual");
}

TEST(SnapshotTest, SetNodeIndexesTheSkuUnderItsId) {
  Snapshot empty;
  Snapshot::Builder b(empty);
  b.SetNode(5, Node("LC-1", 499));
  std::shared_ptr<const Snapshot> s = b.Build();
  ASSERT_NE(s->Find("LC-1"), nullptr);
  EXPECT_EQ(s->Find("LC-1"), s->Get(5));
  EXPECT_EQ(s->id_limit(), 6u);
  EXPECT_EQ(s->Get(3), nullptr);  // an id without a node is not a product
  EXPECT_EQ(s->product_count(), 1u);
}

TEST(SnapshotTest, FindsProductsAndCountsThem) {
  std::shared_ptr<const Snapshot> s = FirstSnapshot();
  ASSERT_NE(s->Find("RS-1"), nullptr);
  EXPECT_EQ(s->Find("RS-1")->product.price_minor, 5999);
  EXPECT_EQ(s->Find("RS-1")->edges.size(), 1u);
  EXPECT_EQ(s->Get(s->Find("RS-1")->edges[0].target), s->Find("SK-1"));
  EXPECT_EQ(s->product_count(), 2u);
  EXPECT_EQ(s->edge_count(), 1u);
  EXPECT_EQ(s->generation(), 1u);
  EXPECT_EQ(s->Get(99), nullptr);
  EXPECT_EQ(s->Find("IN-1"), nullptr);
  EXPECT_EQ(s->TypeIndex("accessory"), 2);
  EXPECT_EQ(s->TypeIndex("bundle"), -1);
}

TEST(SnapshotTest, OldSnapshotIsUnchangedAfterBuildingANewOne) {
  std::shared_ptr<const Snapshot> s1 = FirstSnapshot();
  const ProductNode* rs_before = s1->Find("RS-1");

  Snapshot::Builder b(*s1);
  b.SetNode(kRs, Node("RS-1", 4999));  // edited, and its edge dropped
  b.SetNode(kSk, nullptr);             // deleted
  b.SetNode(kIn, Node("IN-1", 1999));  // created
  std::shared_ptr<const Snapshot> s2 = b.Build();

  EXPECT_EQ(s1->Find("RS-1"), rs_before);
  EXPECT_EQ(s1->Find("RS-1")->product.price_minor, 5999);
  EXPECT_EQ(s1->Find("RS-1")->edges.size(), 1u);
  EXPECT_NE(s1->Find("SK-1"), nullptr);
  EXPECT_EQ(s1->Find("IN-1"), nullptr);
  EXPECT_EQ(s1->product_count(), 2u);
  EXPECT_EQ(s1->edge_count(), 1u);
  EXPECT_EQ(s1->id_limit(), 2u);
  EXPECT_EQ(s1->generation(), 1u);

  EXPECT_EQ(s2->Find("RS-1")->product.price_minor, 4999);
  EXPECT_EQ(s2->Find("SK-1"), nullptr);
  EXPECT_EQ(s2->Find("IN-1")->product.price_minor, 1999);
  EXPECT_EQ(s2->product_count(), 2u);
  EXPECT_EQ(s2->edge_count(), 0u);
  EXPECT_EQ(s2->id_limit(), 3u);
  EXPECT_EQ(s2->generation(), 2u);
}

TEST(SnapshotTest, NewSnapshotSharesUntouchedNodes) {
  std::shared_ptr<const Snapshot> s1 = FirstSnapshot();
  Snapshot::Builder b(*s1);
  b.SetNode(kRs, Node("RS-1", 4999));
  std::shared_ptr<const Snapshot> s2 = b.Build();
  EXPECT_EQ(s2->Find("SK-1"), s1->Find("SK-1"));  // the very same node
  EXPECT_NE(s2->Find("RS-1"), s1->Find("RS-1"));
}

TEST(SnapshotTest, DeletedSkuComesBackUnderItsId) {
  std::shared_ptr<const Snapshot> s1 = FirstSnapshot();
  Snapshot::Builder b1(*s1);
  b1.SetNode(kSk, nullptr);
  std::shared_ptr<const Snapshot> s2 = b1.Build();
  EXPECT_EQ(s2->Find("SK-1"), nullptr);
  EXPECT_EQ(s2->product_count(), 1u);
  Snapshot::Builder b2(*s2);
  b2.SetNode(kSk, Node("SK-1", 899));
  std::shared_ptr<const Snapshot> s3 = b2.Build();
  EXPECT_EQ(s3->Find("SK-1")->product.price_minor, 899);
  // RS-1's edge still points at SK-1's id, so it reaches the new node.
  EXPECT_EQ(s3->Get(s3->Find("RS-1")->edges[0].target), s3->Find("SK-1"));
  EXPECT_EQ(s2->Find("SK-1"), nullptr);
  EXPECT_EQ(s1->Find("SK-1")->product.price_minor, 950);
}

TEST(SnapshotTest, SetTypesUpdatesInPlaceAndAppendsKeepingIndexes) {
  std::shared_ptr<const Snapshot> s1 = FirstSnapshot();
  Snapshot::Builder b(*s1);
  RelationType upsell = BuiltinRelationTypes()[1];
  upsell.weight = 2.0;
  RelationType bought{.name = "bought_with", .weight = 1.5};
  b.SetTypes({bought, upsell});
  std::shared_ptr<const Snapshot> s2 = b.Build();
  ASSERT_EQ(s2->types().size(), 4u);
  EXPECT_EQ(s2->TypeIndex("upsell"), 1);
  EXPECT_DOUBLE_EQ(s2->types()[1].weight, 2.0);
  EXPECT_EQ(s2->TypeIndex("bought_with"), 3);
  EXPECT_EQ(s2->TypeIndex("accessory"), 2);
  EXPECT_DOUBLE_EQ(s1->types()[1].weight, 1.2);
  EXPECT_EQ(s1->types().size(), 3u);
}

TEST(SnapshotTest, OriginIndexInternsOrigins) {
  std::shared_ptr<const Snapshot> s1 = FirstSnapshot();
  Snapshot::Builder b(*s1);
  EXPECT_EQ(b.OriginIndex("manual"), 0u);
  EXPECT_EQ(b.OriginIndex("rule:winter-scarves"), 1u);
  EXPECT_EQ(b.OriginIndex("mined:2024-06"), 2u);
  EXPECT_EQ(b.OriginIndex("rule:winter-scarves"), 1u);
  std::shared_ptr<const Snapshot> s2 = b.Build();
  EXPECT_EQ(s2->origin(1), "rule:winter-scarves");
  EXPECT_EQ(s2->origin(2), "mined:2024-06");
  Snapshot::Builder b2(*s1);
  EXPECT_EQ(b2.OriginIndex("bundle"), 1u);  // s1 never saw the others
}

// A long run of one-product writes, as the engine does them, across a page boundary (1024) with
// every 100th snapshot kept by a reader.
TEST(SnapshotTest, EveryKeptGenerationSeesExactlyItsProducts) {
  constexpr int kProducts = 1300;
  std::shared_ptr<const Snapshot> current = std::make_shared<const Snapshot>();
  std::vector<std::shared_ptr<const Snapshot>> kept;
  for (int i = 0; i < kProducts; ++i) {
    Snapshot::Builder b(*current);
    std::string sku = "SKU-" + std::to_string(i);
    b.SetNode(static_cast<ProductId>(i), Node(sku, i));
    if (i > 0) {  // and re-price the first product, so page 0 is written every time
      b.SetNode(0, Node("SKU-0", 100000 + i));
    }
    current = b.Build();
    if (i % 100 == 0) kept.push_back(current);
  }
  EXPECT_EQ(current->product_count(), static_cast<std::size_t>(kProducts));
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const int last = static_cast<int>(k) * 100;
    const Snapshot& s = *kept[k];
    EXPECT_EQ(s.product_count(), static_cast<std::size_t>(last + 1));
    EXPECT_EQ(s.Find("SKU-0")->product.price_minor, last == 0 ? 0 : 100000 + last);
    for (int i = 1; i <= last; ++i) {
      const ProductNode* node = s.Find("SKU-" + std::to_string(i));
      ASSERT_NE(node, nullptr) << k << " " << i;
      EXPECT_EQ(node->product.price_minor, i);
    }
    EXPECT_EQ(s.Find("SKU-" + std::to_string(last + 1)), nullptr);
  }
  // A node written long ago is still the one object every later snapshot shares.
  EXPECT_EQ(kept[5]->Find("SKU-300"), current->Find("SKU-300"));
}

}  // namespace
}  // namespace affinity

// Engine::Txn rollback: a write whose Store::Apply fails must leave the engine's state, the
// published snapshot and the store exactly as they were.
#include "engine/txn.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/engine_fixture.hpp"

namespace affinity {
namespace {

class TxnTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    PutCatalog();
    accessory_ = Link("RS-1", "SK-1", "accessory", 1.0, 1);
    upsell_ = Link("RS-1", "RS-PRO", "upsell");
    cross_ = Link("TR-1", "RS-1", "cross_sell", 0.5);
    Take(&before_);
  }

  // Everything a reader or a later write could observe.
  struct Observed {
    std::shared_ptr<const Snapshot> snapshot;
    std::vector<std::optional<Product>> products;
    std::vector<RelationType> types;
    std::vector<std::vector<Relationship>> links;
    std::vector<Skus> recommended;
    StoredState stored;
  };
  void Take(Observed* o) {
    o->snapshot = engine_->snapshot();
    o->products.clear();
    o->links.clear();
    o->recommended.clear();
    for (const char* sku : kSkus) {
      o->products.push_back(Get(sku));
      Result<std::vector<Relationship>> links =
          engine_->ListRelationships(sku, "", LinkDirection::kBoth);
      o->links.push_back(links.ok() ? *links : std::vector<Relationship>{});
      RecommendRequest request;
      request.sku = sku;
      Result<Recommendations> r = Recommend(*o->snapshot, request);
      Skus skus;
      if (r.ok()) {
        for (const auto& item : r->items) skus.push_back(item.product->product.sku);
      }
      o->recommended.push_back(skus);
    }
    o->types = engine_->Types();
    o->stored = Persisted();
  }
  // Asserts that nothing observable changed since SetUp.
  void ExpectUnchanged() {
    Observed now;
    Take(&now);
    EXPECT_EQ(now.snapshot, before_.snapshot) << "a failed write published a snapshot";
    EXPECT_EQ(now.products, before_.products);
    EXPECT_EQ(now.types, before_.types);
    EXPECT_EQ(now.links, before_.links);
    EXPECT_EQ(now.recommended, before_.recommended);
    EXPECT_EQ(now.stored.products, before_.stored.products);
    EXPECT_EQ(now.stored.types, before_.stored.types);
    EXPECT_EQ(now.stored.relationships, before_.stored.relationships);
  }
  // After healing the store, the engine must agree with a fresh engine loaded from it.
  void ExpectEngineMatchesStore() {
    Observed live;
    Take(&live);
    ASSERT_TRUE(Reopen().ok());
    Observed reloaded;
    Take(&reloaded);
    EXPECT_EQ(reloaded.products, live.products);
    EXPECT_EQ(reloaded.types, live.types);
    EXPECT_EQ(reloaded.links, live.links);
    EXPECT_EQ(reloaded.recommended, live.recommended);
  }

  static constexpr const char* kSkus[] = {"RS-1", "RS-PRO", "TR-1", "SK-1",
                                          "IN-1", "CL-1",   "LC-1", "NEW-1"};
  Relationship accessory_, upsell_, cross_;
  Observed before_;
};

TEST_F(TxnTest, BaselineRecommendationsAreWhatTheTestsProtect) {
  EXPECT_EQ(before_.recommended[0], (Skus{"SK-1", "RS-PRO", "TR-1"}));
  EXPECT_EQ(before_.stored.relationships.size(), 3u);
}

TEST_F(TxnTest, FailedProductUpdateChangesNothing) {
  faults_->fail_apply = true;
  Result<Engine::PutProductResult> r =
      engine_->PutProduct(MakeProduct("SK-1", "Crew Socks", 999, 0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(faults_->failed_applies, 1);
  ExpectUnchanged();

  faults_->fail_apply = false;
  r = engine_->PutProduct(MakeProduct("SK-1", "Crew Socks", 999, 0), /*if_match=*/1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->product.version, 2);
  ExpectEngineMatchesStore();
}

TEST_F(TxnTest, FailedProductCreateChangesNothing) {
  faults_->fail_apply = true;
  EXPECT_FALSE(engine_->PutProduct(MakeProduct("NEW-1", "Water Bottle", 1200)).ok());
  ExpectUnchanged();
  faults_->fail_apply = false;
  Result<Engine::PutProductResult> r =
      engine_->PutProduct(MakeProduct("NEW-1", "Water Bottle", 1200));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->created);
  EXPECT_EQ(r->product.version, 1);
}

TEST_F(TxnTest, FailedProductDeleteRestoresTheProductAndEveryLink) {
  faults_->fail_apply = true;
  EXPECT_EQ(engine_->DeleteProduct("RS-1").code(), StatusCode::kUnavailable);
  ExpectUnchanged();
  for (const Relationship& r : {accessory_, upsell_, cross_}) {
    Result<Relationship> back = engine_->GetRelationship(r.id);
    ASSERT_TRUE(back.ok()) << r.id;
    EXPECT_EQ(*back, r);
  }
  // The restored links are live again: their keys refuse duplicates and their cycles.
  faults_->fail_apply = false;
  EXPECT_EQ(TryLink("RS-1", "SK-1", "accessory").status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(TryLink("RS-PRO", "RS-1", "upsell").status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(engine_->DeleteProduct("RS-1").ok());
  EXPECT_TRUE(Links("SK-1").empty());
  ExpectEngineMatchesStore();
}

TEST_F(TxnTest, FailedLinkCreateGivesBackItsIdAndKey) {
  faults_->fail_apply = true;
  EXPECT_EQ(TryLink("RS-1", "IN-1", "accessory").status().code(), StatusCode::kUnavailable);
  ExpectUnchanged();
  faults_->fail_apply = false;
  Relationship r = Link("RS-1", "IN-1", "accessory");
  EXPECT_EQ(r.id, cross_.id + 1);
  ExpectEngineMatchesStore();
}

TEST_F(TxnTest, FailedLinkUpdateKeepsWeightVersionAndRank) {
  faults_->fail_apply = true;
  Result<Relationship> r = engine_->UpdateRelationship(upsell_.id, [](Relationship* link) {
    link->weight = 10;
    return Status::Ok();
  });
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  ExpectUnchanged();
  EXPECT_EQ(*engine_->GetRelationship(upsell_.id), upsell_);
}

TEST_F(TxnTest, FailedLinkDeleteKeepsTheLink) {
  faults_->fail_apply = true;
  EXPECT_EQ(engine_->DeleteRelationship(cross_.id).code(), StatusCode::kUnavailable);
  ExpectUnchanged();
  EXPECT_EQ(TryLink("RS-1", "TR-1", "cross_sell").status().code(), StatusCode::kAlreadyExists);
}

TEST_F(TxnTest, FailedTypeWeightChangeKeepsTheRanking) {
  faults_->fail_apply = true;
  Result<RelationType> t = engine_->PutType("cross_sell", [](const RelationType& current) {
    RelationType next = current;
    next.weight = 50;
    return Result<RelationType>(next);
  });
  EXPECT_EQ(t.status().code(), StatusCode::kUnavailable);
  ExpectUnchanged();
}

TEST_F(TxnTest, FailedNewTypeIsForgotten) {
  faults_->fail_apply = true;
  EXPECT_FALSE(engine_
                   ->PutType("bought_with",
                             [](const RelationType& c) { return Result<RelationType>(c); })
                   .ok());
  ExpectUnchanged();
  faults_->fail_apply = false;
  EXPECT_EQ(TryLink("RS-1", "IN-1", "bought_with").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(TxnTest, FailedDirectionChangeRestoresTheLinkKeys) {
  ASSERT_TRUE(engine_
                  ->PutType("similar",
                            [](const RelationType& c) { return Result<RelationType>(c); })
                  .ok());
  Link("RS-1", "TR-1", "similar");
  faults_->fail_apply = true;
  Result<RelationType> t = engine_->PutType("similar", [](const RelationType& current) {
    RelationType next = current;
    next.directed = false;
    return Result<RelationType>(next);
  });
  EXPECT_EQ(t.status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(engine_->Types()[2].directed);
  EXPECT_TRUE(Recommended("TR-1").size() == 1u);  // only the cross_sell back to RS-1
  // Still directed: the reverse link is not a duplicate.
  faults_->fail_apply = false;
  EXPECT_TRUE(TryLink("TR-1", "RS-1", "similar").ok());
}

TEST_F(TxnTest, FailedProductImportImportsNothing) {
  faults_->fail_apply = true;
  Result<ImportReport> report = engine_->ImportProducts(
      "sku,name,price,stock\n"
      "SK-1,Crew Socks,8.99,0\n"
      "NEW-1,Water Bottle,12.00,\n",
      RecordFormat::kCsv);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  ExpectUnchanged();
}

TEST_F(TxnTest, FailedRelationshipImportImportsNothing) {
  faults_->fail_apply = true;
  Result<ImportReport> report = engine_->ImportRelationships(
      "source,target,type,weight\n"
      "RS-1,SK-1,accessory,3\n"
      "RS-1,IN-1,accessory,1\n",
      RecordFormat::kCsv);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  ExpectUnchanged();
  faults_->fail_apply = false;
  EXPECT_EQ(Link("RS-1", "IN-1", "accessory").id, cross_.id + 1);
  ExpectEngineMatchesStore();
}

TEST_F(TxnTest, ManyFailuresInARowThenSuccessLeaveOneConsistentState) {
  faults_->fail_apply = true;
  EXPECT_FALSE(engine_->DeleteProduct("SK-1").ok());
  EXPECT_FALSE(engine_->PutProduct(MakeProduct("RS-1", "Renamed", 1)).ok());
  EXPECT_FALSE(TryLink("CL-1", "LC-1", "cross_sell").ok());
  EXPECT_FALSE(engine_->DeleteRelationship(accessory_.id).ok());
  EXPECT_EQ(faults_->failed_applies, 4);
  ExpectUnchanged();
  faults_->fail_apply = false;
  ASSERT_TRUE(engine_->DeleteProduct("SK-1").ok());
  Link("CL-1", "LC-1", "cross_sell");
  EXPECT_EQ(Recommended("RS-1"), (Skus{"RS-PRO", "TR-1"}));
  ExpectEngineMatchesStore();
}

}  // namespace
}  // namespace affinity

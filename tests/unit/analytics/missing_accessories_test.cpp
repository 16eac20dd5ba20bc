// FindMissingAccessories over snapshots the Engine builds: a product whose category peers mostly
// have accessories (linked, or bought with them) but which has none, with the accessories its
// peers link and the evidence.
#include "analytics/missing_accessories.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/engine_fixture.hpp"

namespace affinity {
namespace {

Product Item(std::string sku, std::string category, std::int64_t price) {
  Product p = MakeProduct(std::move(sku), "Item", price, 10);
  p.category = std::move(category);
  return p;
}

class MissingAccessoriesTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    for (const char* coat : {"CO-1", "CO-2", "CO-3", "CO-4"}) {
      Put(Item(coat, "Apparel/Coats", 20000));
    }
    Put(Item("BT-1", "Footwear/Boots", 15000));
    Put(Item("SC-1", "Accessories/Scarves", 3000));
    Put(Item("GL-1", "Accessories/Gloves", 2500));
    Link("CO-1", "SC-1", "accessory");
    Link("CO-2", "SC-1", "accessory");
    Link("CO-2", "GL-1", "accessory");
  }
  std::vector<MissingAccessories> Find(MissingAccessoriesOptions options = {},
                                       const CoPurchases* history = nullptr) {
    snapshot_ = engine_->snapshot();
    return FindMissingAccessories(*snapshot_, options, history);
  }
  std::shared_ptr<const Snapshot> snapshot_;
};

TEST_F(MissingAccessoriesTest, AProductWhosePeersHaveAccessoriesGetsTheirs) {
  MissingAccessoriesOptions options;
  options.min_peer_share = 0.6;  // 2 of 3 peers have accessories
  std::vector<MissingAccessories> found = Find(options);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].product->product.sku, "CO-3");
  EXPECT_EQ(found[1].product->product.sku, "CO-4");
  EXPECT_EQ(found[0].peers, 3u);
  EXPECT_EQ(found[0].peers_with_accessories, 2u);
  ASSERT_EQ(found[0].suggestions.size(), 2u);
  EXPECT_EQ(found[0].suggestions[0].product->product.sku, "SC-1") << "linked by two peers";
  EXPECT_EQ(found[0].suggestions[0].peers_linking, 2u);
  EXPECT_EQ(found[0].suggestions[0].evidence,
            "2 of 3 products in Apparel/Coats link it as an accessory");

  options.min_peer_share = 0.7;
  EXPECT_TRUE(Find(options).empty()) << "2 of 3 is below 70%";
  options = {};
  options.category = "Footwear";
  EXPECT_TRUE(Find(options).empty());
}

TEST_F(MissingAccessoriesTest, PurchaseHistoryCountsAsHavingAccessoriesAndSuggestsThem) {
  CoPurchases history;
  history.job = "job-1";
  PairEvidence evidence;
  evidence.together = 7;
  history.partners["CO-3"] = {{"GL-1", evidence}};
  MissingAccessoriesOptions options;
  options.min_peer_share = 0.6;
  std::vector<MissingAccessories> found = Find(options, &history);
  // CO-3 is bought with gloves, so it has accessories and CO-4's peers are 3 of 3.
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].product->product.sku, "CO-4");
  EXPECT_EQ(found[0].peers_with_accessories, 3u);
  EXPECT_EQ(found[1].product->product.sku, "CO-3");
  ASSERT_FALSE(found[1].suggestions.empty());
  EXPECT_EQ(found[1].suggestions[0].product->product.sku, "GL-1");
  EXPECT_EQ(found[1].suggestions[0].bought_together, 7);
  EXPECT_NE(found[1].suggestions[0].evidence.find("bought together with CO-3 in 7 orders"),
            std::string::npos);
}

}  // namespace
}  // namespace affinity

// CheckBundle and BundleOffersFor over snapshots the Engine builds: every problem code with its
// message (brand guidelines among them), the totals, a discount's rounding, a fixed price, the
// window, and what a product page is offered.
#include "engine/bundle_checks.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/engine_fixture.hpp"

namespace affinity {
namespace {

constexpr std::int64_t kNow = 1796083200;  // 2026-12-01T00:00:00Z

class BundleChecksTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    PutCatalog();  // RS-1 59.99 (12), SK-1 9.50 (100), CL-1 7.49 (40), IN-1 19.99 (untracked), ...
  }
  BundleReport Check(const Bundle& b, std::int64_t at = kNow) {
    snapshot_ = engine_->snapshot();
    return CheckBundle(*snapshot_, b, at);
  }
  // The codes of a report's problems, in order, with "!" after a warning's.
  static std::vector<std::string> Codes(const BundleReport& r) {
    std::vector<std::string> out;
    for (const BundleProblem& p : r.problems) {
      out.push_back(std::string(BundleProblemCodeName(p.code)) + (p.warning ? "!" : ""));
    }
    return out;
  }
  static Bundle Kit(std::vector<BundleItem> items) {
    Bundle b;
    b.id = "kit";
    b.name = "Kit";
    b.items = std::move(items);
    return b;
  }
  // Shoes, two pairs of socks and an optional cleaner.
  static Bundle RunningKit() {
    return Kit({{"RS-1", 1, false}, {"SK-1", 2, false}, {"CL-1", 1, true}});
  }
  void SetStatus(const std::string& sku, ProductStatus status) {
    Product p = *Get(sku);
    p.status = status;
    Put(p);
  }
  std::shared_ptr<const Snapshot> snapshot_;
};

using CodeList = std::vector<std::string>;

TEST_F(BundleChecksTest, AValidBundleHasTotalsAndNoProblems) {
  BundleReport r = Check(RunningKit());
  EXPECT_TRUE(r.valid);
  EXPECT_TRUE(r.active);
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.currency, "USD");
  EXPECT_EQ(r.total_minor, 5999 + 2 * 950);
  EXPECT_EQ(r.total_with_optional_minor, 5999 + 2 * 950 + 749);
  EXPECT_EQ(r.bundle_price_minor, 7899);  // neither price nor discount: the items' own prices
  EXPECT_EQ(r.savings_minor, 0);
}

TEST_F(BundleChecksTest, ADiscountIsTakenOffTheRequiredItemsRoundedHalfUp) {
  Bundle b = RunningKit();
  b.discount_bp = 1500;  // 15% of 78.99 = 11.8485 -> 11.85
  BundleReport r = Check(b);
  EXPECT_EQ(r.savings_minor, 1185);
  EXPECT_EQ(r.bundle_price_minor, 7899 - 1185);
  b.discount_bp = 1250;  // 12.5% of 78.99 = 9.87375 -> 9.87
  EXPECT_EQ(Check(b).bundle_price_minor, 7899 - 987);
  b.items = {{"SK-1", 1, false}};
  b.discount_bp = 1000;  // 10% of 9.50 = 0.95 exactly
  EXPECT_EQ(Check(b).bundle_price_minor, 855);
}

TEST_F(BundleChecksTest, AFixedPriceBelowTheTotalSaves) {
  Bundle b = RunningKit();
  b.price = Money{6900, "USD"};
  BundleReport r = Check(b);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.bundle_price_minor, 6900);
  EXPECT_EQ(r.savings_minor, 999);
}

TEST_F(BundleChecksTest, PriceNotLowerIsAWarningThatSaysByHowMuch) {
  Bundle b = RunningKit();
  b.price = Money{7899, "USD"};
  BundleReport r = Check(b);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(Codes(r), CodeList{"price_not_lower!"});
  EXPECT_EQ(r.problems[0].sku, "");
  EXPECT_EQ(r.problems[0].message,
            "the bundle price 78.99 USD is not below the required items' total of 78.99 USD, so "
            "a buyer saves nothing; set a price below 78.99 USD or a discount_percent");
  b.price = Money{8000, "USD"};
  r = Check(b);
  EXPECT_EQ(r.savings_minor, -101);
  EXPECT_NE(r.problems[0].message.find("saves nothing (it costs 1.01 USD more)"), std::string::npos)
      << r.problems[0].message;
}

TEST_F(BundleChecksTest, EmptyBundleMeansNoItemsOrOnlyOptionalOnes) {
  BundleReport r = Check(Kit({}));
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(Codes(r), CodeList{"empty_bundle"});
  EXPECT_EQ(r.problems[0].sku, "");
  EXPECT_NE(r.problems[0].message.find("has no items; add at least one required item"),
            std::string::npos);
  EXPECT_EQ(r.currency, "");
  EXPECT_EQ(r.total_minor, std::nullopt);
  r = Check(Kit({{"SK-1", 1, true}, {"CL-1", 1, true}}));
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(Codes(r), CodeList{"empty_bundle"});
  EXPECT_NE(r.problems[0].message.find("every item is optional"), std::string::npos);
}

TEST_F(BundleChecksTest, UnknownSkuNamesTheItemAndLeavesTheTotalsUnknown) {
  BundleReport r = Check(Kit({{"RS-1", 1, false}, {"NO-SUCH", 1, false}}));
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(Codes(r), CodeList{"unknown_sku"});
  EXPECT_EQ(r.problems[0].sku, "NO-SUCH");
  EXPECT_EQ(r.problems[0].message,
            "product 'NO-SUCH' (item 1) does not exist; fix the SKU, create the product or remove "
            "the item");
  EXPECT_EQ(r.total_minor, std::nullopt);
  EXPECT_EQ(r.bundle_price_minor, std::nullopt);
  EXPECT_EQ(r.savings_minor, std::nullopt);
  // An unknown optional item leaves the required total known.
  r = Check(Kit({{"RS-1", 1, false}, {"NO-SUCH", 1, true}}));
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.total_minor, 5999);
  EXPECT_EQ(r.total_with_optional_minor, std::nullopt);
}

TEST_F(BundleChecksTest, DuplicateItemIsReportedOnceWithTheQuantityToUse) {
  BundleReport r = Check(Kit({{"SK-1", 1, false}, {"RS-1", 1, false}, {"SK-1", 2, false}}));
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(Codes(r), CodeList{"duplicate_item"});
  EXPECT_EQ(r.problems[0].sku, "SK-1");
  EXPECT_EQ(r.problems[0].message,
            "product 'SK-1' is listed more than once (items 0 and 2); list it once, with "
            "quantity 3");
}

TEST_F(BundleChecksTest, OutOfStockComparesTrackedStockWithTheQuantity) {
  BundleReport r = Check(Kit({{"RS-PRO", 4, false}, {"IN-1", 500, false}, {"SK-1", 100, false}}));
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(Codes(r), CodeList{"out_of_stock"});  // IN-1 is not tracked; SK-1 has exactly 100
  EXPECT_EQ(r.problems[0].sku, "RS-PRO");
  EXPECT_EQ(r.problems[0].message,
            "product 'RS-PRO' has 3 in stock but the bundle needs 4; restock it or lower the "
            "quantity");
  // An optional item short of stock is only left out of the offer.
  r = Check(Kit({{"RS-1", 1, false}, {"RS-PRO", 4, true}}));
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(Codes(r), CodeList{"out_of_stock!"});
  EXPECT_NE(r.problems[0].message.find("until then the optional item is left out of the offer"),
            std::string::npos);
}

TEST_F(BundleChecksTest, InactiveProductSaysWhichStatusAndWhatToDo) {
  SetStatus("SK-1", ProductStatus::kInactive);
  SetStatus("CL-1", ProductStatus::kDiscontinued);
  BundleReport r = Check(Kit({{"RS-1", 1, false}, {"SK-1", 1, false}, {"CL-1", 1, false}}));
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(Codes(r), (CodeList{"inactive_product", "inactive_product"}));
  EXPECT_EQ(r.problems[0].message,
            "product 'SK-1' is inactive, not for sale; set its status to \"active\" or remove it "
            "from the bundle");
  EXPECT_EQ(r.problems[1].message,
            "product 'CL-1' is discontinued; replace it with a product that is sold, or remove it "
            "from the bundle");
  EXPECT_EQ(r.total_minor, 5999 + 950 + 749);  // the prices are still known
  // In the running kit the discontinued cleaner is optional: a warning, and the kit stays valid
  // but for the inactive socks.
  EXPECT_EQ(Codes(Check(RunningKit())), (CodeList{"inactive_product", "inactive_product!"}));
}

TEST_F(BundleChecksTest, CurrencyMismatchBetweenProductsOrWithTheBundlePrice) {
  Product euro = MakeProduct("EU-1", "Euro Socks", 800, 10);
  euro.currency = "EUR";
  Put(euro);
  BundleReport r = Check(Kit({{"RS-1", 1, false}, {"EU-1", 1, false}}));
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(Codes(r), CodeList{"currency_mismatch"});
  EXPECT_EQ(r.problems[0].sku, "EU-1");
  EXPECT_EQ(r.problems[0].message,
            "product 'EU-1' is priced in EUR but 'RS-1', the bundle's first item, is priced in "
            "USD; a bundle sells in one currency: use products priced in USD");
  EXPECT_EQ(r.currency, "USD");
  EXPECT_EQ(r.total_minor, std::nullopt);

  Bundle b = RunningKit();
  b.price = Money{6000, "EUR"};
  r = Check(b);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(Codes(r), CodeList{"currency_mismatch"});
  EXPECT_EQ(r.problems[0].sku, "");
  EXPECT_EQ(r.problems[0].message,
            "the bundle price is in EUR but its items are priced in USD; give the price in USD");
  EXPECT_EQ(r.total_minor, 7899);
  EXPECT_EQ(r.bundle_price_minor, std::nullopt);
}

TEST_F(BundleChecksTest, EveryProblemIsReportedInItemOrder) {
  SetStatus("IN-1", ProductStatus::kInactive);
  BundleReport r = Check(Kit({{"NOPE", 1, false}, {"RS-PRO", 9, false}, {"IN-1", 1, false},
                              {"RS-PRO", 1, false}}));
  EXPECT_EQ(Codes(r), (CodeList{"unknown_sku", "out_of_stock", "inactive_product", "duplicate_item"}));
  EXPECT_EQ(r.problems[1].sku, "RS-PRO");
}

TEST_F(BundleChecksTest, ActiveFollowsTheWindowInclusively) {
  Bundle b = RunningKit();
  b.active_from = kNow;
  b.active_to = kNow + 86400;
  EXPECT_FALSE(Check(b, kNow - 1).active);
  EXPECT_TRUE(Check(b, kNow).active);
  EXPECT_TRUE(Check(b, kNow + 86400).active);
  EXPECT_FALSE(Check(b, kNow + 86401).active);
  EXPECT_TRUE(Check(b, kNow - 1).valid);  // validity does not depend on the window
}

TEST_F(BundleChecksTest, OffersAreTheValidActiveBundlesWithWhatCompletesThem) {
  Bundle kit = RunningKit();
  Bundle later = RunningKit();
  later.id = "later";
  later.active_from = kNow + 1;
  Bundle broken = Kit({{"RS-1", 1, false}, {"RS-PRO", 9, false}});
  broken.id = "broken";
  Bundle spare = Kit({{"SK-1", 3, false}, {"RS-PRO", 5, true}, {"LC-1", 1, true}});
  spare.id = "spare";
  for (Bundle* b : {&kit, &later, &broken, &spare}) {
    ASSERT_TRUE(engine_->PutBundle(*b, true).ok()) << b->id;
  }
  snapshot_ = engine_->snapshot();
  auto offers = BundleOffersFor(*snapshot_, "RS-1", kNow);
  ASSERT_TRUE(offers.ok()) << offers.status().ToString();
  ASSERT_EQ(offers->size(), 1u);
  EXPECT_EQ((*offers)[0].bundle->id, "kit");
  std::vector<std::string> complete;
  for (const BundleItem* item : (*offers)[0].complete_with) complete.push_back(item->sku);
  EXPECT_EQ(complete, (Skus{"SK-1", "CL-1"}));
  EXPECT_EQ((*offers)[0].report.bundle_price_minor, 7899);
  EXPECT_EQ(BundleOffersFor(*snapshot_, "RS-1", kNow + 1)->size(), 2u);  // "later" has begun
  // SK-1 is in "kit" and "spare"; spare's optional RS-PRO (5 wanted, 3 in stock) is left out.
  offers = BundleOffersFor(*snapshot_, "SK-1", kNow);
  ASSERT_EQ(offers->size(), 2u);
  EXPECT_EQ((*offers)[1].bundle->id, "spare");
  ASSERT_EQ((*offers)[1].complete_with.size(), 1u);
  EXPECT_EQ((*offers)[1].complete_with[0]->sku, "LC-1");
  EXPECT_TRUE(BundleOffersFor(*snapshot_, "TR-1", kNow)->empty());
  EXPECT_EQ(BundleOffersFor(*snapshot_, "NOPE", kNow).status().code(), StatusCode::kNotFound);
}

// Guidelines whose types are empty or list "bundle" apply to the bundle's first required item as
// the source and each other product as a target: an error makes the bundle invalid, a warning does
// not; each problem names the guideline and the target item.
TEST_F(BundleChecksTest, GuidelinesForBundlesCheckEachItemAgainstTheFirstRequiredOne) {
  Guideline half;
  half.id = "add-ons-cost-half";
  half.types = {"accessory", "bundle"};
  half.require = "target.price <= source.price * 0.5";
  Guideline brand;
  brand.id = "one-brand";
  brand.require = "target.brand == source.brand";
  brand.severity = GuidelineSeverity::kWarning;
  Guideline upsells_only;
  upsells_only.id = "upsells-only";
  upsells_only.types = {"upsell"};
  upsells_only.require = "false";
  for (const Guideline& g : {half, brand, upsells_only}) {
    Result<GuidelineReport> r = engine_->PutGuideline(g, true);
    ASSERT_TRUE(r.ok() && r->valid) << g.id;
  }
  Product socks = *Get("SK-1");
  socks.brand = "Peak";
  Put(socks);

  // RS-1 59.99 with SK-1 9.50 and an optional CL-1 7.49: both cost at most half the shoes, but
  // SK-1 is of another brand: a warning.
  BundleReport kit = Check(RunningKit());
  EXPECT_TRUE(kit.valid);
  EXPECT_EQ(Codes(kit), (CodeList{"guideline_violation!"}));
  EXPECT_EQ(kit.problems[0].guideline, "one-brand");
  EXPECT_EQ(kit.problems[0].sku, "SK-1");
  EXPECT_EQ(kit.problems[0].message,
            "bundle item 'SK-1' with the bundle's first item 'RS-1' breaks guideline 'one-brand': "
            "it requires target.brand == source.brand");

  // Built around the socks, the cleaner (7.49) is more than half their price: an error. The
  // optional first item does not count as the one the bundle is built around.
  BundleReport socks_kit = Check(Kit({{"RS-1", 1, true}, {"SK-1", 1, false}, {"CL-1", 1, false}}));
  EXPECT_FALSE(socks_kit.valid);
  std::vector<std::string> errors;
  for (const BundleProblem& p : socks_kit.problems) {
    if (!p.warning) errors.push_back(p.guideline + ":" + p.sku);
  }
  EXPECT_EQ(errors, (Skus{"add-ons-cost-half:RS-1", "add-ons-cost-half:CL-1"}));

  // A disabled guideline, or none for bundles, checks nothing.
  half.enabled = false;
  ASSERT_TRUE(engine_->PutGuideline(half, false).ok());
  brand.types = {"cross_sell"};
  ASSERT_TRUE(engine_->PutGuideline(brand, false).ok());
  EXPECT_TRUE(Check(Kit({{"SK-1", 1, false}, {"CL-1", 1, false}})).problems.empty());
}

}  // namespace
}  // namespace affinity

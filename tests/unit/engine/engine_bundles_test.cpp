// Engine::PutBundle / DeleteBundle: versions, ids made from names, If-Match, the audit entry in the
// same ChangeSet, rollback when the store fails, and what a reopened engine (a restart) serves.
// Also product status through the engine: a CSV import and a restart keep it.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "engine/bundle_checks.hpp"
#include "engine/engine_fixture.hpp"

namespace affinity {
namespace {

class EngineBundlesTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    PutCatalog();
  }
  static Bundle Kit(std::string id = "kit") {
    Bundle b;
    b.id = std::move(id);
    b.name = "Running kit";
    b.items = {{"RS-1", 1, false}, {"SK-1", 2, false}};
    b.discount_bp = 1000;
    return b;
  }
  const Bundle* Served(std::string_view id) {
    snapshot_ = engine_->snapshot();
    return snapshot_->FindBundle(id);
  }
  std::vector<AuditEntry> BundleAudit() {
    std::vector<AuditEntry> out;
    for (const AuditEntry& e : memory_->audit()) {
      if (e.entity == "bundle") out.push_back(e);
    }
    return out;
  }
  std::shared_ptr<const Snapshot> snapshot_;
};

TEST_F(EngineBundlesTest, CreateReplaceAndDeleteBumpVersionsAndPublish) {
  auto created = engine_->PutBundle(Kit(), true);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->bundle.version, 1);
  EXPECT_GT(created->bundle.created_ms, 0);
  EXPECT_EQ(created->bundle.created_ms, created->bundle.updated_ms);
  ASSERT_NE(Served("kit"), nullptr);
  EXPECT_EQ(*Served("kit"), created->bundle);
  EXPECT_EQ(snapshot_->bundles().by_sku.at("SK-1").size(), 1u);

  Bundle changed = Kit();
  changed.items.push_back({"CL-1", 1, true});
  auto replaced = engine_->PutBundle(changed, false, /*if_match=*/1);
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_FALSE(replaced->created);
  EXPECT_EQ(replaced->bundle.version, 2);
  EXPECT_EQ(replaced->bundle.created_ms, created->bundle.created_ms);
  EXPECT_EQ(Served("kit")->items.size(), 3u);
  EXPECT_EQ(snapshot_->bundles().by_sku.count("CL-1"), 1u);

  EXPECT_EQ(engine_->DeleteBundle("kit", /*if_match=*/1).code(), StatusCode::kAborted);
  ASSERT_TRUE(engine_->DeleteBundle("kit", 2).ok());
  EXPECT_EQ(Served("kit"), nullptr);
  EXPECT_EQ(snapshot_->bundles().by_sku.count("SK-1"), 0u);
  EXPECT_EQ(engine_->DeleteBundle("kit").code(), StatusCode::kNotFound);
}

TEST_F(EngineBundlesTest, CreateOnlyAndIfMatchRefuseWithoutWriting) {
  ASSERT_TRUE(engine_->PutBundle(Kit(), true).ok());
  const int applies = faults_->applies;
  auto again = engine_->PutBundle(Kit(), true);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(again.status().message().find("PUT /v1/bundles/kit"), std::string::npos);
  auto stale = engine_->PutBundle(Kit(), false, /*if_match=*/5);
  EXPECT_EQ(stale.status().code(), StatusCode::kAborted);
  EXPECT_EQ(stale.status().message(),
            "bundle 'kit' is at version 1, not 5 as If-Match says; fetch it again and retry");
  EXPECT_EQ(engine_->PutBundle(Kit("new"), false, 1).status().code(), StatusCode::kAborted);
  EXPECT_EQ(faults_->applies, applies);
  EXPECT_EQ(Served("new"), nullptr);
}

TEST_F(EngineBundlesTest, AnIdIsMadeFromTheNameAndKeptUnique) {
  Bundle b = Kit("");
  b.name = "Running Kit: Autumn!";
  auto first = engine_->PutBundle(b, true);
  auto second = engine_->PutBundle(b, true);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->bundle.id, "running-kit-autumn");
  EXPECT_EQ(second->bundle.id, "running-kit-autumn-2");
  EXPECT_EQ(engine_->PutBundle(b, false).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(EngineBundlesTest, AnInvalidBundleIsSavedAsADraft) {
  Bundle draft = Kit("draft");
  draft.items = {{"NOT-YET", 1, false}};
  auto saved = engine_->PutBundle(draft, true);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_FALSE(CheckBundle(*engine_->snapshot(), saved->bundle, 0).valid);
  Put(MakeProduct("NOT-YET", "Launching soon", 1500, 5));
  EXPECT_TRUE(CheckBundle(*engine_->snapshot(), *Served("draft"), 0).valid);
}

TEST_F(EngineBundlesTest, EveryChangeIsAuditedInTheSameChangeSet) {
  AuditScope who("merch-7");
  ASSERT_TRUE(engine_->PutBundle(Kit(), true).ok());
  Bundle changed = Kit();
  changed.name = "Renamed";
  ASSERT_TRUE(engine_->PutBundle(changed, false).ok());
  ASSERT_TRUE(engine_->DeleteBundle("kit").ok());
  std::vector<AuditEntry> audit = BundleAudit();
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].action, "create");
  EXPECT_EQ(audit[0].actor, "merch-7");
  EXPECT_EQ(audit[0].entity_id, "kit");
  EXPECT_TRUE(audit[0].before.empty());
  EXPECT_EQ(audit[1].action, "update");
  EXPECT_EQ(boost::json::parse(audit[1].before).at("name"), "Running kit");
  EXPECT_EQ(boost::json::parse(audit[1].after).at("name"), "Renamed");
  EXPECT_EQ(boost::json::parse(audit[1].after).at("version"), 2);
  EXPECT_EQ(audit[2].action, "delete");
  EXPECT_TRUE(audit[2].after.empty());
}

TEST_F(EngineBundlesTest, AFailedStoreWriteChangesNothingAnywhere) {
  ASSERT_TRUE(engine_->PutBundle(Kit(), true).ok());
  const std::size_t audited = memory_->audit().size();
  faults_->fail_apply = true;
  Bundle changed = Kit();
  changed.name = "Lost";
  EXPECT_EQ(engine_->PutBundle(changed, false).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(engine_->PutBundle(Kit("other"), true).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(engine_->DeleteBundle("kit").code(), StatusCode::kUnavailable);
  faults_->fail_apply = false;
  EXPECT_EQ(Served("kit")->name, "Running kit");
  EXPECT_EQ(Served("kit")->version, 1);
  EXPECT_EQ(Served("other"), nullptr);
  EXPECT_EQ(memory_->audit().size(), audited);
  // The engine's own state rolled back too: the next write sees version 1.
  EXPECT_EQ(engine_->PutBundle(changed, false, 1).status().code(), StatusCode::kOk);
  EXPECT_TRUE(engine_->PutBundle(Kit("other"), true).ok());
}

TEST_F(EngineBundlesTest, AReopenedEngineServesTheSameBundles) {
  ASSERT_TRUE(engine_->PutBundle(Kit(), true).ok());
  Bundle priced = Kit("priced");
  priced.discount_bp.reset();
  priced.price = Money{6000, "USD"};
  priced.active_from = 1796083200;
  ASSERT_TRUE(engine_->PutBundle(priced, true).ok());
  ASSERT_TRUE(engine_->PutBundle(priced, false).ok());
  const Bundle before = *Served("priced");
  ASSERT_TRUE(Reopen().ok());
  ASSERT_NE(Served("priced"), nullptr);
  EXPECT_EQ(*Served("priced"), before);
  EXPECT_EQ(Served("priced")->version, 2);
  EXPECT_EQ(snapshot_->bundles().by_sku.at("RS-1").size(), 2u);
  EXPECT_EQ(Persisted().bundles.size(), 2u);
}

TEST_F(EngineBundlesTest, ProductStatusComesInThroughACsvImportAndSurvivesAReopen) {
  auto report = engine_->ImportProducts(
      "sku,name,price,status\nOLD-1,Old Runner,39.00,discontinued\nNEW-1,New Runner,49.00,\n",
      RecordFormat::kCsv);
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->errors.empty()) << report->errors[0].message;
  EXPECT_EQ(Get("OLD-1")->status, ProductStatus::kDiscontinued);
  EXPECT_EQ(Get("NEW-1")->status, ProductStatus::kActive);
  report = engine_->ImportProducts("{\"sku\":\"X-1\",\"name\":\"X\",\"price\":\"1\",\"status\":"
                                   "\"paused\"}\n",
                                   RecordFormat::kNdjson);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_NE(report->errors[0].message.find("field 'status' must be"), std::string::npos);
  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(Get("OLD-1")->status, ProductStatus::kDiscontinued);
}

}  // namespace
}  // namespace affinity

// Every change the engine makes lands in its ChangeSet's audit entries, with the thread's actor,
// before and after: products, links (and the links a product deletion takes along), types, rules
// and suggestion decisions. A failed write leaves no entry.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "common/audit.hpp"
#include "engine/engine.hpp"
#include "storage/memory_store.hpp"

namespace affinity {
namespace {

class EngineAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = std::make_unique<MemoryStore>();
    store_ = store.get();
    auto engine = Engine::Open(std::move(store));
    ASSERT_TRUE(engine.ok());
    engine_ = std::move(engine).value();
  }
  Product Make(const std::string& sku, std::int64_t price) {
    Product p;
    p.sku = sku;
    p.name = sku;
    p.price_minor = price;
    return p;
  }
  const std::vector<AuditEntry>& audit() const { return store_->audit(); }

  MemoryStore* store_ = nullptr;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineAuditTest, ProductChangesCarryWhoBeforeAndAfter) {
  AuditScope who("merch-1");
  ASSERT_TRUE(engine_->PutProduct(Make("A", 100)).ok());
  ASSERT_TRUE(engine_->PutProduct(Make("A", 150)).ok());
  ASSERT_EQ(audit().size(), 2u);
  EXPECT_EQ(audit()[0].action, "create");
  EXPECT_TRUE(audit()[0].before.empty());
  EXPECT_EQ(audit()[1].action, "update");
  EXPECT_EQ(audit()[1].actor, "merch-1");
  auto before = boost::json::parse(audit()[1].before).as_object();
  auto after = boost::json::parse(audit()[1].after).as_object();
  EXPECT_EQ(before.at("price"), "1.00");
  EXPECT_EQ(after.at("price"), "1.50");
  EXPECT_EQ(after.at("version").as_int64(), 2);
}

TEST_F(EngineAuditTest, DeletingAProductRecordsTheLinksItTakesAlong) {
  ASSERT_TRUE(engine_->PutProduct(Make("A", 100)).ok());
  ASSERT_TRUE(engine_->PutProduct(Make("B", 100)).ok());
  Relationship r;
  r.source = "A";
  r.target = "B";
  r.type = "cross_sell";
  auto link = engine_->CreateRelationship(r);
  ASSERT_TRUE(link.ok());
  const std::size_t before = audit().size();
  ASSERT_TRUE(engine_->DeleteProduct("B").ok());
  ASSERT_EQ(audit().size(), before + 2);
  EXPECT_EQ(audit()[before].entity, "relationship");
  EXPECT_EQ(audit()[before].action, "delete");
  EXPECT_EQ(audit()[before].entity_id, std::to_string(link->id));
  EXPECT_EQ(audit()[before + 1].entity, "product");
  EXPECT_EQ(audit()[before + 1].actor, "system");  // no scope: not a person's change
}

TEST_F(EngineAuditTest, ARefusedWriteLeavesNoEntry) {
  ASSERT_TRUE(engine_->PutProduct(Make("A", 100)).ok());
  const std::size_t before = audit().size();
  EXPECT_FALSE(engine_->PutProduct(Make("A", 200), /*if_match=*/7).ok());
  Relationship self;
  self.source = "A";
  self.target = "A";
  self.type = "cross_sell";
  EXPECT_FALSE(engine_->CreateRelationship(self).ok());
  EXPECT_EQ(audit().size(), before);
}

TEST_F(EngineAuditTest, RulesAndTypesAreAuditedWithTheirVersions) {
  AuditScope who("rules-admin");
  Rule rule;
  rule.id = "r1";
  rule.type = "cross_sell";
  rule.when = "source.price > 1";
  rule.then = "target.price > 1";
  ASSERT_TRUE(engine_->PutRule(rule, false).ok());
  rule.limit = 3;
  ASSERT_TRUE(engine_->PutRule(rule, false).ok());
  ASSERT_TRUE(engine_->DeleteRule("r1").ok());
  std::vector<std::string> actions;
  for (const AuditEntry& e : audit()) {
    if (e.entity == "rule") actions.push_back(e.action);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "update", "delete"}));
  auto second = boost::json::parse(audit()[1].after).as_object();
  EXPECT_EQ(second.at("version").as_int64(), 2);
  ASSERT_TRUE(engine_
                  ->PutType("upsell",
                            [](const RelationType& t) -> Result<RelationType> {
                              RelationType next = t;
                              next.weight = 2;
                              return next;
                            })
                  .ok());
  EXPECT_EQ(audit().back().entity, "relation_type");
  EXPECT_EQ(boost::json::parse(audit().back().after).at("weight").as_double(), 2.0);
}

}  // namespace
}  // namespace affinity

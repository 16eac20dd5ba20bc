#include "relations/relation_graph.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace affinity {
namespace {

// A running-gear catalog: two shoes, socks, insoles, a cleaner and a premium shoe.
class RelationGraphTest : public ::testing::Test {
 protected:
  Status Check(const std::string& source, const std::string& target, const std::string& type) {
    return graph_.CheckInsert(Link(source, target, type), exists_);
  }
  // Checks and inserts; the test fails if the check does.
  RelationshipId Add(const std::string& source, const std::string& target,
                     const std::string& type, double weight = 1.0) {
    Relationship r = Link(source, target, type);
    r.weight = weight;
    Status st = graph_.CheckInsert(r, exists_);
    EXPECT_TRUE(st.ok()) << source << " -> " << target << " " << type << ": " << st.ToString();
    r.id = next_id_++;
    graph_.Insert(r);
    return r.id;
  }
  static Relationship Link(const std::string& source, const std::string& target,
                           const std::string& type) {
    Relationship r;
    r.source = source;
    r.target = target;
    r.type = type;
    return r;
  }
  void AddType(const std::string& name, bool directed, bool acyclic, std::int64_t cap = 0) {
    RelationType t{.name = name, .weight = 1.0, .directed = directed, .acyclic = acyclic,
                   .max_per_product = cap};
    ASSERT_TRUE(graph_.CheckPutType(t).ok());
    graph_.PutType(t);
  }
  static std::vector<RelationshipId> Ids(const std::vector<const Relationship*>& links) {
    std::vector<RelationshipId> ids;
    for (const Relationship* r : links) ids.push_back(r->id);
    return ids;
  }

  std::set<std::string, std::less<>> skus_ = {"RS-1", "RS-2", "RS-PRO", "SK-1", "IN-1", "CL-1"};
  std::function<bool(std::string_view)> exists_ = [this](std::string_view sku) {
    return skus_.contains(sku);
  };
  RelationGraph graph_;
  RelationshipId next_id_ = 1;
};

TEST_F(RelationGraphTest, StartsWithTheBuiltinTypes) {
  std::vector<RelationType> types = graph_.Types();
  ASSERT_EQ(types.size(), 3u);
  EXPECT_EQ(types[0].name, "accessory");
  EXPECT_EQ(types[1].name, "cross_sell");
  EXPECT_EQ(types[2].name, "upsell");
  const RelationType* upsell = graph_.FindType("upsell");
  ASSERT_NE(upsell, nullptr);
  EXPECT_DOUBLE_EQ(upsell->weight, 1.2);
  EXPECT_TRUE(upsell->acyclic);
  EXPECT_TRUE(upsell->builtin);
  EXPECT_FALSE(graph_.FindType("cross_sell")->directed);
  EXPECT_EQ(graph_.FindType("bundle"), nullptr);
}

TEST_F(RelationGraphTest, AcceptsAndFindsALink) {
  RelationshipId id = Add("RS-1", "SK-1", "accessory", 0.5);
  ASSERT_NE(graph_.Find(id), nullptr);
  EXPECT_EQ(graph_.Find(id)->target, "SK-1");
  EXPECT_DOUBLE_EQ(graph_.Find(id)->weight, 0.5);
  EXPECT_EQ(graph_.FindByKey(Link("RS-1", "SK-1", "accessory")), graph_.Find(id));
  EXPECT_EQ(graph_.FindByKey(Link("SK-1", "RS-1", "accessory")), nullptr);
  EXPECT_EQ(graph_.size(), 1u);
}

TEST_F(RelationGraphTest, RejectsSelfLink) {
  Status st = Check("RS-1", "RS-1", "cross_sell");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "a product cannot be linked to itself ('RS-1' -> 'RS-1')");
}

TEST_F(RelationGraphTest, RejectsUnknownProductNamingWhichEnd) {
  Status st = Check("RS-9", "SK-1", "accessory");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("source product 'RS-9' does not exist"), std::string::npos)
      << st.message();
  st = Check("RS-1", "SK-9", "accessory");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("target product 'SK-9' does not exist"), std::string::npos)
      << st.message();
}

TEST_F(RelationGraphTest, RejectsUnknownTypeWithSuggestion) {
  Status st = Check("RS-1", "RS-PRO", "upsel");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(),
            "unknown relation type 'upsel' (did you mean 'upsell'?); known types: accessory, "
            "cross_sell, upsell");
}

TEST_F(RelationGraphTest, UnknownTypeWithNothingCloseHasNoSuggestion) {
  Status st = Check("RS-1", "RS-PRO", "frequently_bought");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message().find("did you mean"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("unknown relation type 'frequently_bought'"), std::string::npos);
}

TEST_F(RelationGraphTest, RejectsDuplicateNamingTheExistingLink) {
  Add("RS-1", "IN-1", "accessory");
  RelationshipId id = Add("RS-1", "SK-1", "accessory");
  Status st = Check("RS-1", "SK-1", "accessory");
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(st.message().find("accessory link RS-1 -> SK-1 already exists as relationship " +
                              std::to_string(id) + " (origin manual)"),
            std::string::npos)
      << st.message();
}

TEST_F(RelationGraphTest, SameEndsWithAnotherTypeIsNotADuplicate) {
  Add("RS-1", "SK-1", "accessory");
  EXPECT_TRUE(Check("RS-1", "SK-1", "cross_sell").ok());
}

TEST_F(RelationGraphTest, ReverseOfASymmetricLinkIsADuplicate) {
  RelationshipId id = Add("RS-1", "RS-2", "cross_sell");
  Status st = Check("RS-2", "RS-1", "cross_sell");
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(st.message().find("cross_sell link RS-1 <-> RS-2 already exists as relationship " +
                              std::to_string(id)),
            std::string::npos)
      << st.message();
  EXPECT_EQ(graph_.FindByKey(Link("RS-2", "RS-1", "cross_sell")), graph_.Find(id));
}

TEST_F(RelationGraphTest, ReverseOfADirectedLinkIsNotADuplicate) {
  AddType("similar", /*directed=*/true, /*acyclic=*/false);
  Add("RS-1", "RS-2", "similar");
  EXPECT_TRUE(Check("RS-2", "RS-1", "similar").ok());
}

TEST_F(RelationGraphTest, RejectsLinkClosingCycleAndNamesIt) {
  Add("RS-2", "RS-PRO", "upsell");  // B -> C
  Add("RS-PRO", "RS-1", "upsell");  // C -> A
  Status st = Check("RS-1", "RS-2", "upsell");  // A -> B closes B -> C -> A -> B
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  // The existing chain from the new link's target to its source, closed by the new link.
  EXPECT_NE(st.message().find("RS-2 -> RS-PRO -> RS-1 -> RS-2"), std::string::npos)
      << st.message();
  EXPECT_EQ(st.message(),
            "upsell link RS-1 -> RS-2 would close the cycle RS-2 -> RS-PRO -> RS-1 -> RS-2; "
            "upsell links must not form a cycle");
}

TEST_F(RelationGraphTest, TwoCycleOfAnAcyclicTypeIsRejected) {
  Add("RS-1", "RS-PRO", "upsell");
  Status st = Check("RS-PRO", "RS-1", "upsell");
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("RS-1 -> RS-PRO -> RS-1"), std::string::npos) << st.message();
}

TEST_F(RelationGraphTest, ReportsAShortestCycle) {
  Add("SK-1", "IN-1", "accessory");
  Add("IN-1", "CL-1", "accessory");
  Add("CL-1", "RS-1", "accessory");
  Add("SK-1", "RS-1", "accessory");  // a shortcut
  Status st = Check("RS-1", "SK-1", "accessory");
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("the cycle SK-1 -> RS-1 -> SK-1;"), std::string::npos)
      << st.message();
}

TEST_F(RelationGraphTest, CyclesAreCheckedPerType) {
  Add("RS-1", "RS-PRO", "upsell");
  EXPECT_TRUE(Check("RS-PRO", "RS-1", "accessory").ok());
  AddType("similar", /*directed=*/true, /*acyclic=*/false);
  Add("RS-1", "RS-2", "similar");
  Add("RS-2", "RS-PRO", "similar");
  EXPECT_TRUE(Check("RS-PRO", "RS-1", "similar").ok());  // not acyclic: cycles are fine
}

TEST_F(RelationGraphTest, DiamondIsNotACycle) {
  Add("RS-1", "RS-2", "upsell");
  Add("RS-1", "SK-1", "upsell");
  Add("RS-2", "RS-PRO", "upsell");
  EXPECT_TRUE(Check("SK-1", "RS-PRO", "upsell").ok());
}

TEST_F(RelationGraphTest, CapsLinksFromOneProduct) {
  AddType("bought_with", /*directed=*/true, /*acyclic=*/false, /*cap=*/2);
  Add("RS-1", "SK-1", "bought_with");
  Add("RS-1", "IN-1", "bought_with");
  Status st = Check("RS-1", "CL-1", "bought_with");
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("product 'RS-1' already has 2 bought_with links"), std::string::npos)
      << st.message();
  EXPECT_TRUE(Check("RS-2", "CL-1", "bought_with").ok());  // another source
  EXPECT_TRUE(Check("CL-1", "RS-1", "bought_with").ok());  // directed: links to RS-1 don't count
  EXPECT_TRUE(Check("RS-1", "CL-1", "cross_sell").ok());   // another type
}

TEST_F(RelationGraphTest, SymmetricCapCountsBothEnds) {
  AddType("pairs_with", /*directed=*/false, /*acyclic=*/false, /*cap=*/1);
  Add("RS-1", "SK-1", "pairs_with");
  Status st = Check("IN-1", "RS-1", "pairs_with");  // RS-1 is the target, but symmetric
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("product 'RS-1'"), std::string::npos) << st.message();
  EXPECT_TRUE(Check("IN-1", "CL-1", "pairs_with").ok());
}

TEST_F(RelationGraphTest, EraseRemovesTheLinkEverywhere) {
  RelationshipId id = Add("RS-1", "SK-1", "accessory");
  RelationshipId other = Add("RS-1", "IN-1", "accessory");
  graph_.Erase(id);
  EXPECT_EQ(graph_.Find(id), nullptr);
  EXPECT_EQ(graph_.FindByKey(Link("RS-1", "SK-1", "accessory")), nullptr);
  EXPECT_TRUE(graph_.Touching("SK-1").empty());
  EXPECT_EQ(Ids(graph_.Touching("RS-1")), std::vector<RelationshipId>{other});
  EXPECT_EQ(graph_.size(), 1u);
  EXPECT_TRUE(Check("RS-1", "SK-1", "accessory").ok());  // may be created again
  graph_.Erase(999);                                     // unknown: no-op
  EXPECT_EQ(graph_.size(), 1u);
}

TEST_F(RelationGraphTest, ErasingALinkBreaksTheCycleItWouldClose) {
  Add("RS-1", "RS-2", "upsell");
  RelationshipId middle = Add("RS-2", "RS-PRO", "upsell");
  EXPECT_FALSE(Check("RS-PRO", "RS-1", "upsell").ok());
  graph_.Erase(middle);
  EXPECT_TRUE(Check("RS-PRO", "RS-1", "upsell").ok());
}

TEST_F(RelationGraphTest, OutgoingFollowsDirectedLinksForwardAndSymmetricBothWays) {
  RelationshipId cross = Add("RS-1", "RS-2", "cross_sell");
  RelationshipId upsell = Add("RS-1", "RS-PRO", "upsell");
  RelationshipId accessory = Add("SK-1", "RS-2", "accessory");
  EXPECT_EQ(Ids(graph_.Outgoing("RS-1")), (std::vector<RelationshipId>{cross, upsell}));
  EXPECT_EQ(Ids(graph_.Outgoing("RS-2")), std::vector<RelationshipId>{cross});
  EXPECT_TRUE(graph_.Outgoing("RS-PRO").empty());
  EXPECT_EQ(Ids(graph_.Touching("RS-2")), (std::vector<RelationshipId>{cross, accessory}));
  EXPECT_EQ(Ids(graph_.All()), (std::vector<RelationshipId>{cross, upsell, accessory}));
}

TEST_F(RelationGraphTest, ReplaceChangesWeightAndPosition) {
  RelationshipId id = Add("RS-1", "SK-1", "accessory");
  Relationship r = *graph_.Find(id);
  r.weight = 3.5;
  r.position = 1;
  graph_.Replace(r);
  EXPECT_DOUBLE_EQ(graph_.Find(id)->weight, 3.5);
  EXPECT_EQ(graph_.Find(id)->position, 1);
  EXPECT_EQ(graph_.FindByKey(Link("RS-1", "SK-1", "accessory"))->weight, 3.5);
}

// ------------------------------------------------------------------------------ CheckPutType

TEST_F(RelationGraphTest, CheckPutTypeRefusesAcyclicOverACycleAndNamesIt) {
  AddType("similar", /*directed=*/true, /*acyclic=*/false);
  Add("RS-1", "RS-2", "similar");
  Add("RS-2", "RS-PRO", "similar");
  Add("RS-PRO", "RS-1", "similar");
  RelationType t = *graph_.FindType("similar");
  t.acyclic = true;
  Status st = graph_.CheckPutType(t);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.message(),
            "type 'similar' cannot become acyclic: its links form the cycle RS-1 -> RS-2 -> "
            "RS-PRO -> RS-1; delete one of them first");
}

TEST_F(RelationGraphTest, CheckPutTypeFindsACycleAwayFromTheFirstLink) {
  AddType("similar", /*directed=*/true, /*acyclic=*/false);
  Add("CL-1", "RS-1", "similar");
  Add("RS-1", "RS-2", "similar");
  Add("RS-2", "RS-PRO", "similar");
  Add("RS-PRO", "RS-2", "similar");
  RelationType t = *graph_.FindType("similar");
  t.acyclic = true;
  Status st = graph_.CheckPutType(t);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("the cycle RS-2 -> RS-PRO -> RS-2;"), std::string::npos)
      << st.message();
}

TEST_F(RelationGraphTest, CheckPutTypeAllowsAcyclicOverADag) {
  AddType("similar", /*directed=*/true, /*acyclic=*/false);
  Add("RS-1", "RS-2", "similar");
  Add("RS-1", "RS-PRO", "similar");
  Add("RS-2", "RS-PRO", "similar");
  RelationType t = *graph_.FindType("similar");
  t.acyclic = true;
  EXPECT_TRUE(graph_.CheckPutType(t).ok());
}

TEST_F(RelationGraphTest, CheckPutTypeRefusesSymmetricOverOppositeLinks) {
  AddType("similar", /*directed=*/true, /*acyclic=*/false);
  Add("RS-1", "RS-2", "similar");
  Add("RS-2", "RS-1", "similar");
  RelationType t = *graph_.FindType("similar");
  t.directed = false;
  Status st = graph_.CheckPutType(t);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("type 'similar' cannot become symmetric"), std::string::npos);
  EXPECT_NE(st.message().find("RS-2 -> RS-1 and RS-1 -> RS-2 both exist"), std::string::npos)
      << st.message();
}

TEST_F(RelationGraphTest, CheckPutTypeRefusesACapBelowTheCurrentCount) {
  Add("RS-1", "SK-1", "accessory");
  Add("RS-1", "IN-1", "accessory");
  Add("RS-2", "SK-1", "accessory");
  RelationType t = *graph_.FindType("accessory");
  t.max_per_product = 1;
  Status st = graph_.CheckPutType(t);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.message(),
            "type 'accessory' cannot cap links at 1: product 'RS-1' has 2; remove some first");
  t.max_per_product = 2;
  EXPECT_TRUE(graph_.CheckPutType(t).ok());
}

TEST_F(RelationGraphTest, CheckPutTypeCountsBothEndsOfSymmetricLinks) {
  Add("RS-1", "SK-1", "cross_sell");
  Add("IN-1", "SK-1", "cross_sell");
  RelationType t = *graph_.FindType("cross_sell");
  t.max_per_product = 1;
  Status st = graph_.CheckPutType(t);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("product 'SK-1' has 2"), std::string::npos) << st.message();
}

TEST_F(RelationGraphTest, PutTypeRekeysLinksWhenDirectionChanges) {
  AddType("similar", /*directed=*/true, /*acyclic=*/false);
  RelationshipId id = Add("RS-2", "RS-1", "similar");
  EXPECT_TRUE(Check("RS-1", "RS-2", "similar").ok());
  RelationType t = *graph_.FindType("similar");
  t.directed = false;
  ASSERT_TRUE(graph_.CheckPutType(t).ok());
  graph_.PutType(t);
  EXPECT_EQ(Check("RS-1", "RS-2", "similar").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(graph_.FindByKey(Link("RS-1", "RS-2", "similar")), graph_.Find(id));
  t.directed = true;
  graph_.PutType(t);
  EXPECT_TRUE(Check("RS-1", "RS-2", "similar").ok());
  EXPECT_EQ(graph_.FindByKey(Link("RS-2", "RS-1", "similar")), graph_.Find(id));
}

TEST_F(RelationGraphTest, EraseTypeRemovesIt) {
  AddType("similar", /*directed=*/true, /*acyclic=*/false);
  graph_.EraseType("similar");
  EXPECT_EQ(graph_.FindType("similar"), nullptr);
  EXPECT_EQ(graph_.Types().size(), 3u);
}

TEST(FormatCycleTest, JoinsWithArrows) {
  EXPECT_EQ(FormatCycle({"A", "B", "C", "A"}), "A -> B -> C -> A");
  EXPECT_EQ(FormatCycle({}), "");
}

TEST_F(RelationGraphTest, VeryLongChainsAreCheckedWithoutRecursion) {
  // 200k links in one chain: a recursive search would overflow the stack.
  AddType("successor", /*directed=*/true, /*acyclic=*/false);
  constexpr int kLength = 200000;
  for (int i = 0; i < kLength; ++i) {
    Relationship r = Link("P" + std::to_string(i), "P" + std::to_string(i + 1), "successor");
    r.id = next_id_++;
    graph_.Insert(r);
  }
  RelationType acyclic{.name = "successor", .weight = 1.0, .directed = true, .acyclic = true};
  EXPECT_TRUE(graph_.CheckPutType(acyclic).ok());
  // Closing the chain makes it a cycle, which must be found and named.
  Relationship back = Link("P" + std::to_string(kLength), "P0", "successor");
  back.id = next_id_++;
  graph_.Insert(back);
  Status st = graph_.CheckPutType(acyclic);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("P0 -> P1 -> P2"), std::string::npos) << st.message().substr(0, 200);
}

}  // namespace
}  // namespace affinity

#include "engine/engine.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/engine_fixture.hpp"
#include "relations/relationship.hpp"

namespace affinity {
namespace {

using EngineTest = EngineFixture;

std::string Describe(const std::vector<RecordError>& errors) {
  std::string out;
  for (const auto& e : errors) out += "[" + std::to_string(e.line) + "] " + e.message + "\n";
  return out;
}

// ------------------------------------------------------------------------------ products

TEST_F(EngineTest, PutProductCreatesThenReplacesWithANewVersion) {
  Result<Engine::PutProductResult> created =
      engine_->PutProduct(MakeProduct("RS-1", "Running Shoes", 5999, 12));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->product.version, 1);
  ASSERT_TRUE(Get("RS-1").has_value());
  EXPECT_EQ(Get("RS-1")->price_minor, 5999);

  Result<Engine::PutProductResult> replaced =
      engine_->PutProduct(MakeProduct("RS-1", "Running Shoes v2", 4999, 8));
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_FALSE(replaced->created);
  EXPECT_EQ(replaced->product.version, 2);
  EXPECT_EQ(Get("RS-1")->name, "Running Shoes v2");
  EXPECT_EQ(Get("RS-1")->version, 2);
  EXPECT_EQ(engine_->snapshot()->product_count(), 1u);
}

TEST_F(EngineTest, PutProductIgnoresTheCallersVersion) {
  Product p = MakeProduct("RS-1", "Running Shoes", 5999);
  p.version = 41;
  EXPECT_EQ(Put(p).version, 1);
}

TEST_F(EngineTest, PutProductRejectsAnInvalidProduct) {
  Result<Engine::PutProductResult> r = engine_->PutProduct(MakeProduct("RS 1", "", -5));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("field 'name' must not be empty"), std::string::npos);
  EXPECT_EQ(engine_->snapshot()->product_count(), 0u);
  EXPECT_EQ(faults_->applies, 0);
}

TEST_F(EngineTest, PutProductWithStaleIfMatchIsAbortedAndChangesNothing) {
  Put(MakeProduct("RS-1", "Running Shoes", 5999));
  Put(MakeProduct("RS-1", "Running Shoes", 5499));  // version 2
  Result<Engine::PutProductResult> r =
      engine_->PutProduct(MakeProduct("RS-1", "Running Shoes", 3999), /*if_match=*/1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAborted);
  EXPECT_NE(r.status().message().find("product 'RS-1' is at version 2, not 1"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(Get("RS-1")->price_minor, 5499);

  r = engine_->PutProduct(MakeProduct("RS-1", "Running Shoes", 3999), /*if_match=*/2);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->product.version, 3);
  EXPECT_EQ(Get("RS-1")->price_minor, 3999);
}

TEST_F(EngineTest, PutProductIfMatchOnAMissingProductIsAborted) {
  Result<Engine::PutProductResult> r =
      engine_->PutProduct(MakeProduct("RS-1", "Running Shoes", 5999), /*if_match=*/1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAborted);
  EXPECT_FALSE(Get("RS-1").has_value());
}

TEST_F(EngineTest, DeleteProductCascadesToEveryLinkThatNamesIt) {
  PutCatalog();
  Relationship accessory = Link("RS-1", "SK-1", "accessory");
  Relationship cross = Link("TR-1", "RS-1", "cross_sell");
  Relationship upsell = Link("RS-1", "RS-PRO", "upsell");
  Relationship unrelated = Link("TR-1", "CL-1", "accessory");
  ASSERT_EQ(Recommended("TR-1"), (Skus{"RS-1", "CL-1"}));

  ASSERT_TRUE(engine_->DeleteProduct("RS-1").ok());
  EXPECT_FALSE(Get("RS-1").has_value());
  for (const Relationship& gone : {accessory, cross, upsell}) {
    EXPECT_EQ(engine_->GetRelationship(gone.id).status().code(), StatusCode::kNotFound) << gone.id;
  }
  EXPECT_TRUE(engine_->GetRelationship(unrelated.id).ok());
  EXPECT_EQ(Recommended("TR-1"), Skus{"CL-1"});
  EXPECT_TRUE(Links("SK-1").empty());
  EXPECT_TRUE(Links("RS-PRO").empty());
  EXPECT_EQ(engine_->ListRelationships("RS-1", "", LinkDirection::kBoth).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(engine_->snapshot()->product_count(), 6u);
  EXPECT_EQ(engine_->snapshot()->edge_count(), 1u);

  StoredState stored = Persisted();
  ASSERT_EQ(stored.relationships.size(), 1u);
  EXPECT_EQ(stored.relationships[0].id, unrelated.id);
  for (const Product& p : stored.products) EXPECT_NE(p.sku, "RS-1");
}

TEST_F(EngineTest, DeleteProductUnknownIsNotFound) {
  Status st = engine_->DeleteProduct("RS-404");
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_EQ(st.message(), "product 'RS-404' does not exist");
}

TEST_F(EngineTest, DeleteProductWithStaleIfMatchKeepsProductAndLinks) {
  PutCatalog();
  Relationship link = Link("RS-1", "SK-1", "accessory");
  EXPECT_EQ(engine_->DeleteProduct("RS-1", /*if_match=*/7).code(), StatusCode::kAborted);
  EXPECT_TRUE(Get("RS-1").has_value());
  EXPECT_TRUE(engine_->GetRelationship(link.id).ok());
  EXPECT_TRUE(engine_->DeleteProduct("RS-1", /*if_match=*/1).ok());
}

TEST_F(EngineTest, RecreatedProductStartsWithoutItsOldLinks) {
  PutCatalog();
  Link("RS-1", "SK-1", "accessory");
  ASSERT_TRUE(engine_->DeleteProduct("RS-1").ok());
  Product again = Put(MakeProduct("RS-1", "Running Shoes", 5999));
  EXPECT_EQ(again.version, 1);
  EXPECT_TRUE(Recommended("RS-1").empty());
  Link("RS-1", "IN-1", "accessory");
  EXPECT_EQ(Recommended("RS-1"), Skus{"IN-1"});
}

// ------------------------------------------------------------------------------ product import

TEST_F(EngineTest, ImportProductsCsvCreatesAndUpdates) {
  Put(MakeProduct("RS-1", "Running Shoes", 5999));
  Result<ImportReport> report = engine_->ImportProducts(
      "sku,name,price,currency,category,tags,stock,color\n"
      "RS-1,Running Shoes,54.99,USD,Footwear/Running,running|road,12,blue\n"
      "SK-1,Crew Socks,9.50,USD,Apparel/Socks,socks,,white\n"
      "JP-1,Tabi Socks,1200,JPY,Apparel/Socks,,5,\n",
      RecordFormat::kCsv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->errors.empty()) << Describe(report->errors);
  EXPECT_EQ(report->imported, 3u);
  EXPECT_EQ(report->created, 2u);
  EXPECT_EQ(report->updated, 1u);

  std::optional<Product> rs = Get("RS-1");
  ASSERT_TRUE(rs.has_value());
  EXPECT_EQ(rs->version, 2);
  EXPECT_EQ(rs->price_minor, 5499);
  EXPECT_EQ(rs->tags, (std::vector<std::string>{"running", "road"}));
  EXPECT_EQ(rs->attributes.at("color"), "blue");
  EXPECT_EQ(Get("SK-1")->stock, std::nullopt);
  EXPECT_EQ(Get("JP-1")->price_minor, 1200);
  EXPECT_TRUE(Get("JP-1")->attributes.empty());
  EXPECT_EQ(Persisted().products.size(), 3u);
}

TEST_F(EngineTest, ImportProductsIsAllOrNothingAndReportsEveryBadLine) {
  Put(MakeProduct("RS-1", "Running Shoes", 5999));
  std::shared_ptr<const Snapshot> before = engine_->snapshot();
  Result<ImportReport> report = engine_->ImportProducts(
      "sku,name,price\n"
      "SK-1,Crew Socks,9.50\n"
      "IN-1,Gel Insoles,19.999\n"
      "SK-1,Crew Socks Again,9.75\n"
      "RS-1,Running Shoes,49.99\n"
      "CL-1,,7.49\n",
      RecordFormat::kCsv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->errors.size(), 3u) << Describe(report->errors);
  EXPECT_EQ(report->errors[0].line, 3u);
  EXPECT_NE(report->errors[0].message.find("field 'price'"), std::string::npos);
  EXPECT_EQ(report->errors[1].line, 4u);
  EXPECT_EQ(report->errors[1].message,
            "sku 'SK-1' appears again (first on line 2); keep one row per sku");
  EXPECT_EQ(report->errors[2].line, 6u);
  EXPECT_NE(report->errors[2].message.find("field 'name' is required"), std::string::npos);
  EXPECT_EQ(report->imported, 0u);

  EXPECT_EQ(engine_->snapshot(), before);  // nothing published
  EXPECT_FALSE(Get("SK-1").has_value());
  EXPECT_EQ(Get("RS-1")->price_minor, 5999);
  EXPECT_EQ(Get("RS-1")->version, 1);
  EXPECT_EQ(Persisted().products.size(), 1u);
}

TEST_F(EngineTest, ImportProductsJsonArrayNamesTheMalformedElementsLine) {
  Result<ImportReport> report = engine_->ImportProducts(
      "[\n"
      "  {\"sku\": \"RS-1\", \"name\": \"Running Shoes\", \"price\": 59.99},\n"
      "  {\"sku\": \"SK-1\", \"name\": \"Crew Socks\", \"price\": 9.50,},\n"
      "  {\"sku\": \"IN-1\", \"name\": \"Gel Insoles\", \"price\": \"19.99\", \"colour\": 1}\n"
      "]\n",
      RecordFormat::kJsonArray);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->errors.size(), 2u) << Describe(report->errors);
  EXPECT_EQ(report->errors[0].line, 3u);
  EXPECT_NE(report->errors[0].message.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(report->errors[1].line, 4u);
  EXPECT_NE(report->errors[1].message.find("unknown field 'colour'"), std::string::npos);
  EXPECT_EQ(engine_->snapshot()->product_count(), 0u);
}

TEST_F(EngineTest, ImportProductsNdjson) {
  Result<ImportReport> report = engine_->ImportProducts(
      "{\"sku\": \"RS-1\", \"name\": \"Running Shoes\", \"price\": \"59.99\", \"stock\": 12}\n"
      "\n"
      "{\"sku\": \"SK-1\", \"name\": \"Crew Socks\", \"price\": \"9.50\", \"tags\": [\"socks\"]}\n",
      RecordFormat::kNdjson);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->errors.empty()) << Describe(report->errors);
  EXPECT_EQ(report->created, 2u);
  EXPECT_EQ(Get("RS-1")->stock, 12);
  EXPECT_EQ(Get("SK-1")->tags, std::vector<std::string>{"socks"});
}

TEST_F(EngineTest, ImportProductsOfAnEmptyFileSaysSo) {
  Result<ImportReport> report = engine_->ImportProducts("sku,name,price\n", RecordFormat::kCsv);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].message, "the file holds no products");
  EXPECT_EQ(faults_->applies, 0);
}

// ------------------------------------------------------------------------------ relationships

TEST_F(EngineTest, CreateRelationshipAssignsIdVersionAndManualOrigin) {
  PutCatalog();
  Relationship r;
  r.source = "RS-1";
  r.target = "SK-1";
  r.type = "accessory";
  r.origin = "rule:socks";  // a caller cannot claim a generated origin
  r.id = 99;
  Result<Relationship> first = engine_->CreateRelationship(r);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->id, 1u);
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(first->origin, "manual");
  Relationship second = Link("RS-1", "IN-1", "accessory");
  EXPECT_EQ(second.id, 2u);
  Result<Relationship> fetched = engine_->GetRelationship(first->id);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(*fetched, *first);
  EXPECT_EQ(Persisted().relationships.size(), 2u);
}

TEST_F(EngineTest, CreateRelationshipReportsTheGraphsRefusals) {
  PutCatalog();
  Link("RS-1", "RS-PRO", "upsell");
  std::shared_ptr<const Snapshot> before = engine_->snapshot();
  EXPECT_EQ(TryLink("RS-1", "RS-404", "accessory").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TryLink("RS-1", "RS-1", "accessory").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TryLink("RS-1", "SK-1", "acessory").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TryLink("RS-1", "RS-PRO", "upsell").status().code(), StatusCode::kAlreadyExists);
  Result<Relationship> cycle = TryLink("RS-PRO", "RS-1", "upsell");
  EXPECT_EQ(cycle.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(cycle.status().message().find("RS-1 -> RS-PRO -> RS-1"), std::string::npos);
  EXPECT_EQ(engine_->snapshot(), before);
  EXPECT_EQ(Link("RS-1", "SK-1", "accessory").id, 2u);  // refusals consumed no id
}

TEST_F(EngineTest, SymmetricCrossSellIsRecommendedBothWays) {
  PutCatalog();
  Link("RS-1", "TR-1", "cross_sell");
  Link("RS-1", "SK-1", "accessory");
  EXPECT_EQ(Recommended("RS-1"), (Skus{"TR-1", "SK-1"}));
  EXPECT_EQ(Recommended("TR-1"), Skus{"RS-1"});
  EXPECT_TRUE(Recommended("SK-1").empty());  // accessory is directed
}

TEST_F(EngineTest, UpdateRelationshipReRanks) {
  PutCatalog();
  Link("RS-1", "SK-1", "accessory");
  Relationship insoles = Link("RS-1", "IN-1", "accessory");
  ASSERT_EQ(Recommended("RS-1"), (Skus{"IN-1", "SK-1"}));  // tie: by sku
  Result<Relationship> updated = engine_->UpdateRelationship(
      insoles.id, [](Relationship* r) { return PatchRelationship({{"weight", 0.5}}, r); });
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_DOUBLE_EQ(updated->weight, 0.5);
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(Recommended("RS-1"), (Skus{"SK-1", "IN-1"}));
}

TEST_F(EngineTest, UpdateRelationshipChecksIfMatchExistenceAndTheEdit) {
  PutCatalog();
  Relationship link = Link("RS-1", "SK-1", "accessory");
  auto heavier = [](Relationship* r) {
    r->weight = 3;
    return Status::Ok();
  };
  EXPECT_EQ(engine_->UpdateRelationship(404, heavier).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(engine_->UpdateRelationship(link.id, heavier, /*if_match=*/2).status().code(),
            StatusCode::kAborted);
  Result<Relationship> refused = engine_->UpdateRelationship(link.id, [](Relationship* r) {
    r->weight = 7;
    return Status::InvalidArgument("field 'weight' is out of range");
  });
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_DOUBLE_EQ(engine_->GetRelationship(link.id)->weight, 1.0);
  EXPECT_EQ(engine_->GetRelationship(link.id)->version, 1);
  EXPECT_TRUE(engine_->UpdateRelationship(link.id, heavier, /*if_match=*/1).ok());
  EXPECT_DOUBLE_EQ(Persisted().relationships.at(0).weight, 3.0);
}

TEST_F(EngineTest, DeleteRelationship) {
  PutCatalog();
  Relationship link = Link("RS-1", "SK-1", "accessory");
  EXPECT_EQ(engine_->DeleteRelationship(link.id, /*if_match=*/5).code(), StatusCode::kAborted);
  EXPECT_EQ(Recommended("RS-1"), Skus{"SK-1"});
  ASSERT_TRUE(engine_->DeleteRelationship(link.id, /*if_match=*/1).ok());
  EXPECT_TRUE(Recommended("RS-1").empty());
  EXPECT_EQ(engine_->DeleteRelationship(link.id).code(), StatusCode::kNotFound);
  EXPECT_TRUE(Persisted().relationships.empty());
}

TEST_F(EngineTest, ListRelationshipsFiltersByDirectionAndType) {
  PutCatalog();
  Relationship out = Link("RS-1", "SK-1", "accessory");
  Relationship in = Link("TR-1", "RS-1", "upsell");
  Relationship both = Link("IN-1", "RS-1", "cross_sell");
  auto ids = [](const std::vector<Relationship>& links) {
    std::vector<RelationshipId> v;
    for (const auto& r : links) v.push_back(r.id);
    return v;
  };
  using Ids = std::vector<RelationshipId>;
  EXPECT_EQ(ids(Links("RS-1")), (Ids{out.id, in.id, both.id}));
  EXPECT_EQ(ids(Links("RS-1", LinkDirection::kOutgoing)), (Ids{out.id, both.id}));
  EXPECT_EQ(ids(Links("RS-1", LinkDirection::kIncoming)), (Ids{in.id, both.id}));
  Result<std::vector<Relationship>> upsells =
      engine_->ListRelationships("RS-1", "upsell", LinkDirection::kBoth);
  ASSERT_TRUE(upsells.ok());
  EXPECT_EQ(ids(*upsells), Ids{in.id});
  EXPECT_EQ(engine_->ListRelationships("RS-1", "upsel", LinkDirection::kBoth).status().code(),
            StatusCode::kInvalidArgument);
}

// ------------------------------------------------------------------------------ link import

TEST_F(EngineTest, ImportRelationshipsUpsertsByKey) {
  PutCatalog();
  Relationship existing = Link("RS-1", "SK-1", "accessory");
  Result<ImportReport> report = engine_->ImportRelationships(
      "source,target,type,weight,position\n"
      "RS-1,SK-1,accessory,2.5,1\n"
      "RS-1,IN-1,accessory,,\n"
      "RS-1,RS-PRO,upsell,1.5,\n",
      RecordFormat::kCsv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->errors.empty()) << Describe(report->errors);
  EXPECT_EQ(report->created, 2u);
  EXPECT_EQ(report->updated, 1u);
  EXPECT_EQ(report->imported, 3u);

  Result<Relationship> upserted = engine_->GetRelationship(existing.id);
  ASSERT_TRUE(upserted.ok());
  EXPECT_DOUBLE_EQ(upserted->weight, 2.5);
  EXPECT_EQ(upserted->position, 1);
  EXPECT_EQ(upserted->version, 2);
  EXPECT_EQ(Links("RS-1").size(), 3u);
  EXPECT_EQ(Recommended("RS-1"), (Skus{"SK-1", "RS-PRO", "IN-1"}));
  EXPECT_EQ(Persisted().relationships.size(), 3u);
}

TEST_F(EngineTest, ImportRelationshipsRollsBackEverythingOnAnyError) {
  PutCatalog();
  Relationship existing = Link("RS-1", "SK-1", "accessory");
  Link("RS-1", "RS-PRO", "upsell");
  std::shared_ptr<const Snapshot> before = engine_->snapshot();
  Result<ImportReport> report = engine_->ImportRelationships(
      "[\n"
      "  {\"source\": \"RS-1\", \"target\": \"SK-1\", \"type\": \"accessory\", \"weight\": 4},\n"
      "  {\"source\": \"RS-1\", \"target\": \"IN-1\", \"type\": \"accessory\"},\n"
      "  {\"source\": \"RS-1\", \"target\": \"RS-404\", \"type\": \"accessory\"},\n"
      "  {\"source\": \"RS-PRO\", \"target\": \"RS-1\", \"type\": \"upsell\"},\n"
      "  {\"source\": \"RS-1\", \"target\": \"IN-1\", \"type\": \"accessory\"}\n"
      "]",
      RecordFormat::kJsonArray);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->errors.size(), 3u) << Describe(report->errors);
  EXPECT_EQ(report->errors[0].line, 4u);
  EXPECT_NE(report->errors[0].message.find("target product 'RS-404' does not exist"),
            std::string::npos);
  EXPECT_EQ(report->errors[1].line, 5u);
  EXPECT_NE(report->errors[1].message.find("would close the cycle"), std::string::npos);
  EXPECT_EQ(report->errors[2].line, 6u);
  EXPECT_NE(report->errors[2].message.find("appears again (first on line 3)"), std::string::npos);
  EXPECT_EQ(report->created, 0u);
  EXPECT_EQ(report->updated, 0u);
  EXPECT_EQ(report->imported, 0u);

  EXPECT_EQ(engine_->snapshot(), before);
  EXPECT_DOUBLE_EQ(engine_->GetRelationship(existing.id)->weight, 1.0);
  EXPECT_EQ(engine_->GetRelationship(existing.id)->version, 1);
  EXPECT_EQ(Links("IN-1").size(), 0u);
  EXPECT_EQ(Persisted().relationships.size(), 2u);
  EXPECT_DOUBLE_EQ(Persisted().relationships.at(0).weight, 1.0);
  // The rolled-back insert gave its id back, and its key is free again.
  EXPECT_EQ(Link("RS-1", "IN-1", "accessory").id, 3u);
}

TEST_F(EngineTest, ImportRelationshipsChecksCyclesWithinTheFile) {
  PutCatalog();
  Result<ImportReport> report = engine_->ImportRelationships(
      "{\"source\": \"RS-1\", \"target\": \"TR-1\", \"type\": \"upsell\"}\n"
      "{\"source\": \"TR-1\", \"target\": \"RS-PRO\", \"type\": \"upsell\"}\n"
      "{\"source\": \"RS-PRO\", \"target\": \"RS-1\", \"type\": \"upsell\"}\n",
      RecordFormat::kNdjson);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->errors.size(), 1u) << Describe(report->errors);
  EXPECT_EQ(report->errors[0].line, 3u);
  EXPECT_NE(report->errors[0].message.find("RS-1 -> TR-1 -> RS-PRO -> RS-1"), std::string::npos)
      << report->errors[0].message;
  EXPECT_TRUE(Links("RS-1").empty());
}

TEST_F(EngineTest, ImportRelationshipsOfAnEmptyFileSaysSo) {
  PutCatalog();
  Result<ImportReport> report = engine_->ImportRelationships("[]", RecordFormat::kJsonArray);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].message, "the file holds no relationships");
}

// ------------------------------------------------------------------------------ types

TEST_F(EngineTest, PutTypeWeightChangeReRanksRecommendations) {
  PutCatalog();
  Link("RS-1", "TR-1", "cross_sell");  // 1.0
  Link("RS-1", "RS-PRO", "upsell");    // 1.2
  Link("SK-1", "TR-1", "cross_sell");  // only reachable through the type change
  ASSERT_EQ(Recommended("RS-1"), (Skus{"RS-PRO", "TR-1"}));
  Result<RelationType> t = engine_->PutType("cross_sell", [](const RelationType& current) {
    RelationType next = current;
    next.weight = 2.0;
    return Result<RelationType>(next);
  });
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_DOUBLE_EQ(t->weight, 2.0);
  EXPECT_TRUE(t->builtin);
  EXPECT_FALSE(t->directed);
  EXPECT_EQ(t->version, 1);
  EXPECT_EQ(Recommended("RS-1"), (Skus{"TR-1", "RS-PRO"}));
  EXPECT_EQ(Recommended("TR-1"), (Skus{"RS-1", "SK-1"}));

  Result<Recommendations> recs = Recommend(*engine_->snapshot(), {.sku = "TR-1"});
  ASSERT_TRUE(recs.ok());
  EXPECT_DOUBLE_EQ(recs->items[0].score, 2.0);
  EXPECT_DOUBLE_EQ(recs->items[0].type->weight, 2.0);
  ASSERT_EQ(Persisted().types.size(), 1u);
  EXPECT_DOUBLE_EQ(Persisted().types[0].weight, 2.0);
}

TEST_F(EngineTest, PutTypeCreatesACustomTypeForLinks) {
  PutCatalog();
  Result<RelationType> t = engine_->PutType("bought_with", [](const RelationType& current) {
    EXPECT_EQ(current.name, "bought_with");
    EXPECT_FALSE(current.builtin);
    RelationType next = current;
    next.weight = 1.5;
    next.builtin = true;  // not the caller's to set
    return Result<RelationType>(next);
  });
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_FALSE(t->builtin);
  EXPECT_EQ(t->version, 1);
  EXPECT_EQ(engine_->Types().size(), 4u);
  Link("RS-1", "SK-1", "bought_with");
  Link("RS-1", "TR-1", "cross_sell");
  EXPECT_EQ(Recommended("RS-1"), (Skus{"SK-1", "TR-1"}));
  EXPECT_EQ(Recommended("RS-1", {.types = {"bought_with"}}), Skus{"SK-1"});
}

TEST_F(EngineTest, PutTypeRefusedByExistingLinksChangesNothing) {
  PutCatalog();
  ASSERT_TRUE(engine_
                  ->PutType("similar",
                            [](const RelationType& c) { return Result<RelationType>(c); })
                  .ok());
  Link("RS-1", "TR-1", "similar");
  Link("TR-1", "RS-1", "similar");
  std::shared_ptr<const Snapshot> before = engine_->snapshot();
  Result<RelationType> t = engine_->PutType("similar", [](const RelationType& current) {
    RelationType next = current;
    next.directed = false;
    return Result<RelationType>(next);
  });
  EXPECT_EQ(t.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(engine_->Types()[2].directed);  // accessory, cross_sell, similar, upsell
  EXPECT_EQ(engine_->Types()[2].name, "similar");
  EXPECT_EQ(engine_->snapshot(), before);
}

TEST_F(EngineTest, PutTypeReportsTheEditsErrorAndInvalidTypes) {
  Result<RelationType> t = engine_->PutType("upsell", [](const RelationType&) {
    return Result<RelationType>(Status::InvalidArgument("unknown field 'wieght'"));
  });
  EXPECT_EQ(t.status().message(), "unknown field 'wieght'");
  t = engine_->PutType("upsell", [](const RelationType& current) {
    RelationType next = current;
    next.weight = 0;
    return Result<RelationType>(next);
  });
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_DOUBLE_EQ(engine_->Types().back().weight, 1.2);
  EXPECT_EQ(faults_->applies, 0);
}

// ------------------------------------------------------------------------------ snapshots

TEST_F(EngineTest, ReadersKeepTheSnapshotTheyHold) {
  PutCatalog();
  Link("RS-1", "SK-1", "accessory");
  std::shared_ptr<const Snapshot> old = engine_->snapshot();
  Put(MakeProduct("SK-1", "Crew Socks", 950, 0));
  Link("RS-1", "IN-1", "accessory");
  ASSERT_TRUE(engine_->DeleteProduct("CL-1").ok());

  EXPECT_GT(engine_->snapshot()->generation(), old->generation());
  EXPECT_EQ(old->Find("SK-1")->product.stock, 100);
  EXPECT_NE(old->Find("CL-1"), nullptr);
  EXPECT_EQ(old->Find("RS-1")->edges.size(), 1u);
  EXPECT_EQ(Recommend(*old, {.sku = "RS-1"})->items.size(), 1u);
  EXPECT_EQ(Recommended("RS-1"), Skus{"IN-1"});  // socks are now out of stock
}

TEST_F(EngineTest, StockChangeOfATargetIsSeenWithoutRelinking) {
  PutCatalog();
  Link("RS-1", "SK-1", "accessory");
  Put(MakeProduct("SK-1", "Crew Socks", 950, 0));
  EXPECT_TRUE(Recommended("RS-1").empty());
  Put(MakeProduct("SK-1", "Crew Socks", 950, 5));
  EXPECT_EQ(Recommended("RS-1"), Skus{"SK-1"});
}

TEST_F(EngineTest, ReopenRestoresTheSameStateFromTheStore) {
  PutCatalog();
  ASSERT_TRUE(engine_
                  ->PutType("upsell",
                            [](const RelationType& c) {
                              RelationType n = c;
                              n.weight = 3;
                              return Result<RelationType>(n);
                            })
                  .ok());
  Link("RS-1", "SK-1", "accessory", 1.0, 1);
  Link("RS-1", "RS-PRO", "upsell");
  Link("TR-1", "RS-1", "cross_sell", 0.5);
  Relationship gone = Link("RS-1", "IN-1", "accessory");
  ASSERT_TRUE(engine_->DeleteRelationship(gone.id).ok());
  Skus recommended = Recommended("RS-1");
  std::vector<RelationType> types = engine_->Types();
  std::vector<Relationship> links = Links("RS-1");

  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(Recommended("RS-1"), recommended);
  EXPECT_EQ(recommended, (Skus{"SK-1", "RS-PRO", "TR-1"}));
  EXPECT_EQ(engine_->Types(), types);
  EXPECT_EQ(Links("RS-1"), links);
  EXPECT_EQ(engine_->snapshot()->product_count(), 7u);
  EXPECT_EQ(Get("RS-1")->version, 1);
  EXPECT_GT(Link("CL-1", "LC-1", "cross_sell").id, links.back().id);
}

TEST_F(EngineTest, OpenFailsWhenTheStoreCannotBeRead) {
  faults_->fail_load = true;
  Status st = Reopen();
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace affinity

#include "storage/memory_store.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace affinity {
namespace {

Product MakeProduct(std::string sku, std::string name, std::int64_t price) {
  Product p;
  p.sku = std::move(sku);
  p.name = std::move(name);
  p.price_minor = price;
  p.version = 1;
  return p;
}

TEST(MemoryStoreTest, StartsEmpty) {
  MemoryStore store;
  Result<StoredState> s = store.Load();
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->products.empty());
  EXPECT_TRUE(s->types.empty());
  EXPECT_TRUE(s->relationships.empty());
}

TEST(MemoryStoreTest, LoadReturnsWhatWasApplied) {
  MemoryStore store;
  ChangeSet c;
  c.put_products = {MakeProduct("SK-1", "Crew Socks", 950), MakeProduct("RS-1", "Shoes", 5999)};
  c.put_products[1].attributes = boost::json::parse(R"({"color": "blue"})").as_object();
  c.put_types = {{.name = "bought_with", .weight = 1.5, .version = 1}};
  c.put_relationships = {{.id = 2, .source = "RS-1", .target = "SK-1", .type = "accessory"},
                         {.id = 1, .source = "SK-1", .target = "RS-1", .type = "bought_with"}};
  ASSERT_TRUE(store.Apply(c).ok());
  Result<StoredState> s = store.Load();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->products.size(), 2u);
  EXPECT_EQ(s->products[0], c.put_products[1]);  // by sku
  EXPECT_EQ(s->products[1], c.put_products[0]);
  EXPECT_EQ(s->types, c.put_types);
  ASSERT_EQ(s->relationships.size(), 2u);
  EXPECT_EQ(s->relationships[0].id, 1u);  // by id
  EXPECT_EQ(s->relationships[1], c.put_relationships[0]);
}

TEST(MemoryStoreTest, UpsertsReplaceAndDeletionsRemove) {
  MemoryStore store;
  ChangeSet first;
  first.put_products = {MakeProduct("RS-1", "Shoes", 5999), MakeProduct("SK-1", "Socks", 950)};
  first.put_relationships = {{.id = 1, .source = "RS-1", .target = "SK-1", .type = "accessory"}};
  ASSERT_TRUE(store.Apply(first).ok());
  ChangeSet second;
  second.put_products = {MakeProduct("RS-1", "Running Shoes", 4999)};
  second.delete_products = {"SK-1"};
  second.delete_relationships = {1};
  ASSERT_TRUE(store.Apply(second).ok());
  Result<StoredState> s = store.Load();
  ASSERT_EQ(s->products.size(), 1u);
  EXPECT_EQ(s->products[0].name, "Running Shoes");
  EXPECT_TRUE(s->relationships.empty());
}

TEST(MemoryStoreTest, DeletionsApplyBeforeUpserts) {
  MemoryStore store;
  ASSERT_TRUE(store.Apply({.put_products = {MakeProduct("RS-1", "Shoes", 5999)}}).ok());
  ChangeSet c;
  c.delete_products = {"RS-1"};
  c.put_products = {MakeProduct("RS-1", "Shoes again", 6999)};
  c.delete_relationships = {7};
  c.put_relationships = {{.id = 7, .source = "RS-1", .target = "SK-1", .type = "accessory"}};
  ASSERT_TRUE(store.Apply(c).ok());
  Result<StoredState> s = store.Load();
  ASSERT_EQ(s->products.size(), 1u);
  EXPECT_EQ(s->products[0].name, "Shoes again");
  EXPECT_EQ(s->relationships.size(), 1u);
}

}  // namespace
}  // namespace affinity

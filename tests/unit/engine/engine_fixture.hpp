// EngineFixture: an Engine over a FaultyStore around a MemoryStore, and a small running-gear catalog
// to link, for the engine, recommender and rollback tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/faulty_store.hpp"
#include "engine/recommender.hpp"
#include "storage/memory_store.hpp"

namespace affinity {

inline Product MakeProduct(std::string sku, std::string name, std::int64_t price_minor,
                           std::optional<std::int64_t> stock = std::nullopt) {
  Product p;
  p.sku = std::move(sku);
  p.name = std::move(name);
  p.price_minor = price_minor;
  p.stock = stock;
  return p;
}

class EngineFixture : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Reopen().ok()); }

  // Opens a fresh Engine over the same store, as a restart would.
  Status Reopen() {
    engine_.reset();
    Result<std::unique_ptr<Engine>> opened =
        Engine::Open(std::make_unique<FaultyStore>(memory_, faults_));
    if (!opened.ok()) return opened.status();
    engine_ = std::move(opened).value();
    return Status::Ok();
  }

  // The catalog most tests link: shoes, a premium and a trail shoe, and their add-ons.
  void PutCatalog() {
    Put(MakeProduct("RS-1", "Running Shoes", 5999, 12));
    Put(MakeProduct("RS-PRO", "Carbon Racing Shoes", 18900, 3));
    Put(MakeProduct("TR-1", "Trail Shoes", 8900));
    Put(MakeProduct("SK-1", "Crew Socks", 950, 100));
    Put(MakeProduct("IN-1", "Gel Insoles", 1999));
    Put(MakeProduct("CL-1", "Shoe Cleaner", 749, 40));
    Put(MakeProduct("LC-1", "Elastic Laces", 499));
  }

  Product Put(Product p) {
    Result<Engine::PutProductResult> r = engine_->PutProduct(std::move(p));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->product : Product{};
  }

  Relationship Link(const std::string& source, const std::string& target, const std::string& type,
                    double weight = 1.0, std::optional<std::int32_t> position = std::nullopt) {
    Result<Relationship> r = TryLink(source, target, type, weight, position);
    EXPECT_TRUE(r.ok()) << source << " -> " << target << " " << type << ": "
                        << r.status().ToString();
    return r.ok() ? *r : Relationship{};
  }

  Result<Relationship> TryLink(const std::string& source, const std::string& target,
                               const std::string& type, double weight = 1.0,
                               std::optional<std::int32_t> position = std::nullopt) {
    Relationship r;
    r.source = source;
    r.target = target;
    r.type = type;
    r.weight = weight;
    r.position = position;
    return engine_->CreateRelationship(r);
  }

  // The product as the current snapshot serves it.
  std::optional<Product> Get(std::string_view sku) const {
    std::shared_ptr<const Snapshot> s = engine_->snapshot();
    const ProductNode* node = s->Find(sku);
    return node ? std::optional<Product>(node->product) : std::nullopt;
  }

  // The SKUs recommended for `sku`, best first (empty when the request fails).
  std::vector<std::string> Recommended(const std::string& sku, RecommendRequest request = {}) const {
    request.sku = sku;
    std::shared_ptr<const Snapshot> s = engine_->snapshot();
    Result<Recommendations> r = Recommend(*s, request);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const RecommendedItem& item : r->items) out.push_back(item.product->product.sku);
    }
    return out;
  }

  std::vector<Relationship> Links(std::string_view sku,
                                  LinkDirection direction = LinkDirection::kBoth) const {
    Result<std::vector<Relationship>> r = engine_->ListRelationships(sku, "", direction);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<Relationship>{};
  }

  StoredState Persisted() {
    Result<StoredState> s = memory_->Load();
    EXPECT_TRUE(s.ok());
    return s.ok() ? *s : StoredState{};
  }

  std::shared_ptr<MemoryStore> memory_ = std::make_shared<MemoryStore>();
  std::shared_ptr<StoreFaults> faults_ = std::make_shared<StoreFaults>();
  std::unique_ptr<Engine> engine_;
};

using Skus = std::vector<std::string>;

}  // namespace affinity

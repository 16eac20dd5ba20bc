// A seeded generator of running-gear products and a set of rules of different shapes over them,
// for the property tests that compare incremental rule materialisation with a full recompute.
#pragma once

#include <algorithm>
#include <boost/json/parse.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "catalog/product.hpp"
#include "rules/rule.hpp"
#include "rules/schedule.hpp"

namespace affinity {

class RandomCatalog {
 public:
  explicit RandomCatalog(std::uint32_t seed) : rng_(seed) {}

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[Uniform(0, static_cast<int>(from.size()) - 1)];
  }

  std::string Category() { return Pick(kCategories); }
  std::string Brand() { return Pick(kBrands); }
  std::int64_t Price() { return Uniform(5, 200) * 100 + Pick(std::vector<int>{0, 49, 99}); }
  std::optional<std::int64_t> Stock() {
    const int roll = Uniform(1, 4);
    if (roll == 1) return std::nullopt;  // not tracked
    if (roll == 2) return 0;
    return Uniform(1, 50);
  }
  std::vector<std::string> Tags() {
    std::vector<std::string> tags;
    for (const std::string& t : kTags) {
      if (Chance(25)) tags.push_back(t);
    }
    return tags;
  }
  // A stock level on the other side of zero.
  std::optional<std::int64_t> FlipStock(const std::optional<std::int64_t>& stock) {
    if (stock && *stock == 0)
      return Chance(30) ? std::nullopt : std::optional<std::int64_t>(Uniform(1, 9));
    return 0;
  }

  Product NewProduct(std::string sku) {
    Product p;
    p.sku = std::move(sku);
    p.name = "Product " + p.sku;
    p.category = Category();
    p.brand = Brand();
    p.price_minor = Price();
    p.stock = Stock();
    p.tags = Tags();
    return p;
  }

  // Changes one thing about `p` (or, rarely, several).
  void Mutate(Product& p) {
    switch (Uniform(0, 5)) {
      case 0:
        p.price_minor = Price();
        break;
      case 1:
        p.category = Category();
        break;
      case 2:
        p.brand = Brand();
        break;
      case 3:
        p.stock = FlipStock(p.stock);
        break;
      case 4:
        p.tags = Tags();
        break;
      default:
        p.price_minor = Price();
        p.category = Category();
        p.stock = FlipStock(p.stock);
        break;
    }
  }

  std::mt19937& rng() { return rng_; }

  inline static const std::vector<std::string> kCategories = {
      "Footwear/Running",  "Footwear/Trail", "Footwear/Kids",  "Accessories/Socks",
      "Accessories/Laces", "Apparel/Shirts", "Apparel/Jackets"};
  inline static const std::vector<std::string> kBrands = {"Stride", "Peak", "Loop", "Arc",
                                                          "Nimbus"};
  inline static const std::vector<std::string> kTags = {"running", "trail", "sale",
                                                        "outdoor", "new",   "kids"};

 private:
  std::mt19937 rng_;
};

inline Rule MakeRule(std::string id, std::string type, std::string when, std::string then,
                     std::int64_t limit, std::int64_t priority) {
  Rule r;
  r.id = std::move(id);
  r.type = std::move(type);
  r.when = std::move(when);
  r.then = std::move(then);
  r.limit = limit;
  r.priority = priority;
  return r;
}

// Six rules of different shapes; the last reads the accessory links (manual and generated) and
// produces the custom type "bundle", which must exist. Distinct priorities keep ties apart.
inline std::vector<Rule> PropertyRules() {
  std::vector<Rule> rules;
  // Category equality, a price relative to the source, a limit below the candidate count.
  rules.push_back(MakeRule("footwear-upsell", "upsell", "source.category startsWith \"Footwear\"",
                           "target.category == source.category && target.price > source.price", 3,
                           50));
  // A brand equal to the source's, a fixed category.
  rules.push_back(MakeRule("same-brand-socks", "accessory",
                           "source.category startsWith \"Footwear\" && source.price > 40",
                           "target.category == \"Accessories/Socks\" && "
                           "target.brand == source.brand",
                           4, 40));
  // Symmetric: a tag and a cheaper price.
  rules.push_back(MakeRule("outdoor-cross", "cross_sell", "source.category startsWith \"Apparel\"",
                           "target.tags contains \"outdoor\" && target.price < source.price", 2,
                           30));
  // startsWith on the target, sources chosen by tag.
  rules.push_back(MakeRule("sale-laces", "accessory", "source.tags contains \"sale\"",
                           "target.category startsWith \"Accessories/Laces\" && "
                           "target.price < source.price",
                           5, 20));
  // Scheduled and symmetric: kids' shirts for kids' shoes in autumn.
  Rule seasonal =
      MakeRule("kids-autumn", "cross_sell", "source.category == \"Footwear/Kids\"",
               "target.category == \"Apparel/Shirts\" && target.tags contains \"kids\"", 6, 5);
  seasonal.schedule =
      Schedule::FromJson(boost::json::parse(R"({"recurring":"09-01/11-30"})")).value();
  rules.push_back(seasonal);
  // related(): the in-stock accessories of a shoe, as a bundle.
  rules.push_back(MakeRule("accessory-bundle", "bundle", "source.category startsWith \"Footwear\"",
                           "target.category startsWith \"Accessories\" && "
                           "target.sku in related(source, \"accessory\") && target.in_stock",
                           2, 10));
  return rules;
}

}  // namespace affinity

// Reads the data-driven rule tests (tests/rules/*.test, format in README.md) into records: the
// products, customers, carts and relationships a file defines, and its cases.
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "catalog/product.hpp"
#include "common/status.hpp"
#include "rules/eval_context.hpp"

namespace affinity {

struct RuleTestCase {
  int line = 0;               // where the record starts, for messages and test names
  std::string kind;           // "condition" or "schedule"
  std::string role;           // condition: when | then | context | guideline
  std::map<std::string, std::string> bindings;  // source=, target=, customer=, cart=, now=
  std::string body;           // the condition text or the schedule JSON
  std::vector<std::string> expected;
  std::set<std::string> attributes;  // the AttributeCatalog in force for this case
};

class RelatedFacts : public RelatedLookup {
 public:
  void Add(std::string from, std::string type, std::string to) {
    facts_.emplace(std::move(from), std::move(type), std::move(to));
  }
  bool Contains(std::string_view from, std::string_view type, std::string_view to) const override {
    return facts_.contains(std::tuple<std::string, std::string, std::string>(from, type, to));
  }
  std::size_t Count(std::string_view from, std::string_view type) const override {
    std::size_t n = 0;
    for (const auto& [f, t, to] : facts_) n += f == from && t == type;
    return n;
  }

 private:
  std::set<std::tuple<std::string, std::string, std::string>> facts_;
};

struct RuleTestFile {
  std::string path;
  std::map<std::string, Product> products;
  std::map<std::string, CustomerProfile> customers;
  std::map<std::string, Cart> carts;
  RelatedFacts related;
  std::vector<RuleTestCase> cases;
};

// Parses the file at `path`. InvalidArgument names the line of a malformed record.
Result<RuleTestFile> ReadRuleTestFile(const std::string& path);

}  // namespace affinity

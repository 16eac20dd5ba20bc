#include "mining/association.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

namespace affinity::mining {

namespace {

// Itemsets as byte strings keyed for hashing (items are ascending, so equal sets are equal keys).
std::string_view KeyOf(const std::vector<ItemId>& items) {
  return {reinterpret_cast<const char*>(items.data()), items.size() * sizeof(ItemId)};
}

std::string Describe(const std::vector<ItemId>& items) {
  std::string s = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) s += ' ';
    s += std::to_string(items[i]);
  }
  return s + "}";
}

}  // namespace

Result<std::vector<AssociationRule>> DeriveRules(const std::vector<FrequentItemset>& itemsets,
                                                 std::size_t num_transactions,
                                                 const RuleOptions& options) {
  std::unordered_map<std::string_view, std::uint64_t> support;
  support.reserve(itemsets.size());
  for (const FrequentItemset& s : itemsets) support.emplace(KeyOf(s.items), s.support);

  std::vector<AssociationRule> rules;
  std::vector<ItemId> antecedent;
  for (const FrequentItemset& s : itemsets) {
    if (s.items.size() < 2) continue;
    for (std::size_t drop = 0; drop < s.items.size(); ++drop) {
      antecedent.clear();
      for (std::size_t j = 0; j < s.items.size(); ++j) {
        if (j != drop) antecedent.push_back(s.items[j]);
      }
      ItemId consequent = s.items[drop];
      auto a = support.find(KeyOf(antecedent));
      auto c = support.find(KeyOf(std::vector<ItemId>{consequent}));
      if (a == support.end() || c == support.end()) {
        return Status::InvalidArgument(
            "itemset " + Describe(s.items) + ": subset " +
            Describe(a == support.end() ? antecedent : std::vector<ItemId>{consequent}) +
            " is missing; pass every frequent itemset (FP-growth output without max_length "
            "cut below the rule length)");
      }
      double confidence = Confidence(s.support, a->second);
      if (confidence < options.min_confidence) continue;
      if (rules.size() >= options.max_rules) {
        return Status::ResourceExhausted(
            "more than max_rules = " + std::to_string(options.max_rules) +
            " rules; raise RuleOptions::max_rules, min_confidence or the itemsets' min support");
      }
      rules.push_back({antecedent, consequent, s.support, Support(s.support, num_transactions),
                       confidence, Lift(s.support, a->second, c->second, num_transactions)});
    }
  }
  std::sort(rules.begin(), rules.end(), [](const AssociationRule& x, const AssociationRule& y) {
    if (x.confidence != y.confidence) return x.confidence > y.confidence;
    if (x.lift != y.lift) return x.lift > y.lift;
    if (x.antecedent != y.antecedent) return x.antecedent < y.antecedent;
    return x.consequent < y.consequent;
  });
  return rules;
}

}  // namespace affinity::mining

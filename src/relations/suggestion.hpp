// Suggestion: a relationship proposed by association mining, with the evidence behind it, waiting
// for a merchandiser to accept it (it becomes a relationship with origin "mined:<job>") or reject
// it (it is remembered and never suggested again).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "catalog/product.hpp"

namespace affinity {

enum class SuggestionStatus { kPending, kAccepted, kRejected };
const char* SuggestionStatusName(SuggestionStatus status);
std::optional<SuggestionStatus> ParseSuggestionStatus(std::string_view name);

// How strongly the orders tie the two products together.
struct PairEvidence {
  std::int64_t together = 0;      // purchase baskets holding both
  std::int64_t source_count = 0;  // baskets holding the source
  std::int64_t target_count = 0;  // baskets holding the target
  std::int64_t baskets = 0;       // baskets mined
  double support = 0;             // together / baskets
  double confidence = 0;          // together / source_count: P(target | source)
  double lift = 0;                // confidence / P(target)
};

struct Suggestion {
  std::uint64_t id = 0;
  std::string source;  // sku
  std::string target;  // sku
  std::string type;    // cross_sell | accessory | ...
  std::string job;     // the mining job that found it
  std::string reason;  // the rule of thumb that chose the type
  PairEvidence evidence;
  SuggestionStatus status = SuggestionStatus::kPending;
  std::int64_t created_at = 0;  // Unix seconds
  std::optional<std::uint64_t> relationship_id;  // once accepted
};

// The rule of thumb that turns a co-purchased pair into a suggested type, or nullopt when none
// applies. A cheaper target in an accessory category ("Accessories/...", or tagged "accessory")
// -> accessory; a target in another category -> cross_sell; the same category (substitutes rather
// than complements) -> none. `reason` says which rule fired.
std::optional<std::string> ClassifyPair(const Product& source, const Product& target,
                                        std::string* reason);

boost::json::object SuggestionToJson(const Suggestion& s);

}  // namespace affinity

#include "relations/suggestion.hpp"

#include <algorithm>

#include "common/strings.hpp"

namespace affinity {

const char* SuggestionStatusName(SuggestionStatus s) {
  switch (s) {
    case SuggestionStatus::kPending: return "pending";
    case SuggestionStatus::kAccepted: return "accepted";
    case SuggestionStatus::kRejected: return "rejected";
  }
  return "pending";
}

std::optional<SuggestionStatus> ParseSuggestionStatus(std::string_view name) {
  for (auto s : {SuggestionStatus::kPending, SuggestionStatus::kAccepted,
                 SuggestionStatus::kRejected}) {
    if (name == SuggestionStatusName(s)) return s;
  }
  return std::nullopt;
}

namespace {

bool IsAccessoryCategory(const Product& p) {
  std::string category = ToLower(p.category);
  if (category.starts_with("accessor") || category.find("/accessor") != std::string::npos) {
    return true;
  }
  return std::any_of(p.tags.begin(), p.tags.end(),
                     [](const std::string& t) { return ToLower(t) == "accessory"; });
}

}  // namespace

std::optional<std::string> ClassifyPair(const Product& source, const Product& target,
                                        std::string* reason) {
  if (IsAccessoryCategory(target) && !IsAccessoryCategory(source) &&
      target.currency == source.currency && target.price_minor < source.price_minor) {
    *reason = "co-purchased; the target is cheaper and in an accessory category";
    return "accessory";
  }
  if (source.category != target.category) {
    *reason = "co-purchased across categories (complementary)";
    return "cross_sell";
  }
  *reason = "same category: likely substitutes, not suggested";
  return std::nullopt;
}

boost::json::object SuggestionToJson(const Suggestion& s) {
  const PairEvidence& e = s.evidence;
  boost::json::object o{
      {"id", s.id},
      {"source", s.source},
      {"target", s.target},
      {"type", s.type},
      {"job", s.job},
      {"status", SuggestionStatusName(s.status)},
      {"reason", s.reason},
      {"evidence",
       {{"together", e.together},
        {"source_count", e.source_count},
        {"target_count", e.target_count},
        {"baskets", e.baskets},
        {"support", e.support},
        {"confidence", e.confidence},
        {"lift", e.lift}}},
      {"created_at", s.created_at}};
  o["relationship_id"] =
      s.relationship_id ? boost::json::value(*s.relationship_id) : boost::json::value(nullptr);
  return o;
}

}  // namespace affinity

// CoPurchases: what the latest mining job learned about which products are bought together: for
// each SKU, its best partners with their evidence, best first. Immutable once built; shared by the
// mining service (which makes it), suggestions and reports.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/strings.hpp"
#include "relations/suggestion.hpp"

namespace affinity {

struct CoPurchases {
  std::string job;
  std::unordered_map<std::string, std::vector<std::pair<std::string, PairEvidence>>, StringHash,
                     std::equal_to<>>
      partners;
};

}  // namespace affinity

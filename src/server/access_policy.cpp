#include "server/access_policy.hpp"

namespace affinity {

Access RouteAccess(std::string_view method, std::string_view pattern) {
  const bool read = method == "GET" || method == "HEAD";
  if (pattern == "/healthz" || pattern == "/readyz") return Access::kPublic;
  if (pattern.starts_with("/v1/keys") || pattern.ends_with("/secret")) return Access::kAdmin;
  // A storefront may offer a product's bundles as it offers its recommendations.
  if (pattern == "/v1/products/{sku}/recommendations" || pattern == "/v1/recommendations" ||
      pattern == "/v1/products/{sku}/bundles") {
    return Access::kRecommend;
  }
  if (pattern == "/v1/me") return Access::kAuthenticated;
  if (pattern.starts_with("/v1/intake/")) {
    if (read) return Access::kIntakeRead;
    return pattern == "/v1/intake/{channel}" ? Access::kIntakeDelivery : Access::kIntakeWrite;
  }
  if (pattern == "/v1/orders:import") return Access::kOrderImport;
  return read ? Access::kRead : Access::kWrite;
}

std::string_view AccessDescription(Access access) {
  switch (access) {
    case Access::kPublic:
      return "call public endpoints";
    case Access::kAuthenticated:
      return "say who it is";
    case Access::kRecommend:
      return "read recommendations and bundle offers";
    case Access::kRead:
      return "read the catalog, links, rules, orders and reports";
    case Access::kWrite:
      return "change the catalog, links, rules, types, suggestions and jobs";
    case Access::kIntakeRead:
      return "read the intake";
    case Access::kIntakeWrite:
      return "deliver orders and replay dead letters";
    case Access::kIntakeDelivery:
      return "deliver orders";
    case Access::kOrderImport:
      return "import orders";
    case Access::kAdmin:
      return "manage API keys and webhook secrets";
  }
  return "?";
}

}  // namespace affinity

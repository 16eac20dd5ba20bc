// Roles and what they may do. A key has one role; a route needs one kind of Access; Allows() is
// the whole policy, in one place:
//
//   access        admin  merchandiser  viewer  intake  storefront
//   recommend       x         x          x               x        recommendation reads, the
//                                                                 bundles of a product
//   read            x         x          x                        every other GET
//   write           x         x                                   catalog, links, rules, types,
//                                                                 suggestions, mining, bundles
//   intake_read     x         x          x       x                GET /v1/intake/...
//   intake_write    x                            x                deliveries, replays
//   (a delivery to a source with a webhook secret needs its signature instead of a key)
//   order_import    x                            x                POST /v1/orders:import
//   admin           x                                             keys, webhook secrets
#pragma once

#include <optional>
#include <string_view>

namespace affinity {

enum class Role { kAdmin, kMerchandiser, kViewer, kIntake, kStorefront };

enum class Access {
  kPublic,         // no key needed: /healthz, /readyz
  kAuthenticated,  // any valid key: GET /v1/me
  kRecommend,
  kRead,
  kWrite,
  kIntakeRead,
  kIntakeWrite,
  kIntakeDelivery,  // POST /v1/intake/{channel}: like kIntakeWrite, or a valid webhook signature
  kOrderImport,
  kAdmin,
};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
std::string_view AccessName(Access access);
// "admin, merchandiser, viewer, intake, storefront"
std::string_view RoleNames();

bool Allows(Role role, Access access);

}  // namespace affinity

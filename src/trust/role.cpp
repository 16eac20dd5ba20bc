#include "trust/role.hpp"

namespace affinity {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kMerchandiser:
      return "merchandiser";
    case Role::kViewer:
      return "viewer";
    case Role::kIntake:
      return "intake";
    case Role::kStorefront:
      return "storefront";
  }
  return "?";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r :
       {Role::kAdmin, Role::kMerchandiser, Role::kViewer, Role::kIntake, Role::kStorefront}) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view RoleNames() { return "admin, merchandiser, viewer, intake, storefront"; }

std::string_view AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kAuthenticated:
      return "authenticated";
    case Access::kRecommend:
      return "recommend";
    case Access::kRead:
      return "read";
    case Access::kWrite:
      return "write";
    case Access::kIntakeRead:
      return "intake_read";
    case Access::kIntakeWrite:
      return "intake_write";
    case Access::kIntakeDelivery:
      return "intake_delivery";
    case Access::kOrderImport:
      return "order_import";
    case Access::kAdmin:
      return "admin";
  }
  return "?";
}

bool Allows(Role role, Access access) {
  if (access == Access::kPublic || access == Access::kAuthenticated || role == Role::kAdmin) {
    return true;
  }
  switch (role) {
    case Role::kMerchandiser:
      return access == Access::kRecommend || access == Access::kRead || access == Access::kWrite ||
             access == Access::kIntakeRead;
    case Role::kViewer:
      return access == Access::kRecommend || access == Access::kRead ||
             access == Access::kIntakeRead;
    case Role::kIntake:
      return access == Access::kIntakeRead || access == Access::kIntakeWrite ||
             access == Access::kIntakeDelivery || access == Access::kOrderImport;
    case Role::kStorefront:
      return access == Access::kRecommend;
    case Role::kAdmin:
      return true;
  }
  return false;
}

}  // namespace affinity

// Which kind of Access each route needs, decided in one place from its method and pattern (the
// role table is in trust/role.hpp). New routes fall into the rule that fits their shape; a route
// with needs of its own gets a line here.
#pragma once

#include <string_view>

#include "trust/role.hpp"

namespace affinity {

Access RouteAccess(std::string_view method, std::string_view pattern);

// What a kind of access lets a key do, for messages: "change the catalog, links and rules".
std::string_view AccessDescription(Access access);

}  // namespace affinity

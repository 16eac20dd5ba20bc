// Serialises JSON for people as well as programs: numbers with a fraction print with up to 12
// significant digits (1.2 x 1.5 prints 1.8, not 1.7999999999999998 or Boost 1.81's 1.8E0).
// Integers print exactly. Non-finite numbers, which JSON cannot hold, print as null.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace affinity {

std::string ToJsonText(const boost::json::value& value);

}  // namespace affinity

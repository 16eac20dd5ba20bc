// The OpenAPI 3.1 description of the API, served at /v1/openapi.json.
#pragma once

#include <string_view>

namespace affinity {

std::string_view OpenApiDocument();

}  // namespace affinity

// Shared by the fuzz targets: how the first byte of an input picks a variant, so that seeds stay
// readable ("c" + a CSV file, "s" + a Shopify payload) while the fuzzer may still mutate the
// choice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace affinity::fuzz {

// The index of `first` in `letters` when it is one of them, else first % letters.size().
// REQUIRES: !letters.empty().
inline std::size_t Pick(std::uint8_t first, std::string_view letters) {
  const std::size_t at = letters.find(static_cast<char>(first));
  return at != std::string_view::npos ? at : first % letters.size();
}

// The input as text, and without its first byte.
inline std::string_view Text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace affinity::fuzz

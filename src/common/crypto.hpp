// Cryptographic primitives, on OpenSSL: SHA-256, HMAC-SHA256, random bytes, Base64 and hex, and a
// constant-time comparison. Used for API keys (stored only as a SHA-256 hash) and webhook
// signatures. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace affinity {

// The raw 32-byte SHA-256 digest of `data`.
std::string Sha256(std::string_view data);
// The raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
// `n` bytes from the operating system's CSPRNG. Aborts if none can be had (a broken system; a key
// made from weak randomness would be worse than no key).
std::string RandomBytes(std::size_t n);

std::string HexEncode(std::string_view bytes);               // lower case
std::optional<std::string> HexDecode(std::string_view hex);  // either case; nullopt if malformed
std::string Base64Encode(std::string_view bytes);            // standard alphabet, padded
std::string Base64UrlEncode(std::string_view bytes);         // URL-safe alphabet, unpadded
// The standard or URL-safe alphabet, padded or not; nullopt if malformed.
std::optional<std::string> Base64Decode(std::string_view text);

// Compares in time that depends only on the lengths, never on where the first difference is.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace affinity

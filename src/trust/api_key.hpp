// ApiKey: a named credential with a role. The secret ("afk_" + 32 random URL-safe Base64
// characters, 192 bits) is shown once when the key is made; only its SHA-256 is kept. A fast hash
// is right here: the secret is random and long, so there is nothing to guess from the hash.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "trust/role.hpp"

namespace affinity {

struct ApiKey {
  std::string name;  // unique: letters, digits, '.', '_', '-'; at most 64
  Role role = Role::kViewer;
  std::string hash;    // lower-case hex SHA-256 of the secret
  std::string prefix;  // the secret's first 8 characters, to recognise it ("afk_3JxQ")
  std::int64_t created_at_ms = 0;
  std::int64_t last_used_ms = 0;   // 0 = never
  std::int64_t revoked_at_ms = 0;  // 0 = active
  // Requests per second this key may make (bursts of twice as many); -1 = the server's default,
  // 0 = unlimited.
  double rate_limit = -1;

  bool revoked() const { return revoked_at_ms != 0; }
  // Everything but the hash.
  boost::json::object ToJson() const;
};

// InvalidArgument unless `name` is a valid key name.
Status CheckKeyName(std::string_view name);
// A new random secret.
std::string NewKeySecret();
// The hash stored for `secret`.
std::string HashKeySecret(std::string_view secret);

}  // namespace affinity

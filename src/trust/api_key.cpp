#include "trust/api_key.hpp"

#include <fmt/format.h>

#include "common/audit.hpp"
#include "common/crypto.hpp"

namespace affinity {

boost::json::object ApiKey::ToJson() const {
  boost::json::object o{{"name", name},
                        {"role", RoleName(role)},
                        {"prefix", prefix},
                        {"created_at", FormatMillis(created_at_ms)},
                        {"last_used_at", nullptr},
                        {"revoked_at", nullptr},
                        {"rate_limit", nullptr}};
  if (last_used_ms) o["last_used_at"] = FormatMillis(last_used_ms);
  if (revoked_at_ms) o["revoked_at"] = FormatMillis(revoked_at_ms);
  if (rate_limit >= 0) o["rate_limit"] = rate_limit;
  return o;
}

Status CheckKeyName(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return Status::InvalidArgument(
        fmt::format("key name must be 1 to 64 characters, got {}", name.size()));
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      return Status::InvalidArgument(
          fmt::format("key name '{}' may hold only letters, digits, '.', '_' and '-'", name));
    }
  }
  return Status::Ok();
}

std::string NewKeySecret() { return "afk_" + Base64UrlEncode(RandomBytes(24)); }

std::string HashKeySecret(std::string_view secret) { return HexEncode(Sha256(secret)); }

}  // namespace affinity

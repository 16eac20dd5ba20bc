#include "cli/keys_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "common/audit.hpp"
#include "storage/sqlite_trust_store.hpp"

namespace affinity {
namespace {

// Writes `text` to `path` readable by the owner only, atomically (a temporary file renamed over).
Status WritePrivateFile(const std::filesystem::path& path, const std::string& text) {
  const std::string tmp = path.string() + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal(fmt::format("cannot create {}: {}", tmp, strerror(errno)));
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::Internal(fmt::format("cannot write {}: {}", path.string(), strerror(errno)));
  }
  return Status::Ok();
}

std::string RandomName(std::string_view role) {
  return fmt::format("{}-{}", role, NowMillis() % 1000000);
}

}  // namespace

Result<TrustStack> OpenTrust(const std::string& data_dir, Keyring::Options options) {
  TrustStack stack;
  auto store = SqliteTrustStore::Open(data_dir);
  if (!store.ok()) return store.status();
  stack.store = std::move(store).value();
  auto keys = Keyring::Open(*stack.store, options);
  if (!keys.ok()) return keys.status();
  stack.keys = std::move(keys).value();
  auto secrets = WebhookSecrets::Open(*stack.store);
  if (!secrets.ok()) return secrets.status();
  stack.secrets = std::move(secrets).value();
  return stack;
}

Status EnsureAdminKey(const std::string& data_dir, Keyring& keys) {
  if (!keys.empty()) return Status::Ok();
  AuditScope setup("setup");
  auto created = keys.Create("admin", Role::kAdmin);
  if (!created.ok()) return created.status();
  const std::filesystem::path path = std::filesystem::path(data_dir) / "admin.key";
  AFFINITY_RETURN_IF_ERROR(WritePrivateFile(path, created->secret + "\n"));
  std::cerr << fmt::format(
      "affinity: made the first API key, 'admin' (role admin); its secret is in {} (mode 0600).\n"
      "          Send it as: curl -H \"Authorization: Bearer $(cat {})\" ...\n",
      path.string(), path.string());
  return Status::Ok();
}

int RunKeys(const std::string& data_dir, const std::string& action, const std::string& role,
            const std::string& name, double rate_limit) {
  auto fail = [](const Status& st) {
    std::cerr << "affinity: " << st.message() << "\n";
    return 1;
  };
  auto trust = OpenTrust(data_dir);
  if (!trust.ok()) return fail(trust.status());
  AuditScope cli("cli");
  Keyring& keys = *trust->keys;
  if (action == "create") {
    auto parsed = ParseRole(role);
    if (!parsed) {
      return fail(Status::InvalidArgument(
          fmt::format("--role must be one of {}, got '{}'", RoleNames(), role)));
    }
    auto created = keys.Create(name.empty() ? RandomName(role) : name, *parsed, rate_limit);
    if (!created.ok()) return fail(created.status());
    std::cout << fmt::format("made key '{}' with role {}; its secret (shown only now):\n",
                             created->key.name, RoleName(created->key.role));
    std::cout << created->secret << "\n";
    return 0;
  }
  if (action == "revoke") {
    auto revoked = keys.Revoke(name);
    if (!revoked.ok()) return fail(revoked.status());
    std::cout << fmt::format("revoked key '{}' at {}\n", revoked->name,
                             FormatMillis(revoked->revoked_at_ms));
    return 0;
  }
  std::cout << fmt::format("{:<24} {:<13} {:<9} {:<25} {:<25} {}\n", "NAME", "ROLE", "PREFIX",
                           "CREATED", "LAST USED", "REVOKED");
  for (const ApiKey& k : keys.List()) {
    std::cout << fmt::format("{:<24} {:<13} {:<9} {:<25} {:<25} {}\n", k.name, RoleName(k.role),
                             k.prefix, FormatMillis(k.created_at_ms),
                             k.last_used_ms ? FormatMillis(k.last_used_ms) : "never",
                             k.revoked_at_ms ? FormatMillis(k.revoked_at_ms) : "-");
  }
  return 0;
}

}  // namespace affinity

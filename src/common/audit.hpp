// The audit trail's words: an AuditEntry records one change (who, when, what, before and after),
// an AuditQuery selects entries. Who made a change is the AuditContext of the thread that makes
// it: the HTTP server sets it to the API key's name for the duration of a request (AuditScope),
// the CLI to "cli"; work without one (background jobs) is recorded as "system".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace affinity {

struct AuditEntry {
  std::int64_t id = 0;     // assigned by the store, increasing
  std::int64_t at_ms = 0;  // Unix time in milliseconds
  std::string actor;       // the key name ("admin"), "webhook:shopify/acme", "cli", "system"
  std::string action;      // create | update | delete | restore | revoke | replay | accept | ...
  std::string entity;      // product | relationship | rule | relation_type | suggestion | key | ...
  std::string entity_id;
  std::string before;  // the entity's JSON before the change; "" when it did not exist
  std::string after;   // the entity's JSON after the change; "" when it no longer exists
};

struct AuditQuery {
  std::string entity;          // "" = any
  std::string entity_id;       // "" = any
  std::string actor;           // "" = any
  std::int64_t from_ms = 0;    // inclusive; 0 = the beginning
  std::int64_t to_ms = 0;      // exclusive; 0 = now
  std::int64_t before_id = 0;  // the cursor: entries with a smaller id (0 = the newest first)
  std::size_t limit = 100;
};

// Who is changing things on this thread, and (optionally) what to call the change.
struct AuditContext {
  std::string actor = "system";
  std::string action;  // "" = derived from the change (create / update / delete)
};

// The calling thread's context.
const AuditContext& CurrentAudit();

// Sets the calling thread's context for its lifetime, restoring the previous one after.
class AuditScope {
 public:
  explicit AuditScope(std::string actor, std::string action = "");
  ~AuditScope();
  AuditScope(const AuditScope&) = delete;
  AuditScope& operator=(const AuditScope&) = delete;

 private:
  AuditContext saved_;
};

// Unix time in milliseconds, now.
std::int64_t NowMillis();
// "2026-12-02T10:19:53.120Z" (UTC).
std::string FormatMillis(std::int64_t unix_ms);

}  // namespace affinity

#include "trust/memory_trust_store.hpp"

namespace affinity {

bool AuditMatches(const AuditEntry& e, const AuditQuery& q) {
  return (q.entity.empty() || e.entity == q.entity) &&
         (q.entity_id.empty() || e.entity_id == q.entity_id) &&
         (q.actor.empty() || e.actor == q.actor) && (q.from_ms == 0 || e.at_ms >= q.from_ms) &&
         (q.to_ms == 0 || e.at_ms < q.to_ms);
}

Result<std::vector<ApiKey>> MemoryTrustStore::LoadKeys() {
  std::lock_guard lock(mu_);
  std::vector<ApiKey> out;
  for (const auto& [_, k] : keys_) out.push_back(k);
  return out;
}

Status MemoryTrustStore::PutKey(const ApiKey& key, const AuditEntry& audit) {
  std::lock_guard lock(mu_);
  keys_[key.name] = key;
  AppendLocked(audit);
  ++changes_;
  return Status::Ok();
}

Status MemoryTrustStore::TouchKeys(const std::vector<std::pair<std::string, std::int64_t>>& used) {
  std::lock_guard lock(mu_);
  for (const auto& [name, at] : used) {
    if (auto it = keys_.find(name); it != keys_.end()) it->second.last_used_ms = at;
  }
  return Status::Ok();
}

Result<std::vector<WebhookSecret>> MemoryTrustStore::LoadSecrets() {
  std::lock_guard lock(mu_);
  std::vector<WebhookSecret> out;
  for (const auto& [_, s] : secrets_) out.push_back(s);
  return out;
}

Status MemoryTrustStore::PutSecret(const WebhookSecret& secret, const AuditEntry& audit) {
  std::lock_guard lock(mu_);
  if (secret.secret.empty()) {
    secrets_.erase({secret.channel, secret.account});
  } else {
    secrets_[{secret.channel, secret.account}] = secret;
  }
  AppendLocked(audit);
  ++changes_;
  return Status::Ok();
}

Status MemoryTrustStore::AppendAudit(const AuditEntry& entry) {
  std::lock_guard lock(mu_);
  AppendLocked(entry);
  return Status::Ok();
}

void MemoryTrustStore::AppendLocked(AuditEntry entry) {
  entry.id = static_cast<std::int64_t>(audit_.size()) + 1;
  audit_.push_back(std::move(entry));
}

Result<std::vector<AuditEntry>> MemoryTrustStore::QueryAudit(const AuditQuery& query) {
  std::lock_guard lock(mu_);
  std::vector<AuditEntry> out;
  for (auto it = audit_.rbegin(); it != audit_.rend() && out.size() < query.limit; ++it) {
    if (query.before_id != 0 && it->id >= query.before_id) continue;
    if (AuditMatches(*it, query)) out.push_back(*it);
  }
  return out;
}

}  // namespace affinity

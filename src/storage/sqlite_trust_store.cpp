#include "storage/sqlite_trust_store.hpp"

#include <fmt/format.h>

#include <functional>

#include "storage/sqlite_store.hpp"

namespace affinity {

Result<std::unique_ptr<SqliteTrustStore>> SqliteTrustStore::Open(const std::string& data_dir) {
  auto db = OpenAffinityDb(data_dir);
  if (!db.ok()) return db.status();
  auto watcher = OpenAffinityDb(data_dir);
  if (!watcher.ok()) return watcher.status();
  return std::unique_ptr<SqliteTrustStore>(
      new SqliteTrustStore(std::move(db).value(), std::move(watcher).value()));
}

Status SqliteTrustStore::InTransaction(const std::function<Status()>& body) {
  AFFINITY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  Status st = body();
  if (st.ok()) st = db_->Exec("COMMIT");
  if (!st.ok()) (void)db_->Exec("ROLLBACK");
  return st;
}

Result<std::vector<ApiKey>> SqliteTrustStore::LoadKeys() {
  std::lock_guard lock(mu_);
  auto q = db_->Prepare(
      "SELECT name, role, hash, prefix, created_at_ms, last_used_ms, revoked_at_ms, rate_limit "
      "FROM api_keys ORDER BY name");
  if (!q.ok()) return q.status();
  std::vector<ApiKey> out;
  Status st;
  while (q->Step(&st)) {
    ApiKey k;
    k.name = q->Text(0);
    auto role = ParseRole(q->Text(1));
    if (!role) {
      return Status::Internal(
          fmt::format("stored key '{}' has an unknown role '{}'", k.name, q->Text(1)));
    }
    k.role = *role;
    k.hash = q->Text(2);
    k.prefix = q->Text(3);
    k.created_at_ms = q->Int(4);
    k.last_used_ms = q->Int(5);
    k.revoked_at_ms = q->Int(6);
    k.rate_limit = q->Real(7);
    out.push_back(std::move(k));
  }
  AFFINITY_RETURN_IF_ERROR(st);
  return out;
}

Status SqliteTrustStore::PutKey(const ApiKey& k, const AuditEntry& audit) {
  std::lock_guard lock(mu_);
  return InTransaction([&]() -> Status {
    auto put = db_->Prepare(
        "INSERT OR REPLACE INTO api_keys (name, role, hash, prefix, created_at_ms, last_used_ms, "
        "revoked_at_ms, rate_limit) VALUES (?,?,?,?,?,?,?,?)");
    if (!put.ok()) return put.status();
    put->Bind(1, k.name).Bind(2, RoleName(k.role)).Bind(3, k.hash).Bind(4, k.prefix);
    put->Bind(5, k.created_at_ms).Bind(6, k.last_used_ms).Bind(7, k.revoked_at_ms);
    put->Bind(8, k.rate_limit);
    AFFINITY_RETURN_IF_ERROR(put->Run());
    return AppendAuditRows(*db_, {audit});
  });
}

Status SqliteTrustStore::TouchKeys(const std::vector<std::pair<std::string, std::int64_t>>& used) {
  std::lock_guard lock(mu_);
  return InTransaction([&]() -> Status {
    auto put =
        db_->Prepare("UPDATE api_keys SET last_used_ms = MAX(last_used_ms, ?) WHERE name = ?");
    if (!put.ok()) return put.status();
    for (const auto& [name, at] : used)
      AFFINITY_RETURN_IF_ERROR(put->Bind(1, at).Bind(2, name).Run());
    return Status::Ok();
  });
}

Result<std::vector<WebhookSecret>> SqliteTrustStore::LoadSecrets() {
  std::lock_guard lock(mu_);
  auto q = db_->Prepare(
      "SELECT channel, account, secret, header, updated_at_ms FROM webhook_secrets "
      "ORDER BY channel, account");
  if (!q.ok()) return q.status();
  std::vector<WebhookSecret> out;
  Status st;
  while (q->Step(&st)) {
    out.push_back({q->Text(0), q->Text(1), q->Text(2), q->Text(3), q->Int(4)});
  }
  AFFINITY_RETURN_IF_ERROR(st);
  return out;
}

Status SqliteTrustStore::PutSecret(const WebhookSecret& s, const AuditEntry& audit) {
  std::lock_guard lock(mu_);
  return InTransaction([&]() -> Status {
    if (s.secret.empty()) {
      auto del = db_->Prepare("DELETE FROM webhook_secrets WHERE channel = ? AND account = ?");
      if (!del.ok()) return del.status();
      AFFINITY_RETURN_IF_ERROR(del->Bind(1, s.channel).Bind(2, s.account).Run());
    } else {
      auto put = db_->Prepare(
          "INSERT OR REPLACE INTO webhook_secrets (channel, account, secret, header, "
          "updated_at_ms) VALUES (?,?,?,?,?)");
      if (!put.ok()) return put.status();
      put->Bind(1, s.channel).Bind(2, s.account).Bind(3, s.secret).Bind(4, s.header);
      AFFINITY_RETURN_IF_ERROR(put->Bind(5, s.updated_at_ms).Run());
    }
    return AppendAuditRows(*db_, {audit});
  });
}

Status SqliteTrustStore::AppendAudit(const AuditEntry& entry) {
  std::lock_guard lock(mu_);
  return InTransaction([&] { return AppendAuditRows(*db_, {entry}); });
}

Result<std::vector<AuditEntry>> SqliteTrustStore::QueryAudit(const AuditQuery& q) {
  std::string sql =
      "SELECT id, at_ms, actor, action, entity, entity_id, before, after FROM audit WHERE 1";
  if (!q.entity.empty()) sql += " AND entity = :entity";
  if (!q.entity_id.empty()) sql += " AND entity_id = :entity_id";
  if (!q.actor.empty()) sql += " AND actor = :actor";
  if (q.from_ms) sql += " AND at_ms >= :from";
  if (q.to_ms) sql += " AND at_ms < :to";
  if (q.before_id) sql += " AND id < :before";
  sql += " ORDER BY id DESC LIMIT :limit";
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  sqlite3_stmt* raw = stmt->raw();
  auto bind_text = [&](const char* name, const std::string& v) {
    if (int i = sqlite3_bind_parameter_index(raw, name)) stmt->Bind(i, v);
  };
  auto bind_int = [&](const char* name, std::int64_t v) {
    if (int i = sqlite3_bind_parameter_index(raw, name)) stmt->Bind(i, v);
  };
  bind_text(":entity", q.entity);
  bind_text(":entity_id", q.entity_id);
  bind_text(":actor", q.actor);
  bind_int(":from", q.from_ms);
  bind_int(":to", q.to_ms);
  bind_int(":before", q.before_id);
  bind_int(":limit", static_cast<std::int64_t>(q.limit));
  std::vector<AuditEntry> out;
  Status st;
  while (stmt->Step(&st)) {
    out.push_back({stmt->Int(0), stmt->Int(1), stmt->Text(2), stmt->Text(3), stmt->Text(4),
                   stmt->Text(5), stmt->Text(6), stmt->Text(7)});
  }
  AFFINITY_RETURN_IF_ERROR(st);
  return out;
}

std::uint64_t SqliteTrustStore::ChangeCounter() {
  std::lock_guard lock(watcher_mu_);
  auto q = watcher_->Prepare("PRAGMA data_version");
  if (!q.ok()) return 0;
  Status st;
  return q->Step(&st) ? static_cast<std::uint64_t>(q->Int(0)) : 0;
}

}  // namespace affinity

#include "storage/sqlite_store.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "storage/sqlite_bundle_rows.hpp"
#include "storage/sqlite_guideline_rows.hpp"

namespace affinity {
namespace json = boost::json;
namespace {


PairEvidence EvidenceFromJson(const json::object& o) {
  auto num = [&](const char* k) { return o.contains(k) ? o.at(k).to_number<double>() : 0.0; };
  auto count = [&](const char* k) {
    return o.contains(k) && o.at(k).is_int64() ? o.at(k).as_int64() : std::int64_t{0};
  };
  return {count("together"), count("source_count"), count("target_count"), count("baskets"),
          num("support"),    num("confidence"),     num("lift")};
}

std::string TagsToText(const std::vector<std::string>& tags) {
  json::array a;
  for (const auto& t : tags) a.emplace_back(t);
  return json::serialize(a);
}

}  // namespace

Status AppendAuditRows(SqliteDb& db, const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  auto put = db.Prepare(
      "INSERT INTO audit (at_ms, actor, action, entity, entity_id, before, after) "
      "VALUES (?,?,?,?,?,?,?)");
  if (!put.ok()) return put.status();
  for (const AuditEntry& e : entries) {
    put->Bind(1, e.at_ms).Bind(2, e.actor).Bind(3, e.action).Bind(4, e.entity);
    put->Bind(5, e.entity_id).Bind(6, e.before).Bind(7, e.after);
    AFFINITY_RETURN_IF_ERROR(put->Run());
  }
  return Status::Ok();
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& data_dir) {
  auto db = OpenAffinityDb(data_dir);
  if (!db.ok()) return db.status();
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db).value()));
}


Result<StoredState> SqliteStore::Load() {
  StoredState s;
  Status st;
  {
    auto q = db_->Prepare(
        "SELECT sku, name, price_minor, currency, category, brand, tags, margin, stock, "
        "attributes, version, status FROM products ORDER BY sku");
    if (!q.ok()) return q.status();
    while (q->Step(&st)) {
      Product p;
      p.sku = q->Text(0);
      p.name = q->Text(1);
      p.price_minor = q->Int(2);
      p.currency = q->Text(3);
      p.category = q->Text(4);
      p.brand = q->Text(5);
      boost::system::error_code ec;
      json::value tags = json::parse(q->Text(6), ec);
      if (!ec && tags.is_array()) {
        for (const auto& t : tags.as_array()) {
          if (t.is_string()) p.tags.emplace_back(t.as_string());
        }
      }
      if (!q->IsNull(7)) p.margin = q->Real(7);
      if (!q->IsNull(8)) p.stock = q->Int(8);
      json::value attrs = json::parse(q->Text(9), ec);
      if (!ec && attrs.is_object()) p.attributes = std::move(attrs.as_object());
      p.version = q->Int(10);
      std::optional<ProductStatus> status = ParseProductStatus(q->Text(11));
      if (!status) {
        return Status::Internal(fmt::format("stored product '{}' has an unknown status '{}'",
                                            p.sku, q->Text(11)));
      }
      p.status = *status;
      s.products.push_back(std::move(p));
    }
    AFFINITY_RETURN_IF_ERROR(st);
  }
  {
    auto q = db_->Prepare(
        "SELECT name, weight, directed, acyclic, max_per_product, builtin, version "
        "FROM relation_types ORDER BY name");
    if (!q.ok()) return q.status();
    while (q->Step(&st)) {
      s.types.push_back({.name = q->Text(0),
                         .weight = q->Real(1),
                         .directed = q->Int(2) != 0,
                         .acyclic = q->Int(3) != 0,
                         .max_per_product = q->Int(4),
                         .builtin = q->Int(5) != 0,
                         .version = q->Int(6)});
    }
    AFFINITY_RETURN_IF_ERROR(st);
  }
  {
    auto q = db_->Prepare(
        "SELECT id, source, target, type, weight, position, origin, version FROM relationships "
        "ORDER BY id");
    if (!q.ok()) return q.status();
    while (q->Step(&st)) {
      Relationship r;
      r.id = static_cast<RelationshipId>(q->Int(0));
      r.source = q->Text(1);
      r.target = q->Text(2);
      r.type = q->Text(3);
      r.weight = q->Real(4);
      if (!q->IsNull(5)) r.position = static_cast<std::int32_t>(q->Int(5));
      r.origin = q->Text(6);
      r.version = q->Int(7);
      s.relationships.push_back(std::move(r));
    }
    AFFINITY_RETURN_IF_ERROR(st);
  }
  {
    auto q = db_->Prepare("SELECT value FROM counters WHERE name = 'next_relationship_id'");
    if (!q.ok()) return q.status();
    if (q->Step(&st)) s.next_relationship_id = static_cast<RelationshipId>(q->Int(0));
    AFFINITY_RETURN_IF_ERROR(st);
  }
  {
    auto q = db_->Prepare(
        "SELECT id, source, target, type, job, reason, evidence, status, created_at, "
        "relationship_id FROM suggestions ORDER BY id");
    if (!q.ok()) return q.status();
    while (q->Step(&st)) {
      Suggestion x;
      x.id = static_cast<std::uint64_t>(q->Int(0));
      x.source = q->Text(1);
      x.target = q->Text(2);
      x.type = q->Text(3);
      x.job = q->Text(4);
      x.reason = q->Text(5);
      boost::system::error_code ec;
      json::value ev = json::parse(q->Text(6), ec);
      if (!ec && ev.is_object()) x.evidence = EvidenceFromJson(ev.as_object());
      x.status = ParseSuggestionStatus(q->Text(7)).value_or(SuggestionStatus::kPending);
      x.created_at = q->Int(8);
      if (!q->IsNull(9)) x.relationship_id = static_cast<std::uint64_t>(q->Int(9));
      s.suggestions.push_back(std::move(x));
    }
    AFFINITY_RETURN_IF_ERROR(st);
  }
  {
    auto q = db_->Prepare("SELECT id, body, version FROM rules ORDER BY id");
    if (!q.ok()) return q.status();
    while (q->Step(&st)) {
      const std::string id = q->Text(0);
      boost::system::error_code ec;
      json::value body = json::parse(q->Text(1), ec);
      if (ec || !body.is_object()) {
        return Status::Internal(fmt::format("stored rule '{}' is not valid JSON", id));
      }
      auto rule = RuleFromJson(body.as_object(), id);
      if (!rule.ok()) {
        return Status::Internal(
            fmt::format("stored rule '{}' cannot be read: {}", id, rule.status().message()));
      }
      rule->version = q->Int(2);
      s.rules.push_back(std::move(rule).value());
    }
    AFFINITY_RETURN_IF_ERROR(st);
  }
  AFFINITY_RETURN_IF_ERROR(LoadBundleRows(*db_, &s.bundles));
  AFFINITY_RETURN_IF_ERROR(LoadGuidelineRows(*db_, &s.guidelines));
  return s;
}

Status SqliteStore::Apply(const ChangeSet& changes) {
  AFFINITY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  Status st = ApplyInTransaction(changes);
  if (st.ok()) st = db_->Exec("COMMIT");
  if (!st.ok()) (void)db_->Exec("ROLLBACK");
  return st;
}

Status SqliteStore::ApplyInTransaction(const ChangeSet& c) {
  if (!c.delete_products.empty()) {
    auto del = db_->Prepare("DELETE FROM products WHERE sku = ?");
    if (!del.ok()) return del.status();
    for (const auto& sku : c.delete_products) AFFINITY_RETURN_IF_ERROR(del->Bind(1, sku).Run());
  }
  if (!c.delete_relationships.empty()) {
    auto del = db_->Prepare("DELETE FROM relationships WHERE id = ?");
    if (!del.ok()) return del.status();
    for (auto id : c.delete_relationships) {
      AFFINITY_RETURN_IF_ERROR(del->Bind(1, static_cast<std::int64_t>(id)).Run());
    }
  }
  if (!c.put_products.empty()) {
    auto put = db_->Prepare(
        "INSERT OR REPLACE INTO products (sku, name, price_minor, currency, category, brand, tags, "
        "margin, stock, attributes, version, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!put.ok()) return put.status();
    for (const Product& p : c.put_products) {
      put->Bind(1, p.sku).Bind(2, p.name).Bind(3, p.price_minor).Bind(4, p.currency);
      put->Bind(5, p.category).Bind(6, p.brand).Bind(7, TagsToText(p.tags));
      if (p.margin) put->Bind(8, *p.margin); else put->BindNull(8);
      if (p.stock) put->Bind(9, *p.stock); else put->BindNull(9);
      put->Bind(10, json::serialize(p.attributes)).Bind(11, p.version);
      put->Bind(12, ProductStatusName(p.status));
      AFFINITY_RETURN_IF_ERROR(put->Run());
    }
  }
  if (!c.put_types.empty()) {
    auto put = db_->Prepare(
        "INSERT OR REPLACE INTO relation_types (name, weight, directed, acyclic, max_per_product, "
        "builtin, version) VALUES (?,?,?,?,?,?,?)");
    if (!put.ok()) return put.status();
    for (const RelationType& t : c.put_types) {
      put->Bind(1, t.name).Bind(2, t.weight).Bind(3, std::int64_t{t.directed});
      put->Bind(4, std::int64_t{t.acyclic}).Bind(5, t.max_per_product);
      put->Bind(6, std::int64_t{t.builtin}).Bind(7, t.version);
      AFFINITY_RETURN_IF_ERROR(put->Run());
    }
  }
  if (!c.put_relationships.empty()) {
    auto put = db_->Prepare(
        "INSERT OR REPLACE INTO relationships (id, source, target, type, weight, position, origin, "
        "version) VALUES (?,?,?,?,?,?,?,?)");
    if (!put.ok()) return put.status();
    for (const Relationship& r : c.put_relationships) {
      put->Bind(1, static_cast<std::int64_t>(r.id)).Bind(2, r.source).Bind(3, r.target);
      put->Bind(4, r.type).Bind(5, r.weight);
      if (r.position) put->Bind(6, std::int64_t{*r.position}); else put->BindNull(6);
      put->Bind(7, r.origin).Bind(8, r.version);
      AFFINITY_RETURN_IF_ERROR(put->Run());
    }
  }
  if (!c.delete_rules.empty()) {
    auto del = db_->Prepare("DELETE FROM rules WHERE id = ?");
    if (!del.ok()) return del.status();
    for (const auto& id : c.delete_rules) AFFINITY_RETURN_IF_ERROR(del->Bind(1, id).Run());
  }
  if (!c.put_rules.empty()) {
    auto put = db_->Prepare("INSERT OR REPLACE INTO rules (id, body, version) VALUES (?,?,?)");
    if (!put.ok()) return put.status();
    for (const Rule& r : c.put_rules) {
      put->Bind(1, r.id).Bind(2, json::serialize(RuleToJson(r))).Bind(3, r.version);
      AFFINITY_RETURN_IF_ERROR(put->Run());
    }
  }
  if (!c.delete_suggestions.empty()) {
    auto del = db_->Prepare("DELETE FROM suggestions WHERE id = ?");
    if (!del.ok()) return del.status();
    for (auto id : c.delete_suggestions) {
      AFFINITY_RETURN_IF_ERROR(del->Bind(1, static_cast<std::int64_t>(id)).Run());
    }
  }
  if (!c.put_suggestions.empty()) {
    auto put = db_->Prepare(
        "INSERT OR REPLACE INTO suggestions (id, source, target, type, job, reason, evidence, "
        "status, created_at, relationship_id) VALUES (?,?,?,?,?,?,?,?,?,?)");
    if (!put.ok()) return put.status();
    for (const Suggestion& x : c.put_suggestions) {
      put->Bind(1, static_cast<std::int64_t>(x.id)).Bind(2, x.source).Bind(3, x.target);
      put->Bind(4, x.type).Bind(5, x.job).Bind(6, x.reason);
      put->Bind(7, json::serialize(SuggestionToJson(x).at("evidence")));
      put->Bind(8, SuggestionStatusName(x.status)).Bind(9, x.created_at);
      if (x.relationship_id) {
        put->Bind(10, static_cast<std::int64_t>(*x.relationship_id));
      } else {
        put->BindNull(10);
      }
      AFFINITY_RETURN_IF_ERROR(put->Run());
    }
  }
  AFFINITY_RETURN_IF_ERROR(ApplyBundleRows(*db_, c));
  AFFINITY_RETURN_IF_ERROR(ApplyGuidelineRows(*db_, c));
  AFFINITY_RETURN_IF_ERROR(AppendAuditRows(*db_, c.audit));
  if (c.next_relationship_id) {
    auto put = db_->Prepare(
        "INSERT OR REPLACE INTO counters (name, value) VALUES ('next_relationship_id', ?)");
    if (!put.ok()) return put.status();
    AFFINITY_RETURN_IF_ERROR(put->Bind(1, static_cast<std::int64_t>(*c.next_relationship_id)).Run());
  }
  return Status::Ok();
}

}  // namespace affinity

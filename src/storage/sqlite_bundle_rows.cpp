#include "storage/sqlite_bundle_rows.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace affinity {

Status LoadBundleRows(SqliteDb& db, std::vector<Bundle>* out) {
  auto q = db.Prepare("SELECT id, body, version, created_ms, updated_ms FROM bundles ORDER BY id");
  if (!q.ok()) return q.status();
  Status st;
  while (q->Step(&st)) {
    const std::string id = q->Text(0);
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(q->Text(1), ec);
    if (ec || !body.is_object()) {
      return Status::Internal(fmt::format("stored bundle '{}' is not valid JSON", id));
    }
    Result<Bundle> bundle = BundleFromJson(body.as_object(), id);
    if (!bundle.ok()) {
      return Status::Internal(
          fmt::format("stored bundle '{}' cannot be read: {}", id, bundle.status().message()));
    }
    bundle->version = q->Int(2);
    bundle->created_ms = q->Int(3);
    bundle->updated_ms = q->Int(4);
    out->push_back(std::move(bundle).value());
  }
  return st;
}

Status ApplyBundleRows(SqliteDb& db, const ChangeSet& c) {
  if (!c.delete_bundles.empty()) {
    auto del = db.Prepare("DELETE FROM bundles WHERE id = ?");
    if (!del.ok()) return del.status();
    for (const std::string& id : c.delete_bundles) AFFINITY_RETURN_IF_ERROR(del->Bind(1, id).Run());
  }
  if (!c.put_bundles.empty()) {
    auto put = db.Prepare(
        "INSERT OR REPLACE INTO bundles (id, body, version, created_ms, updated_ms) "
        "VALUES (?,?,?,?,?)");
    if (!put.ok()) return put.status();
    for (const Bundle& b : c.put_bundles) {
      put->Bind(1, b.id).Bind(2, boost::json::serialize(BundleToJson(b))).Bind(3, b.version);
      put->Bind(4, b.created_ms).Bind(5, b.updated_ms);
      AFFINITY_RETURN_IF_ERROR(put->Run());
    }
  }
  return Status::Ok();
}

}  // namespace affinity

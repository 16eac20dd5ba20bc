#include "storage/sqlite_guideline_rows.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace affinity {

Status LoadGuidelineRows(SqliteDb& db, std::vector<Guideline>* out) {
  auto q = db.Prepare("SELECT id, body, version FROM guidelines ORDER BY id");
  if (!q.ok()) return q.status();
  Status st;
  while (q->Step(&st)) {
    const std::string id = q->Text(0);
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(q->Text(1), ec);
    if (ec || !body.is_object()) {
      return Status::Internal(fmt::format("stored guideline '{}' is not valid JSON", id));
    }
    Result<Guideline> guideline = GuidelineFromJson(body.as_object(), id);
    if (!guideline.ok()) {
      return Status::Internal(fmt::format("stored guideline '{}' cannot be read: {}", id,
                                          guideline.status().message()));
    }
    guideline->version = q->Int(2);
    out->push_back(std::move(guideline).value());
  }
  return st;
}

Status ApplyGuidelineRows(SqliteDb& db, const ChangeSet& c) {
  if (!c.delete_guidelines.empty()) {
    auto del = db.Prepare("DELETE FROM guidelines WHERE id = ?");
    if (!del.ok()) return del.status();
    for (const std::string& id : c.delete_guidelines) {
      AFFINITY_RETURN_IF_ERROR(del->Bind(1, id).Run());
    }
  }
  if (!c.put_guidelines.empty()) {
    auto put = db.Prepare("INSERT OR REPLACE INTO guidelines (id, body, version) VALUES (?,?,?)");
    if (!put.ok()) return put.status();
    for (const Guideline& g : c.put_guidelines) {
      put->Bind(1, g.id).Bind(2, boost::json::serialize(GuidelineToJson(g))).Bind(3, g.version);
      AFFINITY_RETURN_IF_ERROR(put->Run());
    }
  }
  return Status::Ok();
}

}  // namespace affinity

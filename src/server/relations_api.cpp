// /v1/relation-types and /v1/relationships.
#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <charconv>

#include "common/json_fields.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

HttpReply LinkReply(unsigned status, const Relationship& r) {
  return HttpReply::Json(status, RelationshipToJson(r)).Header("ETag", ETag(r.version));
}

// A saved link, with the `warning` guidelines it breaks when there are any (without them the reply
// is the link as GET reads it).
HttpReply SavedLinkReply(unsigned status, const Relationship& r,
                         const std::vector<GuidelineFinding>& warnings) {
  boost::json::object o = RelationshipToJson(r);
  if (!warnings.empty()) o["warnings"] = GuidelineFindingsJson(warnings);
  return HttpReply::Json(status, o).Header("ETag", ETag(r.version));
}

}  // namespace

void AddRelationRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;

  router.Add("GET", "/v1/relation-types", [&engine](RequestContext& ctx) {
    boost::json::array items;
    for (const RelationType& t : engine.Types()) items.push_back(RelationTypeToJson(t));
    return HttpReply::Json(200, {{"items", std::move(items)}});
  });

  router.Add("GET", "/v1/relation-types/{name}", [&engine](RequestContext& ctx) {
    for (const RelationType& t : engine.Types()) {
      if (t.name == ctx.params[0]) {
        return HttpReply::Json(200, RelationTypeToJson(t)).Header("ETag", ETag(t.version));
      }
    }
    return Problem(
        Status::NotFound(fmt::format("relation type '{}' does not exist", ctx.params[0])),
        ctx.path);
  });

  router.Add("PUT", "/v1/relation-types/{name}", [&engine](RequestContext& ctx) {
    auto body = ctx.JsonObject();
    if (!body.ok()) return Problem(body.status(), ctx.path);
    auto if_match = ctx.IfMatchVersion();
    if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
    bool existed = false;
    auto type = engine.PutType(ctx.params[0], [&](const RelationType& current) -> Result<RelationType> {
      existed = current.version > 0 || current.builtin;
      if (*if_match && **if_match != current.version) {
        return Status::Aborted(fmt::format("relation type '{}' is at version {}, not {}",
                                           current.name, current.version, **if_match));
      }
      return RelationTypeFromJson(*body, ctx.params[0], current);
    });
    if (!type.ok()) return Problem(type.status(), ctx.path);
    return HttpReply::Json(existed ? 200 : 201, RelationTypeToJson(*type))
        .Header("ETag", ETag(type->version));
  });

  router.Add("POST", "/v1/relationships", [&api](RequestContext& ctx) {
    return api.idempotency.Run("POST /v1/relationships " + ctx.actor, ctx.idempotency_key,
                               ctx.body, ctx.path,
                               [&] {
                                 auto body = ctx.JsonObject();
                                 if (!body.ok()) return Problem(body.status(), ctx.path);
                                 auto r = RelationshipFromJson(*body);
                                 if (!r.ok()) return Problem(r.status(), ctx.path);
                                 std::vector<GuidelineFinding> findings;
                                 auto created =
                                     api.engine.CreateRelationship(std::move(r).value(), &findings);
                                 if (!created.ok()) {
                                   return WriteProblem(created.status(), findings, ctx.path);
                                 }
                                 return SavedLinkReply(201, *created, findings)
                                     .Header("Location",
                                             fmt::format("/v1/relationships/{}", created->id));
                               });
  });

  router.Add("POST", "/v1/relationships:import", [&engine](RequestContext& ctx) {
    return RunImport(ctx, [&](std::string_view text, RecordFormat format) {
      return engine.ImportRelationships(text, format);
    });
  });

  router.Add("GET", "/v1/relationships/{id}", [&engine](RequestContext& ctx) {
    auto id = ParsePathId(ctx.params[0], "relationship");
    if (!id.ok()) return Problem(id.status(), ctx.path);
    auto r = engine.GetRelationship(*id);
    return r.ok() ? LinkReply(200, *r) : Problem(r.status(), ctx.path);
  });

  router.Add("PATCH", "/v1/relationships/{id}", [&engine](RequestContext& ctx) {
    auto id = ParsePathId(ctx.params[0], "relationship");
    if (!id.ok()) return Problem(id.status(), ctx.path);
    auto body = ctx.JsonObject();
    if (!body.ok()) return Problem(body.status(), ctx.path);
    auto if_match = ctx.IfMatchVersion();
    if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
    std::vector<GuidelineFinding> findings;
    auto r = engine.UpdateRelationship(
        *id, [&](Relationship* link) { return PatchRelationship(*body, link); }, *if_match,
        &findings);
    if (!r.ok()) return WriteProblem(r.status(), findings, ctx.path);
    return SavedLinkReply(200, *r, findings);
  });

  router.Add("DELETE", "/v1/relationships/{id}", [&engine](RequestContext& ctx) {
    auto id = ParsePathId(ctx.params[0], "relationship");
    if (!id.ok()) return Problem(id.status(), ctx.path);
    auto if_match = ctx.IfMatchVersion();
    if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
    Status st = engine.DeleteRelationship(*id, *if_match);
    return st.ok() ? HttpReply::NoContent() : Problem(st, ctx.path);
  });

  // Drag to reorder: {"type": "cross_sell", "ids": [12, 7, 9]} pins them at 1..n.
  router.Add("POST", "/v1/products/{sku}/relationships:reorder", [&engine](RequestContext& ctx) {
    auto body = ctx.JsonObject();
    if (!body.ok()) return Problem(body.status(), ctx.path);
    JsonFields f(*body);
    std::string type = f.String("type", true).value_or("");
    std::vector<RelationshipId> ids;
    const boost::json::value* list = f.Raw("ids");
    if (!list) f.AddError("ids", "is required: the relationship ids in the order to serve them");
    if (list) {
      if (!list->is_array()) {
        f.AddError("ids", "must be an array of relationship ids such as [12, 7, 9]");
      } else {
        for (const boost::json::value& v : list->as_array()) {
          if (!v.is_int64() || v.as_int64() < 1) {
            f.AddError("ids", fmt::format("must hold relationship ids (positive integers), got {}",
                                          DescribeJson(v)));
            break;
          }
          ids.push_back(static_cast<RelationshipId>(v.as_int64()));
        }
      }
    }
    f.RejectUnknown();
    if (Status st = f.status(); !st.ok()) return Problem(st, ctx.path);
    auto links = engine.ReorderRelationships(ctx.params[0], type, ids);
    if (!links.ok()) return Problem(links.status(), ctx.path);
    boost::json::array items;
    for (const Relationship& r : *links) items.push_back(RelationshipToJson(r));
    return HttpReply::Json(200, {{"sku", ctx.params[0]}, {"type", type}, {"items", std::move(items)}});
  });

  router.Add("GET", "/v1/products/{sku}/relationships", [&engine](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"type", "direction"}); !st.ok()) {
      return Problem(st, ctx.path);
    }
    std::string direction = ctx.Query("direction").value_or("out");
    LinkDirection dir = LinkDirection::kOutgoing;
    if (direction == "in") {
      dir = LinkDirection::kIncoming;
    } else if (direction == "both") {
      dir = LinkDirection::kBoth;
    } else if (direction != "out") {
      return Problem(Status::InvalidArgument(fmt::format(
                         "query parameter 'direction' must be out, in or both, got '{}'", direction)),
                     ctx.path);
    }
    auto links = engine.ListRelationships(ctx.params[0], ctx.Query("type").value_or(""), dir);
    if (!links.ok()) return Problem(links.status(), ctx.path);
    boost::json::array items;
    for (const Relationship& r : *links) items.push_back(RelationshipToJson(r));
    return HttpReply::Json(200, {{"sku", ctx.params[0]}, {"items", std::move(items)}});
  });
}

}  // namespace affinity

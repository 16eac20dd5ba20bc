// /v1/bundles: list (with each bundle's check against the current catalog), read, create, replace,
// delete, the :validate dry run, and GET /v1/products/{sku}/bundles: the valid, active bundles a
// product page may offer to complete. A bundle that fails the checks is still saved (a draft) and
// says so: "valid": false with its "problems".
#include <fmt/format.h>

#include <chrono>

#include "common/money.hpp"
#include "engine/bundle_checks.hpp"
#include "rules/schedule.hpp"
#include "server/api.hpp"

namespace affinity {
namespace {

namespace json = boost::json;

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

json::value AmountOrNull(const std::optional<std::int64_t>& minor, const std::string& currency) {
  return minor ? json::value(FormatMinorUnits(*minor, currency)) : json::value(nullptr);
}

// The check's results, merged into `o`.
void AddReport(const BundleReport& r, json::object& o) {
  json::array problems;
  for (const BundleProblem& p : r.problems) {
    json::object problem{{"sku", p.sku.empty() ? json::value(nullptr) : json::value(p.sku)},
                         {"code", BundleProblemCodeName(p.code)},
                         {"severity", p.warning ? "warning" : "error"},
                         {"message", p.message}};
    if (!p.guideline.empty()) problem["guideline"] = p.guideline;
    problems.push_back(std::move(problem));
  }
  o["valid"] = r.valid;
  o["active"] = r.active;
  o["problems"] = std::move(problems);
  o["currency"] = r.currency.empty() ? json::value(nullptr) : json::value(r.currency);
  o["total_price"] = AmountOrNull(r.total_minor, r.currency);
  o["total_with_optional"] = AmountOrNull(r.total_with_optional_minor, r.currency);
  o["bundle_price"] = AmountOrNull(r.bundle_price_minor, r.currency);
  o["savings"] = AmountOrNull(r.savings_minor, r.currency);
}

json::object ViewJson(const Bundle& b, const BundleReport& r) {
  json::object o = BundleToJson(b);
  AddReport(r, o);
  return o;
}

HttpReply Save(Engine& engine, RequestContext& ctx, std::string_view path_id, bool create_only) {
  auto body = ctx.JsonObject();
  if (!body.ok()) return Problem(body.status(), ctx.path);
  auto if_match = ctx.IfMatchVersion();
  if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
  auto bundle = BundleFromJson(*body, path_id);
  if (!bundle.ok()) return Problem(bundle.status(), ctx.path);
  auto put = engine.PutBundle(std::move(bundle).value(), create_only, *if_match);
  if (!put.ok()) return Problem(put.status(), ctx.path);
  BundleReport report = CheckBundle(*engine.snapshot(), put->bundle, NowSeconds());
  return HttpReply::Json(put->created ? 201 : 200, ViewJson(put->bundle, report))
      .Header("ETag", ETag(put->bundle.version))
      .Header("Location", "/v1/bundles/" + put->bundle.id);
}

// One item of GET /v1/products/{sku}/bundles.
json::object OfferJson(const Snapshot& snapshot, const BundleOffer& offer, std::string_view sku) {
  const Bundle& b = *offer.bundle;
  const BundleReport& r = offer.report;
  json::object o{{"id", b.id}, {"name", b.name}};
  if (!b.description.empty()) o["description"] = b.description;
  std::int64_t quantity = 0;
  for (const BundleItem& item : b.items) quantity += item.sku == sku ? item.quantity : 0;
  o["quantity"] = quantity;  // of the product asked about
  o["currency"] = r.currency;
  o["total_price"] = AmountOrNull(r.total_minor, r.currency);
  o["bundle_price"] = AmountOrNull(r.bundle_price_minor, r.currency);
  o["savings"] = AmountOrNull(r.savings_minor, r.currency);
  json::object saved = BundleToJson(b);
  o["discount_percent"] = saved.at("discount_percent");
  o["active_to"] = saved.at("active_to");
  json::array complete;
  for (const BundleItem* item : offer.complete_with) {
    const Product& p = snapshot.Find(item->sku)->product;  // a valid bundle names no unknown SKU
    complete.push_back({{"sku", p.sku},
                        {"name", p.name},
                        {"price", FormatMinorUnits(p.price_minor, p.currency)},
                        {"currency", p.currency},
                        {"quantity", item->quantity},
                        {"optional", item->optional},
                        {"stock", p.stock ? json::value(*p.stock) : json::value(nullptr)},
                        {"in_stock", p.InStock()}});
  }
  o["complete_with"] = std::move(complete);
  return o;
}

}  // namespace

void AddBundleRoutes(Router& router, ApiContext& api) {
  Engine& engine = api.engine;

  router.Add("GET", "/v1/bundles", [&engine](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"sku", "valid", "active", "at"}); !st.ok()) {
      return Problem(st, ctx.path);
    }
    auto at = AtParam(ctx);
    if (!at.ok()) return Problem(at.status(), ctx.path);
    std::optional<bool> valid, active;
    for (auto [key, out] : {std::pair{"valid", &valid}, std::pair{"active", &active}}) {
      if (!ctx.Query(key)) continue;
      auto flag = ctx.QueryBool(key, true);
      if (!flag.ok()) return Problem(flag.status(), ctx.path);
      *out = *flag;
    }
    auto snapshot = engine.snapshot();
    std::vector<const Bundle*> bundles;
    if (auto sku = ctx.Query("sku")) {
      auto it = snapshot->bundles().by_sku.find(*sku);
      if (it != snapshot->bundles().by_sku.end()) bundles = it->second;
    } else {
      for (const auto& [id, b] : snapshot->bundles().by_id) bundles.push_back(b.get());
    }
    json::array items;
    for (const Bundle* b : bundles) {
      BundleReport report = CheckBundle(*snapshot, *b, *at);
      if ((valid && report.valid != *valid) || (active && report.active != *active)) continue;
      items.push_back(ViewJson(*b, report));
    }
    return HttpReply::Json(200, {{"items", std::move(items)}, {"at", FormatIsoTime(*at)}});
  });

  router.Add("POST", "/v1/bundles", [&api](RequestContext& ctx) {
    return api.idempotency.Run("POST /v1/bundles " + ctx.actor, ctx.idempotency_key, ctx.body,
                               ctx.path, [&] { return Save(api.engine, ctx, {}, true); });
  });

  // A dry run: the same body as a bundle, checked against the catalog; nothing is saved.
  router.Add("POST", "/v1/bundles:validate", [&engine](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"at"}); !st.ok()) return Problem(st, ctx.path);
    auto at = AtParam(ctx);
    if (!at.ok()) return Problem(at.status(), ctx.path);
    auto body = ctx.JsonObject();
    if (!body.ok()) return Problem(body.status(), ctx.path);
    auto bundle = BundleFromJson(*body);
    if (!bundle.ok()) return Problem(bundle.status(), ctx.path);
    json::object o;
    AddReport(CheckBundle(*engine.snapshot(), *bundle, *at), o);
    o["at"] = FormatIsoTime(*at);
    return HttpReply::Json(200, o);
  });

  router.Add("GET", "/v1/bundles/{id}", [&engine](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"at"}); !st.ok()) return Problem(st, ctx.path);
    auto at = AtParam(ctx);
    if (!at.ok()) return Problem(at.status(), ctx.path);
    auto snapshot = engine.snapshot();
    const Bundle* b = snapshot->FindBundle(ctx.params[0]);
    if (!b) {
      return Problem(Status::NotFound(fmt::format("bundle '{}' does not exist", ctx.params[0])),
                     ctx.path);
    }
    return HttpReply::Json(200, ViewJson(*b, CheckBundle(*snapshot, *b, *at)))
        .Header("ETag", ETag(b->version));
  });

  router.Add("PUT", "/v1/bundles/{id}", [&engine](RequestContext& ctx) {
    return Save(engine, ctx, ctx.params[0], false);
  });

  router.Add("DELETE", "/v1/bundles/{id}", [&engine](RequestContext& ctx) {
    auto if_match = ctx.IfMatchVersion();
    if (!if_match.ok()) return Problem(if_match.status(), ctx.path);
    Status st = engine.DeleteBundle(ctx.params[0], *if_match);
    return st.ok() ? HttpReply::NoContent() : Problem(st, ctx.path);
  });

  router.Add("GET", "/v1/products/{sku}/bundles", [&engine](RequestContext& ctx) {
    if (Status st = ctx.RejectUnknownQuery({"at"}); !st.ok()) return Problem(st, ctx.path);
    auto at = AtParam(ctx);
    if (!at.ok()) return Problem(at.status(), ctx.path);
    const Snapshot& snapshot = *engine.ThreadSnapshot();
    auto offers = BundleOffersFor(snapshot, ctx.params[0], *at);
    if (!offers.ok()) return Problem(offers.status(), ctx.path);
    json::array items;
    for (const BundleOffer& offer : *offers) {
      items.push_back(OfferJson(snapshot, offer, ctx.params[0]));
    }
    return HttpReply::Json(
        200, {{"sku", ctx.params[0]}, {"at", FormatIsoTime(*at)}, {"items", std::move(items)}});
  });
}

}  // namespace affinity

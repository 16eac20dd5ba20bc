// Magento 2: GET /V1/orders/{id} and the search result {"items":[orders...]}. The external id is the
// increment_id (what the merchant sees); an edited order ("000000013-1") names the order it
// replaces in relation_parent_real_id. A configurable product comes as a parent item and a simple
// child with the same SKU: counted once, priced from the parent. Amounts are JSON numbers, read
// through their shortest round-trip text. Times have no zone (UTC).
#include <fmt/format.h>

#include <map>

#include "intake/adapters.hpp"
#include "intake/map_support.hpp"

namespace affinity {
namespace {

OrderStatus StatusOf(const JsonView& o, MappedOrder* m) {
  const std::string state = o["state"].StrOr();
  if (state == "processing") return OrderStatus::kPaid;
  if (state == "complete") return OrderStatus::kFulfilled;
  if (state == "closed") return OrderStatus::kRefunded;  // closed = fully refunded (credit memo)
  if (state == "canceled") return OrderStatus::kCancelled;
  if (state != "new" && state != "pending_payment" && state != "holded" &&
      state != "payment_review") {
    AddNote(m, fmt::format("state '{}' unknown; taken as placed", state));
  }
  return OrderStatus::kPlaced;
}

MappedOrder MapOrder(const JsonView& o, const RawDelivery& d) {
  MappedOrder m;
  SetIdentity(d, "magento", o["increment_id"].IdText(), &m);
  Order& order = m.order;
  std::string cur = o["order_currency_code"].StrOr();
  for (const char* k : {"store_currency_code", "base_currency_code"}) {
    if (cur.empty() && !o[k].StrOr().empty()) {
      cur = o[k].Str();
      AddNote(&m, fmt::format("order_currency_code null: used {} {}", k, cur));
    }
  }
  cur = ResolveCurrency(cur, d, o["order_currency_code"].path(), &m);
  order.currency = cur;
  const std::string base = o["base_currency_code"].StrOr();
  if (!base.empty() && base != cur) {
    AddNote(&m, fmt::format("order currency {} differs from base currency {} (base_to_order_rate "
                            "{}); amounts taken in the order currency",
                            cur, base, o["base_to_order_rate"].present()
                                           ? o["base_to_order_rate"].DecimalText() : "null"));
  }
  order.placed_at = TimeField(o["created_at"], &m);
  if (o["updated_at"].present()) order.source_version = TimeField(o["updated_at"], &m);
  const std::string email = o["customer_email"].StrOr();
  if (!email.empty()) m.attributes[kAttrBuyerEmail] = email;
  const bool guest = o["customer_is_guest"].OptBool().value_or(false);
  auto customer = guest ? std::nullopt : o["customer_id"].OptIdText();
  order.customer_id = customer ? *customer : email;
  JsonView addr = o["extension_attributes"]["shipping_assignments"];
  JsonView ship = addr.size() ? addr.at(0)["shipping"]["address"] : JsonView(nullptr, "");
  if (ship.missing()) ship = o["billing_address"];  // virtual orders ship nothing
  if (ship.present()) {
    m.attributes[kAttrShipCountry] = ship["country_id"].StrOr();
    std::string state = ship["region_code"].StrOr();
    m.attributes[kAttrShipState] = state.empty() ? ship["region"].StrOr() : state;
  }
  if (auto po = o["payment"]["po_number"].OptIdText()) m.attributes[kAttrPoNumber] = *po;
  if (auto parent = o["relation_parent_real_id"].OptIdText()) {
    m.replaces = *parent;
    AddNote(&m, fmt::format("edited order: replaces {} (relation_parent_real_id)", *parent));
  }

  JsonView items = o["items"];
  std::map<std::string, std::string> type_by_item;  // item_id -> product_type
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (auto id = items.at(i)["item_id"].OptIdText()) {
      type_by_item[*id] = items.at(i)["product_type"].StrOr();
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    JsonView it = items.at(i);
    if (auto parent = it["parent_item_id"].OptIdText()) {
      if (type_by_item[*parent] == "configurable") {
        AddNote(&m, fmt::format("{}: '{}' ({}) is the simple child of configurable item {}: "
                                "counted once, priced from the parent",
                                it.path(), it["name"].StrOr(), it["sku"].StrOr(), *parent));
        continue;
      }
    }
    OrderLine line;
    line.sku = it["sku"].StrOr();
    line.name = it["name"].StrOr();
    const std::int64_t ordered = it["qty_ordered"].Int();
    const std::int64_t canceled = it["qty_canceled"].present() ? it["qty_canceled"].Int() : 0;
    const std::int64_t refunded = it["qty_refunded"].present() ? it["qty_refunded"].Int() : 0;
    line.quantity = ordered - canceled;
    line.unit_price_minor = MinorOr(it["price"], cur, &m);
    line.discount_minor = MinorOr(it["discount_amount"], cur, &m);
    if (line.discount_minor < 0) line.discount_minor = -line.discount_minor;
    if (canceled) AddNote(&m, fmt::format("{}: {} of {} canceled", it.path(), canceled, ordered));
    if (line.quantity <= 0) continue;
    if (line.sku.empty()) {
      AddNote(&m, fmt::format("{}: '{}' has no sku: kept as a line without sku", it.path(), line.name));
    }
    order.lines.push_back(line);
    if (refunded > 0) {
      order.lines.push_back(OrderLine{.sku = line.sku, .name = line.name, .quantity = -refunded,
                                      .unit_price_minor = line.unit_price_minor});
      AddNote(&m, fmt::format("{}: {} refunded, recorded as a negative-quantity line", it.path(),
                              refunded));
    }
  }
  const std::int64_t refunded_total = MinorOr(o["total_refunded"], cur, &m);
  if (refunded_total) m.attributes[kAttrRefundedTotal] = FormatMinorUnits(refunded_total, cur);
  order.status = StatusOf(o, &m);
  order.total_minor = o["grand_total"].present() ? Minor(o["grand_total"], cur, &m) : SumLines(order);
  return m;
}

class Magento final : public ChannelAdapter {
 public:
  std::string_view name() const override { return "magento"; }
  // Magento is polled (REST), or pushed by extensions without a standard delivery id.
  std::optional<std::string> DeliveryId(const RawDelivery& d) const override {
    return std::nullopt;
  }
  Result<std::vector<MappedOrder>> Map(const RawDelivery& d) const override {
    return RunJsonMap(d.body, [&](const JsonView& root) {
      std::vector<MappedOrder> out;
      root.object();
      if (root["increment_id"].present()) {
        out.push_back(MapOrder(root, d));
      } else if (root["items"].is_array()) {  // searchResults
        JsonView items = root["items"];
        for (std::size_t i = 0; i < items.size(); ++i) out.push_back(MapOrder(items.at(i), d));
      } else {
        root.Fail("expected a Magento 2 order (with \"increment_id\") or search results "
                  "{\"items\":[...]}");
      }
      return out;
    });
  }
};

}  // namespace

const ChannelAdapter& MagentoAdapter() {
  static const Magento adapter;
  return adapter;
}

}  // namespace affinity

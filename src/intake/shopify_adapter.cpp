// Shopify: REST Admin order ({"order":{...}}), a page ({"orders":[...]}) and the orders/* webhook
// body (the bare order). Ids exceed 2^53 and are read as integers, never doubles; money comes as
// decimal strings. Refunds become negative-quantity lines at the refunded line's price; the total
// stays the amount charged (total_price) and the refunded amount goes to attributes.
#include <fmt/format.h>

#include "intake/adapters.hpp"
#include "intake/map_support.hpp"

namespace affinity {
namespace {

OrderStatus StatusOf(const JsonView& o, MappedOrder* m) {
  if (o["cancelled_at"].present()) return OrderStatus::kCancelled;
  std::string fin = o["financial_status"].StrOr();
  std::string ful = o["fulfillment_status"].StrOr();
  if (fin == "refunded") return OrderStatus::kRefunded;
  if (fin == "voided") return OrderStatus::kCancelled;
  if (fin == "paid" || fin == "partially_refunded" || fin == "partially_paid") {
    return ful == "fulfilled" ? OrderStatus::kFulfilled : OrderStatus::kPaid;
  }
  if (fin != "pending" && fin != "authorized" && !fin.empty()) {
    AddNote(m, fmt::format("financial_status '{}' unknown; taken as placed", fin));
  }
  return OrderStatus::kPlaced;
}

MappedOrder MapOrder(const JsonView& o, const RawDelivery& d) {
  MappedOrder m;
  SetIdentity(d, "shopify", o["id"].IdText(), &m);
  Order& order = m.order;
  const std::string cur = ResolveCurrency(o["currency"].StrOr(), d, o["currency"].path(), &m);
  order.currency = cur;
  JsonView placed = o["processed_at"].present() ? o["processed_at"] : o["created_at"];
  order.placed_at = TimeField(placed, &m);
  if (o["updated_at"].present()) order.source_version = TimeField(o["updated_at"], &m);

  std::string email = o["email"].StrOr();
  if (email.empty()) email = o["contact_email"].StrOr();
  if (email.empty()) email = o["customer"]["email"].StrOr();
  if (!email.empty()) m.attributes[kAttrBuyerEmail] = email;
  if (auto id = o["customer"]["id"].OptIdText()) order.customer_id = *id;
  else order.customer_id = email;
  if (auto po = o["po_number"].OptIdText()) m.attributes[kAttrPoNumber] = *po;
  JsonView ship = o["shipping_address"];
  if (ship.present()) {
    m.attributes[kAttrShipCountry] = ship["country_code"].StrOr();
    std::string state = ship["province_code"].StrOr();
    m.attributes[kAttrShipState] = state.empty() ? ship["province"].StrOr() : state;
  }
  if (o["name"].is_string()) m.attributes["order_name"] = o["name"].Str();

  JsonView items = o["line_items"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    JsonView li = items.at(i);
    OrderLine line;
    line.sku = li["sku"].StrOr();
    line.name = li["name"].StrOr(li["title"].StrOr());
    line.quantity = li["quantity"].Int();
    line.unit_price_minor = Minor(li["price"], cur, &m);
    std::int64_t allocated = 0;
    JsonView allocs = li["discount_allocations"];
    for (std::size_t k = 0; k < allocs.size(); ++k) {
      allocated += Minor(allocs.at(k)["amount"], cur, &m);
    }
    line.discount_minor = allocs.size() ? allocated : MinorOr(li["total_discount"], cur, &m);
    if (line.sku.empty()) {
      AddNote(&m, fmt::format("{}: '{}' has {} sku (product_id {}): kept as a line without sku",
                              li.path(), line.name, li["sku"].missing() ? "a null" : "an empty",
                              li["product_id"].OptIdText().value_or("null")));
    }
    if (li["gift_card"].OptBool().value_or(false)) {
      AddNote(&m, fmt::format("{}: gift card '{}'", li.path(), line.name));
    }
    order.lines.push_back(std::move(line));
  }
  if (o["total_tip_received"].present() && MinorOr(o["total_tip_received"], cur, &m) != 0) {
    AddNote(&m, fmt::format("tip of {} {} received (its line item has no sku)",
                            o["total_tip_received"].DecimalText(), cur));
  }

  // Refunds: each refunded line item becomes a negative-quantity line at the item's price.
  JsonView refunds = o["refunds"];
  std::int64_t refunded = 0;
  for (std::size_t r = 0; r < refunds.size(); ++r) {
    JsonView rli = refunds.at(r)["refund_line_items"];
    for (std::size_t k = 0; k < rli.size(); ++k) {
      JsonView x = rli.at(k);
      JsonView item = x["line_item"];
      std::string item_id = x["line_item_id"].IdText();
      OrderLine line;
      if (item.missing()) {  // find the refunded item among the order's line items
        for (std::size_t i = 0; i < items.size(); ++i) {
          if (items.at(i)["id"].IdText() == item_id) item = items.at(i);
        }
      }
      if (item.missing()) x["line_item_id"].Fail("refers to no line item of the order");
      line.sku = item["sku"].StrOr();
      line.name = item["name"].StrOr(item["title"].StrOr());
      line.quantity = -x["quantity"].Int();
      line.unit_price_minor = Minor(item["price"], cur, &m);
      if (line.quantity == 0) continue;
      AddNote(&m, fmt::format("{}: refund of {} x '{}' ({}) recorded as a negative-quantity line",
                              x.path(), -line.quantity, line.name, x["restock_type"].StrOr("")));
      order.lines.push_back(std::move(line));
    }
    JsonView tx = refunds.at(r)["transactions"];
    for (std::size_t k = 0; k < tx.size(); ++k) {
      if (tx.at(k)["kind"].StrOr() == "refund" && tx.at(k)["status"].StrOr("success") == "success") {
        refunded += Minor(tx.at(k)["amount"], cur, &m);
      }
    }
  }
  if (refunded) m.attributes[kAttrRefundedTotal] = FormatMinorUnits(refunded, cur);
  order.status = StatusOf(o, &m);
  order.total_minor =
      o["total_price"].present() ? Minor(o["total_price"], cur, &m) : SumLines(order);
  return m;
}

class Shopify final : public ChannelAdapter {
 public:
  std::string_view name() const override { return "shopify"; }
  std::optional<std::string> DeliveryId(const RawDelivery& d) const override {
    for (const char* h : {"X-Shopify-Webhook-Id", "X-Shopify-Event-Id"}) {
      if (const std::string* v = d.headers.Find(h); v && !v->empty()) return *v;
    }
    return std::nullopt;
  }
  Result<std::vector<MappedOrder>> Map(const RawDelivery& d) const override {
    return RunJsonMap(d.body, [&](const JsonView& root) {
      std::vector<MappedOrder> out;
      root.object();
      if (root["orders"].present()) {
        JsonView orders = root["orders"];
        for (std::size_t i = 0; i < orders.size(); ++i) out.push_back(MapOrder(orders.at(i), d));
      } else if (root["order"].present()) {
        out.push_back(MapOrder(root["order"], d));
      } else if (root["line_items"].present()) {
        out.push_back(MapOrder(root, d));
      } else {
        root.Fail("expected a Shopify order: {\"order\":{...}}, {\"orders\":[...]} or a webhook "
                  "order body with \"line_items\"");
      }
      return out;
    });
  }
};

}  // namespace

const ChannelAdapter& ShopifyAdapter() {
  static const Shopify adapter;
  return adapter;
}

}  // namespace affinity

// BigCommerce: v2 orders (GET /v2/orders/{id}, or the list). A v2 order links to its products
// ({"url","resource"}) instead of embedding them, so a complete delivery is the combined body
//   {"order": <v2 order>, "products": <GET /v2/orders/{id}/products>}
// (or an order whose "products" is already the array). An order without its products maps with
// `awaiting` set. Money is 4-decimal strings ("62.6793", rounded half-up to the currency), dates are
// RFC 2822, and fees spell their cost both cost_ex_tax and cost_exc_tax.
#include <fmt/format.h>

#include "intake/adapters.hpp"
#include "intake/map_support.hpp"

namespace affinity {
namespace {

OrderStatus StatusOf(const JsonView& o, MappedOrder* m) {
  // https://developer.bigcommerce.com/docs/store-operations/orders/order-statuses
  switch (o["status_id"].present() ? o["status_id"].Int() : -1) {
    case 2:   // Shipped
    case 10:  // Completed
      return OrderStatus::kFulfilled;
    case 3:   // Partially Shipped
    case 8:   // Awaiting Pickup
    case 9:   // Awaiting Shipment
    case 11:  // Awaiting Fulfillment
    case 13:  // Disputed
    case 14:  // Partially Refunded
      return OrderStatus::kPaid;
    case 4:  // Refunded
      return OrderStatus::kRefunded;
    case 5:  // Cancelled
    case 6:  // Declined
      return OrderStatus::kCancelled;
    case 0:   // Incomplete
    case 1:   // Pending
    case 7:   // Awaiting Payment
    case 12:  // Manual Verification Required
      return OrderStatus::kPlaced;
    default:
      AddNote(m, fmt::format("status_id {} ('{}') unknown; taken as placed",
                             o["status_id"].present() ? o["status_id"].IdText() : "null",
                             o["status"].StrOr()));
      return OrderStatus::kPlaced;
  }
}

void AddProducts(const JsonView& products, const std::string& order_id, const std::string& cur,
                 bool tax_inclusive, MappedOrder* m) {
  for (std::size_t i = 0; i < products.size(); ++i) {
    JsonView p = products.at(i);
    if (auto pid = p["order_id"].OptIdText(); pid && *pid != order_id) {
      AddNote(m, fmt::format("{}.order_id {} differs from the order id {}; the products were "
                             "delivered with this order and kept",
                             p.path(), *pid, order_id));
    }
    OrderLine line;
    line.sku = p["sku"].StrOr();
    line.name = p["name"].StrOr();
    line.quantity = p["quantity"].Int();
    line.unit_price_minor =
        Minor(tax_inclusive ? p["price_inc_tax"] : p["price_ex_tax"], cur, m);
    JsonView discounts = p["applied_discounts"];
    for (std::size_t k = 0; k < discounts.size(); ++k) {
      line.discount_minor += Minor(discounts.at(k)["amount"], cur, m);
    }
    if (p["parent_order_product_id"].present()) {
      AddNote(m, fmt::format("{}: '{}' is part of order product {} (price {})", p.path(), line.name,
                             p["parent_order_product_id"].IdText(),
                             FormatMinorUnits(line.unit_price_minor, cur)));
    }
    if (line.sku.empty()) {
      AddNote(m, fmt::format("{}: '{}' has no sku: kept as a line without sku", p.path(), line.name));
    }
    if (p["quantity_refunded"].present() && p["quantity_refunded"].Int() > 0) {
      OrderLine refund = line;
      refund.quantity = -p["quantity_refunded"].Int();
      refund.discount_minor = 0;
      AddNote(m, fmt::format("{}: {} refunded, recorded as a negative-quantity line", p.path(),
                             -refund.quantity));
      m->order.lines.push_back(std::move(line));
      m->order.lines.push_back(std::move(refund));
      continue;
    }
    m->order.lines.push_back(std::move(line));
  }
}

MappedOrder MapOrder(const JsonView& o, const JsonView& products, const RawDelivery& d) {
  MappedOrder m;
  const std::string id = o["id"].IdText();
  SetIdentity(d, "bigcommerce", id, &m);
  Order& order = m.order;
  std::string cur = o["currency_code"].StrOr();
  if (cur.empty() && !o["default_currency_code"].StrOr().empty()) {
    cur = o["default_currency_code"].Str();
    AddNote(&m, "currency_code null: used the store's default_currency_code " + cur);
  }
  cur = ResolveCurrency(cur, d, o["currency_code"].path(), &m);
  order.currency = cur;
  order.placed_at = TimeField(o["date_created"], &m);
  if (o["date_modified"].present()) order.source_version = TimeField(o["date_modified"], &m);
  std::string email = o["billing_address"]["email"].StrOr();
  if (!email.empty()) m.attributes[kAttrBuyerEmail] = email;
  std::int64_t customer = o["customer_id"].present() ? o["customer_id"].Int() : 0;
  order.customer_id = customer > 0 ? std::to_string(customer) : email;
  JsonView ship = o["shipping_addresses"];
  if (ship.is_array() && ship.size() > 0) {
    m.attributes[kAttrShipCountry] = ship.at(0)["country_iso2"].StrOr();
    m.attributes[kAttrShipState] = ship.at(0)["state"].StrOr();
  }
  const bool tax_inclusive = o["is_tax_inclusive_pricing"].OptBool().value_or(false);
  JsonView lines = products.present() ? products : o["products"];
  if (lines.is_array()) {
    AddProducts(lines, id, cur, tax_inclusive, &m);
  } else {
    m.awaiting = fmt::format("products: GET {}", lines["resource"].StrOr("/orders/" + id + "/products"));
  }
  JsonView fees = o["fees"];
  for (std::size_t i = 0; i < fees.size(); ++i) {
    JsonView f = fees.at(i);
    JsonView cost = f["cost_ex_tax"];
    if (cost.missing() && f["cost_exc_tax"].present()) {
      cost = f["cost_exc_tax"];
      AddNote(&m, fmt::format("{}: cost spelled 'cost_exc_tax' (documented as cost_ex_tax)", f.path()));
    }
    if (cost.missing()) cost = f["base_cost"];
    const std::int64_t amount = Minor(cost, cur, &m);
    if (amount <= 0) continue;
    std::string name = f["display_name_merchant"].StrOr(f["display_name_customer"].StrOr("fee"));
    order.lines.push_back(
        OrderLine{.sku = "", .name = name, .quantity = 1, .unit_price_minor = amount});
    AddNote(&m, fmt::format("{}: fee '{}' kept as a line without sku", f.path(), name));
  }
  const std::int64_t refunded = MinorOr(o["refunded_amount"], cur, &m);
  if (refunded) m.attributes[kAttrRefundedTotal] = FormatMinorUnits(refunded, cur);
  order.status = StatusOf(o, &m);
  order.total_minor = o["total_inc_tax"].present() ? Minor(o["total_inc_tax"], cur, &m) : SumLines(order);
  if (o["order_is_digital"].OptBool().value_or(false)) AddNote(&m, "digital order: no shipping address");
  return m;
}

class BigCommerce final : public ChannelAdapter {
 public:
  std::string_view name() const override { return "bigcommerce"; }
  // BigCommerce webhooks carry only {"scope","data":{"id"}} and no delivery id header: dedupe on
  // the order id and date_modified (source_version).
  std::optional<std::string> DeliveryId(const RawDelivery& d) const override {
    return std::nullopt;
  }
  Result<std::vector<MappedOrder>> Map(const RawDelivery& d) const override {
    return RunJsonMap(d.body, [&](const JsonView& root) {
      std::vector<MappedOrder> out;
      const JsonView none(nullptr, "products");
      if (root.is_array()) {
        for (std::size_t i = 0; i < root.size(); ++i) out.push_back(MapOrder(root.at(i), none, d));
      } else if (root.is_object() && root["order"].present()) {
        JsonView products = root["products"];
        if (products.present() && !products.is_array()) {
          products.Fail("expected the array of GET /v2/orders/{id}/products");
        }
        out.push_back(MapOrder(root["order"], products, d));
      } else if (root.is_object() && root["status_id"].present()) {
        out.push_back(MapOrder(root, none, d));
      } else {
        root.Fail("expected a v2 order, an array of them, or {\"order\":{...},\"products\":[...]}");
      }
      return out;
    });
  }
};

}  // namespace

const ChannelAdapter& BigCommerceAdapter() {
  static const BigCommerce adapter;
  return adapter;
}

}  // namespace affinity

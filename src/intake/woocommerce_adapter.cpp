// WooCommerce: REST v3 order, a list (a JSON array of orders) and the order.* webhook body (the
// order itself). Dates come twice: local (no zone) and *_gmt; the _gmt ones are used. Line prices
// are JSON numbers ("price": 8.6); the exact string subtotal is used instead. Refunds carry no line
// detail ({"id","total":"-10.00"}): their sum goes to attributes and a note, lines stay as sold.
#include <fmt/format.h>

#include "intake/adapters.hpp"
#include "intake/map_support.hpp"

namespace affinity {
namespace {

OrderStatus StatusOf(const JsonView& o, MappedOrder* m) {
  const std::string s = o["status"].StrOr();
  if (s == "completed") return OrderStatus::kFulfilled;
  if (s == "processing") {
    if (o["date_paid_gmt"].missing() && o["date_paid"].missing()) {
      AddNote(m, fmt::format("status 'processing' with date_paid null (payment method '{}'): "
                             "not paid yet, taken as placed",
                             o["payment_method"].StrOr()));
      return OrderStatus::kPlaced;
    }
    return OrderStatus::kPaid;
  }
  if (s == "cancelled" || s == "failed" || s == "trash") return OrderStatus::kCancelled;
  if (s == "refunded") return OrderStatus::kRefunded;
  if (s != "pending" && s != "on-hold" && s != "checkout-draft") {
    AddNote(m, fmt::format("custom status '{}': taken as {}", s,
                           o["date_paid_gmt"].present() ? "paid" : "placed"));
    if (o["date_paid_gmt"].present()) return OrderStatus::kPaid;
  }
  return OrderStatus::kPlaced;
}

std::string MetaValue(const JsonView& meta, std::initializer_list<std::string_view> keys) {
  for (std::size_t i = 0; i < meta.size(); ++i) {
    JsonView e = meta.at(i);
    for (std::string_view k : keys) {
      if (e["key"].StrOr() == k && e["value"].is_string()) return e["value"].Str();
    }
  }
  return {};
}

MappedOrder MapOrder(const JsonView& o, const RawDelivery& d) {
  MappedOrder m;
  SetIdentity(d, "woocommerce", o["id"].IdText(), &m);
  Order& order = m.order;
  const std::string cur = ResolveCurrency(o["currency"].StrOr(), d, o["currency"].path(), &m);
  order.currency = cur;
  if (o["date_created_gmt"].present()) {
    auto t = ParseSourceTime(o["date_created_gmt"].Str());
    if (!t) o["date_created_gmt"].Fail("expected a time such as \"2017-03-22T19:28:02\"");
    order.placed_at = t->unix_seconds;  // GMT by definition, no zone in the text
  } else {
    order.placed_at = TimeField(o["date_created"], &m);
    AddNote(&m, "date_created_gmt missing: the store's local date_created was taken as UTC");
  }
  if (o["date_modified_gmt"].present()) {
    if (auto t = ParseSourceTime(o["date_modified_gmt"].Str())) order.source_version = t->unix_seconds;
  }
  JsonView billing = o["billing"];
  std::string email = billing["email"].StrOr();
  if (!email.empty()) m.attributes[kAttrBuyerEmail] = email;
  std::int64_t customer = o["customer_id"].present() ? o["customer_id"].Int() : 0;
  order.customer_id = customer > 0 ? std::to_string(customer) : email;
  JsonView ship = o["shipping"];
  if (ship.missing() || (ship["address_1"].StrOr().empty() && ship["country"].StrOr().empty())) {
    ship = billing;  // virtual orders have an empty shipping address
  }
  if (ship.present()) {
    m.attributes[kAttrShipCountry] = ship["country"].StrOr();
    m.attributes[kAttrShipState] = ship["state"].StrOr();
  }
  std::string po = MetaValue(o["meta_data"], {"_po_number", "po_number", "purchase_order_number",
                                              "_purchase_order_number"});
  if (!po.empty()) m.attributes[kAttrPoNumber] = po;

  JsonView items = o["line_items"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    JsonView li = items.at(i);
    OrderLine line;
    line.sku = li["sku"].StrOr();
    line.name = li["name"].StrOr();
    line.quantity = li["quantity"].Int();
    if (line.quantity == 0) li["quantity"].Fail("must not be 0");
    const std::int64_t subtotal = Minor(li["subtotal"], cur, &m);
    const std::int64_t total = MinorOr(li["total"], cur, &m, subtotal);
    const std::int64_t qty = line.quantity < 0 ? -line.quantity : line.quantity;
    if (subtotal % qty == 0) {
      line.unit_price_minor = subtotal / qty;
    } else {  // the number "price" is the unit price; read it through its text, never as a double
      line.unit_price_minor = Minor(li["price"], cur, &m);
      AddNote(&m, fmt::format("{}: subtotal {} is not a multiple of quantity {}; unit price from "
                              "'price'",
                              li.path(), li["subtotal"].DecimalText(), qty));
    }
    if (line.unit_price_minor < 0) line.unit_price_minor = -line.unit_price_minor;
    line.discount_minor = subtotal > total ? subtotal - total : 0;
    if (line.sku.empty()) {
      AddNote(&m, fmt::format("{}: '{}' (product_id {}) has no sku: kept as a line without sku",
                              li.path(), line.name, li["product_id"].OptIdText().value_or("0")));
    }
    order.lines.push_back(std::move(line));
  }
  JsonView fees = o["fee_lines"];
  for (std::size_t i = 0; i < fees.size(); ++i) {
    JsonView f = fees.at(i);
    const std::int64_t amount = Minor(f["total"], cur, &m);
    if (amount <= 0) {
      AddNote(&m, fmt::format("{}: fee '{}' of {} is a discount; reflected in the total only",
                              f.path(), f["name"].StrOr(), f["total"].DecimalText()));
      continue;
    }
    order.lines.push_back(OrderLine{.sku = "", .name = f["name"].StrOr("fee"), .quantity = 1,
                                    .unit_price_minor = amount});
    AddNote(&m, fmt::format("{}: fee '{}' kept as a line without sku", f.path(), f["name"].StrOr()));
  }
  JsonView refunds = o["refunds"];
  std::int64_t refunded = 0;
  for (std::size_t i = 0; i < refunds.size(); ++i) {
    std::int64_t r = Minor(refunds.at(i)["total"], cur, &m);
    refunded += r < 0 ? -r : r;
  }
  if (refunded) {
    m.attributes[kAttrRefundedTotal] = FormatMinorUnits(refunded, cur);
    AddNote(&m, fmt::format("{} refund(s) totalling {} {} without line detail: lines kept as sold",
                            refunds.size(), FormatMinorUnits(refunded, cur), cur));
  }
  order.status = StatusOf(o, &m);
  order.total_minor = o["total"].present() ? Minor(o["total"], cur, &m) : SumLines(order);
  return m;
}

class WooCommerce final : public ChannelAdapter {
 public:
  std::string_view name() const override { return "woocommerce"; }
  std::optional<std::string> DeliveryId(const RawDelivery& d) const override {
    if (const std::string* v = d.headers.Find("X-WC-Webhook-Delivery-ID"); v && !v->empty()) {
      return *v;
    }
    return std::nullopt;
  }
  Result<std::vector<MappedOrder>> Map(const RawDelivery& d) const override {
    return RunJsonMap(d.body, [&](const JsonView& root) {
      std::vector<MappedOrder> out;
      if (root.is_array()) {
        for (std::size_t i = 0; i < root.size(); ++i) out.push_back(MapOrder(root.at(i), d));
      } else if (root.is_object() && root["line_items"].present()) {
        out.push_back(MapOrder(root, d));
      } else {
        root.Fail("expected a WooCommerce order (an object with \"line_items\") or an array of "
                  "orders");
      }
      return out;
    });
  }
};

}  // namespace

const ChannelAdapter& WooCommerceAdapter() {
  static const WooCommerce adapter;
  return adapter;
}

}  // namespace affinity

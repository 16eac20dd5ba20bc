// Amazon SP-API (Orders v0). An order (getOrders) and its lines (getOrderItems) are separate calls,
// so a complete delivery is the combined body
//   {"orders": <getOrders response>, "items": {"<AmazonOrderId>": <getOrderItems response>, ...}}
// and the frappe ecommerce_integrations test wrapper {"get_orders_200":{"json":...},
// "get_order_items_200":{"json":...}} is read the same way. getOrders alone maps every order with
// `awaiting` = its items; getOrderItems alone maps with `awaiting` = the order. Booleans may be
// strings ("false"), ItemPrice is the price of the whole quantity, Pending orders carry no
// OrderTotal (the currency then comes from the items or the marketplace).
#include <fmt/format.h>

#include <map>

#include "intake/adapters.hpp"
#include "intake/map_support.hpp"

namespace affinity {
namespace {

// The currency each marketplace sells in.
std::string MarketplaceCurrency(std::string_view id) {
  static const std::map<std::string_view, std::string_view> kCurrencies = {
      {"ATVPDKIKX0DER", "USD"},  {"A2EUQ1WTGCTBG2", "CAD"}, {"A1AM78C64UM0Y8", "MXN"},
      {"A2Q3Y263D00KWC", "BRL"}, {"A1F83G8C2ARO7P", "GBP"}, {"A1PA6795UKMFR9", "EUR"},
      {"A13V1IB3VIYZZH", "EUR"}, {"APJ6JRA9NG5V4", "EUR"},  {"A1RKKUPIHCS9HS", "EUR"},
      {"A1805IZSGTT6HS", "EUR"}, {"AMEN7PMS3EDWL", "EUR"},  {"A2NODRKZP88ZB9", "SEK"},
      {"A1C3SOZRARQ6R3", "PLN"}, {"A33AVAJ2PDY3EV", "TRY"}, {"A21TJRUUN4KGV", "INR"},
      {"A1VC38T7P9XM7W", "JPY"}, {"A39IBJ37TRP1C6", "AUD"}, {"A19VAU5U5O7RUS", "SGD"},
      {"A2VIGQ35RCS4UG", "AED"}, {"A17E79C6D8DWNP", "SAR"}, {"ARBP9OOSHTCHU", "EGP"},
  };
  auto it = kCurrencies.find(id);
  return it == kCurrencies.end() ? std::string() : std::string(it->second);
}

OrderStatus StatusOf(const JsonView& o, MappedOrder* m) {
  const std::string s = o["OrderStatus"].StrOr();
  if (s == "Shipped") return OrderStatus::kFulfilled;
  if (s == "Unshipped" || s == "PartiallyShipped" || s == "InvoiceUnconfirmed") {
    return OrderStatus::kPaid;
  }
  if (s == "Canceled" || s == "Unfulfillable") return OrderStatus::kCancelled;
  if (s != "Pending" && s != "PendingAvailability") {
    AddNote(m, fmt::format("OrderStatus '{}' unknown; taken as placed", s));
  }
  return OrderStatus::kPlaced;
}

// {"payload": X} or X.
JsonView Payload(const JsonView& v) { return v["payload"].present() ? v["payload"] : v; }

void AddItems(const JsonView& items_payload, MappedOrder* m) {
  Order& order = m->order;
  const std::string& cur = order.currency;
  JsonView items = items_payload["OrderItems"];
  if (!items.is_array()) items.Fail("expected the OrderItems array of getOrderItems");
  std::int64_t computed_total = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    JsonView it = items.at(i);
    OrderLine line;
    line.sku = it["SellerSKU"].StrOr();
    line.name = it["Title"].StrOr();
    line.quantity = it["QuantityOrdered"].Int();
    it["IsGift"].OptBool();  // validated: "false" and false both occur
    for (const char* money : {"ItemPrice", "ItemTax", "PromotionDiscount"}) {
      std::string c = it[money]["CurrencyCode"].StrOr();
      if (!c.empty() && c != cur) {
        it[money]["CurrencyCode"].Fail(fmt::format("{} differs from the order currency {}", c, cur));
      }
    }
    const std::int64_t price = MinorOr(it["ItemPrice"]["Amount"], cur, m);
    line.discount_minor = MinorOr(it["PromotionDiscount"]["Amount"], cur, m);
    computed_total += price + MinorOr(it["ItemTax"]["Amount"], cur, m) - line.discount_minor +
                      MinorOr(it["ShippingPrice"]["Amount"], cur, m) +
                      MinorOr(it["ShippingTax"]["Amount"], cur, m) -
                      MinorOr(it["ShippingDiscount"]["Amount"], cur, m);
    if (it["BuyerRequestedCancel"]["IsBuyerRequestedCancel"].OptBool().value_or(false)) {
      AddNote(m, fmt::format("{}: buyer requested cancel ('{}')", it.path(),
                             it["BuyerRequestedCancel"]["BuyerCancelReason"].StrOr()));
    }
    if (line.quantity <= 0) {
      AddNote(m, fmt::format("{}: QuantityOrdered {}: no line", it.path(), line.quantity));
      continue;
    }
    // ItemPrice is the price of the whole quantity.
    line.unit_price_minor = price / line.quantity;
    if (price % line.quantity != 0) {
      AddNote(m, fmt::format("{}: ItemPrice {} is not a multiple of quantity {}; unit price "
                             "rounded down",
                             it.path(), it["ItemPrice"]["Amount"].DecimalText(), line.quantity));
    }
    if (line.sku.empty()) {
      AddNote(m, fmt::format("{}: no SellerSKU (ASIN {}): kept as a line without sku", it.path(),
                             it["ASIN"].StrOr()));
    }
    order.lines.push_back(std::move(line));
  }
  if (order.total_minor == 0) {
    order.total_minor = computed_total;
    AddNote(m, "no OrderTotal: total computed from the items (price + tax + shipping - discounts)");
  }
}

std::string ItemsCurrency(const JsonView& items_payload) {
  JsonView items = Payload(items_payload)["OrderItems"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string c = items.at(i)["ItemPrice"]["CurrencyCode"].StrOr();
    if (!c.empty()) return c;
  }
  return {};
}

MappedOrder MapOrder(const JsonView& o, const JsonView* items, const RawDelivery& d) {
  MappedOrder m;
  const std::string id = o["AmazonOrderId"].Str();
  SetIdentity(d, "amazon", id, &m);
  Order& order = m.order;
  const std::string market = MarketplaceCurrency(o["MarketplaceId"].StrOr());
  std::string cur = o["OrderTotal"]["CurrencyCode"].StrOr();
  if (cur.empty() && items) {
    cur = ItemsCurrency(*items);
    if (!cur.empty()) AddNote(&m, "no OrderTotal: currency " + cur + " taken from the items");
  }
  if (cur.empty() && !market.empty()) {
    cur = market;
    AddNote(&m, fmt::format("no OrderTotal: currency {} of marketplace {}", cur,
                            o["MarketplaceId"].Str()));
  }
  order.currency = ResolveCurrency(cur, d, o["OrderTotal"]["CurrencyCode"].path(), &m);
  if (!market.empty() && market != order.currency) {
    AddNote(&m, fmt::format("currency {} differs from marketplace {} ({}); kept as sent",
                            order.currency, o["MarketplaceId"].Str(), market));
  }
  order.placed_at = TimeField(o["PurchaseDate"], &m);
  if (o["LastUpdateDate"].present()) order.source_version = TimeField(o["LastUpdateDate"], &m);
  const std::string email = o["BuyerInfo"]["BuyerEmail"].StrOr(o["BuyerEmail"].StrOr());
  if (!email.empty()) m.attributes[kAttrBuyerEmail] = email;
  order.customer_id = email;  // SP-API exposes no buyer id
  std::string po = o["BuyerInfo"]["PurchaseOrderNumber"].StrOr();
  if (!po.empty()) m.attributes[kAttrPoNumber] = po;
  if (o["ShippingAddress"].present()) {
    m.attributes[kAttrShipCountry] = o["ShippingAddress"]["CountryCode"].StrOr();
    m.attributes[kAttrShipState] = o["ShippingAddress"]["StateOrRegion"].StrOr();
  }
  o["IsBusinessOrder"].OptBool();
  if (o["IsBusinessOrder"].OptBool().value_or(false)) m.attributes["business_order"] = "true";
  order.status = StatusOf(o, &m);
  if (o["OrderTotal"].present()) order.total_minor = Minor(o["OrderTotal"]["Amount"], order.currency, &m);
  if (items) {
    JsonView p = Payload(*items);
    if (auto item_order = p["AmazonOrderId"].OptIdText(); item_order && *item_order != id) {
      p["AmazonOrderId"].Fail(fmt::format("the items belong to order {}, not {}", *item_order, id));
    }
    AddItems(p, &m);
  } else {
    m.awaiting = fmt::format("items: GET /orders/v0/orders/{}/orderItems", id);
  }
  return m;
}

// getOrderItems alone: the lines of an order whose header is still to come.
MappedOrder MapItemsOnly(const JsonView& p, const RawDelivery& d) {
  MappedOrder m;
  const std::string id = p["AmazonOrderId"].Str();
  SetIdentity(d, "amazon", id, &m);
  m.order.currency = ResolveCurrency(ItemsCurrency(p), d, p["OrderItems"].path(), &m);
  m.order.status = OrderStatus::kPlaced;
  AddItems(p, &m);
  m.awaiting = fmt::format("order: GET /orders/v0/orders/{} (PurchaseDate, OrderStatus)", id);
  return m;
}

std::vector<MappedOrder> MapOrders(const JsonView& orders_response, const JsonView& items_by_id,
                                   const RawDelivery& d) {
  std::vector<MappedOrder> out;
  JsonView p = Payload(orders_response);
  JsonView orders = p["Orders"];
  if (!orders.is_array()) orders.Fail("expected the Orders array of a getOrders response");
  if (items_by_id.present()) items_by_id.object();
  for (std::size_t i = 0; i < orders.size(); ++i) {
    JsonView o = orders.at(i);
    JsonView items = items_by_id[o["AmazonOrderId"].Str()];
    out.push_back(MapOrder(o, items.present() ? &items : nullptr, d));
  }
  return out;
}

class Amazon final : public ChannelAdapter {
 public:
  std::string_view name() const override { return "amazon"; }
  // SP-API is polled; notifications (SQS) carry their id in the body's NotificationMetadata.
  std::optional<std::string> DeliveryId(const RawDelivery& d) const override {
    if (const std::string* v = d.headers.Find("X-Amzn-Notification-Id"); v && !v->empty()) return *v;
    return std::nullopt;
  }
  Result<std::vector<MappedOrder>> Map(const RawDelivery& d) const override {
    return RunJsonMap(d.body, [&](const JsonView& root) -> std::vector<MappedOrder> {
      root.object();
      if (root["orders"].present()) return MapOrders(root["orders"], root["items"], d);
      if (root["get_orders_200"].present()) {
        // frappe wrapper: one items response, keyed by its own AmazonOrderId.
        JsonView items = root["get_order_items_200"]["json"];
        std::vector<MappedOrder> out =
            MapOrders(root["get_orders_200"]["json"], JsonView(nullptr, "items"), d);
        if (items.present()) {
          const std::string for_id = Payload(items)["AmazonOrderId"].Str();
          bool matched = false;
          for (MappedOrder& m : out) {
            if (m.order.external_id != for_id) continue;
            matched = true;
            m.awaiting.clear();
            AddItems(Payload(items), &m);
          }
          if (!matched) {
            Payload(items)["AmazonOrderId"].Fail("matches no order of get_orders_200");
          }
        }
        return out;
      }
      JsonView p = Payload(root);
      if (p["Orders"].present()) return MapOrders(root, JsonView(nullptr, "items"), d);
      if (p["OrderItems"].present()) return {MapItemsOnly(p, d)};
      if (p["AmazonOrderId"].present()) return {MapOrder(p, nullptr, d)};  // getOrder
      root.Fail("expected a getOrders / getOrder / getOrderItems response or {\"orders\":..., "
                "\"items\":{\"<AmazonOrderId>\":...}}");
    });
  }
};

}  // namespace

const ChannelAdapter& AmazonAdapter() {
  static const Amazon adapter;
  return adapter;
}

}  // namespace affinity

// eBay Sell Fulfillment API: getOrders page ({"orders":[...]}) or getOrder (one order). Amounts are
// {"value":"10.63","currency":"USD","convertedFromValue":"8.9","convertedFromCurrency":"EUR"}: the
// converted (payout) currency is used and the original noted. lineItemCost is the cost of the whole
// quantity. A cancelled order is kCancelled even when also FULLY_REFUNDED.
#include <fmt/format.h>

#include "intake/adapters.hpp"
#include "intake/map_support.hpp"

namespace affinity {
namespace {

OrderStatus StatusOf(const JsonView& o, MappedOrder* m) {
  const std::string cancel = o["cancelStatus"]["cancelState"].StrOr();
  const std::string pay = o["orderPaymentStatus"].StrOr();
  const std::string ful = o["orderFulfillmentStatus"].StrOr();
  if (cancel == "CANCELED") {
    if (pay == "FULLY_REFUNDED") AddNote(m, "cancelled and fully refunded: taken as cancelled");
    return OrderStatus::kCancelled;
  }
  if (cancel == "IN_PROGRESS") AddNote(m, "a cancellation is in progress");
  if (pay == "FULLY_REFUNDED") return OrderStatus::kRefunded;
  if (pay == "PAID" || pay == "PARTIALLY_REFUNDED") {
    return ful == "FULFILLED" ? OrderStatus::kFulfilled : OrderStatus::kPaid;
  }
  if (pay != "PENDING" && pay != "FAILED") {
    AddNote(m, fmt::format("orderPaymentStatus '{}' unknown; taken as placed", pay));
  }
  return OrderStatus::kPlaced;
}

std::int64_t Amount(const JsonView& amount, const std::string& cur, MappedOrder* m) {
  if (amount.missing()) return 0;
  std::string c = amount["currency"].StrOr(cur);
  if (c != cur) amount["currency"].Fail(fmt::format("{} differs from the order currency {}", c, cur));
  return Minor(amount["value"], cur, m);
}

MappedOrder MapOrder(const JsonView& o, const RawDelivery& d) {
  MappedOrder m;
  const std::string id = o["orderId"].Str();
  SetIdentity(d, "ebay", id, &m);
  Order& order = m.order;
  JsonView total = o["pricingSummary"]["total"];
  const std::string cur = ResolveCurrency(total["currency"].StrOr(), d, total["currency"].path(), &m);
  order.currency = cur;
  if (std::string from = total["convertedFromCurrency"].StrOr(); !from.empty() && from != cur) {
    m.attributes["original_currency"] = from;
    AddNote(&m, fmt::format("amounts in {} converted from {} (total {} {})", cur, from,
                            total["convertedFromValue"].DecimalText(), from));
  }
  order.placed_at = TimeField(o["creationDate"], &m);
  if (o["lastModifiedDate"].present()) order.source_version = TimeField(o["lastModifiedDate"], &m);
  order.customer_id = o["buyer"]["username"].StrOr();
  JsonView instructions = o["fulfillmentStartInstructions"];
  JsonView ship_to = instructions.size() ? instructions.at(0)["shippingStep"]["shipTo"]
                                         : JsonView(nullptr, "shipTo");
  std::string email = ship_to["email"].StrOr(o["buyer"]["buyerRegistrationAddress"]["email"].StrOr());
  if (!email.empty()) m.attributes[kAttrBuyerEmail] = email;
  if (order.customer_id.empty()) order.customer_id = email;
  if (ship_to.present()) {
    JsonView a = ship_to["contactAddress"];
    m.attributes[kAttrShipCountry] = a["countryCode"].StrOr();
    m.attributes[kAttrShipState] = a["stateOrProvince"].StrOr();
  }
  JsonView hrefs = o["fulfillmentHrefs"];
  for (std::size_t i = 0; i < hrefs.size(); ++i) {
    std::string h = hrefs.at(i).StrOr();
    if (h.find("/order/") != std::string::npos && h.find("/order/" + id + "/") == std::string::npos) {
      AddNote(&m, fmt::format("{} points at another order than {}; ignored", hrefs.at(i).path(), id));
    }
  }
  JsonView items = o["lineItems"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    JsonView li = items.at(i);
    OrderLine line;
    line.sku = li["sku"].StrOr();
    line.name = li["title"].StrOr();
    line.quantity = li["quantity"].Int();
    if (line.quantity <= 0) li["quantity"].Fail("must be positive");
    const std::int64_t cost = Amount(li["lineItemCost"], cur, &m);  // the whole quantity
    line.unit_price_minor = cost / line.quantity;
    if (cost % line.quantity) {
      AddNote(&m, fmt::format("{}: lineItemCost not a multiple of quantity {}; unit price rounded "
                              "down", li.path(), line.quantity));
    }
    JsonView promos = li["appliedPromotions"];
    for (std::size_t k = 0; k < promos.size(); ++k) {
      line.discount_minor += Amount(promos.at(k)["discountAmount"], cur, &m);
    }
    if (line.sku.empty()) {
      AddNote(&m, fmt::format("{}: no sku (legacyItemId {}): kept as a line without sku", li.path(),
                              li["legacyItemId"].StrOr()));
    }
    if (li["refunds"].size()) {
      AddNote(&m, fmt::format("{}: refunded ({} refund record(s) without amounts)", li.path(),
                              li["refunds"].size()));
    }
    order.lines.push_back(std::move(line));
  }
  std::int64_t refunded = 0;
  JsonView refunds = o["paymentSummary"]["refunds"];
  for (std::size_t i = 0; i < refunds.size(); ++i) {
    refunded += Amount(refunds.at(i)["amount"], cur, &m);
  }
  if (refunded) m.attributes[kAttrRefundedTotal] = FormatMinorUnits(refunded, cur);
  order.status = StatusOf(o, &m);
  order.total_minor = total.present() ? Amount(total, cur, &m) : SumLines(order);
  if (order.total_minor != SumLines(order) + Amount(o["pricingSummary"]["deliveryCost"], cur, &m) +
                               Amount(o["pricingSummary"]["tax"], cur, &m) -
                               Amount(o["pricingSummary"]["priceDiscount"], cur, &m)) {
    AddNote(&m, fmt::format("total {} differs from the sum of its parts (currency conversion "
                            "rounding); kept as charged",
                            FormatMinorUnits(order.total_minor, cur)));
  }
  return m;
}

class Ebay final : public ChannelAdapter {
 public:
  std::string_view name() const override { return "ebay"; }
  // getOrders is polled; eBay notifications have no delivery id header.
  std::optional<std::string> DeliveryId(const RawDelivery& d) const override {
    return std::nullopt;
  }
  Result<std::vector<MappedOrder>> Map(const RawDelivery& d) const override {
    return RunJsonMap(d.body, [&](const JsonView& root) {
      std::vector<MappedOrder> out;
      root.object();
      if (root["orders"].present()) {
        JsonView orders = root["orders"];
        for (std::size_t i = 0; i < orders.size(); ++i) out.push_back(MapOrder(orders.at(i), d));
      } else if (root["orderId"].present()) {
        out.push_back(MapOrder(root, d));
      } else {
        root.Fail("expected a getOrders page {\"orders\":[...]} or an order with \"orderId\"");
      }
      return out;
    });
  }
};

}  // namespace

const ChannelAdapter& EbayAdapter() {
  static const Ebay adapter;
  return adapter;
}

}  // namespace affinity

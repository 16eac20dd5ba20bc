#include "orders/customer_profiles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "common/json_fields.hpp"
#include "rules/civil_time.hpp"

namespace affinity {
namespace json = boost::json;
namespace {

// A return order: charged back without being cancelled, every line a returned quantity.
bool IsReturnOrder(const Order& o) {
  if (o.status == OrderStatus::kCancelled || o.status == OrderStatus::kRefunded) return false;
  if (o.lines.empty()) return false;
  for (const OrderLine& l : o.lines) {
    if (l.quantity > 0) return false;
  }
  return true;
}

}  // namespace

Result<SegmentThresholds> SegmentThresholds::FromJson(const json::object& body) {
  SegmentThresholds t;
  JsonFields f(body);
  auto count = [&](const char* key, std::int64_t* out) {
    if (auto v = f.Int(key)) {
      if (*v < 0) f.AddError(key, fmt::format("must be >= 0, got {}", *v));
      else *out = *v;
    }
  };
  count("churned_after_days", &t.churned_after_days);
  count("at_risk_after_days", &t.at_risk_after_days);
  count("high_value_ltv_minor", &t.high_value_ltv_minor);
  count("top_min_orders", &t.top_min_orders);
  count("new_within_days", &t.new_within_days);
  if (auto v = f.Number("top_monetary_share")) {
    if (!(*v >= 0 && *v <= 1)) {
      f.AddError("top_monetary_share", fmt::format("must be between 0 and 1 (0.2 is the top "
                                                   "quintile), got {}",
                                                   *v));
    } else {
      t.top_monetary_share = *v;
    }
  }
  f.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(f.status());
  if (t.at_risk_after_days >= t.churned_after_days) {
    return Status::InvalidArgument(fmt::format(
        "at_risk_after_days ({}) must be less than churned_after_days ({})", t.at_risk_after_days,
        t.churned_after_days));
  }
  return t;
}

json::object SegmentThresholds::ToJson() const {
  return {{"churned_after_days", churned_after_days},
          {"at_risk_after_days", at_risk_after_days},
          {"high_value_ltv_minor", high_value_ltv_minor},
          {"top_monetary_share", top_monetary_share},
          {"top_min_orders", top_min_orders},
          {"new_within_days", new_within_days}};
}

CustomerRfm ComputeRfm(std::span<const Order* const> orders, std::int64_t as_of) {
  struct PerCurrency {
    std::int64_t purchases = 0, purchase_total = 0, return_total = 0;
  };
  std::map<std::string_view, PerCurrency> by_currency;
  CustomerRfm rfm;
  std::optional<std::int64_t> latest;
  for (const Order* o : orders) {
    if (o->placed_at > as_of) continue;
    if (CountsAsPurchase(*o)) {
      ++rfm.order_count;
      latest = std::max(latest.value_or(o->placed_at), o->placed_at);
      PerCurrency& c = by_currency[o->currency];
      ++c.purchases;
      c.purchase_total += o->total_minor;
    } else if (IsReturnOrder(*o)) {
      by_currency[o->currency].return_total += o->total_minor;
    }
  }
  if (rfm.order_count == 0) return rfm;
  const std::pair<const std::string_view, PerCurrency>* main = nullptr;
  for (const auto& entry : by_currency) {  // alphabetical, so ties keep the first code
    const PerCurrency& c = entry.second;
    if (!main || c.purchases > main->second.purchases ||
        (c.purchases == main->second.purchases &&
         c.purchase_total > main->second.purchase_total)) {
      main = &entry;
    }
  }
  rfm.currency = std::string(main->first);
  rfm.lifetime_value_minor = main->second.purchase_total + main->second.return_total;
  rfm.recency_days = DaysOfUnixSeconds(as_of - *latest);
  return rfm;
}

MonetaryCutoffs MonetaryCutoffs::Compute(std::span<const CustomerRfm> customers,
                                         double top_share) {
  std::map<std::string_view, std::vector<std::int64_t>> values;
  for (const CustomerRfm& c : customers) {
    if (c.order_count > 0) values[c.currency].push_back(c.lifetime_value_minor);
  }
  MonetaryCutoffs out;
  for (auto& [currency, v] : values) {
    // The epsilon keeps 10 x 0.2 at 2 rather than 3 when the product rounds up in binary.
    const auto k = static_cast<std::size_t>(std::ceil(static_cast<double>(v.size()) * top_share -
                                                      1e-9));
    if (k == 0) continue;
    std::nth_element(v.begin(), v.begin() + (k - 1), v.end(), std::greater<>());
    out.cutoff_.emplace(std::string(currency), v[k - 1]);
  }
  return out;
}

bool MonetaryCutoffs::InTop(std::string_view currency, std::int64_t lifetime_value_minor) const {
  auto it = cutoff_.find(currency);
  return it != cutoff_.end() && lifetime_value_minor > 0 && lifetime_value_minor >= it->second;
}

std::string ProfileBuilder::Segment(const CustomerRfm& rfm, const MonetaryCutoffs* cutoffs) const {
  const SegmentThresholds& t = thresholds_;
  if (rfm.order_count == 0 || !rfm.recency_days) return "new";
  const std::int64_t recency = *rfm.recency_days;
  if (recency >= t.churned_after_days) return "churned";
  if (recency > t.at_risk_after_days) return "at_risk";
  if (rfm.lifetime_value_minor >= t.high_value_ltv_minor) return "high_value";
  if (cutoffs && rfm.order_count >= t.top_min_orders &&
      cutoffs->InTop(rfm.currency, rfm.lifetime_value_minor)) {
    return "high_value";
  }
  if (rfm.order_count == 1 && recency <= t.new_within_days) return "new";
  return "active";
}

CustomerProfile ProfileBuilder::Build(std::string_view customer_id,
                                      std::span<const Order* const> orders, std::int64_t as_of,
                                      const MonetaryCutoffs* cutoffs,
                                      const CategoryLookup* categories) const {
  const CustomerRfm rfm = ComputeRfm(orders, as_of);
  CustomerProfile p;
  p.id = std::string(customer_id);
  p.segment = Segment(rfm, cutoffs);
  p.lifetime_value_minor = rfm.lifetime_value_minor;
  p.currency = rfm.currency;
  p.order_count = rfm.order_count;
  p.recency_days = rfm.recency_days;
  const CategoryLookup& lookup = categories && *categories ? *categories : categories_;
  if (!lookup) return p;
  std::set<std::string, std::less<>> paths;
  for (const Order* o : orders) {
    if (o->placed_at > as_of || !CountsAsPurchase(*o)) continue;
    paths.clear();
    for (const OrderLine& l : o->lines) {
      if (l.quantity <= 0) continue;
      std::string path = lookup(l.sku);
      if (!path.empty()) paths.insert(std::move(path));
    }
    for (const std::string& path : paths) ++p.orders_by_category[path];
  }
  return p;
}

}  // namespace affinity

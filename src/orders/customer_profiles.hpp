// Customer profiles from orders: the RFM facts (recency, frequency, monetary) of one customer as of
// a time, the lifecycle stage derived from them, and orders per category. Only orders placed at or
// before `as_of` count, so a profile "as of" a past date ignores later orders (previews, time-split
// evaluation).
//
// Definitions, for the orders of one customer placed at or before as_of:
//   purchases        the orders for which CountsAsPurchase() holds (not cancelled or refunded, at
//                    least one line with a positive quantity).
//   order_count      the number of purchases, in any currency.
//   currency         the customer's main currency: the currency of most purchases (ties: the
//                    larger summed total, then the alphabetically first code).
//   lifetime_value   the sum of total_minor over the purchases in the main currency (return lines
//                    inside them subtract), plus the (negative) totals of return orders in that
//                    currency: orders not cancelled or refunded whose lines all have negative
//                    quantities. Cancelled orders never count; a refunded order nets to zero. It
//                    may be negative. No currency conversion: other currencies are left out.
//   recency_days     whole days from the latest purchase to as_of (floor); none without purchases.
//   orders_by_category  for each category path, the number of purchases holding at least one line
//                    with a positive quantity whose SKU the lookup maps to that path (a purchase
//                    counts once per path; SKUs the lookup does not know are skipped).
//
// Lifecycle stage (segment), the first that applies, with SegmentThresholds t:
//   new         no purchases at all (the default profile);
//   churned     recency_days >= t.churned_after_days (default 365);
//   at_risk     recency_days >  t.at_risk_after_days (default 120);
//   high_value  lifetime_value >= t.high_value_ltv_minor (default 100000, i.e. 1000.00 in a
//               two-decimal currency), or: the customer is in the top t.top_monetary_share
//               (default 0.2, a quintile) of customers with purchases in the same main currency,
//               ranked by lifetime value, and order_count >= t.top_min_orders (default 3);
//   new         order_count == 1 and recency_days <= t.new_within_days (default 30);
//   active      otherwise.
// Top share: with n ranked customers, the top ceil(n x share) values; ties with the last of them
// are in too, and a lifetime value <= 0 never is. Without a ranking (MonetaryCutoffs) only the
// absolute threshold makes a customer high_value.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "orders/order.hpp"
#include "rules/eval_context.hpp"

namespace affinity {

// The category path of a SKU ("Home/Kitchen/Mugs"), or "" when unknown. Orders only know SKUs; the
// catalog answers. Must be safe to call from the thread that builds the profile.
using CategoryLookup = std::function<std::string(std::string_view sku)>;

struct SegmentThresholds {
  std::int64_t churned_after_days = 365;
  std::int64_t at_risk_after_days = 120;
  std::int64_t high_value_ltv_minor = 100000;
  double top_monetary_share = 0.2;
  std::int64_t top_min_orders = 3;
  std::int64_t new_within_days = 30;

  // {"churned_after_days":365, "at_risk_after_days":120, "high_value_ltv_minor":100000,
  //  "top_monetary_share":0.2, "top_min_orders":3, "new_within_days":30}; every key optional
  // (absent: the default). InvalidArgument names unknown keys and out-of-range values (days and
  // counts >= 0, at_risk_after_days < churned_after_days, 0 <= share <= 1).
  static Result<SegmentThresholds> FromJson(const boost::json::object& json);
  boost::json::object ToJson() const;
};

// The RFM facts of one customer as of a time (see the definitions above).
struct CustomerRfm {
  std::int64_t order_count = 0;
  std::optional<std::int64_t> recency_days;
  std::int64_t lifetime_value_minor = 0;
  std::string currency = "USD";  // the main currency; "USD" without purchases, as CustomerProfile
};

// Computes the RFM facts from a customer's orders (any order, any status; filtered here).
CustomerRfm ComputeRfm(std::span<const Order* const> orders, std::int64_t as_of);

// Per currency, the lowest lifetime value still in the top share: the ranking behind high_value.
class MonetaryCutoffs {
 public:
  // `customers`: every customer with purchases (others are skipped).
  static MonetaryCutoffs Compute(std::span<const CustomerRfm> customers, double top_share);
  bool InTop(std::string_view currency, std::int64_t lifetime_value_minor) const;

 private:
  std::map<std::string, std::int64_t, std::less<>> cutoff_;
};

// Builds CustomerProfiles. Immutable after construction: safe to share between threads when the
// lookup is.
class ProfileBuilder {
 public:
  explicit ProfileBuilder(SegmentThresholds thresholds = {}, CategoryLookup categories = {})
      : thresholds_(thresholds), categories_(std::move(categories)) {}

  // The profile of `customer_id` from its orders. `categories`, when set, replaces the builder's
  // lookup for this call; without any lookup orders_by_category stays empty. `cutoffs` may be null.
  CustomerProfile Build(std::string_view customer_id, std::span<const Order* const> orders,
                        std::int64_t as_of, const MonetaryCutoffs* cutoffs = nullptr,
                        const CategoryLookup* categories = nullptr) const;

  // The lifecycle stage for `rfm` (see the definition above).
  std::string Segment(const CustomerRfm& rfm, const MonetaryCutoffs* cutoffs) const;

  const SegmentThresholds& thresholds() const { return thresholds_; }

 private:
  SegmentThresholds thresholds_;
  CategoryLookup categories_;
};

}  // namespace affinity

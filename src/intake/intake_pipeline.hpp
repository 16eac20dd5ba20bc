// The pure part of the intake flow for one delivery: parse and map it with its channel adapter,
// validate every order against the account's profile, and resolve its SKUs against the catalog.
// No I/O and no clock: the IntakeService stores what this decides.
//
// Outcomes per order (DESIGN.md, intake error classes):
//   - valid and every SKU known: accepted;
//   - valid with SKUs the catalog does not know yet: accepted with those lines flagged unresolved,
//     or parked (kUnresolved, stage "resolve") when the profile says park_unresolved;
//   - incomplete (its lines live in a companion resource not delivered yet): parked (kUnresolved,
//     stage "validate", field "awaiting");
//   - invalid: a dead letter (kPermanent, stage "validate") naming every failing field.
// A delivery that cannot be parsed or mapped at all is one dead letter (stage "parse" or "map").
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "intake/channel_adapter.hpp"
#include "intake/inbox_store.hpp"
#include "intake/validation_profile.hpp"

namespace affinity {

// Whether the catalog knows a SKU.
using SkuKnown = std::function<bool(std::string_view sku)>;

struct DeliveryOutcome {
  std::vector<MappedOrder> accepted;  // to store, in payload order
  // Dead letters and parked orders, with channel, account, order_id, kind, error, cause, value and
  // currency set; delivery, ids, attempts and times are the caller's to fill.
  std::vector<IntakeFailure> failures;
  std::size_t orders = 0;      // orders found in the delivery
  std::size_t unresolved = 0;  // accepted orders with at least one line flagged unresolved
};

DeliveryOutcome ProcessDelivery(const RawDelivery& delivery, const ChannelAdapter& adapter,
                                const ValidationProfile& profile, const SkuKnown& known);

}  // namespace affinity

#include "intake/intake_pipeline.hpp"

#include <fmt/format.h>

#include "intake/failure_triage.hpp"

namespace affinity {
namespace {

IntakeFailure FailureOf(const RawDelivery& d, const Order* order, FailureKind kind,
                        IntakeError error) {
  IntakeFailure f;
  f.channel = d.channel;
  f.account = d.account;
  f.kind = kind;
  if (order) {
    f.order_id = order->id;
    f.value_minor = order->total_minor;
    f.currency = order->currency;
  }
  f.cause = FailureCause(error);
  f.error = std::move(error);
  return f;
}

// Flags the lines whose SKU the catalog does not know; returns their SKUs (first 10) and the
// field of the first one.
std::vector<std::string> FlagUnknownSkus(Order* order, const SkuKnown& known, std::string* field) {
  std::vector<std::string> unknown;
  for (std::size_t i = 0; i < order->lines.size(); ++i) {
    OrderLine& line = order->lines[i];
    line.unresolved = !line.sku.empty() && known && !known(line.sku);
    if (!line.unresolved) continue;
    if (unknown.empty()) *field = fmt::format("lines[{}].sku", i);
    if (unknown.size() < 10) unknown.push_back(line.sku);
  }
  return unknown;
}

}  // namespace

DeliveryOutcome ProcessDelivery(const RawDelivery& delivery, const ChannelAdapter& adapter,
                                const ValidationProfile& profile, const SkuKnown& known) {
  DeliveryOutcome out;
  Result<std::vector<MappedOrder>> mapped = adapter.Map(delivery);
  if (!mapped.ok()) {
    IntakeError error = IntakeError::FromStatus(mapped.status());
    if (error.stage.empty()) error.stage = "map";
    const FailureKind kind = error.error_class == IntakeErrorClass::kUnresolved
                                 ? FailureKind::kParked
                                 : FailureKind::kDeadLetter;
    out.failures.push_back(FailureOf(delivery, nullptr, kind, std::move(error)));
    return out;
  }
  out.orders = mapped->size();
  for (MappedOrder& m : *mapped) {
    if (Status st = Validate(m, profile); !st.ok()) {
      IntakeError error = IntakeError::FromStatus(st);
      const FailureKind kind = error.error_class == IntakeErrorClass::kUnresolved
                                   ? FailureKind::kParked
                                   : FailureKind::kDeadLetter;
      out.failures.push_back(FailureOf(delivery, &m.order, kind, std::move(error)));
      continue;
    }
    std::string field;
    std::vector<std::string> unknown = FlagUnknownSkus(&m.order, known, &field);
    if (!unknown.empty() && profile.park_unresolved) {
      for (OrderLine& line : m.order.lines) line.unresolved = false;
      IntakeError error{IntakeErrorClass::kUnresolved, "resolve", field,
                        fmt::format("order '{}': SKU(s) not in the catalog: {}; the account parks "
                                    "such orders until the catalog has them",
                                    m.order.id, fmt::join(unknown, ", "))};
      out.failures.push_back(FailureOf(delivery, &m.order, FailureKind::kParked, std::move(error)));
      // One cause per set of missing SKUs: adding them unblocks every order of the group.
      out.failures.back().cause =
          fmt::format("unresolved|resolve|missing SKU(s) {}", fmt::join(unknown, ", "));
      continue;
    }
    if (!unknown.empty()) {
      ++out.unresolved;
      m.notes.push_back(fmt::format("SKU(s) not in the catalog yet, lines flagged unresolved: {}",
                                    fmt::join(unknown, ", ")));
    }
    out.accepted.push_back(std::move(m));
  }
  return out;
}

}  // namespace affinity

#include "intake/inbox_store.hpp"

namespace affinity {

const char* DeliveryStateName(DeliveryState s) {
  switch (s) {
    case DeliveryState::kPending:
      return "pending";
    case DeliveryState::kDone:
      return "done";
    case DeliveryState::kFailed:
      return "failed";
  }
  return "pending";  // unreachable: every enumerator is handled
}

std::optional<DeliveryState> ParseDeliveryState(std::string_view name) {
  for (DeliveryState s : {DeliveryState::kPending, DeliveryState::kDone, DeliveryState::kFailed}) {
    if (name == DeliveryStateName(s)) return s;
  }
  return std::nullopt;
}

const char* FailureKindName(FailureKind k) {
  return k == FailureKind::kParked ? "parked" : "dead_letter";
}

std::optional<FailureKind> ParseFailureKind(std::string_view name) {
  for (FailureKind k : {FailureKind::kDeadLetter, FailureKind::kParked}) {
    if (name == FailureKindName(k)) return k;
  }
  return std::nullopt;
}

const char* FailureStateName(FailureState s) {
  switch (s) {
    case FailureState::kOpen:
      return "open";
    case FailureState::kReplayed:
      return "replayed";
    case FailureState::kResolved:
      return "resolved";
  }
  return "open";  // unreachable: every enumerator is handled
}

std::optional<FailureState> ParseFailureState(std::string_view name) {
  for (FailureState s : {FailureState::kOpen, FailureState::kReplayed, FailureState::kResolved}) {
    if (name == FailureStateName(s)) return s;
  }
  return std::nullopt;
}

}  // namespace affinity

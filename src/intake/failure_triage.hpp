// Triage of open intake failures: identical causes are grouped (FailureCause) and the groups ranked
// by impact, so whoever is on call fixes first what blocks the most revenue for the longest.
//
// Impact of a group = orders x (1 + log10(1 + value)) x (1 + age_days / 7), where orders is how
// many orders (or unusable deliveries) the cause blocks, value the sum of their totals in major
// units (summed across currencies without conversion: a ranking weight, not an amount), and
// age_days the age of the oldest. Each term counts: ten blocked orders outrank one, a $5,000 order
// outranks a $5 one, a week-old failure outranks a fresh one.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "intake/inbox_store.hpp"

namespace affinity {

// The grouping key of a failure: class, stage, field and message with the specifics that differ
// between instances of the same cause (array indexes, quoted values, numbers) replaced, e.g.
// "permanent|validate|buyer_email|order '?': 'buyer_email' is required by this account's profile".
std::string FailureCause(const IntakeError& error);

struct FailureGroup {
  std::string cause;  // FailureCause
  IntakeErrorClass error_class = IntakeErrorClass::kPermanent;
  FailureKind kind = FailureKind::kDeadLetter;
  std::string stage;
  std::string field;    // of the first failure
  std::string example;  // the first failure's message
  std::size_t orders = 0;
  std::map<std::string, std::int64_t> value_minor;  // by currency ("" = unknown currency)
  double value = 0;                                 // sum in major units, for the impact
  std::int64_t oldest_at = 0;                       // first_failure_at of the oldest
  std::int64_t latest_at = 0;                       // last_failure_at of the newest
  std::vector<std::string> sources;                 // "channel/account", sorted
  std::vector<std::int64_t> failure_ids;            // the first 20, oldest first
  double impact = 0;
  std::string action;  // what to do about it
};

// `open` grouped by cause and ranked by impact (highest first; ties by cause). `now` (Unix
// seconds) dates the ages.
std::vector<FailureGroup> RankFailures(const std::vector<IntakeFailure>& open, std::int64_t now);

}  // namespace affinity

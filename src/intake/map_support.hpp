// Helpers shared by the channel adapters: exact money from decimal text (with half-up rounding of
// surplus decimals, noted), source timestamps in the forms channels send, the canonical identity of
// a mapped order, currency fallback, and RunMap, which turns the MapFailure a JsonView throws into a
// kPermanent IntakeError. Internal to src/intake.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/money.hpp"
#include "intake/channel_adapter.hpp"
#include "intake/json_view.hpp"

namespace affinity {

// Decimal text ("62.6793", "-58.6", "7.2", "0.0", "1,234.50" is refused) to minor units of
// `currency`. Decimals beyond the currency's exponent are rounded half-up on the text (away from
// zero: "0.005" -> 1 cent, "-0.005" -> -1 cent) and a note is added to `mapped` when the rounding
// changed the value. Throws MapFailure naming `field` when the text is not a plain decimal.
std::int64_t MinorFromText(std::string_view text, std::string_view currency, std::string_view field,
                           MappedOrder* mapped);
// The same for a JSON value (string or number, see JsonView::DecimalText).
std::int64_t Minor(const JsonView& v, std::string_view currency, MappedOrder* mapped);
// Minor(v) or `fallback` when v is missing or an empty string.
std::int64_t MinorOr(const JsonView& v, std::string_view currency, MappedOrder* mapped,
                     std::int64_t fallback = 0);

struct SourceTime {
  std::int64_t unix_seconds = 0;
  bool had_zone = false;  // false: no offset in the text, taken as UTC
};
// ISO 8601 and its common variants ("2017-03-22T16:28:02", "2020-04-24 15:50:17",
// "2021-06-04T08:51:06.000Z", "2008-01-10T11:00:00-05:00", "2025-05-11 09:55:16 -0400", a date
// alone) and RFC 2822 ("Fri, 02 Mar 2012 21:36:24 +0000"). nullopt when none of them.
std::optional<SourceTime> ParseSourceTime(std::string_view text);
// A required timestamp field: throws naming the field; notes a missing zone ("taken as UTC").
std::int64_t TimeField(const JsonView& v, MappedOrder* mapped);

// Sets channel, account, external_id and id (CanonicalOrderId) from the delivery.
void SetIdentity(const RawDelivery& delivery, std::string_view channel, std::string external_id,
                 MappedOrder* mapped);

// The order currency: `payload_currency` when it is set, else the delivery's account default (noted,
// attribute currency_source = account_default). Throws naming `field` when neither is a currency.
std::string ResolveCurrency(std::string_view payload_currency, const RawDelivery& delivery,
                            std::string_view field, MappedOrder* mapped);

// Sum of the line totals (quantity x unit price - discount).
std::int64_t SumLines(const Order& order);

// Adds `note` unless the same note is already there.
void AddNote(MappedOrder* mapped, std::string note);

// Parses the body as JSON and runs `fn` on it, turning a MapFailure into a kPermanent IntakeError
// (stage "map") and a parse failure into one with stage "parse".
Result<std::vector<MappedOrder>> RunJsonMap(
    std::string_view body, const std::function<std::vector<MappedOrder>(const JsonView&)>& fn);
// Runs `fn`, turning a MapFailure into a kPermanent IntakeError (stage "map").
Result<std::vector<MappedOrder>> RunMap(const std::function<std::vector<MappedOrder>()>& fn);

}  // namespace affinity

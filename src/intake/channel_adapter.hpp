// ChannelAdapter: the port through which a sales channel's raw delivery (a webhook body, a REST page,
// an export file) becomes canonical Orders. One adapter per channel, one file each, all registered
// in adapters.cpp. Adapters are pure: no I/O, no clock; what they need arrives in the RawDelivery.
//
// The pipeline (DESIGN.md, Data flow: intake): receive raw -> DeliveryId (dedupe) -> Map -> Validate
// (validation_profile.hpp) -> persist | retry | dead-letter. Every failure carries an
// IntakeErrorClass that decides between retry and dead-letter.
//
// Thread safety: adapters are immutable after construction; Map may be called concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "orders/order.hpp"

namespace affinity {

// HTTP-style headers: names compare case-insensitively ("X-Shopify-Webhook-Id" ==
// "x-shopify-webhook-id"); one value per name (the last one set wins).
class DeliveryHeaders {
 public:
  void Set(std::string_view name, std::string value);
  // The value, or nullptr when the header is absent.
  const std::string* Find(std::string_view name) const;
  // Every header, by lower-cased name.
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;  // keys lower-cased
};

// One delivery as received, before anything is parsed.
struct RawDelivery {
  std::string channel;  // "shopify", ... (FindAdapter picks the adapter by it)
  std::string account = "default";  // the store / seller account it came from
  std::string body;     // the bytes as received
  DeliveryHeaders headers;
  std::int64_t received_at = 0;  // Unix seconds, UTC
  // The account's currency, used when the payload carries none (and noted); empty: none known.
  std::string default_currency;
};

// What an adapter made of one source order.
struct MappedOrder {
  Order order;  // channel, account, external_id, id (CanonicalOrderId) are set
  // Quirks met and how they were handled ("line_items[0]: sku null: kept as a line without sku"),
  // for the audit trail and the dead-letter context.
  std::vector<std::string> notes;
  // For an edited order: the external id of the order it replaces (Magento relation_parent_real_id);
  // empty otherwise.
  std::string replaces;
  // Facts a validation profile may need that Order has no field for; keys below (kAttr...).
  std::map<std::string, std::string> attributes;
  // Non-empty when the delivery lacked companion data the order needs (its lines live in another
  // resource): what to fetch, e.g. "products: GET /orders/100/products". Such an order is not
  // complete; Validate reports it as kUnresolved.
  std::string awaiting;
};

// Attribute keys of MappedOrder::attributes.
inline constexpr char kAttrBuyerEmail[] = "buyer_email";
inline constexpr char kAttrPoNumber[] = "po_number";
inline constexpr char kAttrShipCountry[] = "ship_country";  // ISO 3166 alpha-2 when known
inline constexpr char kAttrShipState[] = "ship_state";      // empty when the address has none
inline constexpr char kAttrCurrencySource[] = "currency_source";  // "payload" | "account_default"
inline constexpr char kAttrRefundedTotal[] = "refunded_total";    // decimal text, when refunded

// How a failure should be handled.
enum class IntakeErrorClass {
  kTransient,   // retry with backoff (a store or a companion fetch was unavailable)
  kUnresolved,  // the delivery is fine but incomplete (companion data missing): fetch and redeliver
  kPermanent,   // the payload is wrong: dead-letter with the precise reason; retrying cannot help
};
const char* IntakeErrorClassName(IntakeErrorClass c);  // "transient", "unresolved", "permanent"
std::optional<IntakeErrorClass> ParseIntakeErrorClass(std::string_view name);

// A classified failure. It travels as a Status (ToStatus) across the Result-returning port and is
// recovered with FromStatus: the class maps to the code (kPermanent = InvalidArgument, kUnresolved =
// FailedPrecondition, kTransient = Unavailable) and the message is "<stage>: <field>: <message>".
struct IntakeError {
  IntakeErrorClass error_class = IntakeErrorClass::kPermanent;
  std::string stage;    // "parse" | "map" | "validate"
  std::string field;    // JSON path or column ("orders[0].line_items[2].price"); may be empty
  std::string message;  // what is wrong and where

  Status ToStatus() const;
  // REQUIRES: !status.ok(). Statuses not made by ToStatus get stage "", field "" and a class from
  // the code (Unavailable/Aborted/ResourceExhausted: transient; FailedPrecondition: unresolved;
  // anything else: permanent).
  static IntakeError FromStatus(const Status& status);
};

class ChannelAdapter {
 public:
  virtual ~ChannelAdapter() = default;

  // The channel name the adapter is registered under ("shopify").
  virtual std::string_view name() const = 0;

  // The sender's id of this delivery for deduplication (a webhook delivery id), or nullopt when the
  // channel sends none (REST pages, exports: dedupe on the orders' ids and source versions then).
  virtual std::optional<std::string> DeliveryId(const RawDelivery& delivery) const = 0;

  // Every order in the delivery, in payload order. A delivery holding no order maps to an empty
  // vector. Errors: kPermanent (InvalidArgument) naming the stage ("parse" for malformed or
  // truncated bytes, "map" for a wrong shape or value), the field path and the reason.
  virtual Result<std::vector<MappedOrder>> Map(const RawDelivery& delivery) const = 0;
};

}  // namespace affinity

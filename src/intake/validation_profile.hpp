// ValidationProfile: what a channel account requires of an order beyond the canonical model's own
// checks (ValidateOrder): buyer email, customer id, a shipping state where the country has states,
// a PO number (B2B accounts), a currency sent by the channel rather than the account default.
// Defaults suit each channel: web stores (shopify, woocommerce, bigcommerce, magento) require a
// buyer email; marketplaces (amazon, ebay) relay or hide the buyer's address and do not; POS / CSV
// exports often have walk-in customers without one. Nothing else is required by default: a profile
// rejects only what is really wrong.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "intake/channel_adapter.hpp"

namespace affinity {

struct ValidationProfile {
  bool require_buyer_email = false;
  bool require_customer_id = false;
  // Require a state in shipping addresses whose country is in `state_countries` (orders without a
  // shipping address, e.g. digital ones, are not affected).
  bool require_ship_state = true;
  std::set<std::string, std::less<>> state_countries = {"US", "CA", "AU", "BR", "MX", "IN"};
  bool require_po_number = false;  // B2B accounts
  // Require the currency to come from the payload (no fallback to the account default).
  bool require_payload_currency = false;
  // What to do with an order naming a SKU the catalog does not know yet: false stores it with those
  // lines flagged unresolved (they count once the product exists); true parks the whole order until
  // the catalog knows every SKU.
  bool park_unresolved = false;
  // The account's currency, used (and noted) when a payload carries none; "" = none known.
  std::string default_currency;

  // The defaults of a channel (unknown channels get the web-store defaults).
  static ValidationProfile DefaultFor(std::string_view channel);
  // {"require_buyer_email":true,"require_po_number":true,"state_countries":["US"],...} on top of
  // `base`. InvalidArgument naming an unknown or mistyped key.
  static Result<ValidationProfile> FromJson(const boost::json::object& json,
                                            const ValidationProfile& base);
};

// Profiles per channel and account, falling back to the channel default.
class ValidationProfiles {
 public:
  // {"<channel>": {"default": {...}, "<account>": {...}}}: a channel's "default" applies to all its
  // accounts; an account's entry applies on top of it.
  static Result<ValidationProfiles> FromJson(const boost::json::object& json);
  void Set(std::string channel, std::string account, ValidationProfile profile);
  ValidationProfile For(std::string_view channel, std::string_view account) const;

 private:
  std::map<std::pair<std::string, std::string>, ValidationProfile> profiles_;
};

// OK, or an IntakeError as Status (stage "validate"): kUnresolved (FailedPrecondition) when the
// order still awaits companion data; kPermanent (InvalidArgument) naming every failing field and
// why, first the model's own checks (ValidateOrder), then the profile's.
Status Validate(const MappedOrder& mapped, const ValidationProfile& profile);

}  // namespace affinity

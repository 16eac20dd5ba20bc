#include "intake/validation_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>

#include "common/json_fields.hpp"

namespace affinity {

ValidationProfile ValidationProfile::DefaultFor(std::string_view channel) {
  ValidationProfile p;
  if (channel == "amazon" || channel == "ebay") {
    p.require_ship_state = false;  // marketplaces: international addresses without a state
  } else if (channel != "csv") {
    p.require_buyer_email = true;
  }
  return p;
}

Result<ValidationProfile> ValidationProfile::FromJson(const boost::json::object& json,
                                                      const ValidationProfile& base) {
  ValidationProfile p = base;
  JsonFields f(json);
  if (auto v = f.Bool("require_buyer_email")) p.require_buyer_email = *v;
  if (auto v = f.Bool("require_customer_id")) p.require_customer_id = *v;
  if (auto v = f.Bool("require_ship_state")) p.require_ship_state = *v;
  if (auto v = f.Bool("require_po_number")) p.require_po_number = *v;
  if (auto v = f.Bool("require_payload_currency")) p.require_payload_currency = *v;
  if (auto v = f.Bool("park_unresolved")) p.park_unresolved = *v;
  if (auto v = f.String("default_currency")) {
    if (v->size() == 3 && std::all_of(v->begin(), v->end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      p.default_currency = *v;
    } else {
      f.AddError("default_currency", "must be an ISO 4217 code such as \"EUR\", got '" + *v + "'");
    }
  }
  if (const boost::json::value* v = f.Raw("state_countries")) {
    if (!v->is_array()) {
      f.AddError("state_countries", "must be an array of country codes such as [\"US\",\"CA\"]");
    } else {
      p.state_countries.clear();
      for (const auto& c : v->as_array()) {
        if (c.is_string()) p.state_countries.emplace(c.as_string());
        else f.AddError("state_countries", "must hold strings, got " + DescribeJson(c));
      }
    }
  }
  f.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(f.status());
  return p;
}

Result<ValidationProfiles> ValidationProfiles::FromJson(const boost::json::object& json) {
  ValidationProfiles out;
  for (const auto& [channel, accounts] : json) {
    if (!accounts.is_object()) {
      return Status::InvalidArgument(fmt::format(
          "profiles '{}': must be an object {{\"default\":{{...}},\"<account>\":{{...}}}}",
          std::string(channel)));
    }
    ValidationProfile base = ValidationProfile::DefaultFor(channel);
    if (const auto* d = accounts.as_object().if_contains("default")) {
      if (!d->is_object()) return Status::InvalidArgument("profiles '" + std::string(channel) + ".default': must be an object");
      Result<ValidationProfile> p = ValidationProfile::FromJson(d->as_object(), base);
      if (!p.ok()) return Status::InvalidArgument(fmt::format("profiles '{}.default': {}", std::string(channel), p.status().message()));
      base = *p;
      out.Set(std::string(channel), "", base);
    }
    for (const auto& [account, body] : accounts.as_object()) {
      if (account == "default") continue;
      if (!body.is_object()) {
        return Status::InvalidArgument(fmt::format("profiles '{}.{}': must be an object",
                                                   std::string(channel), std::string(account)));
      }
      Result<ValidationProfile> p = ValidationProfile::FromJson(body.as_object(), base);
      if (!p.ok()) {
        return Status::InvalidArgument(fmt::format("profiles '{}.{}': {}", std::string(channel),
                                                   std::string(account), p.status().message()));
      }
      out.Set(std::string(channel), std::string(account), *p);
    }
  }
  return out;
}

void ValidationProfiles::Set(std::string channel, std::string account, ValidationProfile profile) {
  profiles_[{std::move(channel), std::move(account)}] = std::move(profile);
}

ValidationProfile ValidationProfiles::For(std::string_view channel, std::string_view account) const {
  auto it = profiles_.find({std::string(channel), std::string(account)});
  if (it != profiles_.end()) return it->second;
  it = profiles_.find({std::string(channel), ""});
  if (it != profiles_.end()) return it->second;
  return ValidationProfile::DefaultFor(channel);
}

Status Validate(const MappedOrder& mapped, const ValidationProfile& profile) {
  const Order& o = mapped.order;
  if (!mapped.awaiting.empty()) {
    return IntakeError{IntakeErrorClass::kUnresolved, "validate", "awaiting",
                       fmt::format("order '{}' is incomplete: fetch {} and deliver it with the "
                                   "order",
                                   o.id, mapped.awaiting)}
        .ToStatus();
  }
  Status model = ValidateOrder(o);
  if (!model.ok()) {
    return IntakeError{IntakeErrorClass::kPermanent, "validate", "", model.message()}.ToStatus();
  }
  std::vector<std::pair<std::string, std::string>> errors;  // field, reason
  auto attr = [&](const char* key) -> std::string {
    auto it = mapped.attributes.find(key);
    return it == mapped.attributes.end() ? std::string() : it->second;
  };
  if (profile.require_buyer_email && attr(kAttrBuyerEmail).find('@') == std::string::npos) {
    errors.emplace_back(kAttrBuyerEmail, attr(kAttrBuyerEmail).empty()
                                             ? "is required by this account's profile"
                                             : "'" + attr(kAttrBuyerEmail) + "' is not an email");
  }
  if (profile.require_customer_id && o.customer_id.empty()) {
    errors.emplace_back("customer_id", "is required by this account's profile (guest orders refused)");
  }
  if (profile.require_ship_state && mapped.attributes.contains(kAttrShipCountry) &&
      profile.state_countries.contains(attr(kAttrShipCountry)) && attr(kAttrShipState).empty()) {
    errors.emplace_back(kAttrShipState, fmt::format("is required for shipping addresses in {}",
                                                    attr(kAttrShipCountry)));
  }
  if (profile.require_po_number && attr(kAttrPoNumber).empty()) {
    errors.emplace_back(kAttrPoNumber, "is required for this B2B account");
  }
  if (profile.require_payload_currency && attr(kAttrCurrencySource) != "payload") {
    errors.emplace_back("currency", fmt::format("the payload sent none ({} is the account default)",
                                                o.currency));
  }
  if (errors.empty()) return Status::Ok();
  std::string message = fmt::format("order '{}': ", o.id);
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i) message += "; ";
    message += fmt::format("'{}' {}", errors[i].first, errors[i].second);
  }
  return IntakeError{IntakeErrorClass::kPermanent, "validate", errors[0].first, message}.ToStatus();
}

}  // namespace affinity

// Row readers shared by the SqliteInboxStore files (internal to src/storage).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "intake/inbox_store.hpp"
#include "storage/sqlite_db.hpp"

namespace affinity {

inline constexpr const char* kInboxColumns =
    "SELECT id, channel, account, delivery_id, source, headers, body, received_at, state, "
    "attempts, next_attempt_at, first_failure_at, last_failure_at, processed_at, failed, "
    "stored_orders FROM inbox";

inline InboxEntry ReadInboxRow(const SqliteStmt& q) {
  InboxEntry e;
  e.id = q.Int(0);
  e.delivery.channel = q.Text(1);
  e.delivery.account = q.Text(2);
  e.delivery_id = q.Text(3);
  e.source = q.Text(4);
  boost::system::error_code ec;
  boost::json::value headers = boost::json::parse(q.Text(5), ec);
  if (!ec && headers.is_object()) {
    for (const auto& [name, value] : headers.as_object()) {
      if (value.is_string()) e.delivery.headers.Set(name, std::string(value.as_string()));
    }
  }
  e.delivery.body = q.Text(6);
  e.delivery.received_at = q.Int(7);
  e.state = ParseDeliveryState(q.Text(8)).value_or(DeliveryState::kPending);
  e.attempts = static_cast<int>(q.Int(9));
  e.next_attempt_at = q.Int(10);
  e.first_failure_at = q.Int(11);
  e.last_failure_at = q.Int(12);
  e.processed_at = q.Int(13);
  e.failed = q.Int(14) != 0;
  e.stored_orders = q.Int(15);
  return e;
}

inline constexpr const char* kFailureColumns =
    "SELECT id, delivery, channel, account, order_id, kind, class, stage, field, message, cause, "
    "value_minor, currency, attempts, first_failure_at, last_failure_at, state, closed_at, "
    "closed_by FROM intake_failures";

inline IntakeFailure ReadFailureRow(const SqliteStmt& q) {
  IntakeFailure f;
  f.id = q.Int(0);
  f.delivery = q.Int(1);
  f.channel = q.Text(2);
  f.account = q.Text(3);
  f.order_id = q.Text(4);
  f.kind = ParseFailureKind(q.Text(5)).value_or(FailureKind::kDeadLetter);
  f.error.error_class = ParseIntakeErrorClass(q.Text(6)).value_or(IntakeErrorClass::kPermanent);
  f.error.stage = q.Text(7);
  f.error.field = q.Text(8);
  f.error.message = q.Text(9);
  f.cause = q.Text(10);
  f.value_minor = q.Int(11);
  f.currency = q.Text(12);
  f.attempts = static_cast<int>(q.Int(13));
  f.first_failure_at = q.Int(14);
  f.last_failure_at = q.Int(15);
  f.state = ParseFailureState(q.Text(16)).value_or(FailureState::kOpen);
  f.closed_at = q.Int(17);
  f.closed_by = q.Text(18);
  return f;
}

inline std::string IdsToText(const std::vector<std::int64_t>& ids) {
  boost::json::array a;
  for (std::int64_t id : ids) a.push_back(id);
  return boost::json::serialize(a);
}

inline std::vector<std::int64_t> IdsFromText(const std::string& text) {
  std::vector<std::int64_t> out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (x.is_int64()) out.push_back(x.as_int64());
  }
  return out;
}

}  // namespace affinity

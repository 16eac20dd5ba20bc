#include "orders/order_import.hpp"

#include <fmt/format.h>

#include <charconv>
#include <unordered_map>

#include "common/csv_reader.hpp"
#include "common/json_fields.hpp"
#include "common/money.hpp"
#include "common/strings.hpp"
#include "rules/civil_time.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace json = boost::json;
namespace {

bool ParseInt(std::string_view s, std::int64_t* out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Reads digits up to `stop` (or the end) as a small number.
bool ReadNumber(std::string_view s, std::size_t* pos, char stop, int max_digits, int* out) {
  const std::size_t start = *pos;
  int v = 0;
  while (*pos < s.size() && s[*pos] != stop) {
    const char c = s[*pos];
    if (c < '0' || c > '9' || *pos - start >= static_cast<std::size_t>(max_digits)) return false;
    v = v * 10 + (c - '0');
    ++*pos;
  }
  if (*pos == start) return false;
  *out = v;
  return true;
}

// "M/D/YYYY H:MM[:SS]", as in the original UCI spreadsheet export. UTC.
Result<std::int64_t> ParseUsTime(std::string_view s) {
  auto bad = [&] {
    return Status::InvalidArgument(fmt::format(
        "'{}' is not a time such as \"2011-12-09 12:50:00\" or \"12/9/2011 12:50\"", s));
  };
  std::size_t pos = 0;
  int month, day, year, hour = 0, minute = 0, second = 0;
  if (!ReadNumber(s, &pos, '/', 2, &month) || pos >= s.size()) return bad();
  ++pos;
  if (!ReadNumber(s, &pos, '/', 2, &day) || pos >= s.size()) return bad();
  ++pos;
  if (!ReadNumber(s, &pos, ' ', 4, &year)) return bad();
  if (pos < s.size()) {
    ++pos;
    if (!ReadNumber(s, &pos, ':', 2, &hour) || pos >= s.size()) return bad();
    ++pos;
    if (!ReadNumber(s, &pos, ':', 2, &minute)) return bad();
    if (pos < s.size()) {
      ++pos;
      if (!ReadNumber(s, &pos, '\0', 2, &second)) return bad();
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return bad();
  }
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

Result<std::int64_t> ParseOrderTime(std::string_view s) {
  if (s.find('/') != std::string_view::npos) return ParseUsTime(s);
  return ParseIsoTime(s);
}

// Where each mapped column sits in the header; -1 when not mapped.
struct ColumnIndex {
  int order_id = -1, sku = -1, quantity = -1, unit_price = -1, placed_at = -1, name = -1,
      customer_id = -1, discount = -1, currency = -1, status = -1;
};

// Resolves every mapped column against `header`, or describes what is missing.
std::vector<std::string> ResolveColumns(const OrderColumns& c,
                                        const std::vector<std::string>& header, ColumnIndex* ix) {
  std::vector<std::string> errors;
  std::vector<std::string_view> names(header.begin(), header.end());
  auto find = [&](const std::string& column, std::string_view field, int* out) {
    if (column.empty()) return;
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == column) {
        *out = static_cast<int>(i);
        return;
      }
    }
    std::string nearest = NearestName(column, names);
    errors.push_back(fmt::format(
        "column '{}' (mapped to {}) is not in the header{}; map {} to another column{}", column,
        field, nearest.empty() ? "" : fmt::format(" (did you mean '{}'?)", nearest), field,
        field == "order_id" || field == "sku" || field == "quantity" || field == "unit_price" ||
                field == "placed_at"
            ? ""
            : " or to \"\""));
  };
  find(c.order_id, "order_id", &ix->order_id);
  find(c.sku, "sku", &ix->sku);
  find(c.quantity, "quantity", &ix->quantity);
  find(c.unit_price, "unit_price", &ix->unit_price);
  find(c.placed_at, "placed_at", &ix->placed_at);
  find(c.name, "name", &ix->name);
  find(c.customer_id, "customer_id", &ix->customer_id);
  find(c.discount, "discount", &ix->discount);
  find(c.currency, "currency", &ix->currency);
  find(c.status, "status", &ix->status);
  return errors;
}

struct PendingOrder {
  Order order;
  std::size_t first_line = 0;
};

// Parses one row into `line` and the order-level values; returns the first problem found.
Status ParseRow(const OrderColumns& c, const ColumnIndex& ix, const std::vector<std::string>& f,
                OrderLine* line, std::string_view* currency, std::int64_t* placed_at,
                std::optional<OrderStatus>* status) {
  auto cell = [&](int i) { return i < 0 ? std::string_view() : Trim(f[i]); };
  *currency = ix.currency >= 0 ? cell(ix.currency) : std::string_view(c.fixed_currency);
  if (!IsCurrencyCode(*currency)) {
    return Status::InvalidArgument(
        fmt::format("currency '{}' is not an ISO 4217 code such as \"GBP\"", *currency));
  }
  line->sku = std::string(cell(ix.sku));
  line->name = std::string(cell(ix.name));
  std::string_view qty = cell(ix.quantity);
  if (!ParseInt(qty, &line->quantity)) {
    return Status::InvalidArgument(fmt::format("{} '{}' is not an integer", c.quantity, qty));
  }
  if (line->quantity == 0) return Status::InvalidArgument(fmt::format("{} is 0", c.quantity));
  Result<std::int64_t> price = ParseRoundedMinorUnits(cell(ix.unit_price), *currency);
  if (!price.ok()) return Status::InvalidArgument(c.unit_price + ": " + price.status().message());
  line->unit_price_minor = *price;
  if (line->unit_price_minor < 0) {
    if (c.negative_price == NegativePrice::kReject) {
      return Status::InvalidArgument(fmt::format(
          "{} {} is negative (map negative_price to \"as_return\" to keep it as a return)",
          c.unit_price, cell(ix.unit_price)));
    }
    line->quantity = -line->quantity;
    line->unit_price_minor = -line->unit_price_minor;
  }
  if (ix.discount >= 0 && !cell(ix.discount).empty()) {
    Result<std::int64_t> d = ParseRoundedMinorUnits(cell(ix.discount), *currency);
    if (!d.ok()) return Status::InvalidArgument(c.discount + ": " + d.status().message());
    if (*d < 0) return Status::InvalidArgument(c.discount + " must be >= 0");
    line->discount_minor = *d;
  }
  Result<std::int64_t> t = ParseOrderTime(cell(ix.placed_at));
  if (!t.ok()) return Status::InvalidArgument(c.placed_at + ": " + t.status().message());
  *placed_at = *t;
  if (ix.status >= 0 && !cell(ix.status).empty()) {
    *status = ParseOrderStatus(ToLower(cell(ix.status)));
    if (!*status) {
      return Status::InvalidArgument(fmt::format(
          "{} '{}' is not one of placed, paid, fulfilled, cancelled, refunded", c.status,
          cell(ix.status)));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::int64_t> ParseRoundedMinorUnits(std::string_view text, std::string_view currency) {
  const std::string_view s = Trim(text);
  const std::size_t exponent = static_cast<std::size_t>(CurrencyExponent(currency));
  const std::size_t dot = s.find('.');
  if (dot == std::string_view::npos || s.size() - dot - 1 <= exponent ||
      s.find('.', dot + 1) != std::string_view::npos) {
    return ParseMinorUnits(s, currency);
  }
  const std::string_view dropped = s.substr(dot + 1 + exponent);
  for (char ch : dropped) {
    if (ch < '0' || ch > '9') return ParseMinorUnits(s, currency);  // reports the bad text
  }
  std::string kept(s.substr(0, dot + 1 + exponent));
  if (kept.back() == '.') kept.pop_back();
  if (kept.empty() || kept == "-" || kept == "+") kept += '0';
  Result<std::int64_t> base = ParseMinorUnits(kept, currency);
  if (!base.ok()) return ParseMinorUnits(s, currency);
  if (dropped.front() < '5') return base;
  const bool negative = s.front() == '-';
  std::int64_t rounded;
  if (__builtin_add_overflow(*base, negative ? -1 : 1, &rounded)) {
    return Status::InvalidArgument(fmt::format("'{}' is too large", s));
  }
  return rounded;
}

Result<OrderColumns> OrderColumns::FromJson(const json::object& body) {
  OrderColumns c;
  JsonFields f(body);
  auto column = [&](const char* key, std::string* out, bool required) {
    if (const json::value* v = f.Raw(key)) {
      if (!v->is_string()) {
        f.AddError(key, "must be a column name (a string), got " + DescribeJson(*v));
      } else {
        *out = std::string(v->as_string());
        if (required && out->empty()) f.AddError(key, "must name a column: it is required");
      }
    } else if (body.contains(key) && !required) {
      out->clear();  // null drops an optional column
    } else if (body.contains(key)) {
      f.AddError(key, "must name a column: it is required");
    }
  };
  column("order_id", &c.order_id, true);
  column("sku", &c.sku, true);
  column("quantity", &c.quantity, true);
  column("unit_price", &c.unit_price, true);
  column("placed_at", &c.placed_at, true);
  column("name", &c.name, false);
  column("customer_id", &c.customer_id, false);
  column("discount", &c.discount, false);
  column("currency", &c.currency, false);
  column("status", &c.status, false);
  if (auto v = f.String("fixed_currency")) {
    if (IsCurrencyCode(*v)) c.fixed_currency = *v;
    else f.AddError("fixed_currency", fmt::format("must be an ISO 4217 code such as \"GBP\", got "
                                                  "'{}'",
                                                  *v));
  }
  if (auto v = f.String("channel")) c.channel = *v;
  if (auto v = f.String("account")) c.account = *v;
  if (body.contains("cancellation_prefix")) c.cancellation_prefix.clear();
  if (auto v = f.String("cancellation_prefix")) c.cancellation_prefix = *v;
  if (auto v = f.String("negative_price")) {
    if (*v == "reject") c.negative_price = NegativePrice::kReject;
    else if (*v == "as_return") c.negative_price = NegativePrice::kAsReturn;
    else f.AddError("negative_price", fmt::format("must be \"reject\" or \"as_return\", got '{}'",
                                                  *v));
  }
  for (const auto* fixed : {&c.channel, &c.account}) {
    if (fixed->empty() || fixed->find(':') != std::string::npos) {
      f.AddError(fixed == &c.channel ? "channel" : "account",
                 fmt::format("must be a non-empty name without ':', got '{}'", *fixed));
    }
  }
  f.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(f.status());
  return c;
}

OrderBatch ParseOrdersCsv(std::string_view text, const OrderColumns& columns,
                          std::size_t max_errors) {
  OrderBatch batch;
  auto error = [&](std::size_t line, std::string message) {
    if (batch.errors.size() < max_errors) batch.errors.push_back({line, std::move(message)});
  };
  CsvReader reader(text);
  CsvRecord header;
  Status st;
  if (!reader.Next(&header, &st)) {
    error(1, st.ok() ? fmt::format("empty file: expected a header line such as '{},{},{},{},{}'",
                                   columns.order_id, columns.sku, columns.quantity,
                                   columns.unit_price, columns.placed_at)
                     : st.message());
    return batch;
  }
  for (auto& h : header.fields) h = std::string(Trim(h));
  ColumnIndex ix;
  for (std::string& e : ResolveColumns(columns, header.fields, &ix)) error(1, std::move(e));
  if (!batch.ok()) return batch;

  std::vector<PendingOrder> pending;
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> by_id;
  CsvRecord row;
  while (batch.errors.size() < max_errors) {
    if (!reader.Next(&row, &st)) {
      if (st.ok()) break;
      error(row.line, st.message());
      st = Status::Ok();
      if (reader.at_end()) break;
      continue;
    }
    if (row.fields.size() == 1 && Trim(row.fields[0]).empty()) continue;
    ++batch.records;
    if (row.fields.size() != header.fields.size()) {
      error(row.line, fmt::format("has {} fields, the header has {}", row.fields.size(),
                                  header.fields.size()));
      continue;
    }
    const std::string_view id = Trim(row.fields[ix.order_id]);
    if (id.empty()) {
      error(row.line, fmt::format("{} is empty: every row needs its order id", columns.order_id));
      continue;
    }
    OrderLine line;
    std::string_view currency;
    std::int64_t placed_at = 0;
    std::optional<OrderStatus> status;
    Status row_st = ParseRow(columns, ix, row.fields, &line, &currency, &placed_at, &status);
    if (!row_st.ok()) {
      error(row.line, row_st.message());
      continue;
    }
    const std::string_view customer =
        ix.customer_id >= 0 ? Trim(row.fields[ix.customer_id]) : std::string_view();
    if (!status && !columns.cancellation_prefix.empty() &&
        id.starts_with(columns.cancellation_prefix)) {
      status = OrderStatus::kCancelled;
    }
    auto [it, inserted] = by_id.try_emplace(std::string(id), pending.size());
    if (inserted) {
      PendingOrder& p = pending.emplace_back();
      p.first_line = row.line;
      Order& o = p.order;
      o.channel = columns.channel;
      o.account = columns.account;
      o.external_id = std::string(id);
      o.id = CanonicalOrderId(o.channel, o.account, o.external_id);
      o.customer_id = std::string(customer);
      o.currency = std::string(currency);
      o.placed_at = placed_at;
      o.status = status.value_or(OrderStatus::kPaid);
    }
    Order& o = pending[it->second].order;
    if (!inserted) {
      const std::size_t first = pending[it->second].first_line;
      if (o.customer_id != customer) {
        error(row.line, fmt::format("order '{}' has customer '{}' here but '{}' on line {}", id,
                                    customer, o.customer_id, first));
        continue;
      }
      if (o.currency != currency) {
        error(row.line, fmt::format("order '{}' is in {} here but in {} on line {}", id, currency,
                                    o.currency, first));
        continue;
      }
      if (o.status != status.value_or(OrderStatus::kPaid)) {
        error(row.line, fmt::format("order '{}' has status '{}' here but '{}' on line {}", id,
                                    OrderStatusName(status.value_or(OrderStatus::kPaid)),
                                    OrderStatusName(o.status), first));
        continue;
      }
      o.placed_at = std::min(o.placed_at, placed_at);
    }
    o.lines.push_back(std::move(line));
  }
  if (!batch.ok()) return batch;

  batch.orders.reserve(pending.size());
  for (PendingOrder& p : pending) {
    for (const OrderLine& l : p.order.lines) {
      std::int64_t total;
      if (__builtin_mul_overflow(l.quantity, l.unit_price_minor, &total) ||
          __builtin_add_overflow(p.order.total_minor, total - l.discount_minor,
                                 &p.order.total_minor)) {
        error(p.first_line, fmt::format("order '{}': the total is too large",
                                        p.order.external_id));
        break;
      }
    }
    if (Status v = ValidateOrder(p.order); !v.ok()) error(p.first_line, v.message());
    batch.orders.push_back(std::move(p.order));
  }
  if (!batch.ok()) batch.orders.clear();
  return batch;
}

OrderBatch ParseOrdersJson(std::string_view text, RecordFormat format, std::size_t max_errors) {
  OrderBatch batch;
  if (format == RecordFormat::kCsv) return ParseOrdersCsv(text, {}, max_errors);
  ReadRecords(
      text, format,
      [&](std::size_t, json::object& record) -> Status {
        ++batch.records;
        Result<Order> order = OrderFromJson(record);
        if (!order.ok()) return order.status();
        batch.orders.push_back(std::move(order).value());
        return Status::Ok();
      },
      &batch.errors, max_errors);
  if (!batch.ok()) batch.orders.clear();
  return batch;
}

OrderBatch ParseOrders(std::string_view text, RecordFormat format, const OrderColumns& columns,
                       std::size_t max_errors) {
  return format == RecordFormat::kCsv ? ParseOrdersCsv(text, columns, max_errors)
                                      : ParseOrdersJson(text, format, max_errors);
}

}  // namespace affinity

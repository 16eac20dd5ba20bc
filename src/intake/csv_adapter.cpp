// The "csv" channel (see csv_adapter.hpp). Status words follow Shopify's financial statuses (paid,
// pending, authorized, refunded, partially_refunded, voided) and also accept "cancelled"/"canceled".
#include "intake/csv_adapter.hpp"

#include <fmt/format.h>

#include <map>

#include "common/csv_reader.hpp"
#include "common/json_fields.hpp"
#include "intake/adapters.hpp"
#include "intake/map_support.hpp"

namespace affinity {
namespace {

Status CsvError(std::string field, std::string message) {
  return IntakeError{IntakeErrorClass::kPermanent, "map", std::move(field), std::move(message)}
      .ToStatus();
}

class Csv final : public ChannelAdapter {
 public:
  Csv(CsvColumnMapping mapping, std::string channel)
      : mapping_(std::move(mapping)), channel_(std::move(channel)) {}

  std::string_view name() const override { return channel_; }
  std::optional<std::string> DeliveryId(const RawDelivery& d) const override {
    return std::nullopt;  // files: dedupe on the orders' ids
  }
  Result<std::vector<MappedOrder>> Map(const RawDelivery& d) const override;

 private:
  CsvColumnMapping mapping_;
  std::string channel_;
};

struct Columns {
  std::map<std::string, std::size_t, std::less<>> index;
  // The cell of `column` in `row`, "" when the column is not mapped or absent.
  std::string_view Cell(const CsvRecord& row, const std::string& column) const {
    if (column.empty()) return {};
    auto it = index.find(column);
    if (it == index.end() || it->second >= row.fields.size()) return {};
    return row.fields[it->second];
  }
};

struct PendingOrder {
  MappedOrder mapped;
  std::map<std::string, std::string> header;  // order columns from the first row that had them
  std::size_t line = 0;
};

OrderStatus StatusOf(std::string_view fin, std::string_view ful, bool cancelled, MappedOrder* m) {
  if (cancelled || fin == "voided" || fin == "cancelled" || fin == "canceled") {
    return OrderStatus::kCancelled;
  }
  if (fin == "refunded") return OrderStatus::kRefunded;
  if (fin == "paid" || fin == "partially_refunded" || fin == "partially_paid") {
    return ful == "fulfilled" ? OrderStatus::kFulfilled : OrderStatus::kPaid;
  }
  if (!fin.empty() && fin != "pending" && fin != "authorized") {
    AddNote(m, fmt::format("financial status '{}' unknown; taken as placed", fin));
  }
  return fin.empty() ? OrderStatus::kPaid : OrderStatus::kPlaced;
}

}  // namespace

Result<std::vector<MappedOrder>> Csv::Map(const RawDelivery& d) const {
  CsvReader reader(d.body, mapping_.delimiter);
  CsvRecord header;
  Status error;
  if (!reader.Next(&header, &error)) {
    if (!error.ok()) return CsvError("", "malformed header: " + error.message());
    return CsvError("", "the export is empty (expected a header row)");
  }
  Columns cols;
  for (std::size_t i = 0; i < header.fields.size(); ++i) cols.index.emplace(header.fields[i], i);
  for (const std::string* required : {&mapping_.order_id, &mapping_.created_at, &mapping_.quantity,
                                      &mapping_.unit_price}) {
    if (!cols.index.contains(*required)) {
      return CsvError(*required, fmt::format("column not found in the header (line 1 has {} "
                                             "columns); map it in the CSV column mapping",
                                             header.fields.size()));
    }
  }
  std::vector<PendingOrder> orders;
  std::map<std::string, std::size_t, std::less<>> by_id;
  const std::vector<const std::string*> order_columns = {
      &mapping_.currency,    &mapping_.total,        &mapping_.email,
      &mapping_.customer_id, &mapping_.financial_status, &mapping_.fulfillment_status,
      &mapping_.cancelled_at, &mapping_.refunded_amount, &mapping_.ship_country,
      &mapping_.ship_state,  &mapping_.po_number,    &mapping_.created_at};
  return RunMap([&]() -> std::vector<MappedOrder> {
    CsvRecord row;
    while (reader.Next(&row, &error) || !error.ok()) {
      if (!error.ok()) ThrowMapFailure("", "malformed CSV: " + error.message());
      if (row.fields.size() == 1 && row.fields[0].empty()) continue;  // blank line
      if (row.fields.size() != header.fields.size()) {
        ThrowMapFailure(fmt::format("line {}", row.line),
                        fmt::format("has {} fields, the header has {}; was the file cut?",
                                    row.fields.size(), header.fields.size()));
      }
      const std::string id(cols.Cell(row, mapping_.order_id));
      if (id.empty()) ThrowMapFailure(fmt::format("line {}: {}", row.line, mapping_.order_id), "is empty");
      auto [it, inserted] = by_id.emplace(id, orders.size());
      if (inserted) {
        orders.emplace_back();
        orders.back().line = row.line;
        SetIdentity(d, channel_, id, &orders.back().mapped);
      }
      PendingOrder& p = orders[it->second];
      for (const std::string* c : order_columns) {
        std::string_view v = cols.Cell(row, *c);
        if (!c->empty() && !v.empty() && !p.header.contains(*c)) p.header[*c] = std::string(v);
      }
      const std::string where = fmt::format("line {}", row.line);
      std::string currency = p.header[mapping_.currency];
      if (currency.empty()) currency = d.default_currency;
      OrderLine line;
      line.sku = std::string(cols.Cell(row, mapping_.sku));
      line.name = std::string(cols.Cell(row, mapping_.line_name));
      std::string_view qty = cols.Cell(row, mapping_.quantity);
      try {
        std::size_t used = 0;
        line.quantity = std::stoll(std::string(qty), &used);
        if (used != qty.size()) throw std::invalid_argument("trailing");
      } catch (const std::exception&) {
        ThrowMapFailure(where + ": " + mapping_.quantity,
                        fmt::format("expected an integer quantity, got \"{}\"", qty));
      }
      if (line.quantity == 0) ThrowMapFailure(where + ": " + mapping_.quantity, "must not be 0");
      line.unit_price_minor = MinorFromText(cols.Cell(row, mapping_.unit_price), currency,
                                            where + ": " + mapping_.unit_price, &p.mapped);
      std::string_view disc = cols.Cell(row, mapping_.line_discount);
      if (!disc.empty()) {
        line.discount_minor =
            MinorFromText(disc, currency, where + ": " + mapping_.line_discount, &p.mapped);
      }
      if (line.sku.empty()) {
        AddNote(&p.mapped, fmt::format("{}: '{}' has no sku: kept as a line without sku", where,
                                       line.name));
      }
      if (line.name.find('$') != std::string::npos && currency != "USD") {
        AddNote(&p.mapped, fmt::format("{}: '{}' names dollars in a {} order", where, line.name,
                                       currency));
      }
      p.mapped.order.lines.push_back(std::move(line));
    }
    std::vector<MappedOrder> out;
    for (PendingOrder& p : orders) {
      MappedOrder& m = p.mapped;
      Order& o = m.order;
      const std::string where = fmt::format("line {}", p.line);
      o.currency = ResolveCurrency(p.header[mapping_.currency], d, where + ": " + mapping_.currency, &m);
      const std::string& created = p.header[mapping_.created_at];
      auto t = ParseSourceTime(created);
      if (!t) {
        ThrowMapFailure(where + ": " + mapping_.created_at,
                        fmt::format("expected a time such as \"2025-05-11 09:55:16 -0400\", got "
                                    "\"{}\"", created));
      }
      if (!t->had_zone) AddNote(&m, fmt::format("{}: \"{}\" has no zone; taken as UTC", where, created));
      o.placed_at = t->unix_seconds;
      const std::string& email = p.header[mapping_.email];
      if (!email.empty()) m.attributes[kAttrBuyerEmail] = email;
      const std::string& customer = p.header[mapping_.customer_id];
      o.customer_id = customer.empty() ? email : customer;
      if (!mapping_.ship_country.empty() && p.header.contains(mapping_.ship_country)) {
        m.attributes[kAttrShipCountry] = p.header[mapping_.ship_country];
        m.attributes[kAttrShipState] = p.header[mapping_.ship_state];
      }
      if (!p.header[mapping_.po_number].empty()) m.attributes[kAttrPoNumber] = p.header[mapping_.po_number];
      o.status = StatusOf(p.header[mapping_.financial_status], p.header[mapping_.fulfillment_status],
                          !p.header[mapping_.cancelled_at].empty(), &m);
      const std::string& total = p.header[mapping_.total];
      o.total_minor = total.empty() ? SumLines(o)
                                    : MinorFromText(total, o.currency, where + ": " + mapping_.total, &m);
      const std::string& refunded = p.header[mapping_.refunded_amount];
      if (!refunded.empty()) {
        std::int64_t r = MinorFromText(refunded, o.currency, where + ": " + mapping_.refunded_amount, &m);
        if (r) m.attributes[kAttrRefundedTotal] = FormatMinorUnits(r, o.currency);
      }
      out.push_back(std::move(m));
    }
    return out;
  });
}

Result<CsvColumnMapping> CsvColumnMapping::FromJson(const boost::json::object& json) {
  CsvColumnMapping m;
  boost::json::object rest = json;  // null values drop a column; the rest is read below
  JsonFields f(rest);
  const std::pair<const char*, std::string*> fields[] = {
      {"order_id", &m.order_id},       {"created_at", &m.created_at},
      {"quantity", &m.quantity},       {"unit_price", &m.unit_price},
      {"sku", &m.sku},                 {"line_name", &m.line_name},
      {"line_discount", &m.line_discount}, {"currency", &m.currency},
      {"total", &m.total},             {"email", &m.email},
      {"customer_id", &m.customer_id}, {"financial_status", &m.financial_status},
      {"fulfillment_status", &m.fulfillment_status}, {"cancelled_at", &m.cancelled_at},
      {"refunded_amount", &m.refunded_amount}, {"ship_country", &m.ship_country},
      {"ship_state", &m.ship_state},   {"po_number", &m.po_number},
  };
  for (const auto& [key, target] : fields) {
    if (const boost::json::value* v = json.if_contains(key); v && v->is_null()) {
      target->clear();
      rest.erase(key);
    } else if (auto s = f.String(key)) {
      *target = *s;
    }
  }
  if (auto s = f.String("delimiter")) {
    if (s->size() != 1) f.AddError("delimiter", "must be one character such as \";\"");
    else m.delimiter = (*s)[0];
  }
  for (const char* required : {"order_id", "created_at", "quantity", "unit_price"}) {
    for (const auto& [key, target] : fields) {
      if (std::string_view(key) == required && target->empty()) {
        f.AddError(key, "is required (the header name of that column)");
      }
    }
  }
  f.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(f.status());
  return m;
}

std::unique_ptr<ChannelAdapter> NewCsvAdapter(CsvColumnMapping mapping, std::string channel) {
  return std::make_unique<Csv>(std::move(mapping), std::move(channel));
}

const ChannelAdapter& CsvAdapter() {
  static const Csv adapter(CsvColumnMapping{}, "csv");
  return adapter;
}

}  // namespace affinity

#include "rule_test_file.hpp"

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>

#include "catalog/product_json.hpp"
#include "common/money.hpp"
#include "common/strings.hpp"

namespace affinity {
namespace {

namespace json = boost::json;

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> out;
  std::istringstream in{std::string(line)};
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

Result<json::value> ParseJson(const std::string& text, int line) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Status::InvalidArgument("line " + std::to_string(line) + ": bad JSON: " + ec.message());
  return v;
}

Result<std::int64_t> Minor(const json::object& o, std::string_view key, std::string_view currency) {
  const json::value* v = o.if_contains(key);
  if (!v) return std::int64_t{0};
  if (!v->is_string()) return Status::InvalidArgument(std::string(key) + " must be a decimal string");
  return ParseMinorUnits(v->get_string(), currency);
}

Result<CustomerProfile> CustomerFromJson(const json::object& o) {
  CustomerProfile c;
  if (auto* v = o.if_contains("id")) c.id = v->as_string();
  if (auto* v = o.if_contains("segment")) c.segment = v->as_string();
  if (auto* v = o.if_contains("currency")) c.currency = v->as_string();
  Result<std::int64_t> ltv = Minor(o, "lifetime_value", c.currency);
  if (!ltv.ok()) return ltv.status();
  c.lifetime_value_minor = *ltv;
  if (auto* v = o.if_contains("order_count")) c.order_count = v->to_number<std::int64_t>();
  if (auto* v = o.if_contains("recency_days")) c.recency_days = v->to_number<std::int64_t>();
  if (auto* v = o.if_contains("orders_by_category")) {
    for (const auto& kv : v->as_object()) {
      c.orders_by_category[std::string(kv.key())] = kv.value().to_number<std::int64_t>();
    }
  }
  return c;
}

Result<Cart> CartFromJson(const json::object& o) {
  Cart cart;
  if (auto* v = o.if_contains("currency")) cart.currency = v->as_string();
  if (auto* v = o.if_contains("lines")) {
    for (const auto& l : v->as_array()) {
      const json::object& lo = l.as_object();
      CartLine line;
      line.sku = lo.at("sku").as_string();
      if (auto* q = lo.if_contains("quantity")) line.quantity = q->to_number<std::int64_t>();
      Result<std::int64_t> price = Minor(lo, "unit_price", cart.currency);
      if (!price.ok()) return price.status();
      line.unit_price_minor = *price;
      cart.lines.push_back(std::move(line));
    }
  }
  return cart;
}

}  // namespace

Result<RuleTestFile> ReadRuleTestFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);

  RuleTestFile file;
  file.path = path;
  std::optional<std::set<std::string>> attributes;  // set by an `attributes` line
  std::set<std::string> product_attributes;
  auto fail = [&](std::size_t i, std::string why) {
    return Status::InvalidArgument(path + ":" + std::to_string(i + 1) + ": " + why);
  };
  // The lines from `*i` up to the next blank line (or "----" when `until_separator`).
  auto block = [&](std::size_t* i, bool until_separator) {
    std::string text;
    for (; *i < lines.size(); ++*i) {
      const std::string& l = lines[*i];
      if (until_separator ? l == "----" : Trim(l).empty()) break;
      if (!text.empty()) text += '\n';
      text += l;
    }
    return text;
  };

  for (std::size_t i = 0; i < lines.size();) {
    std::string_view line = Trim(lines[i]);
    if (line.empty() || line.starts_with("#")) {
      ++i;
      continue;
    }
    const std::vector<std::string> words = Words(line);
    const std::size_t start = i;
    const std::string& head = words[0];
    if (head == "product" || head == "customer" || head == "cart") {
      if (words.size() != 2) return fail(i, head + " needs a name: " + head + " <name>");
      ++i;
      std::string text = block(&i, false);
      Result<json::value> v = ParseJson(text, static_cast<int>(start + 2));
      if (!v.ok()) return fail(start, v.status().message());
      if (!v->is_object()) return fail(start, "expected a JSON object");
      if (head == "product") {
        Result<Product> p = ProductFromJson(v->get_object(), ProductSource::kJson);
        if (!p.ok()) return fail(start, p.status().message());
        for (const auto& kv : p->attributes) product_attributes.insert(std::string(kv.key()));
        file.products[words[1]] = std::move(*p);
      } else if (head == "customer") {
        Result<CustomerProfile> c = CustomerFromJson(v->get_object());
        if (!c.ok()) return fail(start, c.status().message());
        file.customers[words[1]] = std::move(*c);
      } else {
        Result<Cart> c = CartFromJson(v->get_object());
        if (!c.ok()) return fail(start, c.status().message());
        file.carts[words[1]] = std::move(*c);
      }
      continue;
    }
    if (head == "attributes") {
      attributes = std::set<std::string>(words.begin() + 1, words.end());
      ++i;
      continue;
    }
    if (head == "related") {
      if (words.size() != 4) return fail(i, "expected: related <from-sku> <type> <to-sku>");
      file.related.Add(words[1], words[2], words[3]);
      ++i;
      continue;
    }
    if (head != "condition" && head != "schedule") {
      return fail(i, "unknown record '" + head +
                         "': use product, customer, cart, attributes, related, condition or "
                         "schedule");
    }
    RuleTestCase c;
    c.line = static_cast<int>(start + 1);
    c.kind = head;
    for (std::size_t w = 1; w < words.size(); ++w) {
      std::size_t eq = words[w].find('=');
      if (eq == std::string::npos) {
        if (!c.role.empty()) return fail(i, "unexpected '" + words[w] + "'");
        c.role = words[w];
        continue;
      }
      c.bindings[words[w].substr(0, eq)] = words[w].substr(eq + 1);
    }
    if (head == "condition" && c.role != "when" && c.role != "then" && c.role != "context" &&
        c.role != "guideline") {
      return fail(i, "condition needs a role: when, then, context or guideline");
    }
    ++i;
    c.body = block(&i, true);
    if (i >= lines.size()) return fail(start, "missing the '----' line before the expected result");
    ++i;  // the separator
    for (; i < lines.size() && !Trim(lines[i]).empty(); ++i) {
      if (Trim(lines[i]).starts_with("#")) continue;
      c.expected.emplace_back(Trim(lines[i]));
    }
    if (c.expected.empty()) return fail(start, "no expected result after '----'");
    c.attributes = attributes ? *attributes : product_attributes;
    file.cases.push_back(std::move(c));
  }
  return file;
}

}  // namespace affinity

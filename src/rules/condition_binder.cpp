#include "rules/condition_binder.hpp"

#include <array>
#include <cctype>

#include "common/strings.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace {

using Kind = BoundCondition::Kind;

struct FieldEntry {
  std::string_view name;
  int field;
  ConditionType type;
};

constexpr std::array<FieldEntry, 11> kProductFields = {{
    {"sku", static_cast<int>(ProductField::kSku), ConditionType::kString},
    {"name", static_cast<int>(ProductField::kName), ConditionType::kString},
    {"price", static_cast<int>(ProductField::kPrice), ConditionType::kMoney},
    {"currency", static_cast<int>(ProductField::kCurrency), ConditionType::kString},
    {"category", static_cast<int>(ProductField::kCategory), ConditionType::kString},
    {"brand", static_cast<int>(ProductField::kBrand), ConditionType::kString},
    {"tags", static_cast<int>(ProductField::kTags), ConditionType::kList},
    {"margin", static_cast<int>(ProductField::kMargin), ConditionType::kNumber},
    {"stock", static_cast<int>(ProductField::kStock), ConditionType::kNumber},
    {"in_stock", static_cast<int>(ProductField::kInStock), ConditionType::kBool},
    {"status", static_cast<int>(ProductField::kStatus), ConditionType::kString},
}};

constexpr std::array<FieldEntry, 5> kCustomerFields = {{
    {"id", static_cast<int>(CustomerField::kId), ConditionType::kString},
    {"segment", static_cast<int>(CustomerField::kSegment), ConditionType::kString},
    {"lifetime_value", static_cast<int>(CustomerField::kLifetimeValue), ConditionType::kMoney},
    {"order_count", static_cast<int>(CustomerField::kOrderCount), ConditionType::kNumber},
    {"recency_days", static_cast<int>(CustomerField::kRecencyDays), ConditionType::kNumber},
}};

constexpr std::array<FieldEntry, 3> kCartFields = {{
    {"total", static_cast<int>(CartField::kTotal), ConditionType::kMoney},
    {"items", static_cast<int>(CartField::kItems), ConditionType::kNumber},
    {"skus", static_cast<int>(CartField::kSkus), ConditionType::kList},
}};

constexpr std::array<FieldEntry, 5> kNowParts = {{
    {"year", static_cast<int>(NowPart::kYear), ConditionType::kNumber},
    {"month", static_cast<int>(NowPart::kMonth), ConditionType::kNumber},
    {"day", static_cast<int>(NowPart::kDay), ConditionType::kNumber},
    {"weekday", static_cast<int>(NowPart::kWeekday), ConditionType::kNumber},
    {"hour", static_cast<int>(NowPart::kHour), ConditionType::kNumber},
}};

constexpr std::array<std::string_view, 6> kRoots = {"source", "target", "customer",
                                                    "cart",   "now",    "related"};
constexpr std::array<std::string_view, 5> kFunctions = {"date", "timestamp", "related", "count",
                                                        "has"};

template <std::size_t N>
const FieldEntry* FindField(const std::array<FieldEntry, N>& table, std::string_view name) {
  for (const FieldEntry& f : table) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

template <std::size_t N>
std::vector<std::string_view> Names(const std::array<FieldEntry, N>& table) {
  std::vector<std::string_view> out;
  for (const FieldEntry& f : table) out.push_back(f.name);
  return out;
}

// "a, b or c"
std::string JoinOr(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

const char* RoleName(ConditionRole role) {
  switch (role) {
    case ConditionRole::kWhen: return "when";
    case ConditionRole::kThen: return "then";
    case ConditionRole::kContext: return "context";
    case ConditionRole::kGuideline: return "guideline";
  }
  return "";
}

}  // namespace

ConditionBinder::ConditionBinder(std::string_view text, ConditionRole role,
                                 const AttributeCatalog& attributes,
                                 std::vector<Diagnostic>* diagnostics)
    : text_(text), role_(role), attributes_(attributes), diagnostics_(diagnostics) {}

ConditionBinder::BoundPtr ConditionBinder::Node(Kind kind, ConditionType type) {
  auto n = std::make_unique<BoundCondition>();
  n->kind = kind;
  n->type = type;
  return n;
}

ConditionBinder::BoundPtr ConditionBinder::Constant(Value value, ConditionType type) {
  auto n = Node(Kind::kConstant, type);
  n->value = value;
  return n;
}

ConditionBinder::BoundPtr ConditionBinder::ErrorAt(int line, int column, std::string message) {
  failed_ = true;
  diagnostics_->push_back(Diagnostic{line, column, std::move(message), false});
  return Node(Kind::kConstant, ConditionType::kError);
}

ConditionBinder::BoundPtr ConditionBinder::Error(const ConditionExpr& at, std::string message) {
  return ErrorAt(at.line, at.column, std::move(message));
}

ConditionBinder::BoundPtr ConditionBinder::Unknown(const ConditionExpr& at, std::string message,
                                                  std::string_view word,
                                                  const std::vector<std::string_view>& candidates,
                                                  std::string_view otherwise) {
  std::string nearest = NearestName(word, candidates);
  if (nearest.empty()) return Error(at, message + std::string(otherwise));
  BoundPtr error = Error(at, message + " (did you mean '" + nearest + "'?)");
  diagnostics_->back().suggestion = std::move(nearest);
  return error;
}

ConditionBinder::BoundPtr ConditionBinder::ErrorAtStart(const ConditionExpr& e,
                                                       std::string message) {
  auto [line, column] = PositionOf(e.begin);
  return ErrorAt(line, column, std::move(message));
}

void ConditionBinder::Warn(const ConditionExpr& at, std::string message) {
  diagnostics_->push_back(Diagnostic{at.line, at.column, std::move(message), true});
}

std::pair<int, int> ConditionBinder::PositionOf(std::size_t offset) const {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

std::string ConditionBinder::Snippet(const ConditionExpr& e) const {
  std::string out;
  bool space = false;
  for (char c : text_.substr(e.begin, e.end - e.begin)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

ConditionBinder::BoundPtr ConditionBinder::BindRoot(const ConditionExpr& expr) {
  BoundPtr root = Bind(expr);
  if (root->type != ConditionType::kBool && root->type != ConditionType::kDynamic &&
      root->type != ConditionType::kError) {
    auto [line, column] = PositionOf(expr.begin);
    return ErrorAt(line, column,
                   "a condition must be true or false, but this is a " +
                       ConditionTypeName(root->type, root->element) + ": " + Snippet(expr) +
                       " (compare it with something, as in " + Snippet(expr) + " > 0)");
  }
  return root;
}

ConditionBinder::BoundPtr ConditionBinder::Bind(const ConditionExpr& e) {
  using EKind = ConditionExpr::Kind;
  switch (e.kind) {
    case EKind::kNumber:
    case EKind::kString:
    case EKind::kBool:
    case EKind::kMoney: return BindLiteral(e);
    case EKind::kList: return BindList(e);
    case EKind::kName: return BindName(e);
    case EKind::kMember: return BindMember(e);
    case EKind::kCall: return BindCall(e);
    case EKind::kUnary: return BindUnary(e);
    case EKind::kBinary: return BindBinary(e);
  }
  return Error(e, "unsupported expression");
}

bool ConditionBinder::CheckRoot(const ConditionExpr& at, std::string_view root) {
  const bool context_root = root == "customer" || root == "cart" || root == "now";
  if (context_root) {
    if (role_ == ConditionRole::kContext) return true;
    if (role_ == ConditionRole::kGuideline) {
      Error(at, std::string(root) +
                    " is not available in a guideline, which checks the linked products "
                    "themselves: use source.* and target.*");
      return false;
    }
    Error(at, std::string(root) + " is not available in a " + RoleName(role_) +
                  " condition: conditions on the customer, the cart or the time go in the "
                  "rule's \"context\"");
    return false;
  }
  if (root == "target" && role_ == ConditionRole::kWhen) {
    Error(at, "target is not available in a when condition, which selects source products: "
              "conditions on the target go in the rule's \"then\"");
    return false;
  }
  return true;
}

ConditionBinder::BoundPtr ConditionBinder::BindName(const ConditionExpr& e) {
  const std::string& name = e.name;
  if (name == "now") {
    if (!CheckRoot(e, name)) return Node(Kind::kConstant, ConditionType::kError);
    info_.uses_now = true;
    return Node(Kind::kNow, ConditionType::kTime);
  }
  if (name == "source" || name == "target") {
    return Error(e, "'" + name + "' is a product: name one of its attributes, as in " + name +
                        ".price");
  }
  if (name == "customer" || name == "cart") {
    return Error(e, "'" + name + "' needs a field, as in " +
                        (name == "customer" ? "customer.segment" : "cart.total"));
  }
  for (std::string_view f : kFunctions) {
    if (f == name) return Error(e, "'" + name + "' is a function: call it, as in " + name + "(...)");
  }
  std::vector<std::string_view> roots(kRoots.begin(), kRoots.end());
  return Unknown(e, "unknown name '" + name + "'", name, roots,
                 ": a condition reads source., target., customer., cart., now or related(...)");
}

ConditionBinder::BoundPtr ConditionBinder::BindMember(const ConditionExpr& e) {
  const ConditionExpr& object = *e.children[0];
  if (object.kind != ConditionExpr::Kind::kName) {
    BoundPtr inner = Bind(object);
    if (inner->type == ConditionType::kError) return inner;
    return Error(e, Snippet(object) + " has no attribute '" + e.name + "'");
  }
  const std::string& root = object.name;
  if (root == "source" || root == "target") {
    if (!CheckRoot(object, root)) return Node(Kind::kConstant, ConditionType::kError);
    return BindProductAttribute(e, root == "source" ? ProductRole::kSource : ProductRole::kTarget);
  }
  auto bind_field = [&](const auto& table, Kind kind, std::string_view what,
                        std::string_view extra) -> BoundPtr {
    if (!CheckRoot(object, root)) return Node(Kind::kConstant, ConditionType::kError);
    if (const FieldEntry* f = FindField(table, e.name)) {
      auto n = Node(kind, f->type);
      n->field = f->field;
      if (f->type == ConditionType::kList) n->element = ConditionType::kString;
      return n;
    }
    std::vector<std::string_view> names = Names(table);
    if (!extra.empty()) names.push_back(extra);
    return Unknown(e, "unknown " + std::string(what) + " '" + e.name + "'", e.name, names,
                   ": use " + JoinOr(names));
  };
  if (root == "customer") {
    info_.uses_customer = true;
    if (e.name == "orders_in_category") {
      return Error(e, "orders_in_category is a function: call it with a category path, as in "
                      "customer.orders_in_category(\"Footwear\")");
    }
    return bind_field(kCustomerFields, Kind::kCustomerField, "customer field",
                      "orders_in_category");
  }
  if (root == "cart") {
    info_.uses_cart = true;
    if (e.name == "contains") {
      return Error(e, "contains is a function: call it with a SKU, as in cart.contains(target.sku)");
    }
    return bind_field(kCartFields, Kind::kCartField, "cart field", "contains");
  }
  if (root == "now") {
    info_.uses_now = true;
    return bind_field(kNowParts, Kind::kNowPart, "part of now", "");
  }
  BoundPtr inner = Bind(object);
  if (inner->type == ConditionType::kError) return inner;
  return Error(e, Snippet(object) + " has no attribute '" + e.name + "'");
}

ConditionBinder::BoundPtr ConditionBinder::BindProductAttribute(const ConditionExpr& e,
                                                                ProductRole product) {
  (product == ProductRole::kSource ? info_.uses_source : info_.uses_target) = true;
  if (const FieldEntry* f = FindField(kProductFields, e.name)) {
    auto n = Node(Kind::kProductField, f->type);
    n->product = product;
    n->field = f->field;
    if (f->type == ConditionType::kList) n->element = ConditionType::kString;
    return n;
  }
  if (!attributes_.free_attributes.contains(e.name)) {
    std::vector<std::string_view> candidates = Names(kProductFields);
    for (const std::string& a : attributes_.free_attributes) candidates.push_back(a);
    if (!NearestName(e.name, candidates).empty()) {
      return Unknown(e, "unknown attribute '" + e.name + "'", e.name, candidates, "");
    }
    Warn(e, "no product has attribute '" + e.name + "'");
  }
  info_.free_attributes.insert(e.name);
  auto n = Node(Kind::kFreeAttribute, ConditionType::kDynamic);
  n->product = product;
  n->name = arena_->Intern(e.name);
  return n;
}

bool ConditionBinder::CheckArgCount(const ConditionExpr& call, std::string_view name,
                                    std::size_t want) {
  std::size_t got = call.children.size() - 1;
  if (got == want) return true;
  Error(call, std::string(name) + "() takes " + std::to_string(want) + " argument" +
                  (want == 1 ? "" : "s") + ", got " + std::to_string(got));
  return false;
}

ConditionBinder::BoundPtr ConditionBinder::BindCall(const ConditionExpr& e) {
  const ConditionExpr& callee = *e.children[0];
  if (callee.kind == ConditionExpr::Kind::kName) return BindFunction(e, callee.name);
  if (callee.kind == ConditionExpr::Kind::kMember) return BindMethod(e, callee);
  return Error(e, "only functions can be called, as in count(target.tags)");
}

ConditionBinder::BoundPtr ConditionBinder::BindMethod(const ConditionExpr& e,
                                                      const ConditionExpr& member) {
  const ConditionExpr& object = *member.children[0];
  const std::string root = object.kind == ConditionExpr::Kind::kName ? object.name : "";
  if (root == "customer" && member.name == "orders_in_category") {
    info_.uses_customer = true;
    if (!CheckRoot(object, root)) return Node(Kind::kConstant, ConditionType::kError);
    if (!CheckArgCount(e, "orders_in_category", 1)) return Node(Kind::kConstant, ConditionType::kError);
    BoundPtr arg = Bind(*e.children[1]);
    if (arg->type == ConditionType::kError) return arg;
    if (arg->type != ConditionType::kString && arg->type != ConditionType::kDynamic) {
      return ErrorAtStart(*e.children[1], "orders_in_category() needs a category path string, got " +
                                       ConditionTypeName(arg->type, arg->element));
    }
    auto n = Node(Kind::kOrdersInCategory, ConditionType::kNumber);
    n->children.push_back(std::move(arg));
    return n;
  }
  if (root == "cart" && member.name == "contains") {
    info_.uses_cart = true;
    if (!CheckRoot(object, root)) return Node(Kind::kConstant, ConditionType::kError);
    if (!CheckArgCount(e, "contains", 1)) return Node(Kind::kConstant, ConditionType::kError);
    BoundPtr arg = Bind(*e.children[1]);
    if (arg->type == ConditionType::kError) return arg;
    if (arg->type != ConditionType::kString && arg->type != ConditionType::kDynamic) {
      return ErrorAtStart(*e.children[1], "cart.contains() needs a SKU string, got " +
                                       ConditionTypeName(arg->type, arg->element));
    }
    auto n = Node(Kind::kCartContains, ConditionType::kBool);
    n->children.push_back(std::move(arg));
    return n;
  }
  BoundPtr target = Bind(member);
  if (target->type == ConditionType::kError) return target;
  return Error(member, "'" + Snippet(member) + "' is not a function");
}

ConditionBinder::BoundPtr ConditionBinder::BindFunction(const ConditionExpr& e,
                                                        const std::string& name) {
  auto error_node = [] { return Node(Kind::kConstant, ConditionType::kError); };
  if (name == "date" || name == "timestamp") {
    if (!CheckArgCount(e, name, 1)) return error_node();
    const ConditionExpr& arg = *e.children[1];
    if (arg.kind != ConditionExpr::Kind::kString) {
      return ErrorAtStart(arg, name + "() needs a string literal, as in " + name +
                            (name == "date" ? "(\"2026-12-01\")" : "(\"2026-12-01T10:00:00Z\")"));
    }
    Result<std::int64_t> t = ParseIsoTime(arg.text);
    if (!t.ok()) return Error(arg, name + "(): " + t.status().message());
    return Constant(Value::Time(static_cast<double>(*t)), ConditionType::kTime);
  }
  if (name == "related") {
    if (role_ == ConditionRole::kGuideline) {
      return Error(e, "related() is not available in a guideline, which checks one linked pair "
                      "on its own: use source.* and target.*");
    }
    if (!CheckArgCount(e, name, 2)) return error_node();
    const ConditionExpr& from = *e.children[1];
    const ConditionExpr& type = *e.children[2];
    if (from.kind != ConditionExpr::Kind::kName || (from.name != "source" && from.name != "target")) {
      return ErrorAtStart(from, "related() starts from source or target, as in related(source, \"upsell\")");
    }
    if (!CheckRoot(from, from.name)) return error_node();
    if (type.kind != ConditionExpr::Kind::kString) {
      return ErrorAtStart(type, "related() needs the relation type as a string literal, as in "
                         "related(source, \"upsell\")");
    }
    const bool source = from.name == "source";
    (source ? info_.uses_source : info_.uses_target) = true;
    info_.related_types.insert(type.text);
    auto n = Node(Kind::kRelated, ConditionType::kRelated);
    n->product = source ? ProductRole::kSource : ProductRole::kTarget;
    n->name = arena_->Intern(type.text);
    return n;
  }
  if (name == "count" || name == "has") {
    if (!CheckArgCount(e, name, 1)) return error_node();
    BoundPtr arg = Bind(*e.children[1]);
    if (arg->type == ConditionType::kError) return arg;
    if (name == "count" && arg->type != ConditionType::kList &&
        arg->type != ConditionType::kRelated && arg->type != ConditionType::kDynamic) {
      return ErrorAtStart(*e.children[1], "count() needs a list or related(...), got " +
                                       ConditionTypeName(arg->type, arg->element) + ": " +
                                       Snippet(*e.children[1]));
    }
    auto n = Node(name == "count" ? Kind::kCount : Kind::kHas,
                  name == "count" ? ConditionType::kNumber : ConditionType::kBool);
    n->children.push_back(std::move(arg));
    return n;
  }
  std::vector<std::string_view> functions(kFunctions.begin(), kFunctions.end());
  return Unknown(e, "unknown function '" + name + "'", name, functions, ": use " + JoinOr(functions));
}

}  // namespace affinity

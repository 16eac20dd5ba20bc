// CompileBound: a BoundCondition becomes a tree of closures. Leaves that read a product field or a
// constant are evaluated inline (Operand), and string comparisons on built-in fields take a path
// that builds no Value at all.
#include <functional>

#include "rules/bound_condition.hpp"
#include "rules/civil_time.hpp"

namespace affinity {

using BoolFn = std::function<bool(const EvalContext&)>;
using ValueFn = std::function<Value(const EvalContext&)>;

struct CompiledCondition::Impl {
  std::string text;
  ConditionInfo info;
  std::shared_ptr<ConditionArena> arena;  // what constant Values point into
  BoolFn root;
};

bool CompiledCondition::Matches(const EvalContext& ctx) const { return impl_->root(ctx); }
const ConditionInfo& CompiledCondition::info() const { return impl_->info; }
const std::string& CompiledCondition::text() const { return impl_->text; }

namespace {

using Kind = BoundCondition::Kind;

const Product* ProductOf(const EvalContext& ctx, ProductRole role) {
  return role == ProductRole::kSource ? ctx.source : ctx.target;
}

inline Value ReadField(const Product& p, ProductField f) {
  switch (f) {
    case ProductField::kSku: return Value::String(p.sku);
    case ProductField::kName: return Value::String(p.name);
    case ProductField::kPrice: return Value::Money(static_cast<double>(p.price_minor), p.currency);
    case ProductField::kCurrency: return Value::String(p.currency);
    case ProductField::kCategory: return Value::String(p.category);
    case ProductField::kBrand: return Value::String(p.brand);
    case ProductField::kTags: return Value::List(ValueKind::kStrVec, &p.tags);
    case ProductField::kMargin: return p.margin ? Value::Number(*p.margin) : Value{};
    case ProductField::kStock: {
      if (!p.stock) return Value{};
      Value v = Value::Number(static_cast<double>(*p.stock));
      v.scale = 0;
      v.mant = *p.stock;
      return v;
    }
    case ProductField::kInStock: return Value::Bool(p.InStock());
    case ProductField::kStatus: return Value::String(ProductStatusName(p.status));
  }
  return Value{};
}

inline bool ReadStringField(const Product& p, ProductField f, std::string_view* out) {
  switch (f) {
    case ProductField::kSku: *out = p.sku; return true;
    case ProductField::kName: *out = p.name; return true;
    case ProductField::kCurrency: *out = p.currency; return true;
    case ProductField::kCategory: *out = p.category; return true;
    case ProductField::kBrand: *out = p.brand; return true;
    case ProductField::kStatus: *out = ProductStatusName(p.status); return true;
    default: return false;
  }
}

const CustomerProfile& ProfileOf(const EvalContext& ctx) {
  static const CustomerProfile kDefault;
  return ctx.customer ? *ctx.customer : kDefault;
}

const Cart& CartOf(const EvalContext& ctx) {
  static const Cart kEmpty;
  return ctx.cart ? *ctx.cart : kEmpty;
}

inline Value ReadCustomer(const CustomerProfile& c, CustomerField field) {
  switch (field) {
    case CustomerField::kId: return Value::String(c.id);
    case CustomerField::kSegment: return Value::String(c.segment);
    case CustomerField::kLifetimeValue:
      return Value::Money(static_cast<double>(c.lifetime_value_minor), c.currency);
    case CustomerField::kOrderCount: {
      Value v = Value::Number(static_cast<double>(c.order_count));
      v.scale = 0;
      v.mant = c.order_count;
      return v;
    }
    case CustomerField::kRecencyDays: {
      if (!c.recency_days) return Value{};
      Value v = Value::Number(static_cast<double>(*c.recency_days));
      v.scale = 0;
      v.mant = *c.recency_days;
      return v;
    }
  }
  return Value{};
}

inline Value ReadCart(const Cart& cart, CartField field) {
  switch (field) {
    case CartField::kTotal: return Value::Money(static_cast<double>(cart.TotalMinor()), cart.currency);
    case CartField::kItems: {
      Value v = Value::Number(static_cast<double>(cart.ItemCount()));
      v.scale = 0;
      v.mant = cart.ItemCount();
      return v;
    }
    case CartField::kSkus: return Value::List(ValueKind::kCartSkus, &cart);
  }
  return Value{};
}

// A leaf evaluated without an indirect call, or any other value through a closure.
struct Operand {
  enum class Kind : std::uint8_t { kConst, kField, kAttr, kCustomer, kCart, kFn };
  Kind kind = Kind::kConst;
  ProductRole product = ProductRole::kSource;
  ProductField field = ProductField::kSku;
  int context_field = 0;  // a CustomerField or a CartField
  std::string_view name;
  Value constant;
  ValueFn fn;

  Value Eval(const EvalContext& ctx) const {
    switch (kind) {
      case Kind::kConst: return constant;
      case Kind::kField: {
        const Product* p = ProductOf(ctx, product);
        return p ? ReadField(*p, field) : Value{};
      }
      case Kind::kAttr: {
        const Product* p = ProductOf(ctx, product);
        if (!p) return Value{};
        auto it = p->attributes.find(name);
        return it == p->attributes.end() ? Value{} : ValueFromJson(it->value());
      }
      case Kind::kCustomer:
        return ReadCustomer(ProfileOf(ctx), static_cast<CustomerField>(context_field));
      case Kind::kCart: return ReadCart(CartOf(ctx), static_cast<CartField>(context_field));
      case Kind::kFn: return fn(ctx);
    }
    return Value{};
  }

  // A string leaf (a string constant or a built-in string field) read as a view.
  bool IsStringLeaf() const {
    if (kind == Kind::kConst) return constant.kind == ValueKind::kString;
    if (kind == Kind::kCustomer) {
      const auto f = static_cast<CustomerField>(context_field);
      return f == CustomerField::kId || f == CustomerField::kSegment;
    }
    std::string_view unused;
    static const Product kProbe;
    return kind == Kind::kField && ReadStringField(kProbe, field, &unused);
  }
  bool ReadString(const EvalContext& ctx, std::string_view* out) const {
    if (kind == Kind::kConst) {
      *out = constant.str;
      return true;
    }
    if (kind == Kind::kCustomer) {
      const CustomerProfile& c = ProfileOf(ctx);
      *out = static_cast<CustomerField>(context_field) == CustomerField::kId ? c.id : c.segment;
      return true;
    }
    const Product* p = ProductOf(ctx, product);
    return p && ReadStringField(*p, field, out);
  }
};

Value NowPartOf(std::int64_t now, NowPart part) {
  const std::int64_t days = DaysOfUnixSeconds(now);
  switch (part) {
    case NowPart::kHour: return Value::Number(static_cast<double>((now - days * 86400) / 3600));
    case NowPart::kWeekday: {
      std::int64_t w = (days + 3) % 7;  // 1970-01-01 was a Thursday
      if (w < 0) w += 7;
      return Value::Number(static_cast<double>(w + 1));
    }
    default: break;
  }
  const CivilDate date = CivilFromDays(days);
  if (part == NowPart::kYear) return Value::Number(static_cast<double>(date.year));
  return Value::Number(part == NowPart::kMonth ? date.month : date.day);
}

// Numbers that index lists or count things are exact integers, like literals.
Value Exact(Value v) {
  if (v.kind == ValueKind::kNumber) {
    v.scale = 0;
    v.mant = static_cast<std::int64_t>(v.num);
  }
  return v;
}

class Compiler {
 public:
  BoolFn CompileBool(const BoundCondition& n) {
    switch (n.kind) {
      case Kind::kAnd:
      case Kind::kOr: return CompileLogical(n);
      case Kind::kNot: {
        BoolFn f = CompileBool(*n.children[0]);
        return [f = std::move(f)](const EvalContext& ctx) { return !f(ctx); };
      }
      case Kind::kPredicate:
        return CompilePredicate(n.op, CompileValue(*n.children[0]), CompileValue(*n.children[1]));
      case Kind::kConstant: {
        const bool v = Truthy(n.value);
        return [v](const EvalContext&) { return v; };
      }
      case Kind::kCartContains: {
        Operand sku = CompileValue(*n.children[0]);
        return [sku = std::move(sku)](const EvalContext& ctx) {
          Value v = sku.Eval(ctx);
          return v.kind == ValueKind::kString && CartOf(ctx).Contains(v.str);
        };
      }
      case Kind::kHas: {
        Operand x = CompileValue(*n.children[0]);
        return [x = std::move(x)](const EvalContext& ctx) {
          return x.Eval(ctx).kind != ValueKind::kMissing;
        };
      }
      default: {
        Operand x = CompileValue(n);
        return [x = std::move(x)](const EvalContext& ctx) { return Truthy(x.Eval(ctx)); };
      }
    }
  }

  Operand CompileValue(const BoundCondition& n) {
    Operand op;
    switch (n.kind) {
      case Kind::kConstant:
        op.kind = Operand::Kind::kConst;
        op.constant = n.value;
        return op;
      case Kind::kProductField:
        op.kind = Operand::Kind::kField;
        op.product = n.product;
        op.field = static_cast<ProductField>(n.field);
        return op;
      case Kind::kFreeAttribute:
        op.kind = Operand::Kind::kAttr;
        op.product = n.product;
        op.name = n.name;
        return op;
      case Kind::kCustomerField:
        op.kind = Operand::Kind::kCustomer;
        op.context_field = n.field;
        return op;
      case Kind::kCartField:
        op.kind = Operand::Kind::kCart;
        op.context_field = n.field;
        return op;
      default:
        op.kind = Operand::Kind::kFn;
        op.fn = CompileFn(n);
        return op;
    }
  }

 private:
  static void Flatten(const BoundCondition& n, Kind kind, std::vector<const BoundCondition*>* out) {
    if (n.kind == kind) {
      for (const auto& c : n.children) Flatten(*c, kind, out);
      return;
    }
    out->push_back(&n);
  }

  BoolFn CompileLogical(const BoundCondition& n) {
    std::vector<const BoundCondition*> terms;
    Flatten(n, n.kind, &terms);
    std::vector<BoolFn> fns;
    for (const BoundCondition* t : terms) fns.push_back(CompileBool(*t));
    const bool is_and = n.kind == Kind::kAnd;
    if (fns.size() == 2) {
      if (is_and) {
        return [a = std::move(fns[0]), b = std::move(fns[1])](const EvalContext& ctx) {
          return a(ctx) && b(ctx);
        };
      }
      return [a = std::move(fns[0]), b = std::move(fns[1])](const EvalContext& ctx) {
        return a(ctx) || b(ctx);
      };
    }
    if (fns.size() == 3 && is_and) {
      return [a = std::move(fns[0]), b = std::move(fns[1]), c = std::move(fns[2])](
                 const EvalContext& ctx) { return a(ctx) && b(ctx) && c(ctx); };
    }
    return [fns = std::move(fns), is_and](const EvalContext& ctx) {
      for (const BoolFn& f : fns) {
        if (f(ctx) != is_and) return !is_and;
      }
      return is_and;
    };
  }

  static BoolFn CompilePredicate(ExprOp op, Operand l, Operand r) {
    if (l.IsStringLeaf() && r.IsStringLeaf()) {
      auto fast = [&]<typename Pred>(Pred pred) -> BoolFn {
        return [l, r, pred](const EvalContext& ctx) {
          std::string_view a, b;
          return l.ReadString(ctx, &a) && r.ReadString(ctx, &b) && pred(a, b);
        };
      };
      switch (op) {
        case ExprOp::kEq: return fast([](std::string_view a, std::string_view b) { return a == b; });
        case ExprOp::kNe: return fast([](std::string_view a, std::string_view b) { return a != b; });
        case ExprOp::kStartsWith:
          return fast([](std::string_view a, std::string_view b) { return a.starts_with(b); });
        case ExprOp::kEndsWith:
          return fast([](std::string_view a, std::string_view b) { return a.ends_with(b); });
        default: break;
      }
    }
    return [op, l = std::move(l), r = std::move(r)](const EvalContext& ctx) {
      return Test(op, l.Eval(ctx), r.Eval(ctx), ctx);
    };
  }

  ValueFn CompileFn(const BoundCondition& n) {
    switch (n.kind) {
      case Kind::kOrdersInCategory: {
        Operand path = CompileValue(*n.children[0]);
        return [path = std::move(path)](const EvalContext& ctx) -> Value {
          Value p = path.Eval(ctx);
          if (p.kind != ValueKind::kString) return Value{};
          return Exact(Value::Number(static_cast<double>(ProfileOf(ctx).OrdersInCategory(p.str))));
        };
      }
      case Kind::kNow:
        return [](const EvalContext& ctx) { return Value::Time(static_cast<double>(ctx.now)); };
      case Kind::kNowPart: {
        const auto part = static_cast<NowPart>(n.field);
        return [part](const EvalContext& ctx) { return Exact(NowPartOf(ctx.now, part)); };
      }
      case Kind::kRelated: {
        const ProductRole role = n.product;
        const std::string_view type = n.name;
        return [role, type](const EvalContext& ctx) -> Value {
          const Product* p = ProductOf(ctx, role);
          if (!p) return Value{};
          Value v;
          v.kind = ValueKind::kRelated;
          v.str = type;
          v.str2 = p->sku;
          return v;
        };
      }
      case Kind::kCount: {
        Operand x = CompileValue(*n.children[0]);
        return [x = std::move(x)](const EvalContext& ctx) { return Count(x.Eval(ctx), ctx); };
      }
      case Kind::kNeg: {
        Operand x = CompileValue(*n.children[0]);
        return [x = std::move(x)](const EvalContext& ctx) { return Negate(x.Eval(ctx)); };
      }
      case Kind::kArith: {
        Operand l = CompileValue(*n.children[0]);
        Operand r = CompileValue(*n.children[1]);
        return [op = n.op, l = std::move(l), r = std::move(r)](const EvalContext& ctx) {
          return Arith(op, l.Eval(ctx), r.Eval(ctx));
        };
      }
      default: {
        BoolFn f = CompileBool(n);  // a true/false used as a value: (a > b) == true
        return [f = std::move(f)](const EvalContext& ctx) { return Value::Bool(f(ctx)); };
      }
    }
  }
};

}  // namespace

CompiledCondition CompileBound(BoundConditionTree tree, std::string text) {
  auto impl = std::make_shared<CompiledCondition::Impl>();
  impl->text = std::move(text);
  impl->info = std::move(tree.info);
  impl->arena = std::move(tree.arena);
  impl->root = Compiler().CompileBool(*tree.root);
  return CompiledCondition(std::move(impl));
}

}  // namespace affinity

// Guideline (its JSON form and fields), CompileGuideline (the `guideline` role: source and target
// only, diagnostics with positions and nearest names) and GuidelineSet (which guidelines apply to a
// type, what a pair breaks, copies that add or drop one).
#include "rules/guideline.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "rules/guideline_set.hpp"

namespace affinity {
namespace {

boost::json::object Body(std::string_view json) { return boost::json::parse(json).as_object(); }

std::string Error(std::string_view json, std::string_view path_id = {}) {
  Result<Guideline> g = GuidelineFromJson(Body(json), path_id);
  EXPECT_FALSE(g.ok()) << json;
  if (g.ok()) return "";
  EXPECT_EQ(g.status().code(), StatusCode::kInvalidArgument);
  return std::string(g.status().message());
}

Product Item(std::string sku, std::int64_t price_minor, std::string brand = "Stride",
             std::optional<std::int64_t> stock = std::nullopt) {
  Product p;
  p.sku = std::move(sku);
  p.name = p.sku;
  p.price_minor = price_minor;
  p.brand = std::move(brand);
  p.stock = stock;
  return p;
}

Guideline Make(std::string id, std::string require, std::vector<std::string> types = {},
               GuidelineSeverity severity = GuidelineSeverity::kError) {
  Guideline g;
  g.id = std::move(id);
  g.require = std::move(require);
  g.types = std::move(types);
  g.severity = severity;
  return g;
}

CompiledGuideline Compile(const Guideline& g) {
  std::vector<GuidelineDiagnostic> diagnostics;
  std::optional<CompiledGuideline> c = CompileGuideline(g, {}, &diagnostics);
  EXPECT_TRUE(c.has_value()) << g.require << ": "
                             << (diagnostics.empty() ? "" : diagnostics.front().message);
  return c ? *c : CompiledGuideline{g, std::nullopt, {}};
}

TEST(GuidelineFromJsonTest, MinimalBodyIsAnEnabledErrorForEveryType) {
  Result<Guideline> g =
      GuidelineFromJson(Body(R"({"id":"upsell-costs-more","require":"target.price > 0"})"));
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->severity, GuidelineSeverity::kError);
  EXPECT_TRUE(g->enabled);
  EXPECT_TRUE(g->types.empty());
  EXPECT_TRUE(g->AppliesTo("upsell"));
  EXPECT_TRUE(g->AppliesTo(kBundleGuidelineType));
}

TEST(GuidelineFromJsonTest, FullBodyRoundTripsAndReadOnlyMembersAreIgnored) {
  const std::string_view json =
      R"({"id":"no-cross-brand","description":"Stride upsells stay Stride","types":["upsell","bundle"],)"
      R"("require":"target.brand == source.brand","severity":"warning","enabled":false,)"
      R"("version":7,"warnings":[],"violations":3})";
  Result<Guideline> g = GuidelineFromJson(Body(json));
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->version, 0) << "version is read-only";
  EXPECT_EQ(g->types, (std::vector<std::string>{"upsell", "bundle"}));
  EXPECT_FALSE(g->AppliesTo("cross_sell"));
  EXPECT_TRUE(g->AppliesTo("bundle"));
  Result<Guideline> again = GuidelineFromJson(GuidelineToJson(*g));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *g);
  EXPECT_EQ(GuidelineToJson(*g).at("severity"), "warning");
}

TEST(GuidelineFromJsonTest, BadFieldsAreNamedWithTheFix) {
  EXPECT_NE(Error(R"({"id":"x"})").find("field 'require'"), std::string::npos);
  EXPECT_NE(Error(R"({"id":"x","require":"true","severity":"fatal"})")
                .find("must be \"error\" (refuses what breaks the guideline) or \"warning\""),
            std::string::npos);
  EXPECT_NE(Error(R"({"id":"x","require":"true","types":"upsell"})")
                .find("must be an array of relation type names"),
            std::string::npos);
  EXPECT_NE(Error(R"({"id":"x","require":"true","types":["upsell","upsell"]})")
                .find("lists 'upsell' twice"),
            std::string::npos);
  EXPECT_NE(
      Error(R"({"id":"x","require":"true","severty":"error"})").find("did you mean 'severity'"),
      std::string::npos);
  EXPECT_NE(Error(R"({"id":"Bad Id","require":"true"})").find("guideline id 'Bad Id'"),
            std::string::npos);
  EXPECT_NE(Error(R"({"id":"a","require":"true"})", "b").find("is 'a' but the URL names 'b'"),
            std::string::npos);
}

TEST(CompileGuidelineTest, ErrorsCarryTheFieldAndPositionAndWarningsDoNotFail) {
  std::vector<GuidelineDiagnostic> d;
  EXPECT_FALSE(
      CompileGuideline(Make("x", "target.prise > source.price && cart.total > 1"), {}, &d));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].field, "require");
  EXPECT_EQ(d[0].line, 1);
  EXPECT_EQ(d[0].column, 8);
  EXPECT_EQ(d[0].message, "unknown attribute 'prise' (did you mean 'price'?)");
  EXPECT_EQ(d[0].suggestion, "price");
  EXPECT_FALSE(d[0].warning);
  EXPECT_EQ(d[1].column, 32);
  EXPECT_NE(d[1].message.find("cart is not available in a guideline"), std::string::npos);

  d.clear();
  std::optional<CompiledGuideline> source_only =
      CompileGuideline(Make("x", "source.price > 0"), {}, &d);
  ASSERT_TRUE(source_only.has_value());
  ASSERT_EQ(source_only->warnings.size(), 1u);
  EXPECT_TRUE(source_only->warnings[0].warning);
  EXPECT_NE(source_only->warnings[0].message.find("does not mention target"), std::string::npos);

  d.clear();
  EXPECT_FALSE(CompileGuideline(Make("x", "target.price >"), {}, &d));
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].field, "require");
  EXPECT_GT(d[0].column, 1);
}

TEST(CompileGuidelineTest, TheIssueExamplesHoldAndBreakAsAMerchandiserExpects) {
  const Product coat = Item("CO-1", 20000, "Stride", 4);
  const Product premium = Item("CO-2", 32000, "Stride", 2);
  const Product rival = Item("PK-9", 41000, "Peak", 7);
  const Product scarf = Item("SC-1", 4000);  // stock not tracked
  Product sold_out = Item("GL-1", 12000, "Peak", 0);
  Product retired = Item("CO-0", 25000, "Stride", 3);
  retired.status = ProductStatus::kDiscontinued;

  CompiledGuideline costs_more = Compile(Make("upsell-costs-more", "target.price > source.price"));
  EXPECT_TRUE(costs_more.Holds(coat, premium));
  EXPECT_FALSE(costs_more.Holds(premium, coat));

  CompiledGuideline brand = Compile(
      Make("no-cross-brand",
           R"(!(source.brand in ["Stride", "Northpeak"]) || target.brand == source.brand)"));
  EXPECT_FALSE(brand.Holds(coat, rival));
  EXPECT_TRUE(brand.Holds(coat, premium));
  EXPECT_TRUE(brand.Holds(rival, coat)) << "Peak is not a listed brand";

  CompiledGuideline sellable =
      Compile(Make("sellable", R"(target.in_stock && target.status == "active")"));
  EXPECT_TRUE(sellable.Holds(coat, premium));
  EXPECT_TRUE(sellable.Holds(coat, scarf)) << "an untracked stock reads as in stock";
  EXPECT_FALSE(sellable.Holds(coat, sold_out));
  EXPECT_FALSE(sellable.Holds(coat, retired));

  CompiledGuideline half =
      Compile(Make("accessory-half-price", "target.price <= source.price * 0.5"));
  EXPECT_TRUE(half.Holds(coat, scarf));
  EXPECT_FALSE(half.Holds(coat, sold_out));
}

TEST(GuidelineSetTest, ChecksOnlyEnforcedGuidelinesOfTheTypeAndNamesEachBreak) {
  Guideline disabled = Make("disabled", "target.price < 0");
  disabled.enabled = false;
  Guideline described = Make("upsell-costs-more", "target.price > source.price", {"upsell"});
  described.description = "An upsell costs more";
  const GuidelineSet set(
      {Compile(Make("warn-brand", "target.brand == source.brand", {}, GuidelineSeverity::kWarning)),
       Compile(described), Compile(disabled)});
  ASSERT_EQ(set.all().size(), 3u);
  EXPECT_EQ(set.all()[0].guideline.id, "disabled") << "kept by id";
  EXPECT_TRUE(set.any_enforced());
  EXPECT_NE(set.Find("warn-brand"), nullptr);
  EXPECT_EQ(set.Find("nope"), nullptr);

  const Product cheap = Item("A", 1000, "Stride");
  const Product dear = Item("B", 9000, "Peak");
  std::vector<GuidelineFinding> up = set.Check("upsell", dear, cheap);
  ASSERT_EQ(up.size(), 2u);
  EXPECT_EQ(up[0].guideline, "upsell-costs-more");
  EXPECT_EQ(up[0].severity, GuidelineSeverity::kError);
  EXPECT_EQ(up[0].source, "B");
  EXPECT_EQ(up[0].target, "A");
  EXPECT_EQ(up[0].message,
            "upsell B -> A breaks guideline 'upsell-costs-more' (An upsell costs more): it "
            "requires target.price > source.price");
  EXPECT_EQ(up[1].guideline, "warn-brand");
  EXPECT_TRUE(HasErrorFinding(up));

  std::vector<GuidelineFinding> cross = set.Check("cross_sell", dear, cheap, "the pair");
  ASSERT_EQ(cross.size(), 1u) << "upsell-costs-more is for upsells only";
  EXPECT_FALSE(HasErrorFinding(cross));
  EXPECT_TRUE(cross[0].message.starts_with("the pair breaks guideline 'warn-brand'"));
  EXPECT_TRUE(set.Check("upsell", cheap, Item("C", 2000, "Stride")).empty());

  GuidelineSet fewer = set.Without("warn-brand");
  EXPECT_EQ(fewer.all().size(), 2u);
  EXPECT_TRUE(fewer.Check("cross_sell", dear, cheap).empty());
  GuidelineSet replaced = fewer.With(Compile(Make("upsell-costs-more", "true", {"upsell"})));
  EXPECT_EQ(replaced.all().size(), 2u);
  EXPECT_TRUE(replaced.Check("upsell", dear, cheap).empty());
  EXPECT_FALSE(GuidelineSet({Compile(disabled)}).any_enforced());
  EXPECT_EQ(set.all().size(), 3u) << "With and Without copy";
}

}  // namespace
}  // namespace affinity

// Runs every tests/rules/*.test file: one GoogleTest test per case, named <file>.line_<N>. The
// format is documented in README.md; adding a case is adding text.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <memory>

#include "rule_test_file.hpp"
#include "rules/condition.hpp"
#include "rules/schedule.hpp"

namespace affinity {
namespace {

std::string Positioned(const Diagnostic& d) {
  return "line " + std::to_string(d.line) + ", column " + std::to_string(d.column) + ": " +
         d.message;
}

std::string HintText(const TargetHint& h) {
  static const char* kNames[] = {"category_in",     "category_under", "brand_in", "brand_is_source",
                                 "category_is_source", "tag_in",     "sku_in"};
  std::string out = kNames[static_cast<int>(h.kind)];
  if (h.kind == TargetHint::Kind::kBrandIsSource || h.kind == TargetHint::Kind::kCategoryIsSource) {
    return out;
  }
  out += '(';
  for (std::size_t i = 0; i < h.values.size(); ++i) out += (i ? "|" : "") + h.values[i];
  return out + ')';
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out.empty() ? "none" : out;
}

std::string UsesText(const ConditionInfo& info) {
  std::vector<std::string> uses;
  if (info.uses_source) uses.push_back("source");
  if (info.uses_target) uses.push_back("target");
  if (info.uses_customer) uses.push_back("customer");
  if (info.uses_cart) uses.push_back("cart");
  if (info.uses_now) uses.push_back("now");
  return Join(uses);
}

std::pair<std::string, std::string> SplitHead(const std::string& line) {
  std::size_t space = line.find(' ');
  if (space == std::string::npos) return {line, ""};
  return {line.substr(0, space), line.substr(space + 1)};
}

// The EvalContext named by `bindings`; false (with a test failure) on an unknown name.
bool BuildContext(const RuleTestFile& file, const std::map<std::string, std::string>& bindings,
                  EvalContext* ctx) {
  ctx->related = &file.related;
  for (const auto& [key, value] : bindings) {
    if (key == "source" || key == "target") {
      auto it = file.products.find(value);
      if (it == file.products.end()) {
        ADD_FAILURE() << "no product named '" << value << "'";
        return false;
      }
      (key == "source" ? ctx->source : ctx->target) = &it->second;
    } else if (key == "customer") {
      auto it = file.customers.find(value);
      if (it == file.customers.end()) {
        ADD_FAILURE() << "no customer named '" << value << "'";
        return false;
      }
      ctx->customer = &it->second;
    } else if (key == "cart") {
      auto it = file.carts.find(value);
      if (it == file.carts.end()) {
        ADD_FAILURE() << "no cart named '" << value << "'";
        return false;
      }
      ctx->cart = &it->second;
    } else if (key == "now") {
      Result<std::int64_t> t = ParseIsoTime(value);
      if (!t.ok()) {
        ADD_FAILURE() << "now=" << value << ": " << t.status().message();
        return false;
      }
      ctx->now = *t;
    } else {
      ADD_FAILURE() << "unknown binding '" << key << "'";
      return false;
    }
  }
  return true;
}

void RunCondition(const RuleTestFile& file, const RuleTestCase& c) {
  const ConditionRole role = c.role == "when"        ? ConditionRole::kWhen
                             : c.role == "then"      ? ConditionRole::kThen
                             : c.role == "guideline" ? ConditionRole::kGuideline
                                                     : ConditionRole::kContext;
  AttributeCatalog catalog;
  catalog.free_attributes.insert(c.attributes.begin(), c.attributes.end());
  std::vector<Diagnostic> diagnostics;
  Result<CompiledCondition> compiled = CompileCondition(c.body, role, catalog, &diagnostics);
  std::vector<std::string> warnings;
  for (const Diagnostic& d : diagnostics) {
    if (d.warning) warnings.push_back(Positioned(d));
  }
  const bool expects_error = std::any_of(c.expected.begin(), c.expected.end(), [](const auto& l) {
    return l.starts_with("error ");
  });
  if (!expects_error && !compiled.ok()) {
    ADD_FAILURE() << "unexpected error: " << compiled.status().message();
    return;
  }
  for (const std::string& line : c.expected) {
    SCOPED_TRACE("expected: " + line);
    auto [head, rest] = SplitHead(line);
    if (head == "error") {
      ASSERT_FALSE(compiled.ok()) << "compiled, but expected an error";
      EXPECT_EQ(compiled.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(compiled.status().message(), rest);
    } else if (head == "warning") {
      EXPECT_NE(std::find(warnings.begin(), warnings.end(), rest), warnings.end())
          << "warnings: " << Join(warnings);
    } else if (line == "no warnings") {
      EXPECT_TRUE(warnings.empty()) << "warnings: " << Join(warnings);
    } else if (head == "hints") {
      std::vector<std::string> hints;
      for (const TargetHint& h : compiled->info().target_hints) hints.push_back(HintText(h));
      EXPECT_EQ(Join(hints), rest);
    } else if (head == "uses") {
      EXPECT_EQ(UsesText(compiled->info()), rest);
    } else if (head == "related_types") {
      const auto& t = compiled->info().related_types;
      EXPECT_EQ(Join(std::vector<std::string>(t.begin(), t.end())), rest);
    } else if (head == "free_attributes") {
      const auto& a = compiled->info().free_attributes;
      EXPECT_EQ(Join(std::vector<std::string>(a.begin(), a.end())), rest);
    } else if (head == "true" || head == "false") {
      std::map<std::string, std::string> bindings = c.bindings;
      std::istringstream overrides(rest);
      for (std::string w; overrides >> w;) {
        std::size_t eq = w.find('=');
        ASSERT_NE(eq, std::string::npos) << "expected key=value, got " << w;
        bindings[w.substr(0, eq)] = w.substr(eq + 1);
      }
      EvalContext ctx;
      if (!BuildContext(file, bindings, &ctx)) continue;
      EXPECT_EQ(compiled->Matches(ctx), head == "true") << "condition: " << c.body;
    } else {
      ADD_FAILURE() << "unknown expectation '" << line << "'";
    }
  }
}

void RunSchedule(const RuleTestCase& c) {
  boost::system::error_code ec;
  boost::json::value json = boost::json::parse(c.body, ec);
  ASSERT_FALSE(ec) << "bad schedule JSON: " << c.body;
  Result<Schedule> schedule = Schedule::FromJson(json);
  for (const std::string& line : c.expected) {
    SCOPED_TRACE("expected: " + line);
    auto [head, rest] = SplitHead(line);
    if (head == "error") {
      ASSERT_FALSE(schedule.ok()) << "parsed, but expected an error";
      EXPECT_EQ(schedule.status().message(), rest);
      continue;
    }
    ASSERT_TRUE(schedule.ok()) << schedule.status().message();
    if (head == "active" || head == "inactive") {
      Result<std::int64_t> t = ParseIsoTime(rest);
      ASSERT_TRUE(t.ok()) << t.status().message();
      EXPECT_EQ(schedule->IsActive(*t), head == "active");
    } else if (head == "always") {
      EXPECT_TRUE(schedule->always());
    } else if (head == "json") {
      EXPECT_EQ(boost::json::serialize(schedule->ToJson()),
                boost::json::serialize(boost::json::parse(rest)));
    } else {
      ADD_FAILURE() << "unknown expectation '" << line << "'";
    }
  }
}

class RuleCaseTest : public testing::Test {
 public:
  RuleCaseTest(std::shared_ptr<const RuleTestFile> file, std::size_t index)
      : file_(std::move(file)), index_(index) {}
  void TestBody() override {
    const RuleTestCase& c = file_->cases[index_];
    SCOPED_TRACE(file_->path + ":" + std::to_string(c.line));
    if (c.kind == "schedule") {
      RunSchedule(c);
    } else {
      RunCondition(*file_, c);
    }
  }

 private:
  std::shared_ptr<const RuleTestFile> file_;
  std::size_t index_;
};

class BrokenFileTest : public testing::Test {
 public:
  explicit BrokenFileTest(std::string message) : message_(std::move(message)) {}
  void TestBody() override { FAIL() << message_; }

 private:
  std::string message_;
};

// Registers one test per case of every .test file, before main() runs the tests.
const bool kRegistered = [] {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(AFFINITY_RULE_TEST_DIR)) {
    if (entry.path().extension() == ".test") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    const std::string suite = "RuleFile_" + path.stem().string();
    Result<RuleTestFile> file = ReadRuleTestFile(path.string());
    if (!file.ok()) {
      std::string message = file.status().message();
      testing::RegisterTest(suite.c_str(), "Parse", nullptr, nullptr, __FILE__, __LINE__,
                            [message]() -> testing::Test* { return new BrokenFileTest(message); });
      continue;
    }
    auto shared = std::make_shared<const RuleTestFile>(std::move(*file));
    for (std::size_t i = 0; i < shared->cases.size(); ++i) {
      const std::string name = "line_" + std::to_string(shared->cases[i].line);
      testing::RegisterTest(suite.c_str(), name.c_str(), nullptr, nullptr, path.c_str(),
                            shared->cases[i].line, [shared, i]() -> testing::Test* {
                              return new RuleCaseTest(shared, i);
                            });
    }
  }
  return true;
}();

}  // namespace
}  // namespace affinity

#include "intake/failure_triage.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <unordered_map>

#include "common/money.hpp"

namespace affinity {
namespace {

constexpr std::size_t kSampleIds = 20;

// "line_items[3].price" -> "line_items[*].price".
std::string NormalizeField(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '[') {
      std::size_t close = field.find(']', i);
      if (close != std::string_view::npos) {
        out += "[*]";
        i = close;
        continue;
      }
    }
    out += field[i];
  }
  return out;
}

// Quoted text becomes '?', runs of digits become N: "order 'shopify:a:1001' has 3 lines" ->
// "order '?' has N lines".
std::string NormalizeMessage(std::string_view message) {
  std::string out;
  for (std::size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if (c == '\'' || c == '"') {
      std::size_t close = message.find(c, i + 1);
      if (close != std::string_view::npos) {
        out += c;
        out += '?';
        out += c;
        i = close;
        continue;
      }
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i + 1 < message.size() && std::isdigit(static_cast<unsigned char>(message[i + 1]))) {
        ++i;
      }
      out += 'N';
      continue;
    }
    out += c;
  }
  return out;
}

std::string ActionFor(const FailureGroup& g) {
  if (g.kind == FailureKind::kParked) {
    return g.stage == "resolve"
               ? "add the missing SKUs to the catalog; the parked orders are retried on every "
                 "catalog change"
               : "deliver the missing companion data (see the message); the order is stored "
                 "when it arrives complete";
  }
  if (g.error_class == IntakeErrorClass::kTransient) {
    return "the store or a dependency kept failing until retries ran out; check it, then replay";
  }
  if (g.stage == "validate") {
    return "fix the order at the source, or relax the account's validation profile if the rule "
           "is wrong for it, then replay";
  }
  return "the payload cannot be read: fix the sender or the adapter, then replay";
}

}  // namespace

std::string FailureCause(const IntakeError& error) {
  return std::string(IntakeErrorClassName(error.error_class)) + "|" + error.stage + "|" +
         NormalizeField(error.field) + "|" + NormalizeMessage(error.message);
}

std::vector<FailureGroup> RankFailures(const std::vector<IntakeFailure>& open, std::int64_t now) {
  std::vector<FailureGroup> groups;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::set<std::string>> sources;
  for (const IntakeFailure& f : open) {
    const std::string cause = f.cause.empty() ? FailureCause(f.error) : f.cause;
    auto [it, fresh] = index.try_emplace(cause, groups.size());
    if (fresh) {
      FailureGroup g;
      g.cause = cause;
      g.error_class = f.error.error_class;
      g.kind = f.kind;
      g.stage = f.error.stage;
      g.field = f.error.field;
      g.example = f.error.message;
      g.oldest_at = f.first_failure_at;
      groups.push_back(std::move(g));
      sources.emplace_back();
    }
    FailureGroup& g = groups[it->second];
    ++g.orders;
    if (f.value_minor != 0) {
      g.value_minor[f.currency] += f.value_minor;
      g.value += static_cast<double>(f.value_minor) /
                 std::pow(10.0, CurrencyExponent(f.currency.empty() ? "USD" : f.currency));
    }
    g.oldest_at = std::min(g.oldest_at, f.first_failure_at);
    g.latest_at = std::max(g.latest_at, f.last_failure_at);
    sources[it->second].insert(f.channel + "/" + f.account);
    if (g.failure_ids.size() < kSampleIds) g.failure_ids.push_back(f.id);
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    FailureGroup& g = groups[i];
    g.sources.assign(sources[i].begin(), sources[i].end());
    const double age_days = std::max<std::int64_t>(0, now - g.oldest_at) / 86400.0;
    g.impact = static_cast<double>(g.orders) * (1.0 + std::log10(1.0 + std::max(0.0, g.value))) *
               (1.0 + age_days / 7.0);
    g.action = ActionFor(g);
  }
  std::sort(groups.begin(), groups.end(), [](const FailureGroup& a, const FailureGroup& b) {
    if (a.impact != b.impact) return a.impact > b.impact;
    return a.cause < b.cause;
  });
  return groups;
}

}  // namespace affinity

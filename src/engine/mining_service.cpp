#include "engine/mining_service.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <unordered_map>

#include "common/json_fields.hpp"
#include "mining/fp_growth.hpp"
#include "mining/transactions.hpp"

namespace affinity {
namespace {

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// ------------------------------------------------------------------------------------ params

Result<MiningParams> MiningParams::FromJson(const boost::json::object& body) {
  JsonFields f(body);
  MiningParams p;
  auto check = [&](const char* key, double value, double lo, double hi) {
    if (value < lo || value > hi) {
      f.AddError(key, fmt::format("must be between {} and {}, got {}", lo, hi, value));
    }
  };
  if (auto v = f.Int("min_pair_count")) {
    check("min_pair_count", static_cast<double>(*v), 1, 1e9);
    p.min_pair_count = static_cast<std::uint32_t>(std::max<std::int64_t>(*v, 1));
  }
  if (auto v = f.Number("min_confidence")) {
    check("min_confidence", *v, 0, 1);
    p.min_confidence = *v;
  }
  if (auto v = f.Number("min_lift")) {
    check("min_lift", *v, 0, 1e9);
    p.min_lift = *v;
  }
  if (auto v = f.Int("top_k")) {
    check("top_k", static_cast<double>(*v), 1, 1000);
    p.top_k = static_cast<std::size_t>(std::max<std::int64_t>(*v, 1));
  }
  if (auto v = f.String("measure")) {
    if (*v == "confidence") {
      p.measure = mining::PairMeasure::kConfidence;
    } else if (*v == "lift") {
      p.measure = mining::PairMeasure::kLift;
    } else if (*v == "count") {
      p.measure = mining::PairMeasure::kCount;
    } else {
      f.AddError("measure", fmt::format("must be confidence, lift or count, got '{}'", *v));
    }
  }
  if (auto v = f.Int("max_basket_items")) {
    check("max_basket_items", static_cast<double>(*v), 2, 100000);
    p.max_basket_items = static_cast<std::size_t>(std::max<std::int64_t>(*v, 2));
  }
  if (auto v = f.Number("itemset_min_support")) {
    check("itemset_min_support", *v, 0, 1);
    p.itemset_min_support = *v;
  }
  if (auto v = f.Int("itemset_max_length")) {
    check("itemset_max_length", static_cast<double>(*v), 0, 100);
    p.itemset_max_length = static_cast<std::size_t>(std::max<std::int64_t>(*v, 0));
  }
  if (auto v = f.Int("max_itemsets")) {
    check("max_itemsets", static_cast<double>(*v), 1, 1e12);
    p.max_itemsets = static_cast<std::uint64_t>(std::max<std::int64_t>(*v, 1));
  }
  f.RejectUnknown();
  AFFINITY_RETURN_IF_ERROR(f.status());
  return p;
}

boost::json::object MiningParams::ToJson() const {
  const char* measure_name = measure == mining::PairMeasure::kLift    ? "lift"
                             : measure == mining::PairMeasure::kCount ? "count"
                                                                      : "confidence";
  return {{"measure", measure_name},
          {"min_pair_count", min_pair_count},     {"min_confidence", min_confidence},
          {"min_lift", min_lift},                 {"top_k", top_k},
          {"max_basket_items", max_basket_items}, {"itemset_min_support", itemset_min_support},
          {"itemset_max_length", itemset_max_length}, {"max_itemsets", max_itemsets}};
}

boost::json::object MiningJob::ToJson() const {
  boost::json::array by_length;
  for (auto n : itemsets_by_length) by_length.push_back(n);
  boost::json::object o{{"id", id},
                        {"state", state},
                        {"stage", stage},
                        {"progress", progress},
                        {"params", params.ToJson()},
                        {"created_at", created_at},
                        {"started_at", started_at},
                        {"finished_at", finished_at},
                        {"stats",
                         {{"baskets", baskets},
                          {"products", products},
                          {"pairs", pairs},
                          {"suggestions", suggestions},
                          {"itemsets", itemsets},
                          {"itemsets_by_length", std::move(by_length)}}}};
  o["error"] = error.empty() ? boost::json::value(nullptr) : boost::json::value(error);
  return o;
}

// ------------------------------------------------------------------------------------ service

MiningService::MiningService(Engine& engine, OrderSource orders)
    : engine_(engine), orders_(std::move(orders)) {}

MiningService::~MiningService() {
  cancel_ = true;
  if (worker_.joinable()) worker_.join();
}

std::string MiningService::NewJob(const MiningParams& params) {
  MiningJob job;
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  job.created_at = now_ms / 1000;
  // Unique across restarts too: accepted suggestions keep "mined:<job>" as their origin. In
  // milliseconds, since a restart can take less than a second; the counter for the same one.
  job.id = fmt::format("job-{}-{}", now_ms, next_job_++);
  job.params = params;
  jobs_.push_back(job);
  return job.id;
}

Result<MiningJob> MiningService::Start(const MiningParams& params) {
  std::lock_guard lock(mu_);
  if (running_) {
    return Status::FailedPrecondition(
        fmt::format("mining job {} is still running; wait for it or cancel it", jobs_.back().id));
  }
  if (worker_.joinable()) worker_.join();  // the previous job has finished
  const std::string id = NewJob(params);
  running_ = true;
  cancel_ = false;
  worker_ = std::thread([this, id] { Execute(id); });
  return jobs_.back();
}

MiningJob MiningService::Run(const MiningParams& params,
                             const std::function<void(const MiningJob&)>& progress) {
  std::string id;
  {
    std::lock_guard lock(mu_);
    id = NewJob(params);
    running_ = true;
    cancel_ = false;
    observer_ = progress;
  }
  Execute(id);
  {
    std::lock_guard lock(mu_);
    observer_ = nullptr;
  }
  return *Get(id);
}

Result<MiningJob> MiningService::Get(const std::string& id) const {
  std::lock_guard lock(mu_);
  for (const MiningJob& j : jobs_) {
    if (j.id == id) return j;
  }
  return Status::NotFound(fmt::format("mining job '{}' does not exist", id));
}

std::vector<MiningJob> MiningService::List() const {
  std::lock_guard lock(mu_);
  return {jobs_.rbegin(), jobs_.rend()};
}

Status MiningService::Cancel(const std::string& id) {
  std::lock_guard lock(mu_);
  for (const MiningJob& j : jobs_) {
    if (j.id != id) continue;
    if (j.state != "queued" && j.state != "running") {
      return Status::FailedPrecondition(fmt::format("mining job '{}' is already {}", id, j.state));
    }
    cancel_ = true;
    return Status::Ok();
  }
  return Status::NotFound(fmt::format("mining job '{}' does not exist", id));
}

std::shared_ptr<const CoPurchases> MiningService::latest() const {
  std::lock_guard lock(mu_);
  return latest_;
}

void MiningService::Update(const std::string& id, const std::function<void(MiningJob&)>& change) {
  std::optional<MiningJob> changed;
  std::function<void(const MiningJob&)> observer;
  {
    std::lock_guard lock(mu_);
    for (MiningJob& j : jobs_) {
      if (j.id != id) continue;
      change(j);
      changed = j;
    }
    observer = observer_;
  }
  if (observer && changed) observer(*changed);
}

void MiningService::Execute(const std::string& id) {
  MiningParams params;
  Update(id, [&](MiningJob& j) {
    j.state = "running";
    j.started_at = NowSeconds();
    j.stage = "collecting baskets";
    params = j.params;
  });
  auto finish = [&](const Status& st) {
    Update(id, [&](MiningJob& j) {
      j.finished_at = NowSeconds();
      if (st.ok()) {
        j.state = "succeeded";
        j.stage = "done";
        j.progress = 1;
      } else {
        j.state = st.code() == StatusCode::kAborted ? "cancelled" : "failed";
        j.error = st.message();
      }
    });
    std::lock_guard lock(mu_);
    running_ = false;
  };

  // 1. Baskets: purchases only, products only, returned quantities left out.
  std::vector<std::string> skus;
  std::unordered_map<std::string, mining::ItemId> item_of;
  mining::TransactionSet baskets;
  std::vector<mining::ItemId> basket;
  Status add_status;
  Status read = orders_([&](const Order& order) {
    if (!add_status.ok() || !CountsAsPurchase(order)) return;
    basket.clear();
    for (const OrderLine& line : order.lines) {
      // Unresolved lines name a SKU the catalog does not know (yet): they count once it does.
      if (line.sku.empty() || line.quantity <= 0 || line.unresolved) continue;
      auto [it, fresh] = item_of.try_emplace(line.sku, static_cast<mining::ItemId>(skus.size()));
      if (fresh) skus.push_back(line.sku);
      basket.push_back(it->second);
    }
    if (!basket.empty()) add_status = baskets.AddBasket(basket);
  });
  if (!read.ok()) return finish(read);
  if (!add_status.ok()) return finish(add_status);
  Update(id, [&](MiningJob& j) {
    j.baskets = baskets.size();
    j.products = skus.size();
    j.progress = 0.2;
    j.stage = "mining co-purchased pairs";
  });
  if (cancel_) return finish(Status::Aborted("cancelled"));

  // 2. The best partners of every product.
  mining::PairMinerOptions pair_options;
  pair_options.max_basket_items = params.max_basket_items;
  pair_options.cancel = &cancel_;
  mining::PairMiner miner(baskets, pair_options);
  mining::TopPartnersOptions top;
  top.k = params.top_k;
  top.measure = params.measure;
  top.min_pair_count = params.min_pair_count;
  auto partners = miner.FindTopPartners(top);
  if (!partners.ok()) return finish(partners.status());
  Update(id, [&](MiningJob& j) {
    j.pairs = partners->total();
    j.progress = 0.6;
    j.stage = params.itemset_min_support > 0 ? "counting frequent itemsets" : "suggesting";
  });

  // 3. Optionally, frequent itemsets (FP-growth), reported in the job's stats.
  if (params.itemset_min_support > 0) {
    mining::FpGrowthOptions fp;
    fp.min_support = mining::MinSupportFromFraction(params.itemset_min_support, baskets.size());
    fp.max_length = params.itemset_max_length;
    fp.max_itemsets = params.max_itemsets;
    fp.cancel = &cancel_;
    auto counts = mining::CountFrequentItemsets(baskets, fp);
    if (!counts.ok()) return finish(counts.status());
    Update(id, [&](MiningJob& j) {
      j.itemsets = counts->total;
      j.itemsets_by_length = counts->by_length;
      j.progress = 0.8;
      j.stage = "suggesting";
    });
  }
  if (cancel_) return finish(Status::Aborted("cancelled"));

  // 4. Suggestions for strong pairs of catalog products; the co-purchase table for reports.
  auto history = std::make_shared<CoPurchases>();
  history->job = id;
  std::vector<Suggestion> candidates;
  auto snapshot = engine_.snapshot();
  const auto n = static_cast<std::int64_t>(baskets.size());
  for (mining::ItemId x = 0; x < skus.size(); ++x) {
    auto& partners_of_x = history->partners[skus[x]];
    for (const mining::Partner& p : partners->Of(x)) {
      PairEvidence e;
      e.together = p.count;
      e.source_count = miner.ItemCount(x);
      e.target_count = miner.ItemCount(p.item);
      e.baskets = n;
      e.support = n > 0 ? static_cast<double>(p.count) / static_cast<double>(n) : 0;
      e.confidence = p.confidence;
      e.lift = p.lift;
      partners_of_x.emplace_back(skus[p.item], e);
      if (p.confidence < params.min_confidence || p.lift < params.min_lift) continue;
      const ProductNode* source = snapshot->Find(skus[x]);
      const ProductNode* target = snapshot->Find(skus[p.item]);
      if (!source || !target) continue;  // only products the catalog knows can be linked
      Suggestion s;
      auto type = ClassifyPair(source->product, target->product, &s.reason);
      if (!type) continue;
      s.source = skus[x];
      s.target = skus[p.item];
      s.type = *type;
      s.evidence = e;
      s.created_at = NowSeconds();
      candidates.push_back(std::move(s));
    }
  }
  auto kept = engine_.ReplaceSuggestions(id, std::move(candidates));
  if (!kept.ok()) return finish(kept.status());
  Update(id, [&](MiningJob& j) { j.suggestions = *kept; });
  {
    std::lock_guard lock(mu_);
    latest_ = std::move(history);
  }
  finish(Status::Ok());
}

}  // namespace affinity

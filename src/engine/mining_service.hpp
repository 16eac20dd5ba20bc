// MiningService: runs association-mining jobs over the purchase history and turns what they find
// into suggested relationships. A job collects purchase baskets (cancelled and refunded orders and
// returned quantities never count), mines co-bought pairs (the best partners of every product by
// lift, with support and confidence thresholds) and, optionally, counts frequent itemsets with
// FP-growth; then it proposes a relationship for each strong pair of catalog products, typed by
// ClassifyPair, and replaces the pending suggestions with them (rejected pairs never come back).
//
// One job runs at a time, on a worker thread; its progress and result are readable while it runs.
// Job records live in memory (their suggestions are stored). Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/co_purchases.hpp"
#include "engine/engine.hpp"
#include "mining/pair_miner.hpp"
#include "orders/order.hpp"

namespace affinity {

struct MiningParams {
  std::uint32_t min_pair_count = 3;  // baskets holding both products, at least
  double min_confidence = 0.05;      // P(target | source), at least
  double min_lift = 1.5;             // at least; 1 means independent
  std::size_t top_k = 10;            // partners kept per product
  // How partners are ranked: confidence (P(target | source), the best predictor of what is bought
  // next, see `affinity evaluate`), lift or count.
  mining::PairMeasure measure = mining::PairMeasure::kConfidence;
  std::size_t max_basket_items = 200;  // larger baskets count only their first items
  double itemset_min_support = 0;    // > 0: also count frequent itemsets at this support fraction
  std::size_t itemset_max_length = 0;  // 0: no limit
  std::uint64_t max_itemsets = 10'000'000;

  static Result<MiningParams> FromJson(const boost::json::object& body);
  boost::json::object ToJson() const;
};

struct MiningJob {
  std::string id;  // "job-<creation time, Unix milliseconds>-<n>"
  MiningParams params;
  std::string state = "queued";  // queued | running | succeeded | failed | cancelled
  std::string stage;             // what it is doing now
  double progress = 0;           // 0..1
  std::string error;
  std::int64_t created_at = 0, started_at = 0, finished_at = 0;  // Unix seconds
  std::uint64_t baskets = 0, products = 0, pairs = 0, suggestions = 0;
  std::vector<std::uint64_t> itemsets_by_length;  // [k]: frequent itemsets with k items
  std::uint64_t itemsets = 0;

  boost::json::object ToJson() const;
};

class MiningService {
 public:
  // Calls `fn` with every order; returns an error if the orders cannot be read.
  using OrderSource = std::function<Status(const std::function<void(const Order&)>& fn)>;

  MiningService(Engine& engine, OrderSource orders);
  ~MiningService();  // cancels a running job and waits for it

  // Starts a job on the worker thread. FailedPrecondition while another job runs.
  Result<MiningJob> Start(const MiningParams& params);
  // Runs a job on the calling thread (the CLI); `progress` sees every update.
  MiningJob Run(const MiningParams& params,
                const std::function<void(const MiningJob&)>& progress = nullptr);
  Result<MiningJob> Get(const std::string& id) const;
  std::vector<MiningJob> List() const;  // newest first
  Status Cancel(const std::string& id);

  // What the latest successful job learned; nullptr before any.
  std::shared_ptr<const CoPurchases> latest() const;

 private:
  void Execute(const std::string& id);
  void Update(const std::string& id, const std::function<void(MiningJob&)>& change);
  std::string NewJob(const MiningParams& params);

  Engine& engine_;
  OrderSource orders_;
  mutable std::mutex mu_;
  std::vector<MiningJob> jobs_;  // oldest first
  std::uint64_t next_job_ = 1;
  std::shared_ptr<const CoPurchases> latest_;
  std::function<void(const MiningJob&)> observer_;  // Run()'s progress callback
  std::atomic<bool> cancel_{false};
  bool running_ = false;
  std::thread worker_;
};

}  // namespace affinity

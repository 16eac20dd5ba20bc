// Engine: the catalog's single writer and the publisher of Snapshots.
//
// Every write runs under one lock: it is checked against the authoritative in-memory state, applied
// there, persisted through the Store in one atomic ChangeSet, and then published as a new Snapshot
// with one atomic pointer swap. If any step fails, the in-memory state is rolled back and nothing is
// published, so a failed write changes nothing anywhere. A write is visible to every read that
// starts after it returns.
//
// Thread safety: all methods may be called concurrently. snapshot() never blocks on writers.
#pragma once

#include <atomic>
#include <map>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/product.hpp"
#include "common/record_reader.hpp"
#include "common/published.hpp"
#include "common/status.hpp"
#include "common/strings.hpp"
#include "engine/snapshot.hpp"
#include "engine/store.hpp"
#include "relations/relation_graph.hpp"
#include "rules/compiled_rule.hpp"
#include "rules/guideline_set.hpp"

namespace affinity {

// The outcome of a bulk import. With any error, nothing was imported. Warnings (a link that
// breaks a `warning` guideline) do not stop an import.
struct ImportReport {
  std::size_t imported = 0;
  std::size_t created = 0;
  std::size_t updated = 0;
  std::vector<RecordError> errors;
  std::vector<RecordError> warnings;
};

enum class LinkDirection { kOutgoing, kIncoming, kBoth };

// How many of a rule's edges break one guideline, with a few of them (source, target) by SKU.
struct GuidelineTally {
  std::string guideline;  // the id
  GuidelineSeverity severity = GuidelineSeverity::kError;
  std::string description;
  std::string require;
  std::size_t count = 0;  // edges (one of a symmetric type breaks it if either way does)
  // The first kExamples by SKU, in the direction that breaks the guideline.
  std::vector<std::pair<std::string, std::string>> examples;
  static constexpr std::size_t kExamples = 3;
};

// The outcome of saving or validating a rule: whether it is sound, every diagnostic, and what it
// produces (counts and a sample of SKU pairs). A rule whose edges break an enabled `error`
// guideline is not sound (a diagnostic of code kGuidelineViolationCode names it); a `warning`
// guideline gives a warning. `guidelines` tallies both, errors first, by guideline id.
struct RuleReport {
  bool valid = false;
  bool created = false;
  Rule rule;  // as stored (with its version) when saved
  std::vector<RuleDiagnostic> diagnostics;
  std::size_t sources = 0, targets = 0, edges = 0;
  std::vector<std::pair<std::string, std::string>> sample;
  std::vector<GuidelineTally> guidelines;
};

// The code of the diagnostics (and bundle problems) about a broken brand guideline.
inline constexpr char kGuidelineViolationCode[] = "guideline_violation";

// The outcome of saving or validating a guideline: whether it is sound (`require` compiles, its
// types exist), every diagnostic, and the compiled form.
struct GuidelineReport {
  bool valid = false;
  bool created = false;
  Guideline guideline;  // as stored (with its version) when saved
  std::vector<GuidelineDiagnostic> diagnostics;
  std::optional<CompiledGuideline> compiled;  // when valid
};

// A stored rule with what it currently produces.
struct RuleView {
  Rule rule;
  std::size_t sources = 0, targets = 0, edges = 0;
  std::vector<RuleDiagnostic> warnings;
};

class RuleRuntime;
struct RulePlan;

class Engine {
 public:
  // Loads everything from `store` and publishes the first snapshot. Returns the store's error if it
  // cannot be read.
  static Result<std::unique_ptr<Engine>> Open(std::unique_ptr<Store> store);

  std::shared_ptr<const Snapshot> snapshot() const { return snapshot_.Load(); }
  // The same snapshot for the hot read path, without touching shared reference counts: each thread
  // keeps its own reference and renews it only when a write has published a newer one (one atomic
  // load otherwise). The reference stays valid until this thread calls again; a write is visible
  // to every call that starts after the write returned. An idle thread may keep one old snapshot
  // alive until its next call.
  const std::shared_ptr<const Snapshot>& ThreadSnapshot() const { return snapshot_.ThreadLocal(); }

  // --- products
  struct PutProductResult {
    Product product;  // as stored, with its new version
    bool created = false;
  };
  // Creates or replaces a product. `if_match` is the version the caller last saw: Aborted when the
  // product's current version differs or the product does not exist.
  Result<PutProductResult> PutProduct(Product product, std::optional<std::int64_t> if_match = {});
  // Deletes a product and every link that names it. NotFound if unknown.
  Status DeleteProduct(std::string_view sku, std::optional<std::int64_t> if_match = {});
  // Upserts every product of a CSV / JSON array / NDJSON batch, or none: bad rows come back in the
  // report with their line. Returns a Status only when the store fails.
  Result<ImportReport> ImportProducts(std::string_view text, RecordFormat format);

  // --- relation types
  std::vector<RelationType> Types() const;
  // Creates or changes type `name`: `edit` receives the current definition (defaults for a new
  // type) and returns the new one. Checked against existing links (CheckPutType).
  Result<RelationType> PutType(
      const std::string& name,
      const std::function<Result<RelationType>(const RelationType& current)>& edit);

  // --- relationships
  // Saving a link checks it against the brand guidelines of its type (both directions for a
  // symmetric type): when it breaks an enabled `error` guideline it is refused with
  // FailedPrecondition naming each one and its description. `findings`, when given, receives what
  // the link breaks: the errors of a refusal, or the `warning` guidelines of a link that was saved.

  // Adds a manual link; the Store assigns nothing, the engine assigns the id. Errors as
  // RelationGraph::CheckInsert, then the guidelines.
  Result<Relationship> CreateRelationship(Relationship r,
                                          std::vector<GuidelineFinding>* findings = nullptr);
  Result<Relationship> GetRelationship(RelationshipId id) const;
  // Changes weight / position through `edit`. NotFound, Aborted (if_match), edit's error, or a
  // guideline the link breaks (a link made before the guideline: delete it or fix the products).
  Result<Relationship> UpdateRelationship(RelationshipId id,
                                          const std::function<Status(Relationship*)>& edit,
                                          std::optional<std::int64_t> if_match = {},
                                          std::vector<GuidelineFinding>* findings = nullptr);
  Status DeleteRelationship(RelationshipId id, std::optional<std::int64_t> if_match = {});
  // Pins the listed links of `sku` and `type` at positions 1..n in that order, and unpins its
  // other links of the type, atomically (engine_links.cpp). Nothing changes on any error: an
  // unknown product, type or id, a link of another product or type, an id listed twice.
  Result<std::vector<Relationship>> ReorderRelationships(std::string_view sku,
                                                         std::string_view type,
                                                         const std::vector<RelationshipId>& ids);
  // The links of a product, by id. NotFound for an unknown product; InvalidArgument for an unknown
  // type filter.
  Result<std::vector<Relationship>> ListRelationships(std::string_view sku, std::string_view type,
                                                      LinkDirection direction) const;
  // Upserts links keyed by (source, target, type): a new key is created, an existing one gets the
  // row's weight and position. All or nothing, like ImportProducts; a row that breaks an `error`
  // guideline is a bad row, one that breaks a `warning` guideline is in the report's warnings.
  Result<ImportReport> ImportRelationships(std::string_view text, RecordFormat format);

  // --- rules
  std::vector<RuleView> Rules() const;
  Result<RuleView> GetRule(const std::string& id) const;
  // A dry run: everything PutRule checks, nothing written.
  RuleReport ValidateRule(const Rule& rule) const;
  // Saves a rule if it is sound; report.valid false (and nothing written) otherwise. A Status only
  // for If-Match (Aborted), create-only collisions (AlreadyExists) and store failures.
  Result<RuleReport> PutRule(Rule rule, bool create_only,
                             std::optional<std::int64_t> if_match = {});
  Status DeleteRule(const std::string& id, std::optional<std::int64_t> if_match = {});

  // --- suggestions (relationships proposed by association mining)
  struct SuggestionQuery {
    std::optional<SuggestionStatus> status;
    std::string type;  // empty: any
    std::string sku;   // as source or target; empty: any
    std::string job;   // empty: any
    std::size_t limit = 50;
    std::uint64_t after_id = 0;  // the cursor: the last id of the previous page
  };
  // By id, filtered.
  std::vector<Suggestion> ListSuggestions(const SuggestionQuery& query) const;
  Result<Suggestion> GetSuggestion(std::uint64_t id) const;
  // Replaces every pending suggestion with `candidates` (from mining job `job`), leaving out pairs
  // that are already linked, were accepted or rejected before (a rejected pair never comes back),
  // or that the graph would refuse (an unknown product, a cycle in an acyclic type, a cap).
  // Returns how many were kept.
  Result<std::size_t> ReplaceSuggestions(const std::string& job, std::vector<Suggestion> candidates);
  // Creates the relationship (origin "mined:<job>") and marks the suggestion accepted, atomically.
  // FailedPrecondition when it is not pending; the graph's refusal when the link cannot be made;
  // the guidelines' as CreateRelationship. Mining never suggests a pair an `error` guideline
  // refuses (ReplaceSuggestions leaves it out).
  Result<Suggestion> AcceptSuggestion(std::uint64_t id,
                                      std::vector<GuidelineFinding>* findings = nullptr);
  Result<Suggestion> RejectSuggestion(std::uint64_t id);

  // --- bundles (read from the snapshot: Snapshot::bundles(), FindBundle(); checked against its
  // catalog by CheckBundle in engine/bundle_checks.hpp)
  struct PutBundleResult {
    Bundle bundle;  // as stored, with its new version and times
    bool created = false;
  };
  // Creates or replaces a bundle. One that does not pass the catalog checks is saved as well: a
  // draft, which reads as invalid until its products are fixed. With an empty id (create_only
  // only) one is made from the name, unique among the bundles. AlreadyExists when create_only
  // and the id is taken; Aborted when `if_match` is not the current version (or there is none).
  Result<PutBundleResult> PutBundle(Bundle bundle, bool create_only,
                                    std::optional<std::int64_t> if_match = {});
  // NotFound if unknown; Aborted as PutBundle.
  Status DeleteBundle(std::string_view id, std::optional<std::int64_t> if_match = {});

  // --- brand guidelines (rules/guideline.hpp; read from the snapshot: Snapshot::guidelines())
  // A dry run: everything PutGuideline checks, nothing written.
  GuidelineReport ValidateGuideline(const Guideline& guideline) const;
  // Saves a guideline if `require` compiles and its types exist; report.valid false (and nothing
  // written) otherwise. Links, rules and bundles saved before are not re-checked: the violations
  // report lists what breaks it. A Status only for If-Match (Aborted), create-only collisions
  // (AlreadyExists) and store failures.
  Result<GuidelineReport> PutGuideline(Guideline guideline, bool create_only,
                                       std::optional<std::int64_t> if_match = {});
  // NotFound if unknown; Aborted as PutGuideline.
  Status DeleteGuideline(std::string_view id, std::optional<std::int64_t> if_match = {});

  ~Engine();

 private:
  class Txn;
  class View;
  explicit Engine(std::unique_ptr<Store> store);
  std::shared_ptr<const ProductNode> BuildNode(ProductId id, Snapshot::Builder& builder) const;
  bool HasProduct(std::string_view sku) const { return products_.find(sku) != products_.end(); }
  AttributeCatalog Attributes() const;
  // The rule-generated edges, for cycle checks on manual links.
  RelationGraph::ExtraEdges GeneratedEdges() const;
  RuleReport Report(const RulePlan& plan) const;
  // What the plan's own edges break, as tallies and diagnostics in `report`
  // (engine_guidelines.cpp).
  void CheckRuleGuidelines(const RulePlan& plan, RuleReport* report) const;
  // What link `r` breaks (both directions for a symmetric type); none for an unknown product.
  std::vector<GuidelineFinding> LinkFindings(const Relationship& r) const;
  // FailedPrecondition naming every `error` finding (and how to fix it); OK when there is none.
  static Status RefuseOnError(const std::vector<GuidelineFinding>& findings);
  // Compiles the stored guidelines at start-up; one that no longer compiles is kept, not enforced,
  // with its errors as warnings.
  void LoadGuidelines(std::vector<Guideline> stored);
  // Compiles `g` and checks its types; the report's guideline is `g` as given.
  GuidelineReport CheckGuideline(const Guideline& g) const;
  static SnapshotRule ServingEntry(const CompiledRule& rule);

  std::unique_ptr<Store> store_;
  mutable std::mutex mu_;  // guards everything below except snapshot_
  std::unordered_map<std::string, Product, StringHash, std::equal_to<>> products_;
  // Dense ids: assigned once per SKU, never reused; by_id_ points into products_ (null: deleted).
  std::unordered_map<std::string, ProductId, StringHash, std::equal_to<>> ids_;
  std::vector<const Product*> by_id_;
  std::map<std::string, std::int64_t, std::less<>> attribute_counts_;  // free attribute -> products
  RelationGraph graph_;
  RelationshipId next_relationship_id_ = 1;
  std::map<std::uint64_t, Suggestion> suggestions_;
  std::uint64_t next_suggestion_id_ = 1;
  std::map<std::string, std::shared_ptr<const Bundle>, std::less<>> bundles_;
  std::shared_ptr<const GuidelineSet> guidelines_ = std::make_shared<GuidelineSet>();
  std::unique_ptr<View> view_;
  std::unique_ptr<RuleRuntime> rules_;
  Published<Snapshot> snapshot_;
  void Publish(std::shared_ptr<const Snapshot> snapshot) { snapshot_.Store(std::move(snapshot)); }
};

}  // namespace affinity

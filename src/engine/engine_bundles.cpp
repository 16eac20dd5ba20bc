// Engine: saving and deleting bundles. See engine.hpp; reads go to the snapshot.
#include <fmt/format.h>

#include "engine/engine.hpp"
#include "engine/txn.hpp"

namespace affinity {

Result<Engine::PutBundleResult> Engine::PutBundle(Bundle bundle, bool create_only,
                                                  std::optional<std::int64_t> if_match) {
  std::lock_guard lock(mu_);
  if (bundle.id.empty()) {
    // Only a create may leave the id to the engine; a replace names the bundle it replaces.
    if (!create_only) return Status::InvalidArgument("a bundle needs an id");
    const std::string base = BundleIdFromName(bundle.name);
    bundle.id = base;
    for (int n = 2; bundles_.contains(bundle.id); ++n) bundle.id = fmt::format("{}-{}", base, n);
  }
  auto it = bundles_.find(bundle.id);
  const Bundle* current = it == bundles_.end() ? nullptr : it->second.get();
  if (current && create_only) {
    return Status::AlreadyExists(fmt::format(
        "bundle '{}' already exists; PUT /v1/bundles/{} to replace it, or pick another id",
        bundle.id, bundle.id));
  }
  if (if_match && (!current || current->version != *if_match)) {
    return Status::Aborted(
        current ? fmt::format("bundle '{}' is at version {}, not {} as If-Match says; fetch it "
                              "again and retry",
                              bundle.id, current->version, *if_match)
                : fmt::format("bundle '{}' does not exist, but If-Match expects version {}",
                              bundle.id, *if_match));
  }
  PutBundleResult result;
  result.created = current == nullptr;
  Txn txn(*this);
  result.bundle = txn.PutBundle(std::move(bundle));
  AFFINITY_RETURN_IF_ERROR(txn.Commit());
  return result;
}

Status Engine::DeleteBundle(std::string_view id, std::optional<std::int64_t> if_match) {
  std::lock_guard lock(mu_);
  auto it = bundles_.find(id);
  if (it == bundles_.end()) return Status::NotFound(fmt::format("bundle '{}' does not exist", id));
  AFFINITY_RETURN_IF_ERROR(
      CheckVersion(fmt::format("bundle '{}'", id), it->second->version, if_match));
  Txn txn(*this);
  txn.DeleteBundle(std::string(id));
  return txn.Commit();
}

}  // namespace affinity

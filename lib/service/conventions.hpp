// Database set-up and the convention commands: init, add, list, show, edit, delete.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "domain/convention.hpp"
#include "service/context.hpp"
#include "service/scope_options.hpp"
#include "store/convention_store.hpp"
#include "store/territory_store.hpp"

namespace pilot::service {

struct InitResult {
  store::InitReport migration;
  store::TerritoryLoadReport territories;
};

// Creates or migrates the database and (re)loads schemas/territoires.yaml, in one transaction.
Result<InitResult> init_database(const Context& context);

struct AddConventionOptions {
  std::string collectivite;
  std::string type;
  std::string signed_on;
  std::optional<std::string> start;
  std::optional<std::string> end;
  std::string reference;
  std::optional<std::filesystem::path> document;
};

// Fails with kind data (bad date, not a PDF, rule broken), not_found (collectivité) or
// conflict (same collectivité, type and period already recorded); nothing is written then.
Result<domain::Convention> add_convention(const Context& context, const AddConventionOptions& options);

Result<std::vector<domain::Convention>> list_conventions(const Context& context, const ScopeOptions& scope);

Result<domain::Convention> show_convention(const Context& context, std::int64_t id);

struct EditConventionOptions {
  std::optional<std::string> signed_on;
  std::optional<std::string> start;
  std::optional<std::string> end;
  std::optional<std::string> reference;
  std::optional<std::filesystem::path> document;
};

Result<store::ConventionUpdate> edit_convention(const Context& context, std::int64_t id,
                                                const EditConventionOptions& options);

struct DeleteConventionResult {
  domain::Convention convention;
  std::int64_t actions_deleted = 0;
};

Result<DeleteConventionResult> delete_convention(const Context& context, std::int64_t id, store::Cascade cascade);

// Writes the stored signed PDF of a convention to `output` ("-" = returned bytes only).
Result<store::DocumentContent> convention_document(const Context& context, std::int64_t id);

}  // namespace pilot::service

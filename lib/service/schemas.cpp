#include "service/schemas.hpp"

#include <fmt/format.h>

#include "forms/catalog.hpp"
#include "forms/lint.hpp"
#include "service/catalog_access.hpp"
#include "util/text.hpp"

namespace pilot::service {

Result<std::vector<FormSummary>> list_forms(const Context& context) {
  auto loaded = catalog(context);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  std::vector<FormSummary> out;
  for (const forms::Form* form : (*loaded)->forms()) {
    FormSummary summary;
    summary.id = form->id;
    summary.version = form->version;
    summary.title = form->title;
    summary.record = std::string(forms::to_code(form->record));
    std::vector<std::string> types;
    for (const auto type : form->applies_to.convention_types) {
      types.emplace_back(domain::to_code(type));
    }
    std::vector<std::string> collectivites;
    for (const auto type : form->applies_to.collectivite_types) {
      collectivites.emplace_back(domain::to_code(type));
    }
    summary.applies_to =
        util::join(types, ", ") + (collectivites.empty() ? "" : " ; " + util::join(collectivites, ", "));
    summary.fields = form->fields.size();
    summary.groups = form->groups.size();
    out.push_back(std::move(summary));
  }
  return out;
}

Result<std::string> form_outline(const Context& context, const std::string& form_id) {
  auto loaded = catalog(context);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  const forms::Form* form = (*loaded)->find_form(form_id);
  if (form == nullptr) {
    std::vector<std::string> ids;
    for (const forms::Form* known : (*loaded)->forms()) {
      ids.push_back(known->id);
    }
    const auto suggestions = util::closest_matches(form_id, ids, 3);
    return fail(ErrorKind::not_found,
                fmt::format("formulaire inconnu « {} » ; {}", form_id,
                            suggestions.empty() ? "formulaires disponibles : " + util::quoted_list(ids, "et")
                                                : "vouliez-vous dire " + util::quoted_list(suggestions) + " ?"));
  }
  return forms::outline(**loaded, *form);
}

Result<std::vector<SchemaCheck>> check_schema_files(const Context& context,
                                                    const std::vector<std::filesystem::path>& files) {
  auto loaded = catalog(context);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  std::vector<SchemaCheck> out;
  for (const auto& file : files) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) {
      return fail(ErrorKind::io, fmt::format("fichier introuvable : « {} »", file.string()));
    }
    out.push_back(SchemaCheck{file, forms::lint_form_file(**loaded, file)});
  }
  return out;
}

}  // namespace pilot::service

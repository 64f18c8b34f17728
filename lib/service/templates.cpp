#include "service/templates.hpp"

#include <fmt/format.h>

#include "forms/catalog.hpp"
#include "report/template.hpp"
#include "service/catalog_access.hpp"
#include "util/text.hpp"

namespace pilot::service {

Result<std::vector<std::filesystem::path>> write_template(const Context& context, const std::string& form_id,
                                                          const std::filesystem::path& output) {
  auto loaded = catalog(context);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  const forms::Form* form = (*loaded)->find_form(form_id);
  if (form == nullptr) {
    std::vector<std::string> ids;
    for (const auto* known : (*loaded)->forms()) {
      ids.push_back(known->id);
    }
    const auto suggestions = util::closest_matches(form_id, ids, 3);
    return fail(ErrorKind::not_found,
                fmt::format("formulaire inconnu « {} » ; {}", form_id,
                            suggestions.empty() ? "formulaires disponibles : " + util::quoted_list(ids, "et")
                                                : "vouliez-vous dire " + util::quoted_list(suggestions) + " ?"));
  }
  const std::string extension = util::fold(output.extension().string());
  if (extension == ".xlsx") {
    if (auto written = report::write_xlsx_template(*form, output); !written) {
      return std::unexpected(written.error());
    }
    return std::vector<std::filesystem::path>{output};
  }
  if (extension == ".csv") {
    return report::write_csv_template(*form, output);
  }
  return fail(ErrorKind::usage, fmt::format("format de modèle inconnu « {} » : le fichier doit finir par .xlsx ou .csv",
                                            output.string()));
}

}  // namespace pilot::service

// pilot schema list|show|check
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "service/schemas.hpp"

namespace pilot::cmd {

void register_schema(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(95, register_schema);
}  // namespace

void register_schema(CLI::App& app, CommandEnv& env) {
  auto* schema = family(app, "schema", "Formulaires YAML : liste, consultation, vérification d'un fichier");

  static ListingOptions list_output;
  auto* list = schema->add_subcommand("list", "Liste les formulaires du dossier des schémas");
  add_listing_options(*list, list_output);
  list->callback([&env] {
    const auto forms = require(service::list_forms(env.context()));
    report::Table table;
    table.columns = {{"id", "Formulaire"},          {"version", "Version"},   {"titre", "Titre"},
                     {"enregistrement", "Objet"},   {"pour", "S'applique à"}, {"champs", "Champs"},
                     {"groupes", "Groupes répétés"}};
    for (const auto& form : forms) {
      table.rows.push_back({form.id, static_cast<std::int64_t>(form.version), form.title, form.record,
                            form.applies_to.empty() ? std::string("tous") : form.applies_to,
                            static_cast<std::int64_t>(form.fields), static_cast<std::int64_t>(form.groups)});
    }
    emit_table(table, list_output);
  });

  static std::string show_form;
  auto* show = schema->add_subcommand("show", "Plan d'un formulaire : sections, champs, types, obligations, choix");
  show->add_option("FORM", show_form, "Identifiant du formulaire (voir « pilot schema list »)")->required();
  show->callback([&env] { std::cout << require(service::form_outline(env.context(), show_form)); });

  static std::vector<std::filesystem::path> check_files;
  auto* check = schema->add_subcommand(
      "check", "Vérifie des fichiers de formulaire YAML (types, clés, listes de choix, conditions, cycles)");
  check->add_option("FILE", check_files, "Fichiers YAML à vérifier")->required();
  check->callback([&env] {
    const auto results = require(service::check_schema_files(env.context(), check_files));
    std::size_t problems = 0;
    for (const auto& result : results) {
      for (const auto& problem : result.problems) {
        std::cerr << problem << "\n";
      }
      problems += result.problems.size();
      if (result.problems.empty() && !env.quiet()) {
        std::cout << fmt::format("{} : aucun problème\n", result.file.string());
      }
    }
    if (problems > 0) {
      throw PilotException(Error{ErrorKind::data, fmt::format("{} problème(s) dans les schémas vérifiés", problems)});
    }
  });
}

}  // namespace pilot::cmd

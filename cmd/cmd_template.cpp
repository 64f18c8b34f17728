// pilot template
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "service/templates.hpp"

namespace pilot::cmd {

void register_template(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(96, register_template);
}  // namespace

void register_template(CLI::App& app, CommandEnv& env) {
  static std::string form;
  static std::filesystem::path output;
  auto* command = app.add_subcommand(
      "template",
      "Génère le fichier d'import vierge d'un formulaire (XLSX avec listes déroulantes et contrôles, ou CSV)");
  command->add_option("--form", form, "Formulaire (voir « pilot schema list »)")->required();
  command->add_option("-o,--output", output, "Fichier à écrire : .xlsx, ou .csv (un fichier par type de ligne)")
      ->required();
  command->callback([&env] {
    const auto files = require(service::write_template(env.context(), form, output));
    if (!env.quiet()) {
      for (const auto& file : files) {
        std::cout << fmt::format("Modèle écrit : {}\n", file.string());
      }
    }
  });
}

}  // namespace pilot::cmd

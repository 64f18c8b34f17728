// pilot init
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "service/conventions.hpp"

namespace pilot::cmd {

void register_init(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(10, register_init);
}  // namespace

void register_init(CLI::App& app, CommandEnv& env) {
  auto* init = app.add_subcommand(
      "init", "Crée la base (ou la met à jour vers le dernier schéma) et charge le référentiel territorial");
  init->callback([&env] {
    const auto context = env.context();
    const auto result = require(service::init_database(context));
    if (env.quiet()) {
      return;
    }
    if (result.migration.created) {
      std::cout << fmt::format("Base créée : {} (schéma {})\n", context.db_path.string(), result.migration.to_version);
    } else if (result.migration.from_version != result.migration.to_version) {
      std::cout << fmt::format("Base mise à jour : {} (schéma {} → {})\n", context.db_path.string(),
                               result.migration.from_version, result.migration.to_version);
    } else {
      std::cout << fmt::format("Base à jour : {} (schéma {})\n", context.db_path.string(), result.migration.to_version);
    }
    std::cout << fmt::format("Référentiel : {} régions, {} départements, {} collectivités ajoutées, {} mises à jour\n",
                             result.territories.regions, result.territories.departements,
                             result.territories.collectivites_added, result.territories.collectivites_updated);
  });
}

}  // namespace pilot::cmd

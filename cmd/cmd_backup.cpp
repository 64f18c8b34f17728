// pilot backup
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "service/backup.hpp"
#include "util/number.hpp"

namespace pilot::cmd {

void register_backup(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(97, register_backup);
}  // namespace

void register_backup(CLI::App& app, CommandEnv& env) {
  static std::string target;
  static bool force = false;
  auto* backup =
      app.add_subcommand("backup", "Copie cohérente de la base dans FICHIER, même pendant qu'une autre commande écrit");
  backup->add_option("FICHIER", target, "Fichier de la sauvegarde (refusé s'il existe, sauf --force)")->required();
  backup->add_flag("--force", force, "Remplace FICHIER s'il existe (par une copie vérifiée, jamais à moitié écrite)");
  backup->callback([&env] {
    const auto report = require(service::backup(
        env.context(), service::BackupOptions{target, force ? store::Overwrite::yes : store::Overwrite::no}));
    if (!env.quiet()) {
      std::cout << fmt::format("Sauvegarde écrite : {} ({} pages, {} octets, schéma {}, intégrité vérifiée)\n", target,
                               util::format_integer_fr(report.pages), util::format_integer_fr(report.bytes),
                               report.schema_version);
    }
  });
}

}  // namespace pilot::cmd

// pilot: saisie, validation et suivi des conventions État / collectivités (CLS, CIE, contrat unique).
//
// main() builds the command tree from the registrars, parses, and is the one place that turns
// an error into a message on stderr and an exit code: 0 ok, 1 data error, 2 usage error.
#include <CLI/CLI.hpp>
#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "util/text.hpp"

namespace {

std::string joined_command_line(int argc, char** argv) {
  std::string line = "pilot";
  for (int i = 1; i < argc; ++i) {
    line += ' ';
    line += argv[i];
  }
  return line;
}

void use_french_labels(CLI::App& app) {
  auto formatter = app.get_formatter();
  formatter->label("Usage", "Utilisation");
  formatter->label("OPTIONS", "OPTIONS");
  formatter->label("SUBCOMMANDS", "SOUS-COMMANDES");
  formatter->label("SUBCOMMAND", "SOUS-COMMANDE");
  formatter->label("POSITIONALS", "ARGUMENTS");
  formatter->label("REQUIRED", "OBLIGATOIRE");
  formatter->label("Env", "Variable");
  formatter->label("Needs", "Requiert");
  formatter->label("Excludes", "Exclut");
  formatter->label("TEXT", "TEXTE");
  formatter->label("INT", "ENTIER");
  formatter->label("UINT", "ENTIER");
  formatter->label("FLOAT", "NOMBRE");
  formatter->label("[Option Group: ", "[Groupe : ");
  formatter->column_width(34);
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// The first word that names no subcommand where one was expected ("pilot conventoin list"),
// with the names that were possible there; empty if every word named a known command.
std::pair<std::string, std::vector<std::string>> unknown_command(CLI::App& app, int argc, char** argv) {
  CLI::App* current = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.starts_with("-")) {
      // Options of the top level take a value; skip it.
      if ((word == "--db" || word == "--user" || word == "--schemas") && i + 1 < argc) {
        ++i;
      }
      continue;
    }
    CLI::App* next = nullptr;
    for (auto* sub : current->get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->get_name() == word) {
        next = sub;
      }
    }
    if (next == nullptr) {
      const auto names = subcommand_names(*current);
      if (names.empty()) {
        return {};
      }
      return {word, names};
    }
    current = next;
  }
  return {};
}

// CLI11 speaks English; users read French. Translate the usage errors they will meet.
std::string french_parse_error(const CLI::ParseError& error, CLI::App& app, int argc, char** argv) {
  const std::string what = error.what();
  const std::string kind = error.get_name();
  if (kind == "RequiredError" && what.find("subcommand") != std::string::npos) {
    const auto [word, names] = unknown_command(app, argc, argv);
    if (!word.empty()) {
      const auto suggestions = pilot::util::closest_matches(word, names, 2);
      return fmt::format("commande inconnue « {} »{}", word,
                         suggestions.empty() ? " ; commandes possibles : " + pilot::util::quoted_list(names, "et")
                                             : " ; vouliez-vous dire " + pilot::util::quoted_list(suggestions) + " ?");
    }
    return "commande manquante : voir la liste des commandes avec --help";
  }
  if (kind == "ExtrasError") {
    // "The following argument was not expected: X" — suggest a subcommand when it looks like one.
    const std::size_t colon = what.rfind(": ");
    const std::string extra = colon == std::string::npos ? what : what.substr(colon + 2);
    const CLI::App* deepest = &app;
    for (const CLI::App* sub = &app; sub != nullptr;) {
      deepest = sub;
      const auto chosen = sub->get_subcommands();
      sub = chosen.empty() ? nullptr : chosen.front();
    }
    const auto suggestions = pilot::util::closest_matches(extra, subcommand_names(*deepest), 2);
    return fmt::format("argument inattendu « {} »{}", extra,
                       suggestions.empty() ? std::string()
                                           : " ; vouliez-vous dire " + pilot::util::quoted_list(suggestions) + " ?");
  }
  if (kind == "RequiredError") {
    return "option obligatoire manquante : " + what.substr(what.find(':') == std::string::npos ? 0 : what.find(':') + 2);
  }
  if (kind == "RequiresError" || kind == "ExcludesError") {
    return "options incompatibles ou incomplètes : " + what;
  }
  if (kind == "ConversionError" || kind == "ValidationError") {
    return "valeur invalide : " + what;
  }
  if (kind == "ArgumentMismatch") {
    return "nombre d'arguments incorrect : " + what;
  }
  return what;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pilot — saisie, validation et suivi des conventions entre l'État et les collectivités "
               "(CLS, CIE, contrat unique), de leurs actions, budgets, indicateurs et bilans."};
  app.name("pilot");
  use_french_labels(app);
  app.set_help_flag("-h,--help", "Affiche cette aide");
  app.set_version_flag("--version", std::string(PILOT_VERSION), "Affiche la version");
  app.require_subcommand(1);
  app.fallthrough();

  pilot::cmd::CommandEnv env(joined_command_line(argc, argv));
  auto& options = env.options();
  app.add_option("--db", options.db, "Fichier de base SQLite (défaut : $PILOT_DB, sinon ./pilot.sqlite)");
  app.add_option("--user", options.user, "Auteur enregistré dans l'historique (défaut : $PILOT_USER, sinon le login)");
  app.add_option("--schemas", options.schemas, "Dossier des formulaires YAML (défaut : $PILOT_SCHEMAS)");
  app.add_flag("-q,--quiet", options.quiet, "N'affiche que les erreurs");

  for (const auto& registrar : pilot::cmd::registrars()) {
    registrar(app, env);
  }
  // Section titles of --help are group names: give them in French, at every level.
  std::function<void(CLI::App&)> frenchify = [&frenchify](CLI::App& command) {
    for (auto* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
      sub->group("Commandes");
      sub->set_help_flag("-h,--help", "Affiche l'aide de cette commande");
      use_french_labels(*sub);
      frenchify(*sub);
    }
  };
  frenchify(app);

  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::CallForHelp&) {
    return app.exit(CLI::CallForHelp());
  } catch (const CLI::CallForAllHelp&) {
    return app.exit(CLI::CallForAllHelp());
  } catch (const CLI::CallForVersion& version) {
    std::cout << "pilot " << PILOT_VERSION << "\n";
    return 0;
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) {
      return app.exit(error);
    }
    std::cerr << "pilot: erreur d'utilisation : " << french_parse_error(error, app, argc, argv) << "\n"
              << "Voir « pilot --help » ou « pilot <commande> --help ».\n";
    return 2;
  } catch (const pilot::PilotException& error) {
    std::cerr << "pilot: erreur : " << error.error().message << "\n";
    return pilot::exit_code_for(error.error().kind);
  } catch (const SQLite::Exception& error) {
    const int code = error.getErrorCode();
    if (code == 5 /* SQLITE_BUSY */ || code == 6 /* SQLITE_LOCKED */) {
      std::cerr << "pilot: erreur : la base est occupée par une autre commande depuis plus d'une minute ; "
                   "réessayez plus tard (rien n'a été modifié)\n";
    } else if (code == 13 /* SQLITE_FULL */) {
      std::cerr << "pilot: erreur : disque plein, rien n'a été modifié : " << error.what() << "\n";
    } else if (code == 8 /* SQLITE_READONLY */) {
      std::cerr << "pilot: erreur : la base est en lecture seule, rien n'a été modifié : " << error.what() << "\n";
    } else {
      std::cerr << "pilot: erreur de base de données (rien n'a été modifié) : " << error.what() << "\n";
    }
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "pilot: erreur : mémoire insuffisante\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "pilot: erreur interne : " << error.what() << "\n";
    return 1;
  }
}

// pilot: saisie, validation et suivi des conventions État / collectivités (CLS, CIE, contrat unique).
//
// main() builds the command tree from the registrars, parses, and is the one place that turns
// an error into a message on stderr and an exit code: 0 ok, 1 data error, 2 usage error.
#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <regex>
#include <sstream>

#include "command_env.hpp"
#include "util/staged_file.hpp"
#include "util/system_error.hpp"
#include "util/text.hpp"

namespace {

// The command as recorded in the history and the export manifests: quoted as a shell reads it back,
// so that it can be run again (« --collectivite 'CA Amiens Métropole' »).
std::string joined_command_line(int argc, char** argv) {
  std::string line = "pilot";
  for (int i = 1; i < argc; ++i) {
    line += ' ';
    line += pilot::util::shell_quote(argv[i]);
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
  formatter->label("Positionals", "Arguments");
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

// CLI11 words its errors in English; the usual ones, said in French. Anything else is shown as is.
std::string french_cli_message(const std::string& message) {
  struct Translation {
    std::regex english;
    const char* french;
  };
  static const std::vector<Translation> k_translations = [] {
    std::vector<Translation> translations;
    const auto add = [&](const char* english, const char* french) {
      translations.push_back(Translation{std::regex(english), french});
    };
    add(R"(^(\S+) is required$)", "$1 est obligatoire");
    add(R"(^(\S+) excludes (\S+)$)", "$1 et $2 ne vont pas ensemble");
    add(R"(^(\S+) requires (\S+)$)", "$1 demande aussi $2");
    add(R"(^(\S+): (.*) not in (\{.*\})$)", "$1 : « $2 » n'est pas une valeur possible ; valeurs possibles : $3");
    add(R"(^(\S+): Value (.*) not in range (.*) to (.*)$)", "$1 : « $2 » hors de l'intervalle $3 à $4");
    add(R"(^(\S+): Value (.*) could not be converted.*$)", "$1 : « $2 » n'est pas un nombre valide");
    add(R"(^Could not convert: (\S+) = (.*)$)", "$1 : « $2 » n'est pas une valeur valide");
    add(R"(^The value (.*) is not an allowed value for (\S+)$)", "$2 : « $1 » n'est pas une valeur possible");
    add(R"(^Expected exactly (\d+) arguments to (\S+), got (\d+)$)", "$2 attend exactement $1 valeur(s), reçu $3");
    add(R"(^Expected at least (\d+) arguments to (\S+), got (\d+)$)", "$2 attend au moins $1 valeur(s), reçu $3");
    add(R"(^(\S+): (\d+) required (\S+) missing$)", "$1 : $2 valeur(s) ($3) manquante(s)");
    add(R"(^(\S+): too many inputs for a flag$)", "$1 : ce drapeau ne prend pas de valeur");
    add(R"(^(\S+): At Most (\d+) required but received (\d+)$)", "$1 : au plus $2 valeur(s), reçu $3");
    return translations;
  }();
  for (const auto& translation : k_translations) {
    if (std::regex_match(message, translation.english)) {
      std::string french = std::regex_replace(message, translation.english, translation.french);
      // CLI11 names the value type in English.
      return std::regex_replace(french, std::regex(R"(\bTEXT\b)"), "TEXTE");
    }
  }
  return message;
}

// The command the user typed (the deepest subcommand chosen).
const CLI::App& chosen_command(const CLI::App& app) {
  const CLI::App* deepest = &app;
  for (const CLI::App* sub = &app; sub != nullptr;) {
    deepest = sub;
    const auto chosen = sub->get_subcommands();
    sub = chosen.empty() ? nullptr : chosen.front();
  }
  return *deepest;
}

// « arguments inattendus « X Y » ; vouliez-vous dire … » for words the command does not take, in the
// order typed: an unknown option is compared with the command's options, a stray word with its
// subcommands.
std::string unexpected_words_message(const CLI::App& app, const std::vector<std::string>& words) {
  const CLI::App& deepest = chosen_command(app);
  const auto option =
      std::find_if(words.begin(), words.end(), [](const std::string& w) { return w.starts_with("--"); });
  std::vector<std::string> candidates;
  if (option != words.end()) {
    for (const CLI::Option* known : deepest.get_options()) {
      for (const auto& name : known->get_lnames()) {
        candidates.push_back("--" + name);
      }
    }
  } else {
    candidates = subcommand_names(deepest);
  }
  const std::string compared = option != words.end() ? *option : words.empty() ? std::string() : words.front();
  const auto suggestions = pilot::util::closest_matches(compared, candidates, 2);
  return fmt::format("argument{} inattendu{} « {} »{}", words.size() > 1 ? "s" : "", words.size() > 1 ? "s" : "",
                     pilot::util::join(words, " "),
                     suggestions.empty() ? std::string()
                                         : fmt::format(" ; vouliez-vous dire {} au lieu de « {} » ?",
                                                       pilot::util::quoted_list(suggestions), compared));
}

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
  // Not by name: CLI11 names a subcommand's ExtrasError after the subcommand (« history »).
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    // "The following argument(s) was/were not expected: X Y", the words in reverse order.
    const std::size_t colon = what.rfind(": ");
    std::vector<std::string> words;
    std::istringstream stream(colon == std::string::npos ? what : what.substr(colon + 2));
    for (std::string word; stream >> word;) {
      words.insert(words.begin(), word);
    }
    return unexpected_words_message(app, words);
  }
  // `history --formt csv`: CLI11 sets the unknown option aside, gives its value to the positional
  // argument and fails converting it before it reports the unknown option — the real mistake. The
  // same for `--sigend 01/01/2024`, reported as « --signed est obligatoire ».
  if (kind == "ConversionError" || kind == "ValidationError" || kind == "RequiredError") {
    std::vector<std::string> unknown_options;
    for (const std::string& word : app.remaining(true)) {
      if (word.starts_with("-")) {
        unknown_options.push_back(word);
      }
    }
    if (!unknown_options.empty()) {
      return unexpected_words_message(app, unknown_options);
    }
  }
  if (kind == "RequiredError") {
    return "option obligatoire manquante : " +
           french_cli_message(what.substr(what.find(':') == std::string::npos ? 0 : what.find(':') + 2));
  }
  if (kind == "RequiresError" || kind == "ExcludesError") {
    return "options incompatibles ou incomplètes : " + french_cli_message(what);
  }
  if (kind == "ConversionError" || kind == "ValidationError") {
    return "valeur invalide : " + french_cli_message(what);
  }
  if (kind == "ArgumentMismatch") {
    return "nombre d'arguments incorrect : " + french_cli_message(what);
  }
  return what;
}

// A closed standard stream (`pilot … >&-`) would be given to the next file pilot opens, and what is
// meant for the terminal would land in it (an export, a report): each is held by /dev/null, read
// only, so that writing to it fails and is reported.
void hold_closed_standard_streams() {
  for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      const int held = ::open("/dev/null", O_RDONLY);
      if (held >= 0 && held != fd) {
        ::dup2(held, fd);
        ::close(held);
      }
    }
  }
}

// What was printed must have reached standard output: a full disk (`> rapport.txt`) or a closed
// stream is an error, not a success with a truncated or missing result.
int finish_standard_output(int status) {
  errno = 0;
  std::cout.flush();
  int error_number = errno;
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0 || !std::cout;
  error_number = error_number != 0 ? error_number : errno;
  // A command that failed has said why already (often this very write: the CSV writer reports its own).
  if (!failed || status != 0) {
    return status;
  }
  std::cerr << "pilot: erreur : écriture impossible sur la sortie standard"
            << (error_number != 0 ? " : " + pilot::util::describe_errno(error_number) : std::string()) << "\n";
  return 1;
}

int run(int argc, char** argv);

}  // namespace

int main(int argc, char** argv) {
  hold_closed_standard_streams();
  pilot::util::remove_temporary_files_on_signal();
  // A file-size limit (ulimit -f in a cron job) would kill pilot with a core dump at the first write
  // past it: ignored, the write fails with EFBIG, which is reported like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  return finish_standard_output(run(argc, argv));
}

namespace {

int run(int argc, char** argv) {
  CLI::App app{
      "pilot — saisie, validation et suivi des conventions entre l'État et les collectivités "
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
  app.add_option("--schemas", options.schemas,
                 "Dossier des formulaires YAML (défaut : $PILOT_SCHEMAS, sinon celui installé avec pilot)");
  app.add_flag("-q,--quiet", options.quiet, "N'affiche que les erreurs");

  for (const auto& registrar : pilot::cmd::registrars()) {
    registrar(app, env);
  }
  // Section titles of --help are group names: give them in French, at every level.
  std::function<void(CLI::App&)> frenchify = [&frenchify](CLI::App& command) {
    // Options with a validator show a compound type ("TEXT:{text,csv,json}") that the plain
    // TEXT label does not reach: give each its French label.
    for (const CLI::Option* option : command.get_options()) {
      const std::string type = option->get_type_name();
      for (const auto& [english, french] : {std::pair{"TEXT:", "TEXTE:"}, std::pair{"INT:", "ENTIER:"}}) {
        if (type.starts_with(english)) {
          command.get_formatter()->label(type, french + type.substr(std::string_view(english).size()));
        }
      }
    }
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
      std::chrono::milliseconds waited = pilot::store::Database::k_default_busy_timeout;
      try {
        waited = pilot::cmd::busy_timeout_from_env();
      } catch (const pilot::PilotException&) {
        // context() would have refused the value before any database was opened
      }
      std::cerr << "pilot: erreur : la base est occupée par une autre commande depuis plus de "
                << std::chrono::duration_cast<std::chrono::seconds>(waited).count()
                << " s ; réessayez plus tard, ou attendez plus longtemps avec PILOT_BUSY_TIMEOUT=secondes (rien "
                   "n'a été modifié)\n";
    } else if (code == 13 /* SQLITE_FULL */) {
      std::cerr << "pilot: erreur : disque plein, rien n'a été modifié : " << error.what() << "\n";
    } else if (code == 8 /* SQLITE_READONLY */) {
      std::cerr << "pilot: erreur : la base est en lecture seule, rien n'a été modifié : " << error.what() << "\n";
    } else if (code == 10 /* SQLITE_IOERR */) {
      // Also what a file-size limit (ulimit -f, EFBIG) or a failing disk looks like from SQLite.
      std::cerr << "pilot: erreur : écriture ou lecture sur le disque impossible (disque plein, taille de fichier "
                   "limitée ou support défaillant), rien n'a été modifié (SQLite : "
                << error.what() << ")\n";
    } else if (code == 11 /* SQLITE_CORRUPT */ || code == 26 /* SQLITE_NOTADB */) {
      std::cerr << "pilot: erreur : la base est endommagée ou n'est pas une base SQLite ; restaurez une sauvegarde "
                   "(pilot backup) (SQLite : "
                << error.what() << ")\n";
    } else if (code == 14 /* SQLITE_CANTOPEN */) {
      std::cerr << "pilot: erreur : impossible d'ouvrir la base ou un fichier temporaire (dossier absent ou "
                   "interdit en écriture) (SQLite : "
                << error.what() << ")\n";
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

}  // namespace

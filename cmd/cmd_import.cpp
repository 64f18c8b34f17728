// pilot action import: bulk import of action sheets, budget lines and indicators (CSV or XLSX).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "command_env.hpp"
#include "report/import_report.hpp"
#include "service/import.hpp"

namespace pilot::cmd {

void register_action_import(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(32, register_action_import);

// Inputs above this size get a progress line on a terminal; smaller ones finish before it would help.
constexpr std::uintmax_t k_progress_bytes = 20 * 1024 * 1024;
constexpr std::size_t k_bar_width = 30;

struct ImportCommandOptions {
  service::ImportOptions import;
  std::string on_existing = "fail";
  bool dry_run = false;
  bool lenient = false;
};

// Prints the dry-run plan as it comes, and a progress line on stderr when it is a terminal.
class TerminalObserver : public service::ImportObserver {
 public:
  TerminalObserver(bool plan, bool progress) : m_plan(plan), m_progress(progress) {}
  ~TerminalObserver() override { clear(); }
  TerminalObserver(const TerminalObserver&) = delete;
  TerminalObserver& operator=(const TerminalObserver&) = delete;

  void progress(const service::ImportProgress& progress) override {
    if (!m_progress) {
      return;
    }
    std::string line;
    if (progress.total > 0) {
      const std::size_t percent = std::min<std::size_t>(100, progress.done * 100 / progress.total);
      const std::size_t filled = percent * k_bar_width / 100;
      line = fmt::format("\r{} [{}{}] {:3} % ({} / {} lignes)", progress.phase, std::string(filled, '#'),
                         std::string(k_bar_width - filled, '.'), percent, progress.done, progress.total);
    } else {
      line = fmt::format("\r{} : {} lignes", progress.phase, progress.done);
    }
    std::cerr << line << std::flush;
    m_dirty = true;
  }

  void planned(const report::PlanEntry& entry) override {
    if (m_plan) {
      clear();
      std::cout << report::render_plan_entry(entry);
    }
  }

  void clear() {
    if (m_dirty) {
      std::cerr << "\r\033[K" << std::flush;
      m_dirty = false;
    }
  }

 private:
  bool m_plan = false;
  bool m_progress = false;
  bool m_dirty = false;
};

bool large_input(const std::vector<std::string>& files) {
  std::uintmax_t total = 0;
  for (const auto& file : files) {
    std::error_code ignored;
    const auto size = file == "-" ? 0 : std::filesystem::file_size(file, ignored);
    total += ignored ? 0 : size;
  }
  return total >= k_progress_bytes;
}

}  // namespace

void register_action_import(CLI::App& app, CommandEnv& env) {
  static ImportCommandOptions options;
  auto* action = family(app, "action", "Actions : import, liste, consultation, modification, suppression");
  auto* import_command = action->add_subcommand(
      "import",
      "Importe des fiches actions, lignes budgétaires et indicateurs (CSV ou XLSX) dans une convention, contrôlés "
      "par le formulaire : tout ou rien");
  import_command
      ->add_option(
          "FICHIER", options.import.files,
          "Fichiers .csv (un par type de lignes, reconnu par ses en-têtes ; « - » : entrée standard) ou "
          "classeurs .xlsx (une feuille par type de lignes) ; les lignes « Total » et « Sous-total » d'un tableau "
          "budgétaire sont comparées à leurs lignes, jamais importées")
      ->required();
  import_command->add_option("--convention", options.import.convention_id, "Numéro de la convention")->required();
  import_command->add_option("--form", options.import.form,
                             "Formulaire des lignes que rien d'autre ne désigne (contrat unique : CLS ou CIE)");
  import_command->add_option("--sheet", options.import.sheet, "Ne lit que cette feuille de chaque classeur")
      ->check(non_empty("nom de feuille"));
  import_command->add_flag("--dry-run", options.dry_run,
                           "Contrôle tout et affiche ce qui serait fait, action par action, sans rien enregistrer");
  import_command->add_option(
      "--errors", options.import.errors_path,
      "Écrit tous les problèmes dans RAPPORT.csv ou RAPPORT.json, ou les lignes lues dans RAPPORT.xlsx "
      "avec les cellules en erreur surlignées et commentées, à corriger puis réimporter telles quelles");
  import_command
      ->add_option("--on-existing", options.on_existing,
                   "Action déjà enregistrée sous la même référence : fail (erreur), skip (ignorée) ou update (mise à "
                   "jour si elle est en brouillon)")
      ->check(CLI::IsMember({"fail", "skip", "update"}))
      ->capture_default_str();
  import_command->add_flag("--lenient", options.lenient,
                           "Les colonnes inconnues sont signalées et ignorées au lieu d'être "
                           "des erreurs");
  import_command->callback([&env] {
    options.import.dry_run = options.dry_run ? service::DryRun::yes : service::DryRun::no;
    options.import.lenient = options.lenient ? service::Lenient::yes : service::Lenient::no;
    options.import.on_existing = value_or_throw(service::parse_on_existing(options.on_existing));
    TerminalObserver observer(options.dry_run && !env.quiet(),
                              isatty(STDERR_FILENO) != 0 && large_input(options.import.files));
    const auto summary = require(service::import_actions(env.context(), options.import, &observer));
    observer.clear();
    for (const auto& problem : summary.shown) {
      if (!problem.warning || !env.quiet()) {
        std::cerr << report::render_problem(problem);
      }
    }
    const std::size_t total = summary.errors + summary.warnings;
    if (total > summary.shown.size()) {
      std::cerr << fmt::format("… et {} autre{} problème{} (liste complète : --errors RAPPORT.csv)\n",
                               total - summary.shown.size(), total - summary.shown.size() > 1 ? "s" : "",
                               total - summary.shown.size() > 1 ? "s" : "");
    }
    if (!env.quiet() || summary.errors > 0) {
      std::cout << report::render_import_summary(summary);
    }
    if (summary.errors > 0) {
      throw PilotException(Error{ErrorKind::data, fmt::format("import refusé : {} erreur{}, rien n'a été enregistré",
                                                              summary.errors, summary.errors > 1 ? "s" : "")});
    }
  });
}  // namespace pilot::cmd

}  // namespace pilot::cmd

// pilot bilan set|show|status|import and pilot update open|drop|set
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "report/bilan_import_report.hpp"
#include "report/bilan_tables.hpp"
#include "service/bilans.hpp"
#include "service/catalog_access.hpp"
#include "util/text.hpp"

namespace pilot::cmd {

void register_bilan(CLI::App& app, CommandEnv& env);
void register_update(CLI::App& app, CommandEnv& env);
namespace {
const bool k_bilan_registered = add_registrar(50, register_bilan);
const bool k_update_registered = add_registrar(52, register_update);

struct BilanCommandOptions {
  service::BilanSetOptions set;
  std::vector<std::string> sets;
  std::int64_t show_id = 0;
  int show_year = 0;
  std::string show_format = "text";
  service::BilanStatusOptions status;
  std::optional<std::int64_t> status_convention;
  ListingOptions status_output;
};

struct BilanImportCommandOptions {
  service::BilanImportOptions import;
  std::optional<std::int64_t> convention;
  bool dry_run = false;
  bool lenient = false;
};

// Prints each bilan of a dry run as it is checked.
class PlanPrinter : public service::ImportObserver {
 public:
  explicit PlanPrinter(int year) : m_year(year) {}
  void planned(const report::PlanEntry& entry) override { std::cout << report::render_bilan_plan_entry(entry, m_year); }

 private:
  int m_year = 0;
};

struct UpdateCommandOptions {
  service::UpdateOpenOptions open;
  service::UpdateDropOptions drop;
  service::UpdateSetOptions set;
};

std::vector<service::FieldAssignment> parse_sets(const std::vector<std::string>& sets) {
  std::vector<service::FieldAssignment> out;
  for (const auto& set : sets) {
    const std::size_t equal = set.find('=');
    if (equal == std::string::npos || equal == 0) {
      throw PilotException(Error{ErrorKind::usage, fmt::format("--set attend champ=valeur, pas « {} »", set)});
    }
    out.push_back({set.substr(0, equal), set.substr(equal + 1)});
  }
  return out;
}

void print_changes(const std::vector<std::pair<std::string, std::string>>& changes) {
  for (const auto& [label, change] : changes) {
    std::cout << fmt::format("  {} : {}\n", label, change);
  }
}

void print_warnings(const std::vector<service::BilanWarning>& warnings) {
  for (const auto& warning : warnings) {
    std::cerr << fmt::format("pilot: avertissement [{}] action n° {} ({}) : {}\n", warning.code, warning.action_id,
                             warning.reference, warning.message);
  }
}

}  // namespace

void register_bilan(CLI::App& app, CommandEnv& env) {
  static BilanCommandOptions options;
  auto* bilan = family(app, "bilan", "Bilans annuels des actions : saisie, import, consultation, état d'avancement");

  auto* set = bilan->add_subcommand("set", "Saisit ou complète le bilan d'une action pour une année écoulée");
  set->add_option("ACTION_ID", options.set.action_id, "Numéro de l'action")->required();
  set->add_option("--year", options.set.year, "Année sur laquelle porte le bilan (année écoulée)")->required();
  set->add_option("--set", options.sets,
                  "champ=valeur pour l'état d'avancement et les remarques (clé, libellé ou alias ; vide pour "
                  "effacer) ; répétable");
  set->add_option("--depense", options.set.expenses,
                  "Une dépense réelle : \"financeur=État;montant=12 000,00;objet=…\" (remplace la ligne de même "
                  "financeur, nom de financeur, nature et objet ; deux de même clé dans la commande sont "
                  "refusées) ; répétable");
  set->add_option("--indicateur", options.set.indicators,
                  "Une valeur réalisée : \"code=CODE;realise=42\" ou \"libelle=…;realise=…;commentaire=…\" "
                  "(type, unité et cible repris du plan de l'action) ; répétable");
  set->add_option("--clear", options.set.clear, "Vide d'abord un groupe : depenses ou indicateurs ; répétable");
  set->callback([&env] {
    options.set.sets = parse_sets(options.sets);
    const auto result = require(service::set_bilan(env.context(), options.set));
    if (!env.quiet()) {
      std::cout << fmt::format("Bilan {} de l'action n° {} {} (bilan n° {}) :\n", result.year, result.action_id,
                               result.created ? "créé" : "modifié", result.bilan_id);
      print_changes(result.changes);
      std::cout << fmt::format("État du bilan : {}", store::to_label(result.completeness.state));
      std::cout << (result.completeness.lacks.empty()
                        ? std::string("\n")
                        : " — manque : " + util::join(result.completeness.lacks, ", ") + "\n");
      print_warnings(result.warnings);
    }
  });

  static BilanImportCommandOptions import_options;
  auto* import_command = bilan->add_subcommand(
      "import",
      "Importe les bilans d'une année (CSV ou XLSX : bilans, dépenses réelles, valeurs réalisées), "
      "contrôlés par le formulaire : tout ou rien");
  import_command
      ->add_option("FICHIER", import_options.import.files,
                   "Fichiers .csv (un par type de lignes, reconnu par ses en-têtes ; « - » : entrée standard) ou "
                   "classeurs .xlsx (une feuille par type de lignes)")
      ->required();
  import_command
      ->add_option("--year", import_options.import.year, "Année sur laquelle portent les bilans (année écoulée)")
      ->required();
  import_command->add_option("--convention", import_options.convention,
                             "Convention des actions (sans elle, chaque référence doit désigner une seule action)");
  import_command->add_option("--sheet", import_options.import.sheet, "Ne lit que cette feuille de chaque classeur")
      ->check(non_empty("nom de feuille"));
  import_command->add_flag("--dry-run", import_options.dry_run,
                           "Contrôle tout et affiche ce qui serait fait, bilan par bilan, sans rien enregistrer");
  import_command->add_option(
      "--errors", import_options.import.errors_path,
      "Écrit tous les problèmes dans RAPPORT.csv, RAPPORT.json ou RAPPORT.xlsx (lignes lues, cellules "
      "en erreur surlignées)");
  import_command->add_flag("--lenient", import_options.lenient,
                           "Les colonnes inconnues sont signalées et ignorées au lieu d'être des erreurs");
  import_command->callback([&env] {
    auto& options = import_options.import;
    options.convention_id = import_options.convention;
    options.dry_run = import_options.dry_run ? service::DryRun::yes : service::DryRun::no;
    options.lenient = import_options.lenient ? service::Lenient::yes : service::Lenient::no;
    PlanPrinter printer(options.year);
    const auto summary = require(
        service::import_bilans(env.context(), options, import_options.dry_run && !env.quiet() ? &printer : nullptr));
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
      std::cout << report::render_bilan_import_summary(summary, options.year);
    }
    if (summary.errors > 0) {
      throw PilotException(Error{ErrorKind::data, fmt::format("import refusé : {} erreur{}, rien n'a été enregistré",
                                                              summary.errors, summary.errors > 1 ? "s" : "")});
    }
  });

  auto* show = bilan->add_subcommand("show", "Affiche le bilan d'une action pour une année");
  show->add_option("ACTION_ID", options.show_id, "Numéro de l'action")->required();
  show->add_option("--year", options.show_year, "Année du bilan")->required();
  show->add_option("--format", options.show_format, "text ou json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  show->callback([&env] {
    const auto context = env.context();
    const auto view = require(service::show_bilan(context, options.show_id, options.show_year));
    const auto* forms = require(service::catalog(context));
    if (options.show_format == "json") {
      std::cout << report::bilan_detail_json(*view.form, view.action.action.id, view.action.action.reference, view.year,
                                             view.record.answers, view.record.groups, view.completeness, view.warnings)
                       .dump(2)
                << "\n";
      return;
    }
    const std::string heading =
        fmt::format("Bilan {} — action n° {} ({}) « {} » — convention n° {} ({}, {})", view.year, view.action.action.id,
                    view.action.action.reference, view.action.action.title, view.convention.id,
                    view.convention.collectivite_name, domain::to_short_label(view.convention.type));
    std::cout << report::bilan_detail_text(*forms, *view.form, heading, view.record.answers, view.record.groups,
                                           view.completeness, view.warnings, view.years);
  });

  auto* status = bilan->add_subcommand(
      "status",
      "Complétude des bilans d'une année par convention : complets, incomplets (et ce qui manque), "
      "non saisis ; avertissements de cohérence");
  status->add_option("--year", options.status.year, "Année sur laquelle portent les bilans")->required();
  status->add_option("--convention", options.status_convention, "Limite à une convention");
  add_scope_options(*status, options.status.scope);
  add_listing_options(*status, options.status_output);
  status->callback([&env] {
    options.status.scope.convention_id = options.status_convention;
    const auto report = require(service::bilan_status(env.context(), options.status));
    const auto& output = options.status_output;
    if (output.format == "text") {
      write_output(
          report::bilan_status_text(report.year, report.scope, report.conventions, report.lines, report.warnings),
          output.output);
      return;
    }
    if (output.format == "json") {
      write_output(
          report::bilan_status_json(report.year, report.scope, report.conventions, report.lines, report.warnings)
                  .dump(2) +
              "\n",
          output.output);
      return;
    }
    emit_table(report::bilan_lines_table(report.lines), output);
  });
}  // namespace pilot::cmd

void register_update(CLI::App& app, CommandEnv& env) {
  static UpdateCommandOptions options;
  auto* update =
      family(app, "update", "Mise à jour annuelle (avenant) : ouverture, abandon d'actions, année N du plan");

  auto* open = update->add_subcommand(
      "open", "Ouvre la mise à jour de l'année N d'une convention : ses actions repassent en brouillon");
  open->add_option("--convention", options.open.convention_id, "Numéro de la convention")->required();
  open->add_option("--year", options.open.year, "Année de l'avenant (N)")->required();
  open->callback([&env] {
    const auto result = require(service::open_update(env.context(), options.open));
    if (env.quiet()) {
      return;
    }
    std::cout << fmt::format("Mise à jour {} ouverte pour la convention n° {} ({}, {}).\n", result.year,
                             result.convention.id, result.convention.collectivite_name,
                             domain::to_short_label(result.convention.type));
    std::cout << fmt::format(
        "{} action{} rouverte{} (brouillon, validations annulées : « mise à jour annuelle {} »), "
        "{} déjà en brouillon, {} abandonnée{} auparavant.\n",
        result.reopened.size(), result.reopened.size() > 1 ? "s" : "", result.reopened.size() > 1 ? "s" : "",
        result.year, result.drafts, result.dropped, result.dropped > 1 ? "s" : "");
    for (const auto& action : result.reopened) {
      std::cout << fmt::format("  action n° {} ({}) : {} → {}\n", action.id, action.reference,
                               domain::to_label(action.before), domain::to_label(domain::ActionStatus::brouillon));
    }
    std::cout << fmt::format(
        "Les budgets et cibles de {} et des années suivantes se modifient avec « pilot update "
        "set » ; les années antérieures restent figées.\n",
        result.year);
  });

  auto* drop = update->add_subcommand(
      "drop", "Abandonne une action à partir de l'année N (historique et bilans antérieurs conservés)");
  drop->add_option("ACTION_ID", options.drop.action_id, "Numéro de l'action")->required();
  drop->add_option("--year", options.drop.year, "Année de la mise à jour (N) : l'action n'est plus menée à partir de N")
      ->required();
  drop->add_option("--comment", options.drop.comment, "Motif de l'abandon");
  drop->callback([&env] {
    const auto result = require(service::drop_action(env.context(), options.drop));
    if (!env.quiet()) {
      // « ses 0 bilan sont conservés » read oddly: no bilan, then one, then several.
      const std::string kept = result.bilans_kept == 0 ? "son historique est conservé (aucun bilan)"
                               : result.bilans_kept == 1
                                   ? "son historique et son bilan sont conservés"
                                   : fmt::format("son historique et ses {} bilans sont conservés", result.bilans_kept);
      std::cout << fmt::format("Action n° {} ({} — {}) abandonnée à partir de {} ; {}.\n", result.id, result.reference,
                               result.title, result.year, kept);
    }
  });

  auto* set = update->add_subcommand(
      "set", "Modifie le budget prévu et les cibles d'une année (≥ N) d'une action rouverte par la mise à jour");
  set->add_option("ACTION_ID", options.set.action_id, "Numéro de l'action")->required();
  set->add_option("--year", options.set.year, "Année modifiée (N ou suivante)")->required();
  set->add_option("--budget", options.set.budget,
                  "Une ligne budgétaire de l'année : \"financeur=État;montant=60 000\" (modifie la ligne de même "
                  "financeur, nom de financeur, nature et objet, ou l'ajoute ; une clé omise vaut pour toute valeur "
                  "si une seule ligne répond ; les champs non donnés sont gardés, \"etp=\" efface) ; répétable");
  set->add_option("--indicateur", options.set.indicators,
                  "Une cible de l'année : \"code=CODE;cible=40\" ou \"libelle=…;cible=…\" (un indicateur absent du "
                  "plan avec son unité : \"code=CODE;unite=nombre;cible=40\") ; répétable");
  set->add_option("--clear", options.set.clear,
                  "Retire d'abord les lignes de l'année : budget ou indicateurs ; répétable");
  set->callback([&env] {
    const auto result = require(service::update_action_year(env.context(), options.set));
    if (!env.quiet() && result.changes.empty()) {
      std::cout << fmt::format("Action n° {} : année {} : rien à modifier (valeurs déjà enregistrées).\n", result.id,
                               result.year);
    } else if (!env.quiet()) {
      std::cout << fmt::format("Action n° {} : année {} modifiée :\n", result.id, result.year);
      print_changes(result.changes);
    }
  });
}

}  // namespace pilot::cmd

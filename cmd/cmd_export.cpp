// pilot export | recap | fiche: the files people exchange (bases CSV/XLSX, recap tables, fiches).
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "service/export.hpp"
#include "util/number.hpp"

namespace pilot::cmd {

void register_export(CLI::App& app, CommandEnv& env);
void register_recap(CLI::App& app, CommandEnv& env);
void register_fiche(CLI::App& app, CommandEnv& env);

namespace {
const bool k_export_registered = add_registrar(70, register_export);
const bool k_recap_registered = add_registrar(72, register_recap);
const bool k_fiche_registered = add_registrar(74, register_fiche);

void print_text(const std::string& text) {
  if (!text.empty()) {
    std::cout << text;
    if (text.back() != '\n') {
      std::cout << "\n";
    }
  }
}

}  // namespace

void register_export(CLI::App& app, CommandEnv& env) {
  static service::ExportOptions options;
  auto* command = app.add_subcommand(
      "export", "Exporte les bases (conventions, actions, budgets, indicateurs, bilans, validations) en CSV ou XLSX");
  command
      ->add_option("TABLE", options.tables,
                   "Tables : conventions, actions, budgets, indicateurs, bilans, validations (plusieurs : une "
                   "feuille par table en XLSX, un fichier par table dans un dossier en CSV)")
      ->required();
  command->add_option("--format", options.format, "csv ou xlsx (défaut : xlsx si -o finit par .xlsx, sinon csv)")
      ->check(CLI::IsMember({"csv", "xlsx"}));
  command
      ->add_option("-o,--output", options.output,
                   "Fichier à écrire, « - » pour la sortie standard (CSV), ou dossier pour plusieurs tables en CSV")
      ->required();
  command->add_option(
      "--manifest", options.manifest,
      "Où écrire le manifeste JSON (défaut : FICHIER.manifest.json à côté de l'export ; - : sortie standard)");
  add_scope_options(*command, options.scope);
  command->add_option("--convention", options.scope.convention_id, "Limite à une convention (numéro)");
  command
      ->add_option("--status", options.status,
                   "État de validation : brouillon (une validation d'un seul côté compte comme brouillon), "
                   "double-validee ou all")
      ->capture_default_str();
  command->add_option("--year", options.year, "Limite les lignes budgétaires, indicateurs et bilans à une année");
  command
      ->add_option("--csv-dialect", options.csv_dialect,
                   "fr (« ; », BOM, virgule décimale, JJ/MM/AAAA, libellés : Excel) ou rfc4180 (« , », dates ISO, "
                   "point décimal, codes : scripts)")
      ->check(CLI::IsMember({"fr", "rfc4180"}))
      ->capture_default_str();
  command->callback([&env] {
    options.pilot_version = PILOT_VERSION;
    const auto report = require(service::run_export(env.context(), options));
    std::cout << report.manifest_text;
    if (env.quiet()) {
      return;
    }
    // With the data or the manifest on standard output, the summary goes to the error stream.
    std::ostream& out = options.output == "-" || !report.manifest_text.empty() ? std::cerr : std::cout;
    for (const auto& file : report.files) {
      out << fmt::format("{} : {} → {} ligne{}{}\n", file.table, file.path == "-" ? "sortie standard" : file.path,
                         util::format_integer_fr(file.rows), file.rows > 1 ? "s" : "",
                         file.sha256.empty() ? "" : " (SHA-256 " + file.sha256.substr(0, 16) + "…)");
    }
    if (!report.manifest_path.empty()) {
      out << "Manifeste : " << report.manifest_path << "\n";
    }
    if (report.truncated_cells > 0) {
      out << fmt::format("Attention : {} cellule(s) de plus de 32 767 caractères tronquée(s) (limite d'Excel)\n",
                         report.truncated_cells);
    }
  });
}

void register_recap(CLI::App& app, CommandEnv& env) {
  static service::RecapOptions options;
  auto* command = app.add_subcommand(
      "recap", "Tableaux récapitulatifs d'une convention : actions et budgets par axe ou volet, indicateurs");
  command->add_option("--convention", options.convention_id, "Numéro de la convention")->required();
  command->add_option("--format", options.format, "text, md, csv ou xlsx")
      ->check(CLI::IsMember({"text", "md", "csv", "xlsx"}))
      ->capture_default_str();
  command->add_option("--tab", options.tab, "Un seul onglet : actions, budgets, nationaux, locaux ou impact")
      ->check(CLI::IsMember({"actions", "budgets", "nationaux", "locaux", "impact"}));
  command->add_option("-o,--output", options.output, "Fichier à écrire (« - » : sortie standard ; XLSX : obligatoire)")
      ->capture_default_str();
  command->add_option("--csv-dialect", options.csv_dialect, "fr ou rfc4180")
      ->check(CLI::IsMember({"fr", "rfc4180"}))
      ->capture_default_str();
  check_output_format(*command, options.format, options.output, {"text", "md", "csv", "xlsx"});
  command->callback([&env] { print_text(require(service::run_recap(env.context(), options))); });
}

void register_fiche(CLI::App& app, CommandEnv& env) {
  static service::FicheOptions options;
  auto* command = app.add_subcommand("fiche", "Fiche imprimable d'une action ou d'une convention (HTML ou Markdown)");
  command->require_subcommand(1);
  for (const char* kind : {"action", "convention"}) {
    auto* sub = command->add_subcommand(kind, std::string("Fiche d'une ") + kind);
    sub->add_option("ID", options.id, std::string(kind) == "action" ? "Numéro de l'action" : "Numéro de la convention")
        ->required();
    sub->add_option("-o,--output", options.output,
                    "Fichier à écrire : .html (imprimable en PDF depuis un navigateur) ou .md ; « - » : sortie "
                    "standard")
        ->capture_default_str();
    sub->add_option("--format", options.format, "html ou md (défaut : d'après l'extension de -o, sinon html)")
        ->check(CLI::IsMember({"html", "md"}));
    sub->callback([&env, kind] {
      options.kind = kind;
      print_text(require(service::run_fiche(env.context(), options)));
    });
  }
}

}  // namespace pilot::cmd

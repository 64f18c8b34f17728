// pilot dashboard-stats: the guide's dashboard for a scope, next to the national reference.
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "report/dashboard_render.hpp"
#include "service/dashboard.hpp"

namespace pilot::cmd {

void register_dashboard(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(80, register_dashboard);

struct DashboardCommandOptions {
  service::DashboardOptions dashboard;
  std::optional<int> year;
  std::string format = "text";
  std::string csv_dialect = "fr";
  std::string output = "-";
};

}  // namespace

void register_dashboard(CLI::App& app, CommandEnv& env) {
  static DashboardCommandOptions options;
  auto* command = app.add_subcommand(
      "dashboard-stats",
      "Tableau de bord du guide (conventions, actions, budgets, publics, bilans, indicateurs) d'un périmètre, à côté "
      "de la référence nationale");
  add_scope_options(*command, options.dashboard.scope);
  command
      ->add_option("--status", options.dashboard.status,
                   "Actions prises en compte : all (toutes), brouillon (dont validées d'un seul côté) ou "
                   "double-validee")
      ->capture_default_str();
  command->add_option("--year", options.year,
                      "Une année : budget de cette année, actions et conventions en cours cette année, bilans de "
                      "cette année (défaut : toutes les années, bilans de l'an dernier)");
  command
      ->add_option("--only", options.dashboard.only,
                   "Graphiques à produire (identifiants, voir man pilot-dashboard-stats) ; répétable ou séparés "
                   "par des virgules")
      ->delimiter(',');
  command->add_option("--format", options.format, "Format : text, csv, json, md ou html")
      ->check(CLI::IsMember({"text", "csv", "json", "md", "html"}))
      ->capture_default_str();
  command
      ->add_option("--csv-dialect", options.csv_dialect,
                   "Dialecte CSV : fr (« ; », virgule décimale, pour Excel) ou rfc4180 (« , », point décimal)")
      ->check(CLI::IsMember({"fr", "rfc4180"}))
      ->capture_default_str();
  command->add_option("-o,--output", options.output, "Fichier de sortie (« - » : sortie standard)")
      ->capture_default_str();
  check_output_format(*command, options.format, options.output, {"text", "csv", "json", "md", "html"});
  command->callback([&env] {
    options.dashboard.year = options.year;
    const auto dashboard = require(service::dashboard_stats(env.context(), options.dashboard));
    if (options.format == "csv") {
      const auto flavor = options.csv_dialect == "rfc4180" ? io::csv::Flavor::rfc4180 : io::csv::Flavor::fr;
      write_csv_output(report::dashboard_table(dashboard), options.output, flavor);
    } else if (options.format == "json") {
      write_output(report::dashboard_to_json(dashboard).dump(2) + "\n", options.output);
    } else if (options.format == "md") {
      write_output(report::render_dashboard_markdown(dashboard), options.output);
    } else if (options.format == "html") {
      write_output(report::render_dashboard_html(dashboard), options.output);
    } else {
      write_output(report::render_dashboard_text(dashboard), options.output);
    }
  });
}

}  // namespace pilot::cmd

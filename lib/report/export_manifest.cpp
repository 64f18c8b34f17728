#include "report/export_manifest.hpp"

#include <fmt/format.h>

namespace pilot::report {
namespace {

util::Json optional_int(const std::optional<int>& value) {
  return value ? util::Json(*value) : util::Json();
}

std::string form_line(const ManifestForm& form) {
  std::string line =
      fmt::format("{} version {} : {} action{}", form.form_id, form.version, form.actions, form.actions > 1 ? "s" : "");
  if (!form.current_version) {
    line += " (formulaire absent du catalogue actuel)";
  } else if (*form.current_version != form.version) {
    line += fmt::format(" (version actuelle : {})", *form.current_version);
  }
  return line;
}

}  // namespace

util::Json manifest_json(const Manifest& manifest) {
  util::Json json = util::Json::object();
  json.set("outil", "pilot " + manifest.pilot_version)
      .set("genere_le", manifest.generated_at)
      .set("commande", manifest.command)
      .set("utilisateur", manifest.user);
  util::Json base = util::Json::object();
  base.set("fichier", manifest.database)
      .set("donnees_a_jour_au", manifest.data_timestamp)
      .set("version_schema", manifest.schema_version);
  json.set("base", base);
  json.set("perimetre", manifest.scope).set("filtres", manifest.filters);
  util::Json validation = util::Json::object();
  validation.set("filtre", std::string(store::to_code(manifest.status)))
      .set("libelle", std::string(store::to_label(manifest.status)));
  util::Json counts = util::Json::object();
  for (const auto& [status, count] : manifest.status_counts) {
    counts.set(std::string(domain::to_code(status)), count);
  }
  validation.set("actions_du_perimetre_par_statut", counts);
  json.set("etat_de_validation", validation).set("annee", optional_int(manifest.year));
  util::Json forms = util::Json::array();
  for (const auto& form : manifest.forms) {
    util::Json entry = util::Json::object();
    entry.set("id", form.form_id)
        .set("version", form.version)
        .set("actions", form.actions)
        .set("version_actuelle", optional_int(form.current_version))
        .set("titre", form.title);
    forms.push(std::move(entry));
  }
  json.set("formulaires", forms).set("format", manifest.format);
  if (manifest.format == "csv") {
    json.set("dialecte_csv", manifest.csv_dialect);
  }
  util::Json files = util::Json::array();
  for (const auto& file : manifest.files) {
    util::Json entry = util::Json::object();
    entry.set("table", file.table).set("fichier", file.path).set("lignes", file.rows);
    entry.set("sha256", file.sha256.empty() ? util::Json() : util::Json(file.sha256));
    if (!file.sheets.empty()) {
      util::Json sheets = util::Json::array();
      for (const auto& sheet : file.sheets) {
        sheets.push(sheet);
      }
      entry.set("feuilles", sheets);
    }
    files.push(std::move(entry));
  }
  json.set("fichiers", files);
  util::Json tables = util::Json::array();
  for (const auto& table : manifest.tables) {
    util::Json entry = util::Json::object();
    entry.set("table", table.key).set("titre", table.title).set("description", table.description);
    entry.set("colonnes", columns_json(table));
    tables.push(std::move(entry));
  }
  json.set("tables", tables);
  return json;
}

Result<void> write_manifest_sheet(io::xlsx::WorkbookWriter& workbook, const Manifest& manifest,
                                  const std::string& json_path) {
  auto sheet = workbook.add_sheet(workbook.sheet_name("Manifeste"));
  if (!sheet) {
    return std::unexpected(sheet.error());
  }
  auto& out = **sheet;
  std::vector<std::pair<std::string, std::string>> lines = {
      {"Outil", "pilot " + manifest.pilot_version},
      {"Généré le (UTC)", manifest.generated_at},
      {"Commande", manifest.command},
      {"Utilisateur", manifest.user},
      {"Base de données", manifest.database},
      {"Données à jour au (dernière modification)", manifest.data_timestamp.empty() ? "—" : manifest.data_timestamp},
      {"Version du schéma de la base", std::to_string(manifest.schema_version)},
      {"Périmètre", manifest.scope},
      {"État de validation retenu", std::string(store::to_label(manifest.status))},
      {"Année", manifest.year ? std::to_string(*manifest.year) : "toutes"},
  };
  for (const auto& [key, value] : manifest.filters.as_object()) {
    std::string text;
    if (value.is_array()) {
      std::vector<std::string> parts;
      for (const auto& item : value.as_array()) {
        parts.push_back(item.is_string() ? item.as_string() : item.dump());
      }
      text = parts.empty() ? "—" : fmt::format("{}", fmt::join(parts, " ; "));
    } else {
      text = value.is_null() ? "—" : value.is_string() ? value.as_string() : value.dump();
    }
    lines.emplace_back("Filtre " + key, text);
  }
  for (const auto& [status, count] : manifest.status_counts) {
    lines.emplace_back(fmt::format("Actions du périmètre — {}", domain::to_label(status)), std::to_string(count));
  }
  for (const auto& form : manifest.forms) {
    lines.emplace_back("Formulaire", form_line(form));
  }
  for (const auto& file : manifest.files) {
    lines.emplace_back(fmt::format("Table {}", file.table),
                       fmt::format("{} ligne{} (feuille{} {})", file.rows, file.rows > 1 ? "s" : "",
                                   file.sheets.size() > 1 ? "s" : "", fmt::join(file.sheets, ", ")));
  }
  lines.emplace_back("Empreinte SHA-256 du classeur",
                     fmt::format("dans {} (un fichier ne peut pas contenir sa propre empreinte)", json_path));
  const auto header = workbook.format(io::xlsx::Style::header);
  if (auto written = out.write_row_texts(0, 0, {"Élément", "Valeur"}, header); !written) {
    return written;
  }
  std::uint32_t row = 1;
  for (const auto& [key, value] : lines) {
    if (auto written = out.write_text(row, 0, key, workbook.format(io::xlsx::Style::bold)); !written) {
      return written;
    }
    if (auto written = out.write_text(row, 1, io::csv::neutralize_formula(value)); !written) {
      return written;
    }
    ++row;
  }
  if (auto set = out.set_column_width(0, 0, 42); !set) {
    return set;
  }
  return out.set_column_width(1, 1, 100, workbook.format(io::xlsx::Style::wrapped_text));
}

}  // namespace pilot::report

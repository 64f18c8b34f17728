// Text rendering of an import: problems (ninja style), dry-run plan lines and the summary.
#include "report/import_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "io/xlsx/cell.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

// Titles of the codes of lib/forms (values, checks, groups) and of the importer (E6xx).
constexpr std::array<std::pair<std::string_view, std::string_view>, 57> k_titles{{
    {"E100", "valeur d'un type inattendu"},
    {"E101", "nombre entier invalide"},
    {"E102", "nombre invalide"},
    {"E103", "montant invalide"},
    {"E104", "pourcentage invalide"},
    {"E105", "nombre d'ETP invalide"},
    {"E106", "date invalide"},
    {"E107", "réponse oui/non invalide"},
    {"E108", "choix inconnu"},
    {"E109", "choix non proposé par le formulaire"},
    {"E110", "texte illisible"},
    {"E201", "réponse obligatoire manquante"},
    {"E202", "réponse obligatoire dans ce cas"},
    {"E203", "réponse à une question qui ne se pose pas"},
    {"E204", "précision de « Autre » manquante"},
    {"E206", "champ inconnu"},
    {"E301", "valeur inférieure au minimum"},
    {"E302", "valeur supérieure au maximum"},
    {"E303", "texte trop long"},
    {"E304", "format invalide"},
    {"E305", "condition non respectée"},
    {"E401", "ligne en double"},
    {"E402", "groupe inconnu"},
    {"E403", "sous-total supérieur à son total"},
    {"E404", "lignes manquantes"},
    {"E405", "unité différente du référentiel"},
    {"E501", "budget total différent de la somme des lignes"},
    {"E502", "parité État / collectivité non respectée"},
    {"E503", "part du département inférieure à 50 %"},
    {"E504", "valorisation au-delà de 50 % de la part de la collectivité"},
    {"E511", "dépense d'une autre année que le bilan"},
    {"E512", "valeur réalisée d'une autre année que le bilan"},
    {"E513", "action arrêtée déclarée terminée"},
    {"E601", "colonne inconnue"},
    {"E602", "colonne en double"},
    {"E603", "colonne obligatoire absente"},
    {"E604", "fichier ou feuille non reconnu"},
    {"E605", "ligne sans référence"},
    {"E606", "référence en double"},
    {"E607", "action inconnue"},
    {"E608", "action déjà enregistrée"},
    {"E609", "action validée non modifiable"},
    {"E610", "formulaire indéterminé"},
    {"E611", "fichier illisible"},
    {"E612", "cellule en erreur"},
    {"E613", "formulaire inconnu"},
    {"E614", "colonne sans objet pour ce formulaire"},
    {"E615", "fichier sans données"},
    {"E617", "année figée par une mise à jour"},
    {"E618", "valeur hors des colonnes de l'en-tête"},
    {"E619", "année d'une action abandonnée"},
    {"E616", "référence dans plusieurs conventions"},
    {"E620", "année refusée pour cette action"},
    {"W620", "bilan incomplet"},
    {"E621", "année du bilan différente de --year"},
    {"E622", "total différent de la somme des lignes"},
    {"W622", "ligne de total non importée"},
}};

std::string plural(std::size_t count, std::string_view singular, std::string_view plural_form) {
  return fmt::format("{} {}", util::format_integer_fr(static_cast<std::int64_t>(count)),
                     count > 1 ? plural_form : singular);
}

}  // namespace

std::string_view to_label(ImportOutcome outcome) {
  switch (outcome) {
    case ImportOutcome::created: return "créée";
    case ImportOutcome::updated: return "modifiée";
    case ImportOutcome::unchanged: return "inchangée";
    case ImportOutcome::skipped: return "ignorée (déjà enregistrée)";
    case ImportOutcome::locked: return "validée, laissée telle quelle";
    case ImportOutcome::rejected: return "rejetée";
  }
  return "";
}

std::string_view problem_title(std::string_view code) {
  // A warning has its own title when its meaning differs (W620: incomplete bilan), else that of its
  // error (W601: the unknown column E601 reports).
  for (const auto& [known, title] : k_titles) {
    if (known == code) {
      return title;
    }
  }
  if (!code.empty() && code.front() == 'W') {
    const std::string as_error = "E" + std::string(code.substr(1));
    for (const auto& [known, title] : k_titles) {
      if (known == as_error) {
        return title;
      }
    }
  }
  return {};
}

std::string render_problem(const ImportProblemView& problem) {
  std::string out = fmt::format("{}: {} [{}] {}\n", problem.location, problem.warning ? "avertissement" : "erreur",
                                problem.code, util::shorten_quoted_values(util::show_invisible(problem.message)));
  if (!problem.excerpt.empty()) {
    // The line as read may hold control characters: shown by their code, never sent to the terminal,
    // and the caret counted on what is shown.
    out += "  " + util::show_invisible(problem.excerpt) + "\n";
    if (problem.caret > 0) {
      const std::string before =
          util::show_invisible(problem.excerpt.substr(0, util::utf8_prefix_bytes(problem.excerpt, problem.caret - 1)));
      out += "  " + std::string(util::display_width(before), ' ') + "^\n";
    }
  }
  return out;
}

std::string render_plan_entry(const PlanEntry& entry) {
  std::string out = entry.reference.empty() ? std::string("(sans référence)") : util::show_invisible(entry.reference);
  if (!entry.title.empty()) {
    out += fmt::format(" « {} »", util::show_invisible(entry.title));
  }
  // The plan is what a dry run would do: « à créer », as its summary says, not « créée ».
  std::string_view outcome = to_label(entry.outcome);
  if (entry.outcome == ImportOutcome::created) {
    outcome = "à créer";
  } else if (entry.outcome == ImportOutcome::updated) {
    outcome = "à modifier";
  }
  out += fmt::format(" : {}", outcome);
  if (entry.action_id != 0) {
    out += fmt::format(" (action n° {})", entry.action_id);
  }
  if (!entry.detail.empty()) {
    out += " — " + util::shorten_quoted_values(util::show_invisible(entry.detail));
  }
  out += fmt::format("  [{}]\n", entry.location);
  for (const auto& change : entry.changes) {
    out += fmt::format("    {} : {} → {}\n", change.field,
                       change.before.empty() ? "(vide)" : util::show_invisible(change.before),
                       change.after.empty() ? "(vide)" : util::show_invisible(change.after));
  }
  return out;
}

std::string render_import_summary(const ImportSummary& summary) {
  std::string out;
  out += fmt::format("{} dans la convention {} :\n", summary.dry_run ? "Simulation d'import" : "Import",
                     summary.convention);
  for (const auto& source : summary.sources) {
    out += fmt::format("  {} : {} ({})\n", source.name, plural(source.rows, "ligne", "lignes"), source.kind);
  }
  const ImportCounts& c = summary.counts;
  // With an error anywhere (a file's header, another action), no row is accepted: those without an
  // error of their own wait for the others to be corrected.
  out += fmt::format("Lignes lues : {} — {} : {} — rejetées : {}", util::format_integer_fr(c.rows_read),
                     summary.errors > 0 ? "sans erreur" : "acceptées", util::format_integer_fr(c.rows_accepted),
                     util::format_integer_fr(c.rows_rejected));
  if (c.rows_ignored > 0) {
    out += fmt::format(" — ignorées : {}", util::format_integer_fr(c.rows_ignored));
  }
  out += "\n";
  std::vector<std::string> actions;
  const bool would = summary.dry_run || summary.errors > 0;
  auto add = [&](std::size_t count, std::string_view singular, std::string_view plural_form) {
    if (count > 0) {
      actions.push_back(plural(count, singular, plural_form));
    }
  };
  add(c.created, would ? "à créer" : "créée", would ? "à créer" : "créées");
  add(c.updated, would ? "à modifier" : "modifiée", would ? "à modifier" : "modifiées");
  add(c.unchanged, "inchangée", "inchangées");
  add(c.skipped, "ignorée (déjà enregistrée)", "ignorées (déjà enregistrées)");
  add(c.locked, "validée laissée telle quelle", "validées laissées telles quelles");
  add(c.rejected, "rejetée", "rejetées");
  out += fmt::format("Actions : {}{}\n", actions.empty() ? std::string("aucune") : util::join(actions, ", "),
                     summary.errors > 0 && c.created + c.updated > 0 ? " (après correction des erreurs)" : "");
  if (!summary.by_code.empty()) {
    std::vector<std::string> codes;
    for (const auto& [code, count] : summary.by_code) {
      const std::string_view title = problem_title(code);
      codes.push_back(title.empty() ? fmt::format("{} × {}", code, count)
                                    : fmt::format("{} {} × {}", code, title, count));
    }
    out += fmt::format("Problèmes par code : {}\n", util::join(codes, ", "));
  }
  if (!summary.errors_report.empty()) {
    out += fmt::format("Rapport des problèmes : {}\n", summary.errors_report);
  }
  if (summary.errors > 0) {
    out += fmt::format("Import refusé : {}, rien n'a été enregistré.\n", plural(summary.errors, "erreur", "erreurs"));
  } else if (summary.dry_run) {
    out += "Simulation : rien n'a été enregistré.\n";
  } else if (summary.written && c.created + c.updated == 0) {
    out += "Rien à enregistrer : la base est déjà à jour.\n";
  } else if (summary.written) {
    out += "Import enregistré (actions au statut « Brouillon »).\n";
  }
  if (summary.warnings > 0) {
    out += fmt::format("{}.\n", plural(summary.warnings, "avertissement", "avertissements"));
  }
  return out;
}

std::pair<std::string, std::size_t> csv_excerpt(const std::vector<store::RawCell>& cells, char separator,
                                                std::size_t column, std::size_t width) {
  std::string line;
  std::size_t caret = 0;
  std::size_t position = 1;  // code point where the next field starts
  const std::string quote_triggers = std::string(1, separator) + "\"\r\n";
  for (std::size_t i = 0; i < std::max(cells.size(), column); ++i) {
    if (i > 0) {
      line += separator;
      ++position;
    }
    if (i + 1 == column) {
      caret = position;
    }
    std::string field = i < cells.size() ? cells[i].text : std::string();
    if (field.find_first_of(quote_triggers) != std::string::npos) {
      std::string quoted = "\"";
      for (const char ch : field) {
        quoted += ch;
        if (ch == '"') {
          quoted += '"';
        }
      }
      field = quoted + "\"";
    }
    std::string shown;
    for (std::size_t k = 0; k < field.size(); ++k) {
      if (field[k] == '\r' && k + 1 < field.size() && field[k + 1] == '\n') {
        continue;
      }
      shown += field[k] == '\n' || field[k] == '\r' ? std::string("⏎") : std::string(1, field[k]);
    }
    line += shown;
    position += util::display_width(shown);
  }
  const std::size_t total = util::display_width(line);
  if (total <= width) {
    return {line, caret};
  }
  // Keep a window of `width` code points around the caret, cut on code point boundaries.
  const std::size_t lead = width / 3;
  const std::size_t first = caret > lead ? caret - lead : 1;  // 1-based code point
  std::string window;
  std::size_t index = 0;  // 1-based index of the code point being read
  for (std::size_t k = 0; k < line.size(); ++k) {
    if ((static_cast<unsigned char>(line[k]) & 0xC0) != 0x80) {
      ++index;
    }
    if (index >= first && index < first + width) {
      window += line[k];
    }
  }
  const bool cut_left = first > 1;
  const bool cut_right = first + width - 1 < total;
  std::string text = (cut_left ? "…" : "") + window + (cut_right ? "…" : "");
  const std::size_t shifted = caret == 0 ? 0 : caret - first + 1 + (cut_left ? 1 : 0);
  return {text, shifted};
}

std::string problem_location(const ImportSourceInfo& source, std::int64_t line, int column) {
  const std::string file = source.file == "-" ? std::string("<entrée standard>") : source.file;
  if (!source.sheet.empty()) {
    if (line <= 0) {
      return fmt::format("{} : {}", file, source.sheet);
    }
    if (column <= 0) {
      return fmt::format("{} : {}, ligne {}", file, source.sheet, line);
    }
    return fmt::format(
        "{} : {}", file,
        io::xlsx::cell_reference(source.sheet, static_cast<std::size_t>(column - 1), static_cast<std::uint32_t>(line)));
  }
  if (line <= 0) {
    return file;
  }
  if (column <= 0) {
    return fmt::format("{}:{}", file, line);
  }
  return fmt::format("{}:{}:{}", file, line, column);
}

bool is_import_errors_format(const std::filesystem::path& path) {
  const std::string extension = util::fold(path.extension().string());
  return extension == ".csv" || extension == ".json" || extension == ".xlsx";
}

}  // namespace pilot::report

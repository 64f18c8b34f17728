#include "report/bilan_import_report.hpp"

#include <fmt/format.h>

#include <vector>

#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

std::string plural(std::size_t count, std::string_view singular, std::string_view plural_form) {
  return fmt::format("{} {}", util::format_integer_fr(static_cast<std::int64_t>(count)),
                     count > 1 ? plural_form : singular);
}

std::string_view outcome_label(ImportOutcome outcome) {
  switch (outcome) {
    case ImportOutcome::created: return "créé";
    case ImportOutcome::updated: return "modifié";
    case ImportOutcome::unchanged: return "inchangé";
    case ImportOutcome::skipped:
    case ImportOutcome::locked: return "ignoré";
    case ImportOutcome::rejected: return "rejeté";
  }
  return "";
}

}  // namespace

std::string render_bilan_plan_entry(const PlanEntry& entry, int year) {
  std::string out = entry.reference.empty() ? std::string("(sans référence)") : entry.reference;
  if (!entry.title.empty()) {
    out += fmt::format(" « {} »", entry.title);
  }
  out += fmt::format(" : bilan {} {}", year, outcome_label(entry.outcome));
  if (entry.action_id != 0) {
    out += fmt::format(" (action n° {})", entry.action_id);
  }
  if (!entry.detail.empty()) {
    out += " — " + entry.detail;
  }
  out += fmt::format("  [{}]\n", entry.location);
  for (const auto& change : entry.changes) {
    out += fmt::format("    {} : {} → {}\n", change.field, change.before.empty() ? "(vide)" : change.before,
                       change.after.empty() ? "(vide)" : change.after);
  }
  return out;
}

std::string render_bilan_import_summary(const ImportSummary& summary, int year) {
  std::string out = fmt::format("{} des bilans {} ({}) :\n", summary.dry_run ? "Simulation d'import" : "Import", year,
                                summary.convention);
  for (const auto& source : summary.sources) {
    out += fmt::format("  {} : {} ({})\n", source.name, plural(source.rows, "ligne", "lignes"), source.kind);
  }
  const ImportCounts& c = summary.counts;
  out += fmt::format("Lignes lues : {} — acceptées : {} — rejetées : {}", util::format_integer_fr(c.rows_read),
                     util::format_integer_fr(c.rows_accepted), util::format_integer_fr(c.rows_rejected));
  if (c.rows_ignored > 0) {  // the total rows of an expenses table (W622)
    out += fmt::format(" — ignorées : {}", util::format_integer_fr(c.rows_ignored));
  }
  out += "\n";
  const bool would = summary.dry_run || summary.errors > 0;
  std::vector<std::string> bilans;
  auto add = [&](std::size_t count, std::string_view singular, std::string_view plural_form) {
    if (count > 0) {
      bilans.push_back(plural(count, singular, plural_form));
    }
  };
  add(c.created, would ? "à créer" : "créé", would ? "à créer" : "créés");
  add(c.updated, would ? "à compléter" : "complété", would ? "à compléter" : "complétés");
  add(c.unchanged, "inchangé", "inchangés");
  add(c.rejected, "rejeté", "rejetés");
  out += fmt::format("Bilans {} : {}\n", year, bilans.empty() ? std::string("aucun") : util::join(bilans, ", "));
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
    out += "Import enregistré (bilan status pour l'état d'avancement).\n";
  }
  return out;
}

}  // namespace pilot::report

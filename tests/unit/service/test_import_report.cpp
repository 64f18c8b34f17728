// report::import_report: locations, the ninja-style excerpt of a CSV line, plan lines and the summary.
#include <doctest/doctest.h>

#include "report/import_report.hpp"
#include "util/text.hpp"

using namespace pilot;

namespace {

std::vector<store::RawCell> cells(const std::vector<std::string>& texts) {
  std::vector<store::RawCell> out;
  for (const auto& text : texts) {
    out.push_back({text.empty() ? store::CellKind::empty : store::CellKind::text, text});
  }
  return out;
}

}  // namespace

TEST_SUITE("report::import_report") {
  TEST_CASE("locations") {
    report::ImportSourceInfo csv;
    csv.file = "actions.csv";
    CHECK(report::problem_location(csv, 14, 3) == "actions.csv:14:3");
    CHECK(report::problem_location(csv, 14, 0) == "actions.csv:14");
    CHECK(report::problem_location(csv, 0, 0) == "actions.csv");
    csv.file = "-";
    CHECK(report::problem_location(csv, 2, 1) == "<entrée standard>:2:1");
    report::ImportSourceInfo sheet;
    sheet.file = "classeur.xlsx";
    sheet.sheet = "Actions";
    CHECK(report::problem_location(sheet, 14, 3) == "classeur.xlsx : Actions!C14");
    CHECK(report::problem_location(sheet, 14, 0) == "classeur.xlsx : Actions, ligne 14");
    CHECK(report::problem_location(sheet, 0, 0) == "classeur.xlsx : Actions");
    sheet.sheet = "Lignes budgétaires";
    CHECK(report::problem_location(sheet, 2, 28) == "classeur.xlsx : 'Lignes budgétaires'!AB2");
  }

  TEST_CASE("CSV excerpt with a caret") {
    SUBCASE("short line: quoted fields, line breaks shown, caret at the field") {
      const auto [text, caret] = report::csv_excerpt(cells({"FA-1", "Maraudes; nuit", "a\nb", "31/02/2024"}), ';', 4);
      CHECK(text == "FA-1;\"Maraudes; nuit\";\"a⏎b\";31/02/2024");
      CHECK(caret == 29);
      CHECK(text.substr(text.size() - 10) == "31/02/2024");
    }
    SUBCASE("a column past the last cell points after the separators") {
      const auto [text, caret] = report::csv_excerpt(cells({"A", "B"}), ';', 4);
      CHECK(text == "A;B;;");
      CHECK(caret == 6);
    }
    SUBCASE("no column: no caret") {
      CHECK(report::csv_excerpt(cells({"A", "B"}), ',', 0).second == 0);
    }
    SUBCASE("a long line is cut around the column, on character boundaries") {
      std::vector<std::string> fields(20, "Éàçèé-ô");
      fields[15] = "VALEUR";
      const auto [text, caret] = report::csv_excerpt(cells(fields), ';', 16, 40);
      CHECK(util::is_valid_utf8(text));
      CHECK(text.starts_with("…"));
      CHECK(text.ends_with("…"));
      CHECK(util::display_width(text) == 42);
      // The caret's code point starts « VALEUR ».
      std::size_t index = 0;
      std::size_t byte = 0;
      for (; byte < text.size(); ++byte) {
        if ((static_cast<unsigned char>(text[byte]) & 0xC0) != 0x80 && ++index == caret) {
          break;
        }
      }
      CHECK(text.substr(byte, 6) == "VALEUR");
    }
  }

  TEST_CASE("problem and plan rendering") {
    report::ImportProblemView problem;
    problem.location = "actions.csv:2:3";
    problem.code = "E108";
    problem.message = "« Axe » : choix inconnu « 7 »";
    problem.excerpt = "FA-1;Titre;7";
    problem.caret = 12;
    CHECK(report::render_problem(problem) ==
          "actions.csv:2:3: erreur [E108] « Axe » : choix inconnu « 7 »\n  FA-1;Titre;7\n             ^\n");
    // A control character of the line read is shown by its code, and the caret counts what is shown.
    problem.excerpt = "FA-\x1b[2J1;Titre;7";
    problem.caret = 16;
    CHECK(report::render_problem(problem) ==
          "actions.csv:2:3: erreur [E108] « Axe » : choix inconnu « 7 »\n"
          "  FA-⟨U+001B⟩[2J1;Titre;7\n"
          "  " +
              std::string(22, ' ') + "^\n");
    problem.warning = true;
    problem.excerpt.clear();
    CHECK(report::render_problem(problem) == "actions.csv:2:3: avertissement [E108] « Axe » : choix inconnu « 7 »\n");

    report::PlanEntry entry;
    entry.outcome = report::ImportOutcome::updated;
    entry.reference = "FA-3";
    entry.title = "Accueil";
    entry.location = "a.csv:4";
    entry.action_id = 12;
    entry.changes = {{"Intitulé de l'action", "Accueil", "Accueil de jour"}, {"Date de fin", "", "31/12/2027"}};
    CHECK(report::render_plan_entry(entry) ==
          "FA-3 « Accueil » : à modifier (action n° 12)  [a.csv:4]\n"
          "    Intitulé de l'action : Accueil → Accueil de jour\n"
          "    Date de fin : (vide) → 31/12/2027\n");
    entry = {};
    entry.outcome = report::ImportOutcome::rejected;
    entry.reference = "FA-9";
    entry.location = "b.csv:7";
    entry.detail = "aucune action";
    CHECK(report::render_plan_entry(entry) == "FA-9 : rejetée — aucune action  [b.csv:7]\n");
  }

  TEST_CASE("summary") {
    report::ImportSummary summary;
    summary.convention = "n° 1 — CA Amiens Métropole (CLS)";
    summary.sources = {{"a.csv", "actions", 2}, {"b.csv", "Lignes budgétaires", 1}};
    summary.counts.rows_read = 3;
    summary.counts.rows_accepted = 1;
    summary.counts.rows_rejected = 2;
    summary.counts.created = 1;
    summary.counts.rejected = 1;
    summary.errors = 2;
    summary.warnings = 1;
    summary.by_code = {{"E106", 1}, {"E502", 1}, {"W601", 1}};
    CHECK(report::render_import_summary(summary) ==
          "Import dans la convention n° 1 — CA Amiens Métropole (CLS) :\n"
          "  a.csv : 2 lignes (actions)\n"
          "  b.csv : 1 ligne (Lignes budgétaires)\n"
          "Lignes lues : 3 — sans erreur : 1 — rejetées : 2\n"
          "Actions : 1 à créer, 1 rejetée (après correction des erreurs)\n"
          "Problèmes par code : E106 date invalide × 1, E502 parité État / collectivité non respectée × 1, W601 "
          "colonne inconnue × 1\n"
          "Import refusé : 2 erreurs, rien n'a été enregistré.\n"
          "1 avertissement.\n");
    CHECK(report::problem_title("W604") == "fichier ou feuille non reconnu");
    CHECK(report::problem_title("E999").empty());
  }
}

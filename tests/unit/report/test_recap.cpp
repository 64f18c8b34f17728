// Recap tables of a convention (report/recap*.cpp) and fiches (report/fiche*.cpp).
#include <doctest/doctest.h>

#include <algorithm>

#include "io/csv/reader.hpp"
#include "io/xlsx/workbook.hpp"
#include "report/fiche.hpp"
#include "report/recap.hpp"
#include "store/convention_store.hpp"
#include "test_export_support.hpp"

using namespace pilot;
using export_test::Fixture;

namespace {

const report::RecapTab& tab(const report::Recap& recap, const std::string& key) {
  for (const auto& t : recap.tabs) {
    if (t.key == key) {
      return t;
    }
  }
  FAIL("no tab " << key);
  return recap.tabs.front();
}

std::int64_t cents(const report::Cell& cell) {
  const auto* money = std::get_if<report::Money>(&cell);
  REQUIRE(money != nullptr);
  return money->cents;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

report::Recap amiens_recap(Fixture& fixture) {
  auto convention = store::find_convention(fixture.database, fixture.ids.amiens);
  REQUIRE(convention);
  return report::build_recap(fixture.database, fixture.catalog, *convention);
}

}  // namespace

TEST_SUITE("report::recap") {
  TEST_CASE("actions and budgets per axe, in the list's order, with totals and shares") {
    Fixture fixture;
    const auto recap = amiens_recap(fixture);
    REQUIRE(recap.tabs.size() == 5);
    const auto& actions = tab(recap, "actions");
    REQUIRE(actions.sections.size() == 2);
    CHECK(actions.sections[0].heading == "Axe 1 : Enfance");
    CHECK(actions.sections[1].heading == "Axe 3 : Accès aux droits");
    REQUIRE(actions.sections[0].rows.size() == 2);
    CHECK(std::get<std::string>(actions.sections[0].rows[0][0]) == "1.1");
    CHECK(std::get<std::string>(actions.sections[0].rows[0][2]) == "Action renforcée");
    CHECK(std::get<std::string>(actions.sections[0].rows[0][4]) == "Alimentation; Jeunesse");
    CHECK(std::get<std::string>(actions.sections[0].rows[1][5]) == "Brouillon (abandonnée en 2025)");
    CHECK(std::get<std::string>(actions.sections[0].total[1]) == "2 actions");
    CHECK(cents(actions.sections[0].total[6]) == export_test::k_a1_cents + export_test::k_a3_cents);
    // Column headers come from the forms.
    CHECK(actions.columns[2].label == fixture.catalog.find_form("action-test-cls")->find_field("nature")->label);

    const auto& budgets = tab(recap, "budgets");
    REQUIRE(budgets.sections.size() == 3);
    const auto& a1 = budgets.sections[0].rows[0];
    CHECK(cents(a1[2]) == 5'000'050);
    CHECK(cents(a1[3]) == 2'000'000);
    CHECK(cents(a1[4]) == 500'000);
    CHECK(std::get<report::Percent>(a1[6]).value == 66.67);  // rounded to 0.01 point
    const auto& overall = budgets.sections.back();
    CHECK(overall.heading == "Ensemble de la convention");
    CHECK(overall.rows.size() == 2);
    CHECK(cents(overall.total[5]) == export_test::k_a1_cents + export_test::k_a2_cents + export_test::k_a3_cents);
    CHECK(std::get<std::string>(overall.total[1]) == "3 actions");
  }

  TEST_CASE("indicators per kind with target and realised per year") {
    Fixture fixture;
    const auto recap = amiens_recap(fixture);
    const auto& locaux = tab(recap, "locaux");
    REQUIRE(locaux.sections.size() == 1);
    std::vector<std::string> labels;
    for (const auto& column : locaux.columns) {
      labels.push_back(column.label);
    }
    CHECK(labels == std::vector<std::string>{"Réf.", "Action", "Indicateur", "Unité", "Valeur de référence",
                                             "Cible 2024", "Réalisé 2024", "Cible 2025", "Réalisé 2025"});
    const auto& row = locaux.sections[0].rows[0];
    CHECK(std::get<std::string>(row[2]) == "Enfants bénéficiaires");
    CHECK(std::get<std::string>(row[3]) == "Nombre");
    CHECK(std::get<double>(row[5]) == 450);
    CHECK(std::get<double>(row[6]) == 300);
    CHECK(std::holds_alternative<std::monostate>(row[8]));
    CHECK(tab(recap, "impact").sections.size() == 1);
    CHECK(tab(recap, "nationaux").sections.empty());
  }

  TEST_CASE("renderers: text, Markdown, CSV, XLSX") {
    Fixture fixture;
    const auto recap = amiens_recap(fixture);
    const std::string text = report::render_recap_text(recap);
    CHECK(contains(text, "Récapitulatif de la convention n° " + std::to_string(fixture.ids.amiens)));
    CHECK(contains(text, "══ Récapitulatif des budgets ══"));
    CHECK(contains(text, "Axe 3 : Accès aux droits"));
    CHECK(contains(text, "75 010,50 €"));
    CHECK(contains(text, "Aucun indicateur de ce type."));
    const std::string markdown = report::render_recap_markdown(recap);
    CHECK(contains(markdown, "## Actions"));
    CHECK(contains(markdown, "### Axe 1 : Enfance"));
    CHECK(contains(markdown, "| **Total** | **2 actions** |"));

    const auto path = (fixture.scratch.path() / "recap.csv").string();
    REQUIRE(report::write_recap_csv(recap, path, io::csv::Flavor::fr));
    auto reader = io::csv::Reader::open(path);
    REQUIRE(reader);
    std::vector<std::vector<std::string>> rows;
    while (auto row = reader->next()) {
      if (!*row) {
        break;
      }
      rows.push_back((*row)->fields);
    }
    CHECK(rows[0] == std::vector<std::string>{"Actions"});
    CHECK(rows[1][0] == "Axe / volet");
    CHECK(rows[2][0] == "Axe 1 : Enfance");
    // Each section ends with its total, as in the other formats.
    const auto total = std::find_if(rows.begin(), rows.end(), [](const auto& row) {
      return row.size() > 2 && row[0] == "Axe 1 : Enfance" && row[1] == "Total";
    });
    CHECK(total != rows.end());

    const auto one = (fixture.scratch.path() / "budgets.csv").string();
    REQUIRE(report::write_recap_csv(recap, one, io::csv::Flavor::rfc4180, "budgets"));
    CHECK(export_test::read_file(one).starts_with("axe_volet,reference,intitule,etat,collectivite,autres,total,"));
    auto bad = report::write_recap_csv(recap, one, io::csv::Flavor::fr, "nope");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == ErrorKind::usage);

    const auto workbook_path = (fixture.scratch.path() / "recap.xlsx").string();
    REQUIRE(report::write_recap_xlsx(recap, workbook_path));
    auto workbook = io::xlsx::Workbook::open(workbook_path);
    REQUIRE(workbook);
    CHECK(workbook->sheet_names() == std::vector<std::string>{"Actions", "Récapitulatif des budgets",
                                                              "Indicateurs nationaux", "Indicateurs locaux",
                                                              "Indicateurs d'impact"});
    auto sheet = workbook->open_sheet("Récapitulatif des budgets");
    REQUIRE(sheet);
    bool found_money = false;
    while (true) {
      auto row = sheet->next();
      REQUIRE(row);
      if (!*row) {
        break;
      }
      if ((*row)->cell(0).text == "1.1") {
        CHECK((*row)->cell(2).type == io::xlsx::CellType::number);
        CHECK((*row)->cell(2).number == doctest::Approx(50000.50));
        found_money = true;
      }
    }
    CHECK(found_money);
  }
}

TEST_SUITE("report::recap markdown") {
  TEST_CASE("user text is shown as typed, never rendered as HTML or emphasis") {
    report::Recap recap;
    report::RecapTab tab;
    tab.key = "actions";
    tab.title = "Actions";
    tab.columns = {{"intitule", "Intitulé"}};
    report::RecapSection section;
    section.heading = "Axe *1*";
    section.rows.push_back({report::Cell(std::string("<img src=x onerror=alert(1)> | _urgent_"))});
    tab.sections.push_back(section);
    recap.tabs.push_back(tab);
    const std::string markdown = report::render_recap_markdown(recap);
    CHECK(contains(markdown, "### Axe \\*1\\*"));
    CHECK(contains(markdown, "\\<img src=x onerror=alert(1)> \\| \\_urgent\\_"));
    CHECK_FALSE(contains(markdown, " <img"));
  }
}

TEST_SUITE("report::fiche") {
  TEST_CASE("action fiche: every answer under its section, budget, indicators, validations") {
    Fixture fixture;
    auto stored = store::load_action(fixture.database.connection(), fixture.ids.a1);
    REQUIRE(stored);
    auto convention = store::find_convention(fixture.database, fixture.ids.amiens);
    REQUIRE(convention);
    const auto fiche = report::action_fiche(
        fixture.catalog, *stored, fixture.catalog.find_form("action-test-cls"), *convention,
        store::all_validations(fixture.database.connection(), fixture.ids.a1), {"2026-11-22T10:00:00Z", "2026-11-23"});
    std::vector<std::string> titles;
    for (const auto& block : fiche.blocks) {
      titles.push_back(block.title);
    }
    CHECK(titles == std::vector<std::string>{"Convention", "Intitulé", "Caractéristiques", "Publics de l'action",
                                             "Calendrier et budget", "Budget prévisionnel", "Indicateurs",
                                             "Validations"});
    CHECK(fiche.title == "Fiche action 1.1 — Petits-déjeuners à l'école");
    const auto& budget = fiche.blocks[5];
    REQUIRE(budget.rows.size() == 2);
    CHECK(cents(budget.total[4]) == export_test::k_a1_cents);
    CHECK(contains(budget.note, "2025 — Autres co-financeurs (CAF) : 5 000,00 €"));

    const std::string html = report::render_fiche_html(fiche);
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(contains(html, "@page { size: A4;"));
    CHECK(contains(html, "<dt>Axe du Pacte</dt><dd>Axe 1 : Enfance</dd>"));
    CHECK(contains(html, "<dt>L&#39;action se déroule-t-elle en QPV ?</dt><dd>Oui</dd>"));
    CHECK(contains(html, "=HYPERLINK(&quot;http://example.com&quot;)"));  // escaped, shown as text
    CHECK(contains(html, "<tr class=\"total\">"));
    CHECK(contains(html, "<td class=\"num\">75 000,50 €</td>"));
    CHECK(contains(html, "paul"));
    CHECK(contains(html, "données au 22/11/2026 à 10:00 UTC"));
    const std::string markdown = report::render_fiche_markdown(fiche);
    CHECK(contains(markdown, "# Fiche action 1.1 — Petits-déjeuners à l'école"));
    CHECK(contains(markdown, "- **Axe du Pacte** : Axe 1 : Enfance"));
    CHECK(contains(markdown, "| **Total** |"));
  }

  TEST_CASE("action fiche of a form no longer in the catalog lists answers by key") {
    Fixture fixture;
    auto stored = store::load_action(fixture.database.connection(), fixture.ids.c1);
    REQUIRE(stored);
    auto convention = store::find_convention(fixture.database, fixture.ids.gironde);
    REQUIRE(convention);
    const auto fiche = report::action_fiche(fixture.catalog, *stored, nullptr, *convention, {}, {"", "now"});
    bool found = false;
    for (const auto& block : fiche.blocks) {
      if (block.title == "Réponses (formulaire absent du catalogue)") {
        found = true;
        CHECK(block.fields.front().label == "ancien_champ");
      }
      if (block.title == "Validations") {
        CHECK(block.note == "Aucune validation : l'action est en brouillon.");
      }
    }
    CHECK(found);
  }

  TEST_CASE("convention fiche: details, budget per axe, actions") {
    Fixture fixture;
    const auto fiche = report::convention_fiche(amiens_recap(fixture), {"2026-11-22T10:00:00Z", "now"});
    const std::string html = report::render_fiche_html(fiche);
    CHECK(contains(html, "Fiche convention — CA Amiens Métropole — CLS"));
    CHECK(contains(html, "<h2>Budget par axe / volet</h2>"));
    CHECK(contains(html, "<td class=\"num\">76 010,50 €</td>"));
    CHECK(contains(html, "<td>Petits-déjeuners à l&#39;école</td>"));
    CHECK(contains(html, "<dt>Indicateurs locaux</dt><dd>1</dd>"));
  }
}

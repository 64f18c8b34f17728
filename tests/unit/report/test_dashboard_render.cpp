// The dashboard formatters: text (width, French numbers, bars), Markdown, JSON keys, CSV rows, and
// a self-contained HTML page.
#include <doctest/doctest.h>

#include "report/dashboard_render.hpp"
#include "test_dashboard_dataset.hpp"
#include "util/text.hpp"

using namespace pilot;

namespace {

report::Dashboard dataset_dashboard(bool territorial, const std::vector<std::string>& only = {}) {
  test::ScratchDirectory scratch;
  auto database = test::make_database(scratch.path() / "dashboard.sqlite");
  test::fill_dashboard_dataset(database);
  store::DashboardQuery query;
  if (territorial) {
    query.scope.departement_codes = {"80"};
  }
  query.bilan_year = 2025;
  query.cls_forms = {"action-cls-departement", "action-cls-metropole"};
  query.cie_forms = {"action-cie"};
  report::prepare_query(query, only);
  report::DashboardContext context;
  context.scope = territorial ? "département 80 Somme" : "national";
  context.bilan_year = 2025;
  context.data_date = database.data_timestamp();
  report::DashboardLabels labels;
  labels.fields["axe"] = {{"axe_1", "Axe 1 : Prévenir la pauvreté et lutter contre les inégalités dès l'enfance"},
                          {"axe_2", "Axe 2 : Amplifier la politique d'accès à l'emploi pour tous"},
                          {"axe_3", "Axe 3 : Lutter contre la grande exclusion grâce à l'accès aux droits"},
                          {"axe_4", "Axe 4 : Construire une transition écologique et solidaire"}};
  labels.fields["champs"] = {{"sante", "Santé & <accès>"}};
  return report::build_dashboard(store::query_dashboard(database, query), labels, context, only);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return lines;
}

std::size_t count(const std::string& text, std::string_view needle) {
  std::size_t found = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++found;
  }
  return found;
}

}  // namespace

TEST_SUITE("report::dashboard render") {
  TEST_CASE("compact money, shares and the data date") {
    CHECK(report::format_compact_money(0) == "0 €");
    CHECK(report::format_compact_money(123'456) == "1 235 €");
    CHECK(report::format_compact_money(-500'000) == "-5 000 €");
    CHECK(report::format_compact_money(1'000'000) == "10,0 k€");
    CHECK(report::format_compact_money(27'800'000) == "278,0 k€");
    CHECK(report::format_compact_money(99'990'000) == "999,9 k€");
    CHECK(report::format_compact_money(99'996'000) == "1,00 M€");
    CHECK(report::format_compact_money(256'000'000) == "2,56 M€");
    CHECK(report::format_compact_money(7'294'423'300) == "72,94 M€");
    CHECK(report::format_compact_money(150'000'000'000) == "1,50 Md€");
    CHECK(report::format_measure(1234567, report::Measure::count) == "1 234 567");
    CHECK(report::format_share(33.3333) == "33,3 %");
    CHECK(report::format_share(std::nullopt) == "–");
    CHECK(report::format_data_date("2026-11-22T10:00:00Z") == "22/11/2026 à 10:00 UTC");
    CHECK(report::format_data_date("") == "aucune donnée enregistrée");
    CHECK(report::format_data_date("hier") == "hier");
  }

  TEST_CASE("text: header, French numbers, bars, national columns, within 100 columns") {
    const auto dashboard = dataset_dashboard(true);
    const std::string text = report::render_dashboard_text(dashboard);
    for (const auto& line : lines_of(text)) {
      CHECK_MESSAGE(util::display_width(line) <= 100, line);
    }
    CHECK(text.starts_with("Tableau de bord — département 80 Somme\n"));
    CHECK(text.find("Données au 22/11/2026 à 10:00 UTC") != std::string::npos);
    std::string unwrapped = text;
    for (std::size_t at = unwrapped.find("\n  "); at != std::string::npos; at = unwrapped.find("\n  ", at)) {
      unwrapped.replace(at, 3, " ");
    }
    CHECK(unwrapped.find("Périmètre : 2 conventions, 6 actions ; référence nationale (mêmes filtres) : 4 conventions, "
                         "12 actions") != std::string::npos);
    CHECK(text.find("■ Répartition des budgets des CLS par axe") != std::string::npos);
    CHECK(text.find("Base (budget prévisionnel des actions CLS) : 176,0 k€ (national : 502,0 k€)") !=
          std::string::npos);
    CHECK(text.find("National") != std::string::npos);
    CHECK(text.find("█") != std::string::npos);
    CHECK(text.find("Axe 1 : Prévenir la pauvreté") != std::string::npos);
    CHECK(text.find("…") != std::string::npos);  // long axe labels are cut to fit
    // QPV: 2 of 6 in the scope (33,3 %), 4 of 12 nationally (33,3 %).
    bool qpv_row = false;
    for (const auto& line : lines_of(text.substr(text.find("■ Part d'actions en QPV")))) {
      if (line.starts_with("  Oui")) {
        qpv_row = line.find(" 2   33,3 %  ████▋") != std::string::npos && line.ends_with(" 4   33,3 %");
        break;
      }
    }
    CHECK_MESSAGE(qpv_row, text.substr(text.find("■ Part d'actions en QPV"), 600));
    CHECK(text.find("Note : Une action relevant de plusieurs champs") != std::string::npos);
  }

  TEST_CASE("text of a national dashboard: no reference columns, wider bars") {
    const auto dashboard = dataset_dashboard(false, {"qpv"});
    const std::string text = report::render_dashboard_text(dashboard);
    CHECK(text.find("National") == std::string::npos);
    CHECK(text.find("référence nationale") == std::string::npos);
    CHECK(text.find("Périmètre : 4 conventions, 12 actions") != std::string::npos);
    bool bar_found = false;
    for (const auto& line : lines_of(text)) {
      if (line.starts_with("  Non")) {
        // 8 of 12: two thirds of a 28-cell bar.
        bar_found = line.find("██████████████████▋") != std::string::npos;
      }
    }
    CHECK(bar_found);
    const std::string narrow = report::render_dashboard_text(dataset_dashboard(true), 80);
    for (const auto& line : lines_of(narrow)) {
      CHECK_MESSAGE(util::display_width(line) <= 80, line);
    }
  }

  TEST_CASE("JSON: stable keys, money in euros, shares rounded") {
    const auto json = report::dashboard_to_json(dataset_dashboard(true));
    const auto parsed = util::Json::parse(json.dump(2));
    REQUIRE(parsed);
    CHECK(parsed->find("perimetre")->as_string() == "département 80 Somme");
    CHECK(parsed->find("territorial")->as_bool());
    CHECK(parsed->find("filtres")->find("statut")->as_string() == "all");
    CHECK(parsed->find("filtres")->find("annee")->is_null());
    CHECK(parsed->find("filtres")->find("annee_bilans")->as_integer() == 2025);
    CHECK(parsed->find("date_donnees")->as_string() == "2026-11-22T10:00:00Z");
    CHECK(parsed->find("actions")->find("perimetre")->as_integer() == 6);
    CHECK(parsed->find("actions")->find("national")->as_integer() == 12);
    const util::Json* budgets = nullptr;
    for (const auto& chart : parsed->find("graphiques")->as_array()) {
      if (chart.find("id")->as_string() == "cls-budgets-axe") {
        budgets = &chart;
      }
    }
    REQUIRE(budgets != nullptr);
    CHECK(budgets->find("mesure")->as_string() == "montant");
    CHECK(budgets->find("forme")->as_string() == "repartition");
    CHECK(budgets->find("base")->find("national")->as_number() == doctest::Approx(502000.0));
    const auto& axe_1 = budgets->find("lignes")->as_array().at(0);
    CHECK(axe_1.find("cle")->as_string() == "axe_1");
    CHECK(axe_1.find("valeur")->find("perimetre")->as_number() == doctest::Approx(30000.0));
    CHECK(axe_1.find("valeur")->find("national")->as_number() == doctest::Approx(266000.0));
    CHECK(axe_1.find("part")->find("perimetre")->as_number() == doctest::Approx(17.05));  // 30 / 176
    CHECK(axe_1.find("part")->find("national")->as_number() == doctest::Approx(52.99));   // 266 / 502
  }

  TEST_CASE("CSV rows: context first, then one row per chart row") {
    const auto table = report::dashboard_table(dataset_dashboard(true, {"qpv"}));
    const auto header = report::csv_header(table, io::csv::Flavor::rfc4180);
    CHECK(header == std::vector<std::string>{"graphique", "titre", "groupe", "cle", "libelle", "mesure", "valeur",
                                             "base", "part", "valeur_nationale", "base_nationale", "part_nationale"});
    REQUIRE(table.rows.size() == 5 + 2);
    const auto perimetre = report::csv_cells(table.rows[0], io::csv::Flavor::rfc4180);
    CHECK(perimetre[0] == "contexte");
    CHECK(perimetre[3] == "perimetre");
    CHECK(perimetre[4] == "département 80 Somme");
    const auto actions = report::csv_cells(table.rows[4], io::csv::Flavor::rfc4180);
    CHECK(actions[3] == "actions");
    CHECK(actions[6] == "6");
    CHECK(actions[9] == "12");
    const auto oui = report::csv_cells(table.rows[5], io::csv::Flavor::rfc4180);
    CHECK(oui == std::vector<std::string>{"qpv", "Part d'actions en QPV", "", "oui", "Oui", "nombre", "2", "6", "33.33",
                                          "4", "12", "33.33"});
    const auto oui_fr = report::csv_cells(table.rows[5], io::csv::Flavor::fr);
    CHECK(oui_fr[8] == "33,33");
    const auto money = report::dashboard_table(dataset_dashboard(true, {"budget"}));
    const auto etat = report::csv_cells(money.rows[5], io::csv::Flavor::rfc4180);
    CHECK(etat[3] == "etat");
    CHECK(etat[6] == "125000.00");
    CHECK(etat[9] == "342000.00");
  }

  TEST_CASE("Markdown: a heading and a table per chart") {
    const std::string md = report::render_dashboard_markdown(dataset_dashboard(true, {"qpv", "credits-champ"}));
    CHECK(md.starts_with("# Tableau de bord — département 80 Somme\n"));
    CHECK(md.find("\n## Part d'actions en QPV\n") != std::string::npos);
    CHECK(md.find("| Oui | 2 | 33,3 % | 4 | 33,3 % |") != std::string::npos);
    CHECK(md.find("|---|---:|---:|---:|---:|") != std::string::npos);
    CHECK(md.find("| Santé & <accès> | 30,0 k€ |") != std::string::npos);
    CHECK(md.find("> Une action relevant de plusieurs champs") != std::string::npos);
  }

  TEST_CASE("HTML: one self-contained page with inline SVG, escaped text") {
    const auto dashboard = dataset_dashboard(true);
    const std::string html = report::render_dashboard_html(dashboard);
    CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    CHECK(html.find("<meta name=\"viewport\"") != std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(count(html, "<svg") == dashboard.charts.size());
    CHECK(count(html, "<section class=\"chart\"") == dashboard.charts.size());
    CHECK(html.find("<path") != std::string::npos);  // pies
    CHECK(html.find("<rect") != std::string::npos);  // bars
    // Nothing fetched, nothing run.
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("href=\"http") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    // User text is escaped everywhere it appears.
    CHECK(html.find("Santé & <accès>") == std::string::npos);
    CHECK(html.find("Santé &amp; &lt;accès&gt;") != std::string::npos);
    CHECK(html.find("Périmètre") != std::string::npos);
    CHECK(html.ends_with("</html>\n"));
  }

  TEST_CASE("empty charts still render") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "empty.sqlite");
    store::DashboardQuery query;
    query.bilan_year = 2025;
    report::prepare_query(query, {});
    report::DashboardContext context;
    context.scope = "national";
    context.bilan_year = 2025;
    const auto dashboard = report::build_dashboard(store::query_dashboard(database, query), {}, context, {});
    const std::string text = report::render_dashboard_text(dashboard);
    CHECK(text.find("Aucune donnée.") != std::string::npos);
    const std::string html = report::render_dashboard_html(dashboard);
    CHECK(html.find("aucune donnée") != std::string::npos);  // empty pies
    CHECK(report::render_dashboard_markdown(dashboard).find("## Nombre de conventions") != std::string::npos);
  }
}

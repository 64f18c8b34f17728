// service::import_actions against a database that already holds actions (--on-existing), dry runs,
// the --errors reports, and workbooks.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "service/actions.hpp"
#include "test_import_support.hpp"

using namespace pilot;
using pilot::test::ImportFixture;

namespace {

struct Files {
  std::string actions;
  std::string budget;
  std::string indicators;
};

Files amiens_files(ImportFixture& fixture, const std::vector<std::string>& titles, const std::string& prefix = "") {
  std::string actions = test::k_cls_header + "\n";
  std::string budget = test::k_budget_header + "\n";
  std::string indicators = test::k_indicator_header + "\n";
  for (std::size_t i = 0; i < titles.size(); ++i) {
    const std::string ref = "FA-" + std::to_string(i + 1);
    actions += test::cls_row(ref, titles[i]) + "\n";
    budget += test::budget_rows(ref);
    indicators += test::indicator_rows(ref);
  }
  return {fixture.write(prefix + "actions.csv", actions), fixture.write(prefix + "budget.csv", budget),
          fixture.write(prefix + "indicateurs.csv", indicators)};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

report::ImportSummary import_ok(ImportFixture& fixture, const Files& files, service::ImportOptions options = {},
                                test::Recorder* recorder = nullptr) {
  auto summary =
      fixture.run({files.actions, files.budget, files.indicators}, fixture.amiens, std::move(options), recorder);
  REQUIRE(summary);
  for (const auto& shown : summary->shown) {
    INFO(shown.location << " " << shown.message);
    CHECK(shown.warning);
  }
  return *summary;
}

service::ImportOptions on_existing(service::OnExisting mode) {
  service::ImportOptions options;
  options.on_existing = mode;
  return options;
}

}  // namespace

TEST_SUITE("service::import existing actions") {
  TEST_CASE("--on-existing fail, skip, update") {
    ImportFixture fixture;
    import_ok(fixture, amiens_files(fixture, {"Maraudes", "Accueil"}));
    const auto first = fixture.action(fixture.amiens, "FA-1");
    REQUIRE(first);
    const auto audit_before = fixture.count("audit_log");

    SUBCASE("fail (default): E608 and nothing written") {
      const auto summary = fixture.run({amiens_files(fixture, {"Maraudes", "Accueil"}, "2-").actions}, fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E608×2");
      CHECK(summary->shown.front().message.find("--on-existing update") != std::string::npos);
    }
    SUBCASE("skip: reported, left as is") {
      test::Recorder recorder;
      const auto summary = import_ok(fixture, amiens_files(fixture, {"Autre titre", "Accueil"}, "2-"),
                                     on_existing(service::OnExisting::skip), &recorder);
      CHECK(summary.counts.skipped == 2);
      CHECK(summary.counts.rows_ignored == 8);
      REQUIRE(recorder.entries.size() == 2);
      CHECK(recorder.entries[0].outcome == report::ImportOutcome::skipped);
      CHECK(fixture.action(fixture.amiens, "FA-1")->action.title == "Maraudes");
    }
    SUBCASE("update: the same content is « inchangée » and writes nothing") {
      const auto summary = import_ok(fixture, amiens_files(fixture, {"Maraudes", "Accueil"}, "2-"),
                                     on_existing(service::OnExisting::update));
      CHECK(summary.counts.unchanged == 2);
      CHECK(summary.counts.updated == 0);
      CHECK(fixture.count("audit_log") == audit_before);
    }
    SUBCASE("update: a changed title is written, with old → new in the plan") {
      test::Recorder recorder;
      const auto summary = import_ok(fixture, amiens_files(fixture, {"Maraudes de nuit", "Accueil"}, "2-"),
                                     on_existing(service::OnExisting::update), &recorder);
      CHECK(summary.counts.updated == 1);
      CHECK(summary.counts.unchanged == 1);
      const auto after = fixture.action(fixture.amiens, "FA-1");
      CHECK(after->action.title == "Maraudes de nuit");
      CHECK(after->action.id == first->action.id);
      CHECK(fixture.count("audit_log") == audit_before + 1);
      REQUIRE(recorder.entries.size() == 2);
      CHECK(recorder.entries[0].outcome == report::ImportOutcome::updated);
      REQUIRE(recorder.entries[0].changes.size() == 1);
      CHECK(recorder.entries[0].changes[0].field == "Intitulé de l'action");
      CHECK(recorder.entries[0].changes[0].before == "Maraudes");
      CHECK(recorder.entries[0].changes[0].after == "Maraudes de nuit");
    }
    SUBCASE("update: columns absent from the file keep their stored answers") {
      const std::string partial =
          fixture.write("partiel.csv", "Référence;Intitulé;Zone rurale\nFA-2;Accueil social;Oui\n");
      const auto summary = fixture.run({partial}, fixture.amiens, on_existing(service::OnExisting::update));
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "");
      CHECK(summary->counts.updated == 1);
      const auto after = fixture.action(fixture.amiens, "FA-2");
      CHECK(after->action.title == "Accueil social");
      CHECK(test::stored_text(*after, "zone_rurale") == "oui");
      CHECK(test::stored_text(*after, "axe") == "axe_3");
      CHECK(after->action.budget.size() == 2);
    }
    SUBCASE("update: budget lines alone link to stored actions") {
      const std::string budget = fixture.write(
          "budget-2025.csv", test::k_budget_header + "\nFA-1;2025;État;7000\nFA-1;2025;Collectivité;7000\n");
      const auto summary = fixture.run({budget}, fixture.amiens, on_existing(service::OnExisting::update));
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "");
      CHECK(summary->counts.updated == 1);
      const auto after = fixture.action(fixture.amiens, "FA-1");
      REQUIRE(after->action.budget.size() == 2);
      CHECK(after->action.budget[0].year == 2025);
      CHECK(after->action.indicators.size() == 1);  // untouched
    }
    SUBCASE("update: a budget total that matched its lines follows new lines, unless the file gives one") {
      const std::string with_total =
          fixture.write("total.csv", "Référence;Budget total de l'action\nFA-1;20 000\nFA-2;20 000\n");
      REQUIRE(fixture.run({with_total}, fixture.amiens, on_existing(service::OnExisting::update)));
      const std::string budget = fixture.write(
          "budget-2025.csv", test::k_budget_header + "\nFA-1;2025;État;7000\nFA-1;2025;Collectivité;7000\n");
      const auto summary = fixture.run({budget}, fixture.amiens, on_existing(service::OnExisting::update));
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "");
      CHECK(test::stored_text(*fixture.action(fixture.amiens, "FA-1"), "budget_total") == "1400000.000000");  // cents
      // A total given by the file is the user's: checked against the lines (E501), never rewritten.
      const std::string both = fixture.write("both.csv", "Référence;Budget total de l'action\nFA-2;99 000\n");
      const std::string budget_2 =
          fixture.write("budget-2.csv", test::k_budget_header + "\nFA-2;2025;État;7000\nFA-2;2025;Collectivité;7000\n");
      const auto refused = fixture.run({both, budget_2}, fixture.amiens, on_existing(service::OnExisting::update));
      REQUIRE(refused);
      CHECK(test::codes(*refused) == "E501×1");
    }
  }

  TEST_CASE("validated actions are never modified") {
    ImportFixture fixture;
    import_ok(fixture, amiens_files(fixture, {"Maraudes"}));
    const auto id = fixture.action(fixture.amiens, "FA-1")->action.id;
    service::ValidateOptions validate;
    validate.side = "etat";
    validate.action_ids = {id};
    const auto validated = service::validate(fixture.context, validate);
    REQUIRE(validated);
    REQUIRE_FALSE(validated->any_refused());
    SUBCASE("update with new content: E609") {
      const auto summary = fixture.run({amiens_files(fixture, {"Nouveau titre"}, "2-").actions}, fixture.amiens,
                                       on_existing(service::OnExisting::update));
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E609×1");
      CHECK(summary->shown.front().message.find("Validée par l'État") != std::string::npos);
      CHECK(fixture.action(fixture.amiens, "FA-1")->action.title == "Maraudes");
    }
    SUBCASE("update with new content and another error: both at once") {
      const std::string total = fixture.write("total.csv", "Référence;Budget total de l'action\nFA-1;99 000\n");
      const auto summary = fixture.run({total}, fixture.amiens, on_existing(service::OnExisting::update));
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E501×1 E609×1");
      CHECK(fixture.action(fixture.amiens, "FA-1")->action.title == "Maraudes");
    }
    SUBCASE("update with the same content: « inchangée »") {
      const auto summary =
          import_ok(fixture, amiens_files(fixture, {"Maraudes"}, "2-"), on_existing(service::OnExisting::update));
      CHECK(summary.counts.unchanged == 1);
    }
    SUBCASE("skip: reported as validated, not an error") {
      test::Recorder recorder;
      const auto summary = import_ok(fixture, amiens_files(fixture, {"Nouveau titre"}, "2-"),
                                     on_existing(service::OnExisting::skip), &recorder);
      CHECK(summary.counts.locked == 1);
      CHECK(summary.errors == 0);
      REQUIRE(recorder.entries.size() == 1);
      CHECK(recorder.entries[0].outcome == report::ImportOutcome::locked);
      CHECK(recorder.entries[0].detail.find("Validée par l'État") != std::string::npos);
    }
  }

  TEST_CASE("dry run: the plan, nothing written") {
    ImportFixture fixture;
    test::Recorder recorder;
    service::ImportOptions options;
    options.dry_run = service::DryRun::yes;
    const auto summary = import_ok(fixture, amiens_files(fixture, {"Maraudes", "Accueil"}), options, &recorder);
    CHECK(summary.dry_run);
    CHECK_FALSE(summary.written);
    CHECK(summary.counts.created == 2);
    CHECK(fixture.count("actions") == 0);
    REQUIRE(recorder.entries.size() == 2);
    CHECK(recorder.entries[0].reference == "FA-1");
    CHECK(recorder.entries[0].title == "Maraudes");
    CHECK(recorder.entries[0].outcome == report::ImportOutcome::created);
    CHECK(recorder.entries[0].location == fixture.path("actions.csv") + ":2");
    CHECK(report::render_plan_entry(recorder.entries[0]) ==
          "FA-1 « Maraudes » : à créer  [" + fixture.path("actions.csv") + ":2]\n");
    const std::string text = report::render_import_summary(summary);
    CHECK(text.find("Actions : 2 à créer") != std::string::npos);
    CHECK(text.find("Simulation : rien n'a été enregistré.") != std::string::npos);
  }

  TEST_CASE("--errors reports") {
    ImportFixture fixture;
    Files files = amiens_files(fixture, {"Maraudes", "Accueil"});
    files.actions =
        fixture.write("actions.csv", test::k_cls_header + "\n" + test::cls_row("FA-1", "Maraudes", "31/02/2024") +
                                         "\n" + test::cls_row("FA-2", "=HYPERLINK(\"x\")") + "\n");
    service::ImportOptions options;
    SUBCASE("CSV") {
      options.errors_path = fixture.path("rapport.csv");
      const auto summary = fixture.run({files.actions, files.budget, files.indicators}, fixture.amiens, options);
      REQUIRE(summary);
      CHECK(summary->errors_report == options.errors_path);
      const std::string report = read_file(options.errors_path);
      CHECK(
          report.starts_with("\xEF\xBB\xBF"
                             "Fichier;Feuille;Ligne;Colonne;Cellule;Référence;Champ;Valeur;Code;Gravité;"
                             "Message\r\n"));
      CHECK(report.find(";2;11;;FA-1;Date de début de l'action;31/02/2024;E106;erreur;") != std::string::npos);
    }
    SUBCASE("JSON") {
      options.errors_path = fixture.path("rapport.json");
      const auto summary = fixture.run({files.actions, files.budget, files.indicators}, fixture.amiens, options);
      REQUIRE(summary);
      const auto json = util::Json::parse(read_file(options.errors_path));
      REQUIRE(json);
      REQUIRE(json->is_array());
      REQUIRE(json->as_array().size() == 1);
      const auto& problem = json->as_array().front();
      CHECK(problem.find("code")->as_string() == "E106");
      CHECK(problem.find("colonne")->as_string() == "11");
      CHECK(problem.find("valeur")->as_string() == "31/02/2024");
    }
    SUBCASE("XLSX: the workbook imports again as is and says the same") {
      options.errors_path = fixture.path("rapport.xlsx");
      const auto summary = fixture.run({files.actions, files.budget, files.indicators}, fixture.amiens, options);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E106×1");
      const auto again = fixture.run({options.errors_path}, fixture.amiens);
      REQUIRE(again);
      CHECK(test::codes(*again) == "E106×1");
      CHECK(again->counts.rows_read == summary->counts.rows_read);
      REQUIRE(again->shown.size() == 1);
      CHECK(again->shown.front().location == fixture.path("rapport.xlsx") + " : actions!L2");
    }
  }

  TEST_CASE("workbooks") {
    ImportFixture fixture;
    const std::string data = PILOT_TEST_DATA;
    SUBCASE("Excel-style workbook: titles, real dates, numbers as numbers and as text, hidden lists") {
      const auto summary = fixture.run({data + "/import/cls_metropole.xlsx"}, fixture.amiens);
      REQUIRE(summary);
      for (const auto& shown : summary->shown) {
        INFO(shown.location << " " << shown.message);
        CHECK(shown.warning);
      }
      CHECK(summary->errors == 0);
      CHECK(test::codes(*summary) == "W604×1");  // « Lisez-moi »
      CHECK(summary->counts.created == 3);
      const auto first = fixture.action(fixture.amiens, "1.1");
      REQUIRE(first);
      CHECK(test::stored_text(*first, "date_debut") == "2024-09-02");
      CHECK(test::stored_text(*first, "champs") == "alimentation;education");
      const auto second = fixture.action(fixture.amiens, "2.1");
      REQUIRE(second);
      CHECK(test::stored_text(*second, "beneficiaires_attendus") == "1234.000000");
      CHECK(second->action.budget[0].amount_cents == 3'500'050);
      CHECK(fixture.action(fixture.amiens, "3.1"));
    }
    SUBCASE("--sheet reads one sheet") {
      service::ImportOptions options;
      options.sheet = "budget";
      options.on_existing = service::OnExisting::update;
      const auto summary = fixture.run({data + "/import/cls_metropole.xlsx"}, fixture.amiens, options);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E607×12");
      options.sheet = "Absente";
      const auto missing = fixture.run({data + "/import/cls_metropole.xlsx"}, fixture.amiens, options);
      REQUIRE(missing);
      CHECK(test::codes(*missing) == "E604×1");
    }
    SUBCASE("numbers that are not what the cell shows: a year in a date column, percentages of counts") {
      const std::string file = data + "/import/shown_cells.xlsx";
      const auto summary = fixture.run({file}, fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E101×1 E102×1 E106×1 W604×1");
      std::set<std::string> located;
      for (const auto& shown : summary->shown) {
        located.insert(shown.code + " " + shown.location + " " + shown.value);
      }
      CHECK(located.contains("E106 " + file + " : Actions!M4 2024"));
      CHECK(located.contains("E101 " + file + " : Actions!L5 100 %"));
      CHECK(located.contains("E102 " + file + " : Indicateurs!H2 450 %"));
      CHECK(fixture.count("actions") == 0);
    }
    SUBCASE("headers on two rows: group titles above the fields' labels") {
      const auto summary = fixture.run({data + "/import/two_row_header.xlsx"}, fixture.amiens);
      REQUIRE(summary);
      for (const auto& shown : summary->shown) {
        INFO(shown.location << " " << shown.message);
        CHECK(shown.warning);
      }
      CHECK(test::codes(*summary) == "W604×1");  // « Lisez-moi »
      CHECK(summary->counts.created == 3);
      const auto first = fixture.action(fixture.amiens, "1.1");
      REQUIRE(first);
      CHECK(test::stored_text(*first, "date_debut") == "2024-09-02");
      CHECK(test::stored_text(*first, "date_fin") == "2027-07-05");
      CHECK(first->action.budget.size() == 8);
    }
    SUBCASE("error cells, impossible serials, booleans") {
      const auto summary = fixture.run({data + "/import/bad_cells.xlsx"}, fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E106×1 E108×1 E612×1 W604×1");
      bool found = false;
      for (const auto& shown : summary->shown) {
        found = found || (shown.code == "E612" && shown.location == data + "/import/bad_cells.xlsx : Actions!C4");
      }
      CHECK(found);
    }
  }
}

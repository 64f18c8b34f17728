// service::import_actions: every problem code the import emits, where it points, and that any error
// leaves the database as it was.
#include <doctest/doctest.h>

#include "test_import_support.hpp"
#include "util/text.hpp"

using namespace pilot;
using pilot::test::ImportFixture;

namespace {

// Imports into Amiens (CLS métropole) the actions text with valid budget and indicators for `refs`.
Result<report::ImportSummary> import_amiens(ImportFixture& fixture, const std::string& actions,
                                            const std::vector<std::string>& refs = {"FA-1"},
                                            service::ImportOptions options = {}) {
  std::string budget = test::k_budget_header + "\n";
  std::string indicators = test::k_indicator_header + "\n";
  for (const auto& ref : refs) {
    budget += test::budget_rows(ref);
    indicators += test::indicator_rows(ref);
  }
  return fixture.run({fixture.write("actions.csv", actions), fixture.write("budget.csv", budget),
                      fixture.write("indicateurs.csv", indicators)},
                     fixture.amiens, std::move(options));
}

const report::ImportProblemView* find(const report::ImportSummary& summary, const std::string& code) {
  for (const auto& shown : summary.shown) {
    if (shown.code == code) {
      return &shown;
    }
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("service::import errors") {
  TEST_CASE("value problems point at file:line:column with the line and a caret") {
    ImportFixture fixture;
    const std::string actions = test::k_cls_header + "\n" + test::cls_row("FA-1", "Maraudes", "31/02/2024") + "\n";
    const auto summary = import_amiens(fixture, actions);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == "E106×1");
    CHECK(summary->errors == 1);
    CHECK_FALSE(summary->written);
    CHECK(summary->counts.rejected == 1);
    CHECK(summary->counts.rows_rejected == 4);
    CHECK(fixture.count("actions") == 0);
    const auto* problem = find(*summary, "E106");
    REQUIRE(problem);
    CHECK(problem->location == fixture.path("actions.csv") + ":2:11");
    CHECK(problem->field == "Date de début de l'action");
    CHECK(problem->value == "31/02/2024");
    CHECK(problem->message.find("31/02/2024") != std::string::npos);
    CHECK(problem->excerpt.ends_with(";Non;31/02/2024"));
    // The caret sits under the first character of the bad field (the long line is shortened on the left).
    CHECK(problem->excerpt.starts_with("…"));
    const std::size_t at = problem->excerpt.find("31/02/2024");
    REQUIRE(at != std::string::npos);
    CHECK(problem->caret == util::display_width(problem->excerpt.substr(0, at)) + 1);
    const std::string rendered = report::render_problem(*problem);
    CHECK(rendered.ends_with("\n  " + std::string(problem->caret - 1, ' ') + "^\n"));
  }

  TEST_CASE("each value and record code") {
    ImportFixture fixture;
    std::string extra_header;
    std::string extra_cells;
    std::string row = test::cls_row("FA-1");
    std::vector<std::string> refs = {"FA-1"};
    std::string expected;
    SUBCASE("E101 integer") {
      extra_header = ";Nombre de bénéficiaires attendus par an";
      extra_cells = ";douze";
      expected = "E101×1";
    }
    SUBCASE("E103 money with three decimals") {
      extra_header = ";Budget total de l'action";
      extra_cells = ";12,345";
      expected = "E103×1";
    }
    SUBCASE("E107 yes/no") {
      row =
          "FA-1;Maraudes;Axe 3;Action nouvelle;Aller-vers / repérage;Accès aux droits;Tout public;peut-être;Oui;"
          "Non;01/02/2024";
      expected = "E107×1";
    }
    SUBCASE("E108 unknown choice") {
      row =
          "FA-1;Maraudes;Axe 9;Action nouvelle;Aller-vers / repérage;Accès aux droits;Tout public;Non;Oui;Non;"
          "01/02/2024";
      expected = "E108×1";
    }
    SUBCASE("E201 required answer missing") {
      row = "FA-1;;Axe 3;Action nouvelle;Aller-vers / repérage;Accès aux droits;Tout public;Non;Oui;Non;01/02/2024";
      expected = "E201×1";
    }
    SUBCASE("E203 answer to a question that does not apply") {
      extra_header = ";En quoi l'action est-elle renforcée ?";
      extra_cells = ";File active";
      expected = "E203×1";
    }
    SUBCASE("E204 « Autre » without its precision") {
      row = "FA-1;Maraudes;Axe 3;Action nouvelle;Autre;Accès aux droits;Tout public;Non;Oui;Non;01/02/2024";
      expected = "E204×1";
    }
    SUBCASE("E301 below the minimum") {
      extra_header = ";Nombre de bénéficiaires attendus par an";
      extra_cells = ";-3";
      expected = "E301×1";
    }
    SUBCASE("E303 text too long") {
      row = "FA-1;" + std::string(301, 'x') +
            ";Axe 3;Action nouvelle;Aller-vers / repérage;Accès aux droits;Tout public;Non;Oui;Non;01/02/2024";
      expected = "E303×1";
    }
    SUBCASE("E304 pattern") {
      row =
          "#12;Maraudes;Axe 3;Action nouvelle;Aller-vers / repérage;Accès aux droits;Tout public;Non;Oui;Non;"
          "01/02/2024";
      refs = {"#12"};
      expected = "E304×1";
    }
    SUBCASE("E305 constraint") {
      extra_header = ";Date de fin de l'action";
      extra_cells = ";01/01/2024";
      expected = "E305×1";
    }
    SUBCASE("E501 budget total differs from the lines") {
      extra_header = ";Budget total de l'action";
      extra_cells = ";30 000 €";
      expected = "E501×1";
    }
    const auto summary =
        import_amiens(fixture, test::k_cls_header + extra_header + "\n" + row + extra_cells + "\n", refs);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == expected);
    CHECK_FALSE(summary->written);
    CHECK(fixture.count("actions") == 0);
  }

  TEST_CASE("E109 a choice the form does not offer (axe 2 is for métropoles)") {
    ImportFixture fixture;
    const std::string actions =
        test::k_cls_header +
        "\nFA-1;Emploi;Axe 2;Action nouvelle;Aller-vers / repérage;Accès aux droits;Tout public;"
        "Non;Oui;Non;01/02/2024\n";
    const auto summary = fixture.run({fixture.write("a.csv", actions),
                                      fixture.write("b.csv", test::k_budget_header + "\n" + test::budget_rows("FA-1"))},
                                     fixture.pas_de_calais);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == "E109×1");
  }

  TEST_CASE("group problems point at their own row") {
    ImportFixture fixture;
    const std::string actions = test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n";
    std::string budget = test::k_budget_header + "\n";
    std::string expected;
    std::string location;
    SUBCASE("E401 duplicate budget line") {
      budget += test::budget_rows("FA-1") + "FA-1;2024;État;100\n";
      expected = "E401×1";  // and no E502: the State's share is not counted twice
      location = ":4";
    }
    SUBCASE("E404 no budget line at all") {
      budget += "FA-2;2024;État;100\n";
      expected = "E404×1 E607×1";
    }
    SUBCASE("E502 parity État / collectivité") {
      budget += "FA-1;2024;État;100\nFA-1;2024;Collectivité;90\n";
      expected = "E502×1";
    }
    SUBCASE("E302 year out of range, with its column") {
      budget += "FA-1;2031;État;100\nFA-1;2031;Collectivité;100\n";
      expected = "E302×2";
      location = ":2:2";
    }
    const auto summary =
        fixture.run({fixture.write("a.csv", actions), fixture.write("b.csv", budget),
                     fixture.write("c.csv", test::k_indicator_header + "\n" + test::indicator_rows("FA-1"))},
                    fixture.amiens);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == expected);
    if (!location.empty()) {
      bool found = false;
      for (const auto& shown : summary->shown) {
        found = found || shown.location == fixture.path("b.csv") + location;
      }
      CHECK(found);
    }
  }

  TEST_CASE("column problems: unknown, duplicate, missing") {
    ImportFixture fixture;
    SUBCASE("E601 unknown column, W601 under --lenient") {
      const std::string actions = test::k_cls_header + ";Couleur préférée\n" + test::cls_row("FA-1") + ";bleu\n";
      auto summary = import_amiens(fixture, actions);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E601×1");
      CHECK(summary->shown.front().location == fixture.path("actions.csv") + ":1:12");
      CHECK(summary->shown.front().caret > 0);
      service::ImportOptions lenient;
      lenient.lenient = service::Lenient::yes;
      summary = import_amiens(fixture, actions, {"FA-1"}, lenient);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "W601×1");
      CHECK(summary->errors == 0);
      CHECK(summary->written);
    }
    SUBCASE("E601 suggests the closest field") {
      const std::string actions = test::k_cls_header + ";Date de fn\n" + test::cls_row("FA-1") + ";\n";
      const auto summary = import_amiens(fixture, actions);
      REQUIRE(summary);
      REQUIRE(!summary->shown.empty());
      CHECK(summary->shown.front().message.find("vouliez-vous dire") != std::string::npos);
    }
    SUBCASE("E602 duplicate column") {
      const std::string actions = test::k_cls_header + ";Intitulé\n" + test::cls_row("FA-1") + ";Autre titre\n";
      const auto summary = import_amiens(fixture, actions);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E602×1");
    }
    SUBCASE("E603 required column missing, reported once") {
      std::string actions =
          "Référence;Intitulé;Axe;Nature;Type d'action;Champs;Publics;Public spécifique;QPV;Date de début\n";
      for (const char* ref : {"FA-1", "FA-2"}) {
        actions += std::string(ref) + ";T;Axe 1;Nouvelle;Aller vers;Jeunesse;Jeunes;non;non;01/01/2024\n";
      }
      const auto summary = import_amiens(fixture, actions, {"FA-1", "FA-2"});
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E603×1");
      CHECK(summary->shown.front().message.find("zone rurale") != std::string::npos);
    }
    SUBCASE("E603 a budget file without references") {
      const auto summary =
          fixture.run({fixture.write("a.csv", test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n"),
                       fixture.write("b.csv", "Année;Type de financeur;Montant\n2024;État;100\n")},
                      fixture.pas_de_calais);
      REQUIRE(summary);
      CHECK(summary->by_code.at("E603") == 1);
      CHECK(summary->by_code.at("E404") == 1);
    }
  }

  TEST_CASE("file and row level codes") {
    ImportFixture fixture;
    SUBCASE("E604 unrecognised file") {
      const auto summary =
          fixture.run({fixture.write("x.csv", "Nom;Prénom;Téléphone\nDupont;Jean;0102030405\n")}, fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E604×1");
    }
    SUBCASE("E605 row without reference") {
      const auto summary =
          import_amiens(fixture, test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n" + test::cls_row("") + "\n");
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E605×1");
      CHECK(summary->counts.rows_rejected == 1);
    }
    SUBCASE("E606 reference given twice") {
      const auto summary = import_amiens(
          fixture, test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n" + test::cls_row("FA-1", "Bis") + "\n");
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E606×1");
      CHECK(summary->shown.front().location == fixture.path("actions.csv") + ":3:1");
    }
    SUBCASE("E607 budget line of an unknown action") {
      const auto summary = fixture.run(
          {fixture.write("a.csv", test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n"),
           fixture.write("b.csv", test::k_budget_header + "\n" + test::budget_rows("FA-1") + test::budget_rows("FA-7")),
           fixture.write("c.csv", test::k_indicator_header + "\n" + test::indicator_rows("FA-1"))},
          fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E607×2");
      CHECK(summary->shown.front().message.find("« FA-7 »") != std::string::npos);
      CHECK(summary->shown.front().message.find("vouliez-vous dire") == std::string::npos);  // nothing close
    }
    SUBCASE("E607 with the reference it was probably meant for: case, dashes and spaces aside") {
      const auto summary =
          fixture.run({fixture.write("a.csv", test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n"),
                       fixture.write("b.csv", test::k_budget_header + "\n" + test::budget_rows("FA-1") +
                                                  test::budget_rows("fa\u20111")),
                       fixture.write("c.csv", test::k_indicator_header + "\n" + test::indicator_rows("FA-1"))},
                      fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E607×2");
      CHECK(summary->shown.front().message.find("« fa\u20111 » dans les fichiers importés ni dans la convention n° " +
                                                std::to_string(fixture.amiens) + " ; vouliez-vous dire « FA-1 » ?") !=
            std::string::npos);
    }
    SUBCASE("E618 a value past the header: an unquoted separator has shifted the row") {
      const auto summary =
          fixture.run({fixture.write("a.csv", test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n"),
                       fixture.write("b.csv", test::k_budget_header +
                                                  "\nFA-1;2024;État;10 000;50\nFA-1;2024;Collectivité;10 000\n"),
                       fixture.write("c.csv", test::k_indicator_header + "\n" + test::indicator_rows("FA-1"))},
                      fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E618×1");
      CHECK_FALSE(summary->written);
      CHECK(summary->counts.rejected == 1);
      const auto* problem = find(*summary, "E618");
      REQUIRE(problem);
      CHECK(problem->location == fixture.path("b.csv") + ":2:5");
      CHECK(problem->value == "50");
      CHECK(fixture.count("budget_lines") == 0);
    }
    SUBCASE("E618 a value under an empty header; empty trailing cells are fine") {
      const auto summary =
          fixture.run({fixture.write("a.csv", test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n"),
                       fixture.write("b.csv", test::k_budget_header +
                                                  ";;\nFA-1;2024;État;10 000;;;;\nFA-1;2024;Collectivité;10 000;;x\n"),
                       fixture.write("c.csv", test::k_indicator_header + "\n" + test::indicator_rows("FA-1"))},
                      fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E618×1");
      CHECK(summary->shown.front().location == fixture.path("b.csv") + ":3:6");
    }
    SUBCASE("E102 a % or € target that is not the indicator's unit; accepted when it is") {
      service::ImportOptions dry_run;
      dry_run.dry_run = service::DryRun::yes;
      auto run = [&](const std::string& indicator_rows) {
        return fixture.run({fixture.write("a.csv", test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n"),
                            fixture.write("b.csv", test::k_budget_header + "\n" + test::budget_rows("FA-1")),
                            fixture.write("c.csv", test::k_indicator_header + "\n" + indicator_rows)},
                           fixture.amiens, dry_run);
      };
      const auto count = run("FA-1;Local;Personnes rencontrées;Nombre;2024;12 %\n");
      REQUIRE(count);
      CHECK(test::codes(*count) == "E102×1");
      const auto* problem = find(*count, "E102");
      REQUIRE(problem);
      CHECK(problem->message ==
            "« 12 % » : un pourcentage ne correspond pas à l'unité de l'indicateur (« Nombre ») ; écrivez le nombre "
            "seul, ou corrigez l'unité");
      const auto rate = run("FA-1;Local;Taux de sortie;Pourcentage;2024;12 %\n");
      REQUIRE(rate);
      CHECK(rate->errors == 0);
      const auto money = run("FA-1;Local;Aides versées;Euros;2024;1 000 €\n");
      REQUIRE(money);
      CHECK(money->errors == 0);
    }
    SUBCASE("E611 unreadable file") {
      const auto summary = fixture.run({fixture.path("absent.csv")}, fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E611×1");
    }
    SUBCASE("E611 invalid UTF-8 after UTF-8 text, with its line") {
      const std::string actions = test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n" + "FA-2;Caf\xE9;\n";
      const auto summary = import_amiens(fixture, actions);
      REQUIRE(summary);
      CHECK(summary->by_code.at("E611") == 1);
      CHECK(summary->shown.front().location.starts_with(fixture.path("actions.csv") + ":3"));
    }
    SUBCASE("E611 .xls workbooks are refused with advice") {
      const auto summary = fixture.run({fixture.write("vieux.xls", "\xD0\xCF\x11\xE0")}, fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "E611×1");
      CHECK(summary->shown.front().message.find(".xlsx") != std::string::npos);
    }
    SUBCASE("W615 empty file") {
      const auto summary = fixture.run({fixture.write("vide.csv", "")}, fixture.amiens);
      REQUIRE(summary);
      CHECK(test::codes(*summary) == "W615×1");
      CHECK(summary->errors == 0);
    }
  }

  TEST_CASE("contrat unique: the form of each row") {
    ImportFixture fixture;
    // « Axe » names the CLS axe and, as an alias, the CIE volet: « 1 » is valid for both.
    const std::string header =
        "Formulaire;Référence;Intitulé;Axe;Description;Nature;Type d'action;Champs;Publics;"
        "Public spécifique;QPV;Zone rurale;Date de début;Durée;Bénéficiaires attendus";
    const std::string common = ";Desc;Nouvelle;Ingénierie;Jeunesse;Jeunes;non;non;non;01/01/2024;";
    std::string row;
    std::string expected;
    service::ImportOptions options;
    SUBCASE("E610 nothing tells CLS from CIE") {
      row = ";R-1;Titre;1" + common + ";";
      expected = "E610×1";
    }
    SUBCASE("--form decides when nothing else does") {
      row = ";R-1;Titre;1" + common + ";";
      options.form = "CIE";
      expected = "E201×1";  // the CIE form was chosen: it asks for the duration
    }
    SUBCASE("answers only one form asks tell them apart") {
      row = ";R-1;Titre;1" + common + "Ponctuelle;";
      expected = "";
    }
    SUBCASE("E613 unknown form name") {
      row = "CIA;R-1;Titre;Axe 1" + common + ";";
      expected = "E613×1";
    }
    SUBCASE("E614 a column of the other form is filled") {
      row = "CIE;R-1;Titre;Volet 1" + common + "Ponctuelle;25";
      expected = "E614×1";
    }
    const std::string budget =
        "Référence;Année;Nature de dépenses;Type de financeur;Montant\n"
        "R-1;2024;Ingénierie (chefferie de projet);État;10000\n"
        "R-1;2024;Ingénierie (chefferie de projet);Collectivité;10000\n";
    const auto summary = fixture.run(
        {fixture.write("a.csv", header + "\n" + row + "\n"), fixture.write("b.csv", budget)}, fixture.nord, options);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == expected);
    if (expected.empty()) {
      CHECK(fixture.action(fixture.nord, "R-1")->action.form_id == "action-cie");
    }
  }

  TEST_CASE("bad options are usage errors") {
    ImportFixture fixture;
    const std::string file = fixture.write("a.csv", test::k_cls_header + "\n");
    service::ImportOptions options;
    options.form = "CIE";
    auto result = fixture.run({file}, fixture.amiens, options);
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::usage);
    options = {};
    options.errors_path = fixture.path("rapport.txt");
    result = fixture.run({file}, fixture.amiens, options);
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::usage);
    result = fixture.run({}, fixture.amiens);
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::usage);
    result = fixture.run({file}, 999);
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::not_found);
    CHECK(service::parse_on_existing("mettre à jour").value() == service::OnExisting::update);
    CHECK_FALSE(service::parse_on_existing("remplacer"));
  }

  TEST_CASE("all or nothing: one bad action among good ones writes nothing") {
    ImportFixture fixture;
    std::string actions = test::k_cls_header + "\n";
    std::vector<std::string> refs;
    for (int i = 1; i <= 30; ++i) {
      refs.push_back("FA-" + std::to_string(i));
      actions += test::cls_row(refs.back(), "Action", i == 17 ? "01/13/2024" : "01/02/2024") + "\n";
    }
    const auto audit_before = fixture.count("audit_log");
    const auto summary = import_amiens(fixture, actions, refs);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == "E106×1");
    CHECK(summary->counts.created == 29);
    CHECK(summary->counts.rejected == 1);
    CHECK_FALSE(summary->written);
    CHECK(fixture.count("actions") == 0);
    CHECK(fixture.count("budget_lines") == 0);
    CHECK(fixture.count("audit_log") == audit_before);
  }
}

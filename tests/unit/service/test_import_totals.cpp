// « Total » and « Sous-total » rows of a budget table: checked against the lines above them, never
// imported as budget lines.
#include <doctest/doctest.h>

#include "test_import_support.hpp"

using namespace pilot;
using pilot::test::ImportFixture;

namespace {

std::vector<const report::ImportProblemView*> problems_of(const report::ImportSummary& summary,
                                                          const std::string& code) {
  std::vector<const report::ImportProblemView*> found;
  for (const auto& problem : summary.shown) {
    if (problem.code == code) {
      found.push_back(&problem);
    }
  }
  return found;
}

// Two actions of CA Amiens Métropole with `budget` as their budget file.
Result<report::ImportSummary> import_with_budget(ImportFixture& fixture, const std::string& budget) {
  const std::string actions = test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n" + test::cls_row("FA-2") + "\n";
  const std::string indicators =
      test::k_indicator_header + "\n" + test::indicator_rows("FA-1") + test::indicator_rows("FA-2");
  service::ImportOptions options;
  options.shown_problems = 50;
  return fixture.run({fixture.write("actions.csv", actions), fixture.write("budget.csv", budget),
                      fixture.write("indicateurs.csv", indicators)},
                     fixture.amiens, options);
}

}  // namespace

TEST_SUITE("service::import totals") {
  TEST_CASE("subtotals and totals equal to their lines are checked, reported and not imported") {
    ImportFixture fixture;
    std::string budget = test::k_budget_header + "\n" + test::budget_rows("FA-1");
    SUBCASE("subtotal per action, total in the reference column") {
      budget += "Sous-total FA-1;;;20 000,00 €\n" + test::budget_rows("FA-2", "5 000,50 €") +
                "SOUS TOTAL FA-2;;;10 001,00\nTotal;;;30 001,00 €\n";
    }
    SUBCASE("subtotal with its action's reference and no year, its label under another column") {
      budget += "FA-1;;Sous-total;20 000,00 €\n" + test::budget_rows("FA-2", "5 000,50 €") +
                "FA-2;;Sous-total;10 001,00 €\n;;Total;30 001,00 €\n";
    }
    SUBCASE("total without a reference, its label under another column") {
      budget += test::budget_rows("FA-2", "5 000,50 €") + ";;Total;30 001,00 €\n";
    }
    SUBCASE("totals per action, then a grand total of the whole table") {
      budget += "Total FA-1;;;20 000\n" + test::budget_rows("FA-2", "5 000,50 €") +
                "Total FA-2;;;10 001\nTotal général;;;30 001,00 €\n";
    }
    const auto summary = import_with_budget(fixture, budget);
    REQUIRE(summary);
    CHECK(summary->errors == 0);
    CHECK(summary->written);
    CHECK(summary->counts.created == 2);
    CHECK(fixture.count("budget_lines") == 4);
    const auto totals = problems_of(*summary, "W622");
    REQUIRE_FALSE(totals.empty());
    CHECK(summary->counts.rows_ignored == totals.size());
    for (const auto* total : totals) {
      CHECK(total->message.find("ligne de total, non importée ; Montant prévisionnel égal à la somme des lignes") !=
            std::string::npos);
    }
  }

  TEST_CASE("a total that differs from its lines is an error naming both sums, and nothing is written") {
    ImportFixture fixture;
    std::string budget = test::k_budget_header + "\n" + test::budget_rows("FA-1");
    std::string expected;
    std::string location;
    SUBCASE("subtotal") {
      budget += "Sous-total FA-1;;;20 000,01 €\n" + test::budget_rows("FA-2");
      expected =
          "ligne « Sous-total FA-1 » : Montant prévisionnel 20 000,01 € alors que les lignes au-dessus font "
          "20 000,00 € (écart 0,01 €)";
      location = ":4:4";
    }
    SUBCASE("total after a subtotal: measured since that subtotal, and against the whole table") {
      budget += "Sous-total FA-1;;;20 000\n" + test::budget_rows("FA-2") + "Total;;;25 000\n";
      expected = "ligne « Total » : Montant prévisionnel 25 000,00 € alors que les lignes au-dessus font 40 000,00 €";
      location = ":7:4";
    }
    SUBCASE("grand total") {
      budget += "Total FA-1;;;20 000\n" + test::budget_rows("FA-2") + "Total général;;;20 000\n";
      expected =
          "ligne « Total général » : Montant prévisionnel 20 000,00 € alors que les lignes au-dessus font "
          "40 000,00 €";
      location = ":7:4";
    }
    const auto summary = import_with_budget(fixture, budget);
    REQUIRE(summary);
    CHECK(test::codes(*summary).find("E622×1") != std::string::npos);
    CHECK_FALSE(summary->written);
    CHECK(fixture.count("actions") == 0);
    const auto wrong = problems_of(*summary, "E622");
    REQUIRE(wrong.size() == 1);
    CHECK(wrong.front()->message.find(expected) != std::string::npos);
    CHECK(wrong.front()->location == fixture.path("budget.csv") + location);
    CHECK(summary->counts.rows_rejected >= 1);
  }

  TEST_CASE("what is not a total row") {
    ImportFixture fixture;
    // « Totalement » is a word, not a total; a line with its year is a budget line whatever its other
    // cells say (here a financer type « Total », unknown).
    const std::string budget = test::k_budget_header + "\n" + test::budget_rows("FA-1") + test::budget_rows("FA-2") +
                               "Totalement;2024;État;1 000\nFA-2;2025;Total;1 000\n";
    const auto summary = import_with_budget(fixture, budget);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == "E108×1 E607×1");
    CHECK(problems_of(*summary, "W622").empty());
  }

  TEST_CASE("a total row in an indicator file is no total: it has no action") {
    ImportFixture fixture;
    const std::string actions = test::k_cls_header + "\n" + test::cls_row("FA-1") + "\n";
    const std::string indicators = test::k_indicator_header + "\n" + test::indicator_rows("FA-1") +
                                   "Total;Local;Personnes rencontrées;Nombre;2024;120\n";
    const auto summary =
        fixture.run({fixture.write("actions.csv", actions),
                     fixture.write("budget.csv", test::k_budget_header + "\n" + test::budget_rows("FA-1")),
                     fixture.write("indicateurs.csv", indicators)},
                    fixture.amiens);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == "E607×1");
  }
}

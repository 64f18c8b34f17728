// service::import_actions on CSV input: every dialect French users produce, every value format, record
// kinds told by their headers, rows in any order across files.
#include <doctest/doctest.h>

#include "test_import_support.hpp"

using namespace pilot;
using pilot::test::ImportFixture;

namespace {

std::string to_cp1252(const std::string& utf8) {
  // The few characters the tests use, by hand: the importer itself uses iconv.
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    const std::string piece = utf8.substr(i, (c & 0xE0) == 0xC0 ? 2 : 3);
    i += piece.size() - 1;
    if (piece == "é")
      out += '\xE9';
    else if (piece == "è")
      out += '\xE8';
    else if (piece == "É")
      out += '\xC9';
    else if (piece == "à")
      out += '\xE0';
    else if (piece == "ç")
      out += '\xE7';
    else if (piece == "ô")
      out += '\xF4';
    else if (piece == "€")
      out += '\x80';
    else if (piece == "\u00a0")
      out += '\xA0';
    else if (piece == "’")
      out += '\x92';
    else
      FAIL("no cp1252 byte for " << piece);
  }
  return out;
}

std::string full_action(const std::string& reference) {
  return test::k_cls_header + "\n" + test::cls_row(reference) + "\n";
}

}  // namespace

TEST_SUITE("service::import CSV") {
  TEST_CASE("each CSV dialect imports the same action") {
    ImportFixture fixture;
    const std::string budget = test::k_budget_header + "\n" + test::budget_rows("FA-1");
    const std::string indicators = test::k_indicator_header + "\n" + test::indicator_rows("FA-1");
    std::string actions;
    SUBCASE("French Excel: ';', UTF-8 with BOM, CRLF") {
      actions = "\xEF\xBB\xBF" + full_action("FA-1");
      std::string crlf;
      for (char c : actions) {
        if (c == '\n') {
          crlf += '\r';
        }
        crlf += c;
      }
      actions = crlf;
    }
    SUBCASE("French Excel: ';', Windows-1252") {
      actions = to_cp1252(full_action("FA-1"));
    }
    SUBCASE("LibreOffice: ',' UTF-8 without BOM, quoted fields holding the separator") {
      actions =
          "Référence,Intitulé,Axe,Nature,Type d'action,Champs,Publics,Public spécifique,QPV,Zone rurale,Date de début\n"
          "FA-1,\"Maraudes, accueil et orientation\",Axe 3,Nouvelle,Aller vers,Accès aux droits,"
          "\"Sans-abri; Familles\",non,oui,non,2024-02-01\n";
    }
    SUBCASE("script: tab separated") {
      actions =
          "reference\tintitule\taxe\tnature\ttype_action\tchamps\tpublics\tpublic_specifique\tqpv\tzone_rurale\t"
          "date_debut\n"
          "FA-1\tMaraudes\taxe_3\tnouvelle\taller_vers\tacces_droits\tpersonnes_sans_domicile\tnon\toui\tnon\t"
          "01/02/2024\n";
    }
    SUBCASE("a quoted field spanning lines") {
      actions = test::k_cls_header + ";Description de l'action\n" + test::cls_row("FA-1") +
                ";\"Première ligne ;\nseconde ligne \"\"citée\"\"\"\n";
    }
    const auto summary = fixture.run({fixture.write("actions.csv", actions), fixture.write("budget.csv", budget),
                                      fixture.write("indicateurs.csv", indicators)},
                                     fixture.amiens);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == "");
    CHECK(summary->errors == 0);
    CHECK(summary->written);
    CHECK(summary->counts.created == 1);
    CHECK(summary->counts.rows_read == 4);
    CHECK(summary->counts.rows_accepted == 4);
    const auto stored = fixture.action(fixture.amiens, "FA-1");
    REQUIRE(stored);
    CHECK(stored->action.status == domain::ActionStatus::brouillon);
    CHECK(stored->action.form_id == "action-cls-metropole");
    CHECK(test::stored_text(*stored, "axe") == "axe_3");
    CHECK(test::stored_text(*stored, "date_debut") == "2024-02-01");
    CHECK(stored->action.budget.size() == 2);
    CHECK(stored->action.budget[0].amount_cents == 1'000'000);
    CHECK(stored->action.indicators.size() == 1);
    if (stored->action.title.find(',') != std::string::npos) {
      CHECK(stored->action.title == "Maraudes, accueil et orientation");
      CHECK(test::stored_text(*stored, "publics") == "personnes_sans_domicile;familles");
    }
    const std::string description = test::stored_text(*stored, "description");
    if (!description.empty()) {
      CHECK(description == "Première ligne ;\nseconde ligne \"citée\"");
    }
  }

  TEST_CASE("values as French users type them") {
    ImportFixture fixture;
    const std::string header =
        test::k_cls_header +
        ";Nombre de bénéficiaires attendus par an;Budget total de l'action;Date de fin de l'action";
    const std::string row =
        "FA-2;Épiceries solidaires;axe 4 : construire une transition ecologique et solidaire;RENFORCÉE;"
        "action collective;\"Alimentation|Santé\nMobilité\";tout public;NON;o;N;28/06/2024;1 234;"
        "2 560 000,00 €;2027-12-31";
    const std::string actions = header + ";En quoi l'action est-elle renforcée ?\n" + row + ";file active\n";
    const std::string budget =
        "Référence;Année;Financeur;Montant;Valorisation\n"
        "FA-2;2024;Etat;1280000;\n"
        "FA-2;2024;Département;1 280 000,00;128\u00a0000,5\n";
    const std::string indicators =
        "Référence;Type;Code;Unité;Valeur initiale;Année;Objectif\n"
        "FA-2;national;PASI_TAUX_COUVERTURE;%;12,5 %;2024;40\n"
        "FA-2;Nationaux;Taux de couverture de premier accueil social inconditionnel par département accessible à moins "
        "de 30 minutes;"
        "Taux;12,5;2025;45,5\n";
    const auto summary = fixture.run(
        {fixture.write("a.csv", actions), fixture.write("b.csv", budget), fixture.write("c.csv", indicators)},
        fixture.amiens);
    REQUIRE(summary);
    INFO(test::codes(*summary));
    for (const auto& shown : summary->shown) {
      INFO(shown.location << " " << shown.message);
      CHECK(false);
    }
    REQUIRE(summary->errors == 0);
    const auto stored = fixture.action(fixture.amiens, "FA-2");
    REQUIRE(stored);
    CHECK(test::stored_text(*stored, "axe") == "axe_4");
    CHECK(test::stored_text(*stored, "nature") == "renforcee");
    CHECK(test::stored_text(*stored, "renforcement") == "file_active");
    CHECK(test::stored_text(*stored, "champs") == "alimentation;sante;mobilite");
    CHECK(test::stored_text(*stored, "public_specifique") == "non");
    CHECK(test::stored_text(*stored, "qpv") == "oui");
    CHECK(test::stored_text(*stored, "zone_rurale") == "non");
    CHECK(test::stored_text(*stored, "date_debut") == "2024-06-28");
    CHECK(test::stored_text(*stored, "date_fin") == "2027-12-31");
    CHECK(test::stored_text(*stored, "beneficiaires_attendus") == "1234.000000");
    CHECK(test::stored_text(*stored, "budget_total") == "256000000.000000");
    REQUIRE(stored->action.budget.size() == 2);
    CHECK(stored->action.budget[1].financer == domain::FinancerType::collectivite);
    CHECK(stored->action.budget[1].amount_cents == 128'000'000);
    REQUIRE(stored->action.indicators.size() == 1);
    CHECK(stored->action.indicators[0].code == "PASI_TAUX_COUVERTURE");
    CHECK(stored->action.indicators[0].baseline == doctest::Approx(12.5));
    REQUIRE(stored->action.indicators[0].years.size() == 2);
    CHECK(*stored->action.indicators[0].years[1].target == doctest::Approx(45.5));
  }

  TEST_CASE("rows link by reference whatever the order of files and rows") {
    ImportFixture fixture;
    const std::string budget = test::k_budget_header + "\n" + test::budget_rows("FA-9") + test::budget_rows("FA-1") +
                               "FA-5;2025;État;1000\nFA-5;2025;Collectivité;1000\n";
    const std::string indicators = test::k_indicator_header + "\n" + test::indicator_rows("FA-5") +
                                   test::indicator_rows("FA-9") + test::indicator_rows("FA-1");
    const std::string actions = test::k_cls_header + "\n" + test::cls_row("FA-9") + "\n" + test::cls_row("FA-1") +
                                "\n" + test::cls_row("FA-5") + "\n";
    // Budget first, actions last: kinds come from the headers, not from the order.
    const auto summary = fixture.run(
        {fixture.write("1.csv", budget), fixture.write("2.csv", indicators), fixture.write("3.csv", actions)},
        fixture.amiens);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == "");
    CHECK(summary->counts.created == 3);
    REQUIRE(summary->sources.size() == 3);
    CHECK(summary->sources[0].kind == "Lignes budgétaires");
    CHECK(summary->sources[1].kind == "Indicateurs");
    CHECK(summary->sources[2].kind == "actions");
    CHECK(fixture.count("actions") == 3);
    CHECK(fixture.count("budget_lines") == 6);
    CHECK(fixture.action(fixture.amiens, "FA-5")->action.budget[0].year == 2025);
  }

  TEST_CASE("title rows above the header are skipped") {
    ImportFixture fixture;
    const std::string actions = "Fiches actions du CLS d'Amiens Métropole;;;\n;;\n" + full_action("FA-1");
    const std::string budget =
        "Plan de financement 2024-2027\n" + test::k_budget_header + "\n" + test::budget_rows("FA-1");
    const std::string indicators = test::k_indicator_header + "\n" + test::indicator_rows("FA-1");
    const auto summary = fixture.run(
        {fixture.write("a.csv", actions), fixture.write("b.csv", budget), fixture.write("c.csv", indicators)},
        fixture.amiens);
    REQUIRE(summary);
    CHECK(test::codes(*summary) == "");
    CHECK(summary->counts.rows_read == 4);
  }

  TEST_CASE("a contrat unique takes CLS and CIE actions") {
    ImportFixture fixture;
    const std::string header =
        "Formulaire;Référence;Intitulé;Axe du Pacte des solidarités;Volet de la convention;Description;Nature;"
        "Type d'action;Durée;Champs;Publics;Public spécifique;QPV;Zone rurale;Date de début";
    const std::string actions = header +
                                "\n"
                                "CLS;CLS-1;Maraudes;Axe 3;;;Nouvelle;Aller vers;;Accès aux droits;Sans-abri;non;non;"
                                "non;01/03/2024\n"
                                ";CIE-1;Remobilisation;;Volet 2;Ateliers de remobilisation;Nouvelle;Remobilisation;"
                                "Ponctuelle;Insertion professionnelle;BRSA;non;non;oui;01/03/2024\n"
                                ";CLS-2;Épicerie solidaire;Axe 4;;;Nouvelle;Action collective;;Alimentation;"
                                "Familles;non;oui;non;01/04/2024\n";
    const std::string budget =
        "Référence;Année;Nature de dépenses;Type de financeur;Montant\n"
        "CLS-1;2024;;État;5000\nCLS-1;2024;;Collectivité;5000\n"
        "CLS-2;2024;;État;7000\nCLS-2;2024;;Collectivité;7000\n"
        "CIE-1;2024;Solutions de remobilisation (volet 2);État;10000\n"
        "CIE-1;2024;Solutions de remobilisation (volet 2);Collectivité;15000\n";
    const auto summary =
        fixture.run({fixture.write("unique.csv", actions), fixture.write("budget.csv", budget)}, fixture.nord);
    REQUIRE(summary);
    for (const auto& shown : summary->shown) {
      INFO(shown.location << " " << shown.message);
      CHECK(false);
    }
    CHECK(summary->counts.created == 3);
    CHECK(fixture.action(fixture.nord, "CLS-1")->action.form_id == "action-cls-departement");
    CHECK(fixture.action(fixture.nord, "CLS-2")->action.form_id == "action-cls-departement");
    CHECK(fixture.action(fixture.nord, "CIE-1")->action.form_id == "action-cie");
    CHECK(fixture.action(fixture.nord, "CIE-1")->action.budget[0].nature == "v2_remobilisation");
  }

  TEST_CASE("standard input") {
    ImportFixture fixture;
    // The budget is read from a file, the actions would come from stdin: here a file named "-" is not
    // possible, so check that "-" is accepted once and refused twice.
    service::ImportOptions options;
    const auto twice = fixture.run({"-", "-"}, fixture.amiens, options);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().kind == ErrorKind::usage);
  }
}

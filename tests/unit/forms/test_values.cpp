#include <doctest/doctest.h>

#include "forms/values.hpp"
#include "test_support.hpp"

using namespace pilot;
using namespace pilot::forms;
using namespace pilot::forms::test;

namespace {

domain::Value parsed(std::string_view key, std::string_view raw) {
  auto value = parse_value(test_catalog(), field(test_form(), key), raw);
  REQUIRE_MESSAGE(value.has_value(), (value ? "" : value.error().message));
  return *value;
}

// "E106 « Date de début » : …" for a value that must be refused.
std::string refused(std::string_view key, std::string_view raw) {
  const ParsedValue result = parse_field_value(field(test_form(), key), raw);
  REQUIRE(result.problem.has_value());
  CHECK(result.problem->field == key);
  CHECK(std::holds_alternative<std::monostate>(result.value));
  // parse_value reports the same message as an Error.
  auto as_result = parse_value(test_catalog(), field(test_form(), key), raw);
  REQUIRE_FALSE(as_result.has_value());
  CHECK(as_result.error().message == result.problem->message);
  return result.problem->code + " " + result.problem->message;
}

}  // namespace

TEST_SUITE("forms::values") {
  TEST_CASE("parsing each type") {
    SUBCASE("empty text is no answer, whatever the type") {
      for (const char* key : {"texte", "entier", "montant", "debut", "actif", "couleur", "formes"}) {
        CHECK(std::holds_alternative<std::monostate>(parsed(key, "  \u00a0 ")));
      }
    }
    SUBCASE("text is trimmed; invalid UTF-8 is refused") {
      CHECK(parsed("texte", "  ABC ") == domain::Value(std::string("ABC")));
      CHECK(refused("texte", "caf\xe9") == "E110 « Code interne » : texte illisible (encodage autre que UTF-8)");
    }
    SUBCASE("control characters are refused, line breaks and tabs kept") {
      CHECK(refused("texte", "Titre \x1b[2J effacé") ==
            "E110 « Code interne » : caractère de contrôle U+001B (invisible) en position 7, sans doute collé depuis "
            "un autre logiciel : à retirer");
      CHECK(refused("entier", "é\x0b" "12").substr(0, 5) == "E110 ");
      CHECK(parsed("texte", "ligne 1\r\nligne\t2") == domain::Value(std::string("ligne 1\r\nligne\t2")));
    }
    SUBCASE("integer") {
      CHECK(parsed("entier", "1 234") == domain::Value(std::int64_t{1234}));
      CHECK(parsed("entier", "12,00") == domain::Value(std::int64_t{12}));
      CHECK(refused("entier", "12,5") == "E101 « Nombre de places » : nombre entier attendu, pas « 12,5 »");
      CHECK(refused("entier", "douze") ==
            "E101 « Nombre de places » : nombre invalide « douze » : caractère inattendu « d »");
    }
    SUBCASE("decimal and ETP") {
      CHECK(parsed("decimal", "1 234,5") == domain::Value(1234.5));
      CHECK(parsed("etp", "2.5") == domain::Value(2.5));
      CHECK(refused("decimal", "1,2,3") ==
            "E102 « Ratio » : nombre invalide « 1,2,3 » : séparateur de milliers mal placé");
      CHECK(parsed("etp", "0,5 ETP") == domain::Value(0.5));  // the unit typed after the number, as « € »
      CHECK(parsed("etp", "2etp") == domain::Value(2.0));
      CHECK(refused("etp", "3 agents") == "E105 « ETP » : nombre invalide « 3 agents » : caractère inattendu « a »");
      CHECK(refused("etp", "ETP") == "E105 « ETP » : nombre invalide « ETP » : caractère inattendu « E »");
    }
    SUBCASE("money in cents") {
      CHECK(parsed("montant", "2 560 000,00 €") == domain::Value(std::int64_t{256000000}));
      CHECK(parsed("montant", "12.5") == domain::Value(std::int64_t{1250}));
      CHECK(refused("montant", "12,345") ==
            "E103 « Montant total » : montant « 12,345 » : pas plus de deux décimales (centimes)");
    }
    SUBCASE("percent in points") {
      CHECK(parsed("taux", "12,5 %") == domain::Value(12.5));
      CHECK(parsed("taux", "80") == domain::Value(80.0));
      CHECK(refused("taux", "beaucoup") == "E104 « Taux » : nombre invalide « beaucoup » : caractère inattendu « b »");
    }
    SUBCASE("date") {
      CHECK(parsed("debut", "28/06/2024") == domain::Value(date(2024, 6, 28)));
      CHECK(parsed("debut", "2024-06-28") == domain::Value(date(2024, 6, 28)));
      CHECK(refused("debut", "31/02/2024") ==
            "E106 « Date de début » : date invalide « 31/02/2024 » : ce jour n'existe pas");
    }
    SUBCASE("yes/no") {
      CHECK(parsed("actif", "Oui") == domain::Value(true));
      CHECK(parsed("actif", "NON") == domain::Value(false));
      CHECK(refused("actif", "peut-être") == "E107 « Actif ? » : « peut-être » n'est pas une réponse oui/non");
    }
    SUBCASE("single choice: code, label or alias, accents and case ignored") {
      CHECK(parsed("couleur", "rouge") == domain::Value(std::string("rouge")));
      CHECK(parsed("couleur", "ROUGE VIF") == domain::Value(std::string("rouge")));
      CHECK(parsed("couleur", " Vert ") == domain::Value(std::string("vert")));
    }
    SUBCASE("unknown choice: a suggestion, or the list when short") {
      CHECK(refused("couleur", "Rouje") ==
            "E108 « Couleur » : choix inconnu « Rouje » ; vouliez-vous dire « Rouge » ?");
      CHECK(refused("couleur", "zzzzzz") ==
            "E108 « Couleur » : choix inconnu « zzzzzz » (choix possibles : « Rouge », « Vert » ou « Autre »)");
    }
    SUBCASE("a choice of the list that this form does not offer") {
      CHECK(refused("couleur", "Bleu") ==
            "E109 « Couleur » : « Bleu » n'est pas proposé dans ce formulaire (choix possibles : « Rouge », « Vert » "
            "ou « Autre »)");
    }
    SUBCASE("multiple choice split on ; | and new lines, duplicates dropped") {
      const domain::Value expected(std::vector<std::string>{"carre", "rond", "triangle"});
      CHECK(parsed("formes", "Carré; rond") == domain::Value(std::vector<std::string>{"carre", "rond"}));
      CHECK(parsed("formes", "carre|Rond|triangle") == expected);
      CHECK(parsed("formes", "carré\nrond\r\nTRIANGLE") == expected);
      CHECK(parsed("formes", "rond ; rond;") == domain::Value(std::vector<std::string>{"rond"}));
      CHECK(parsed("formes", " ; | ") == domain::Value(std::monostate{}));
      CHECK(refused("formes", "carré; cercle") ==
            "E108 « Formes » : choix inconnu « cercle » (choix possibles : « Carré », « Rond » ou « Triangle "
            "équilatéral »)");
      CHECK(refused("formes", "carré; Triangl") ==
            "E108 « Formes » : choix inconnu « Triangl » ; vouliez-vous dire « Triangle équilatéral » ?");
    }
  }

  TEST_CASE("numbers and dates from spreadsheet cells") {
    const Catalog& catalog = test_catalog();
    SUBCASE("integers must be whole") {
      CHECK(parse_number_cell(catalog, field(test_form(), "entier"), 7.0).value() == domain::Value(std::int64_t{7}));
      auto bad = parse_number_cell(catalog, field(test_form(), "entier"), 7.5);
      REQUIRE_FALSE(bad.has_value());
      CHECK(bad.error().message == "« Nombre de places » : nombre entier attendu, pas « 7,5 »");
    }
    SUBCASE("money is rounded to the cent, binary noise tolerated, a third decimal refused") {
      CHECK(parse_number_cell(catalog, field(test_form(), "montant"), 12.34).value() ==
            domain::Value(std::int64_t{1234}));
      CHECK(parse_number_cell(catalog, field(test_form(), "montant"), 0.1 + 0.2).value() ==
            domain::Value(std::int64_t{30}));
      CHECK(parse_number_cell(catalog, field(test_form(), "montant"), 2560000.0).value() ==
            domain::Value(std::int64_t{256000000}));
      auto bad = parse_number_cell(catalog, field(test_form(), "montant"), 12.345);
      REQUIRE_FALSE(bad.has_value());
      CHECK(bad.error().message == "« Montant total » : montant « 12.345 » : pas plus de deux décimales (centimes)");
    }
    SUBCASE("percent cells: 0.12 formatted as 12 % gives 12 points") {
      CHECK(parse_number_cell(catalog, field(test_form(), "taux"), 0.125, true).value() == domain::Value(12.5));
      CHECK(parse_number_cell(catalog, field(test_form(), "taux"), 12.5).value() == domain::Value(12.5));
    }
    SUBCASE("yes/no, text and choices from numbers") {
      CHECK(parse_number_cell(catalog, field(test_form(), "actif"), 1).value() == domain::Value(true));
      CHECK_FALSE(parse_number_cell(catalog, field(test_form(), "actif"), 2).has_value());
      CHECK(parse_number_cell(catalog, field(test_form(), "texte"), 42).value() == domain::Value(std::string("42")));
    }
    SUBCASE("date serials") {
      CHECK(parse_date_cell(field(test_form(), "debut"), 45471).value() == domain::Value(date(2024, 6, 28)));
      CHECK(parse_number_cell(catalog, field(test_form(), "debut"), 45471).value() == domain::Value(date(2024, 6, 28)));
      CHECK(parse_date_cell(field(test_form(), "texte"), 45471).value() == domain::Value(std::string("28/06/2024")));
      auto bad = parse_date_cell(field(test_form(), "montant"), 45471);
      REQUIRE_FALSE(bad.has_value());
      CHECK(bad.error().message == "« Montant total » : une date (« 28/06/2024 ») n'est pas un montant en euros");
    }
  }

  TEST_CASE("storage and display text") {
    const Form& form = test_form();
    const Catalog& catalog = test_catalog();
    SUBCASE("storage text is canonical and parses back to the same value") {
      const std::vector<std::pair<std::string, domain::Value>> cases = {
          {"texte", std::string("ABC")},
          {"entier", std::int64_t{1234}},
          {"decimal", 1234.5},
          {"montant", std::int64_t{123450}},
          {"taux", 12.5},
          {"etp", 0.1},
          {"debut", date(2024, 6, 28)},
          {"actif", true},
          {"couleur", std::string("rouge")},
          {"formes", std::vector<std::string>{"carre", "rond"}},
      };
      const std::vector<std::string> expected = {"ABC", "1234",       "1234.5", "1234.50", "12.5",
                                                 "0.1", "2024-06-28", "oui",    "rouge",   "carre;rond"};
      for (std::size_t i = 0; i < cases.size(); ++i) {
        const Field& f = field(form, cases[i].first);
        const std::string text = to_storage_text(f, cases[i].second);
        CHECK(text == expected[i]);
        CHECK(parsed(cases[i].first, text) == cases[i].second);
      }
      CHECK(to_storage_text(field(form, "decimal"), domain::Value(-0.0)) == "0");
      CHECK(to_storage_text(field(form, "texte"), domain::Value()) == "");
    }
    SUBCASE("display text is French") {
      CHECK(to_display_text(catalog, field(form, "montant"), std::int64_t{256000000}) == "2 560 000,00 €");
      CHECK(to_display_text(catalog, field(form, "entier"), std::int64_t{2024}) == "2024");
      CHECK(to_display_text(catalog, field(form, "entier"), std::int64_t{12345}) == "12 345");
      CHECK(to_display_text(catalog, field(form, "decimal"), 17.1666) == "17,17");
      CHECK(to_display_text(catalog, field(form, "decimal"), 12.0) == "12");
      CHECK(to_display_text(catalog, field(form, "taux"), 12.5) == "12,5 %");
      CHECK(to_display_text(catalog, field(form, "etp"), 2.5) == "2,5 ETP");
      CHECK(to_display_text(catalog, field(form, "debut"), date(2024, 6, 28)) == "28/06/2024");
      CHECK(to_display_text(catalog, field(form, "actif"), false) == "Non");
      CHECK(to_display_text(catalog, field(form, "couleur"), std::string("rouge")) == "Rouge");
      CHECK(to_display_text(catalog, field(form, "couleur"), std::string("disparu")) == "disparu");
      CHECK(to_display_text(catalog, field(form, "formes"), std::vector<std::string>{"carre", "triangle"}) ==
            "Carré; Triangle équilatéral");
    }
  }
}

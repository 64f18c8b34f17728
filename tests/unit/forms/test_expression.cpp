#include <doctest/doctest.h>

#include "forms/expression.hpp"
#include "test_support.hpp"

using namespace pilot;
using namespace pilot::forms;
using namespace pilot::forms::test;

namespace {

std::string parse_error(std::string_view source) {
  auto parsed = Expression::parse(source);
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error().message;
}

Expression parse(std::string_view source) {
  auto parsed = Expression::parse(source);
  REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error().message));
  return *parsed;
}

// Evaluates against the test form with the given answers and groups.
ExprValue eval(std::string_view source, const domain::Answers& answers = {}, const Groups& groups = {}) {
  const Expression expression = parse(source);
  const EvalContext context{&test_form(), &answers, &groups, nullptr, nullptr, nullptr, nullptr};
  return evaluate(expression, context);
}

long double number(const ExprValue& value) {
  REQUIRE(std::holds_alternative<long double>(value));
  return std::get<long double>(value);
}

bool is_true(const ExprValue& value) {
  return std::holds_alternative<bool>(value) && std::get<bool>(value);
}
bool is_false(const ExprValue& value) {
  return std::holds_alternative<bool>(value) && !std::get<bool>(value);
}
bool is_none(const ExprValue& value) {
  return std::holds_alternative<std::monostate>(value);
}

std::vector<std::string> check(std::string_view source, bool condition = true, const Group* group = nullptr,
                               const Field* self = nullptr) {
  return check_expression(parse(source), CheckScope{&test_form(), group, self, condition});
}

}  // namespace

TEST_SUITE("forms::expression") {
  TEST_CASE("parser") {
    SUBCASE("multiplication binds tighter than addition, comparison looser, and tighter than or") {
      CHECK(number(eval("1 + 2 * 3")) == 7);
      CHECK(number(eval("(1 + 2) * 3")) == 9);
      CHECK(number(eval("10 - 4 - 3")) == 3);
      CHECK(number(eval("12 / 4 / 3")) == 1);
      CHECK(number(eval("-2 * -3")) == 6);
      CHECK(is_true(eval("1 + 1 = 2 and 2 * 2 = 4")));
      CHECK(is_true(eval("1 = 2 and 1 = 2 or 3 = 3")));  // (false and false) or true
      CHECK(is_false(eval("1 = 2 and (1 = 2 or 3 = 3)")));
      CHECK(is_true(eval("not 1 = 2")));
      CHECK(is_true(eval("not not 1 = 1")));
    }
    SUBCASE("literals: numbers, texts with doubled quotes, oui/non in any case") {
      CHECK(number(eval("2.5 * 2")) == 5);
      CHECK(std::get<std::string>(eval("'l''État'")) == "l'État");
      CHECK(std::get<std::string>(eval("\"dit \"\"bonjour\"\"\"")) == "dit \"bonjour\"");
      CHECK(is_true(eval("OUI = vrai")));
      CHECK(is_true(eval("non = false")));
      CHECK(is_true(eval("1 == 1 and 1 <> 2")));
    }
    SUBCASE("errors give the position") {
      CHECK(parse_error("") == "expression vide");
      CHECK(parse_error("a = ") == "position 5 : valeur attendue à la fin de l'expression");
      CHECK(parse_error("(a = 1") == "position 7 : « ) » attendu au lieu de la fin de l'expression");
      CHECK(parse_error("a = 1 b = 2") == "position 7 : « b » inattendu ; il manque peut-être « and » ou « or »");
      CHECK(parse_error("1 < a < 3") == "position 7 : comparaisons enchaînées : séparez-les par « and »");
      CHECK(parse_error("a = 'abc") == "position 5 : texte non fermé : il manque le guillemet ' final");
      CHECK(parse_error("a = « b »") ==
            "position 5 : caractère inattendu « « » : écrivez les textes entre "
            "apostrophes droites 'comme ceci'");
      CHECK(parse_error("année = 1") ==
            "position 4 : caractère inattendu « é » : les noms de champs sont des "
            "clés sans accent (ex. « annee »)");
      CHECK(parse_error("a = 12abc") == "position 5 : nombre mal formé « 12a »");
      CHECK(parse_error("a # 1") == "position 3 : caractère inattendu « # »");
      CHECK(parse_error("frobnicate(a)") ==
            "position 1 : fonction inconnue « frobnicate » (fonctions : selected, count, sum, min, max, empty, "
            "year, abs, tagged)");
      CHECK(parse_error("selected(a)") == "position 1 : selected() attend 2 arguments, pas 1");
      CHECK(parse_error("empty(a where b = 1)") ==
            "position 9 : « where » ne s'utilise que dans sum(), count(), min() ou max()");
      CHECK(parse_error("a where b") == "position 3 : « where » ne s'utilise que dans sum(), count(), min() ou max()");
      CHECK(parse_error("a = and") == "position 5 : valeur attendue au lieu du mot réservé « and »");
      CHECK(parse_error("lignes.") == "position 8 : nom de champ attendu après « lignes. »");
      CHECK(parse_error("sum(a, b") == "position 9 : « , » ou « ) » attendu au lieu de la fin de l'expression");
    }
    SUBCASE("hostile nesting is refused, not a crash") {
      CHECK(parse_error(std::string(5000, '(') + "1" + std::string(5000, ')')) ==
            "position 101 : expression trop imbriquée");
      CHECK(parse_error(std::string(5000, '-') + "1") == "position 100 : expression trop imbriquée");
    }
  }

  TEST_CASE("evaluation") {
    SUBCASE("field values; money in euros; missing answers have no value") {
      const domain::Answers answers{{"montant", std::int64_t{123456}},
                                    {"entier", std::int64_t{4}},
                                    {"taux", 12.5},
                                    {"texte", std::string("ABC")}};
      CHECK(number(eval("montant", answers)) == doctest::Approx(1234.56));
      CHECK(number(eval("entier * 2 + taux", answers)) == doctest::Approx(20.5));
      CHECK(is_none(eval("decimal", answers)));
      CHECK(is_none(eval("decimal + 1", answers)));
      CHECK(is_none(eval("decimal > 1", answers)));
      CHECK(is_none(eval("entier / 0", answers)));
      CHECK(is_true(eval("texte = 'ABC'", answers)));
      CHECK(is_true(eval("texte != 'abc'", answers)));  // codes and texts compare exactly
    }
    SUBCASE("three-valued and / or / not") {
      const domain::Answers answers{{"actif", true}};
      CHECK(is_false(eval("decimal > 1 and 1 = 2", answers)));
      CHECK(is_true(eval("decimal > 1 or 1 = 1", answers)));
      CHECK(is_none(eval("decimal > 1 and 1 = 1", answers)));
      CHECK(is_none(eval("decimal > 1 or 1 = 2", answers)));
      CHECK(is_none(eval("not decimal > 1", answers)));
      CHECK(is_true(eval("actif", answers)));
      CHECK(is_true(eval("actif = oui", answers)));
    }
    SUBCASE("holds treats no value as false, violated as satisfied") {
      const domain::Answers answers;
      const Groups groups;
      const EvalContext context{&test_form(), &answers, &groups, nullptr, nullptr, nullptr, nullptr};
      CHECK_FALSE(holds(parse("decimal > 1"), context));
      CHECK_FALSE(violated(parse("decimal > 1"), context));
      CHECK(violated(parse("1 > 2"), context));
      CHECK(holds(parse("1 < 2"), context));
    }
    SUBCASE("tolerant number comparison: sums of cents compare exactly") {
      CHECK(is_true(eval("0.1 + 0.2 = 0.3")));
      CHECK(is_false(eval("0.1 + 0.2 = 0.31")));
      CHECK(is_true(eval("1000000000.01 - 0.01 = 1000000000")));
      CHECK(is_false(eval("1000000000.01 = 1000000000")));
      CHECK(is_true(eval("0.3 <= 0.1 + 0.2")));
    }
    SUBCASE("dates: comparison, with ISO or French text, difference in days, year()") {
      const domain::Answers answers{{"debut", date(2024, 3, 1)}, {"fin", date(2024, 12, 31)}};
      CHECK(is_true(eval("fin >= debut", answers)));
      CHECK(is_true(eval("debut = '2024-03-01'", answers)));
      CHECK(is_true(eval("debut < '15/03/2024'", answers)));
      CHECK(number(eval("fin - debut", answers)) == 305);
      CHECK(number(eval("year(fin)", answers)) == 2024);
      CHECK(is_none(eval("year(decimal)", answers)));
      CHECK(number(eval("abs(-3.5)")) == 3.5);
    }
    SUBCASE("choices: selected, count, empty, tagged") {
      const domain::Answers answers{{"formes", std::vector<std::string>{"carre", "rond"}},
                                    {"couleur", std::string("rouge")}};
      CHECK(is_true(eval("selected(formes, 'carre')", answers)));
      CHECK(is_false(eval("selected(formes, 'triangle')", answers)));
      CHECK(is_true(eval("selected(couleur, 'rouge')", answers)));
      CHECK(is_false(eval("selected(motif, 'x')", answers)));
      CHECK(number(eval("count(formes)", answers)) == 2);
      CHECK(number(eval("count(motif)", answers)) == 0);
      CHECK(is_true(eval("empty(motif)", answers)));
      CHECK(is_false(eval("empty(formes)", answers)));
    }
    SUBCASE("group aggregates with where; pour_info rows never count in a budget group") {
      const Groups groups{
          {"lignes",
           {row(2,
                {{"annee", std::int64_t{2024}}, {"financeur", std::string("etat")}, {"montant", std::int64_t{10000}}}),
            row(3,
                {{"annee", std::int64_t{2025}}, {"financeur", std::string("etat")}, {"montant", std::int64_t{2550}}}),
            row(4, {{"annee", std::int64_t{2024}},
                    {"financeur", std::string("collectivite")},
                    {"montant", std::int64_t{5000}}}),
            row(5, {{"annee", std::int64_t{2024}},
                    {"financeur", std::string("autre")},
                    {"montant", std::int64_t{999900}},
                    {"nature", std::string("info")}}),
            row(6, {{"annee", std::int64_t{2026}}, {"financeur", std::string("autre")}})}}};
      CHECK(number(eval("sum(lignes.montant)", {}, groups)) == doctest::Approx(175.5));
      CHECK(number(eval("sum(lignes.montant where financeur = 'etat')", {}, groups)) == doctest::Approx(125.5));
      CHECK(number(eval("sum(lignes.montant where financeur = 'etat' and annee = 2024)", {}, groups)) == 100);
      CHECK(number(eval("count(lignes)", {}, groups)) == 4);
      CHECK(number(eval("count(lignes where annee = 2024)", {}, groups)) == 2);
      CHECK(number(eval("count(lignes.montant)", {}, groups)) == 3);  // non-empty values
      CHECK(number(eval("min(lignes.montant)", {}, groups)) == doctest::Approx(25.5));
      CHECK(number(eval("max(lignes.annee)", {}, groups)) == 2026);
      CHECK(number(eval("sum(lignes.montant where annee = 2030)", {}, groups)) == 0);
      CHECK(is_none(eval("max(lignes.montant where annee = 2030)", {}, groups)));
      CHECK(number(eval("sum(lignes.montant)")) == 0);  // no rows at all
    }
    SUBCASE("display of values in messages") {
      CHECK(display_expr_value(ExprValue(2560000.0L)) == "2 560 000");
      CHECK(display_expr_value(ExprValue(1234.5L)) == "1 234,50");
      CHECK(display_expr_value(ExprValue(util::Date{2024, 6, 28})) == "28/06/2024");
      CHECK(display_expr_value(ExprValue(true)) == "Oui");
      CHECK(display_expr_value(ExprValue(std::vector<std::string>{"a", "b"})) == "a; b");
      CHECK(display_expr_value(ExprValue()) == "(vide)");
    }
  }

  TEST_CASE("static check against the form") {
    const Group* lignes = test_form().find_group("lignes");
    SUBCASE("sound expressions") {
      CHECK(check("actif = oui and selected(formes, 'rond')").empty());
      CHECK(check("sum(lignes.montant where financeur = 'autre') <= montant").empty());
      CHECK(check("financeur = 'etat' and montant > 0", true, lignes).empty());  // row scope first
      CHECK(check(". >= debut", true, nullptr, &field(test_form(), "fin")).empty());
      CHECK(check("fin - debut", false).empty());
      CHECK(check("debut >= '2024-01-01'").empty());
    }
    SUBCASE("unknown names, with a suggestion") {
      CHECK(check("actf = oui") ==
            std::vector<std::string>{"position 1 : champ inconnu « actf » ; vouliez-vous dire « actif » ?"});
      CHECK(check("sum(ligne.montant) > 0") ==
            std::vector<std::string>{"position 5 : groupe inconnu « ligne » ; vouliez-vous dire « lignes » ?"});
      CHECK(check("sum(lignes.montan) > 0") ==
            std::vector<std::string>{"position 5 : champ inconnu « montan » dans le groupe « lignes » ; vouliez-vous "
                                     "dire « montant » ?"});
      CHECK(check("lignes > 0") ==
            std::vector<std::string>{
                "position 1 : « lignes » est un groupe : utilisez count(lignes) ou sum(lignes.champ)"});
      CHECK(check("lignes.montant > 0") ==
            std::vector<std::string>{"position 1 : « lignes.montant » s'utilise dans sum(), count(), min() ou max()"});
    }
    SUBCASE("unknown choice codes") {
      CHECK(check("couleur = 'rose'") ==
            std::vector<std::string>{
                "position 11 : code inconnu 'rose' pour « couleur » ; vouliez-vous dire « rouge » ?"});
      CHECK(check("selected(formes, 'cercle')") ==
            std::vector<std::string>{"position 18 : code inconnu 'cercle' pour « formes »"});
      CHECK(check("formes = 'rond'") ==
            std::vector<std::string>{
                "position 8 : « formes » est un choix multiple : utilisez selected(formes, 'code')"});
    }
    SUBCASE("types") {
      CHECK(check("montant") ==
            std::vector<std::string>{"position 1 : une condition (oui/non) est attendue, pas un nombre"});
      CHECK(check("debut > 3") ==
            std::vector<std::string>{"position 7 : comparaison impossible entre une date et un nombre"});
      CHECK(check("debut > '31/02/2024'") == std::vector<std::string>{"position 9 : date invalide '31/02/2024'"});
      CHECK(check("actif > non") ==
            std::vector<std::string>{"position 7 : des réponses oui/non se comparent seulement avec = ou !="});
      CHECK(check("texte + 1 > 2") ==
            std::vector<std::string>{"position 1 : le calcul attend un nombre, pas un texte"});
      CHECK(check("actif and montant") ==
            std::vector<std::string>{"position 11 : « and » attend un oui/non, pas un nombre"});
      CHECK(
          check("sum(lignes.financeur) > 0") ==
          std::vector<std::string>{"position 5 : sum() attend un champ numérique, « lignes.financeur » est un texte"});
      CHECK(check("selected(texte, 'a')") ==
            std::vector<std::string>{"position 10 : selected() attend un champ à choix, « texte » est un texte"});
      CHECK(check("tagged(couleur, 'volet_9')") ==
            std::vector<std::string>{
                "position 17 : aucun choix de la liste « couleurs » ne porte l'étiquette 'volet_9'"});
      CHECK(check(". > 1") ==
            std::vector<std::string>{"position 1 : « . » désigne le champ contrôlé : il ne s'utilise que "
                                     "dans une contrainte (constraint)"});
    }
    SUBCASE("referenced names, for dependency cycles") {
      CHECK(referenced_names(parse("a = 1 and sum(g.m where b = 2) > c")) ==
            std::vector<std::string>{"a", "g.m", "b", "c"});
    }
  }
}

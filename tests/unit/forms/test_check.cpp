#include <doctest/doctest.h>

#include "forms/check.hpp"
#include "test_support.hpp"

using namespace pilot;
using namespace pilot::forms;
using namespace pilot::forms::test;

namespace {

domain::Answers valid_answers() {
  return {{"debut", date(2024, 1, 1)}};
}

Groups valid_groups() {
  return {
      {"lignes",
       {row(2,
            {{"annee", std::int64_t{2024}}, {"financeur", std::string("etat")}, {"montant", std::int64_t{10000}}})}}};
}

std::vector<std::string> problems_of(const domain::Answers& answers, const Groups& groups = valid_groups()) {
  return summarize(check_record(test_catalog(), test_form(), answers, groups));
}

std::vector<std::string> with(const std::string& key, domain::Value value) {
  auto answers = valid_answers();
  answers[key] = std::move(value);
  return problems_of(answers);
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_SUITE("forms::check_record") {
  TEST_CASE("record fields") {
    SUBCASE("a valid record has no problem") {
      CHECK(problems_of(valid_answers()).empty());
    }
    SUBCASE("required") {
      CHECK(problems_of({}) == Lines{"E201 debut: « Date de début » : réponse obligatoire manquante"});
      CHECK(problems_of({{"debut", std::string()}}) ==
            Lines{"E201 debut: « Date de début » : réponse obligatoire manquante"});
    }
    SUBCASE("relevant: an answer to a question that does not apply is an error") {
      CHECK(with("precision", std::string("détail")) ==
            Lines{"E203 precision: « Précision » : réponse « détail » donnée alors que la question ne se pose pas "
                  "(condition : actif = oui)"});
      auto answers = valid_answers();
      answers["actif"] = true;
      answers["precision"] = std::string("détail");
      CHECK(problems_of(answers) == Lines{"W591 : Une action active a d'ordinaire au moins deux lignes (1 ici)"});
      answers["actif"] = false;
      CHECK(problems_of(answers).size() == 1);
    }
    SUBCASE("required_if") {
      CHECK(with("formes", std::vector<std::string>{"rond", "carre"}) ==
            Lines{"E202 motif: « Motif » : réponse obligatoire dans ce cas (condition : selected(formes, 'carre'))"});
      CHECK(with("formes", std::vector<std::string>{"rond"}).empty());
    }
    SUBCASE("constraint with its message and the value") {
      CHECK(with("fin", date(2023, 12, 31)) ==
            Lines{"E305 fin: « Date de fin » : la fin précède le début (valeur « 31/12/2023 »)"});
      CHECK(with("fin", date(2024, 1, 1)).empty());
    }
    SUBCASE("min and max, in the unit users type") {
      CHECK(with("entier", std::int64_t{0}) ==
            Lines{"E301 entier: « Nombre de places » : 0 est inférieur au minimum (1)"});
      CHECK(with("entier", std::int64_t{11}) ==
            Lines{"E302 entier: « Nombre de places » : 11 est supérieur au maximum (10)"});
      // The total's rule (E590) reads a wrong value: it is checked once the value is fixed.
      CHECK(with("montant", std::int64_t{100001}) ==
            Lines{"E302 montant: « Montant total » : 1 000,01 € est supérieur au maximum (1 000,00 €)"});
      CHECK(with("taux", 120.5) == Lines{"E302 taux: « Taux » : 120,5 % est supérieur au maximum (100 %)"});
      CHECK(with("entier", std::int64_t{10}).empty());
    }
    SUBCASE("max_length and pattern") {
      CHECK(with("texte", std::string("ABCDEF")) ==
            Lines{"E303 texte: « Code interne » : texte trop long (6 caractères, maximum 5)"});
      CHECK(with("texte", std::string("abc")) ==
            Lines{"E304 texte: « Code interne » : format invalide « abc » : majuscules seulement"});
      CHECK(with("texte", std::string("ÉTÉS")).size() == 1);  // 4 characters: long enough, but not [A-Z]
    }
    SUBCASE("« Autre » requires its precision; a precision requires « Autre »") {
      CHECK(with("couleur", std::string("autre")) ==
            Lines{"E204 couleur_autre: « Autre couleur » : « Autre » est choisi dans « Couleur » : précisez-le"});
      auto answers = valid_answers();
      answers["couleur"] = std::string("autre");
      answers["couleur_autre"] = std::string("Mauve");
      CHECK(problems_of(answers).empty());
      answers["couleur"] = std::string("rouge");
      CHECK(
          problems_of(answers) ==
          Lines{"E203 couleur_autre: « Autre couleur » : précision « Mauve » donnée alors que « Couleur » ne comporte "
                "pas « Autre »"});
    }
    SUBCASE("typed values are checked against the list and the form") {
      CHECK(with("couleur", std::string("violet")) ==
            Lines{"E108 couleur: « Couleur » : code de choix inconnu « violet »"});
      CHECK(with("couleur", std::string("bleu")) ==
            Lines{"E109 couleur: « Couleur » : « Bleu » n'est pas proposé dans ce formulaire"});
      CHECK(with("formes", std::vector<std::string>{"rond", "ovale"}) ==
            Lines{"E108 formes: « Formes » : code de choix inconnu « ovale »"});
    }
    SUBCASE("a value of the wrong type is reported, not misread") {
      CHECK(with("entier", std::string("12")) ==
            Lines{"E100 entier: « Nombre de places » : valeur de type inattendu pour un champ nombre entier"});
      CHECK(with("debut", true) ==
            Lines{"E100 debut: « Date de début » : valeur de type inattendu pour un champ date"});
    }
    SUBCASE("unknown keys") {
      CHECK(with("inconnu", std::string("x")) ==
            Lines{"E206 inconnu: champ inconnu « inconnu » dans le formulaire « essai »"});
    }
    SUBCASE("problem fields carry the storage text of the value") {
      auto answers = valid_answers();
      answers["montant"] = std::int64_t{100001};
      auto problems = check_record(test_catalog(), test_form(), answers, valid_groups());
      REQUIRE(problems.size() == 1);
      CHECK(problems[0].value == "1000.01");
      CHECK(problems[0].severity == Severity::error);
      answers["montant"] = std::int64_t{90000};  // valid, but not the sum of the lines: the rule's field
      problems = check_record(test_catalog(), test_form(), answers, valid_groups());
      REQUIRE(problems.size() == 1);
      CHECK(problems[0].code == "E590");
      CHECK(problems[0].field == "montant");
    }
  }

  TEST_CASE("group rows") {
    SUBCASE("unknown group, with a suggestion; too few rows") {
      CHECK(
          problems_of(valid_answers(), {{"ligne", {}}}) ==
          Lines{"E402 ligne[0]: groupe inconnu « ligne » dans le formulaire « essai » ; vouliez-vous dire « lignes » ?",
                "E404 lignes[0]: « Lignes budgétaires » : au moins 1 ligne attendue, 0 donnée"});
    }
    SUBCASE("each row's fields are checked, with the group and the row") {
      const Groups groups{
          {"lignes",
           {row(2, {{"annee", std::int64_t{2023}}, {"financeur", std::string("etat")}, {"montant", std::int64_t{-5}}}),
            row(3, {{"annee", std::int64_t{2024}}, {"montant", std::int64_t{5}}}),
            row(4, {{"annee", std::int64_t{2024}},
                    {"financeur", std::string("autre")},
                    {"montant", std::int64_t{5}},
                    {"note", std::string("?")}})}}};
      CHECK(problems_of(valid_answers(), groups) ==
            Lines{"E301 lignes[2].annee: « Année » : 2023 est inférieur au minimum (2024)",
                  "E301 lignes[2].montant: « Montant » : -0,05 € est inférieur au minimum (0,00 €)",
                  "E201 lignes[3].financeur: « Type de financeur » : réponse obligatoire manquante",
                  "E206 lignes[4].note: champ inconnu « note » dans le groupe « Lignes budgétaires »",
                  "E202 lignes[4].financeur_nom: « Nom du financeur » : réponse obligatoire dans ce cas (condition : "
                  "financeur = 'autre')"});
    }
    SUBCASE("rows typed by hand are numbered from 1") {
      const Groups groups{{"lignes", {row(0, {{"annee", std::int64_t{2024}}, {"financeur", std::string("etat")}})}}};
      CHECK(problems_of(valid_answers(), groups) ==
            Lines{"E201 lignes[1].montant: « Montant » : réponse obligatoire manquante"});
    }
    SUBCASE("duplicate key fields, case and accents ignored") {
      auto line = [](std::size_t at, const char* financeur, const char* name) {
        domain::Answers values{
            {"annee", std::int64_t{2024}}, {"financeur", std::string(financeur)}, {"montant", std::int64_t{100}}};
        if (name != nullptr) {
          values["financeur_nom"] = std::string(name);
        }
        return row(at, values);
      };
      const Groups groups{{"lignes",
                           {line(2, "etat", nullptr), line(3, "autre", "CAF du Nord"), line(4, "etat", nullptr),
                            line(5, "autre", "caf du nord"), line(6, "autre", "MSA")}}};
      CHECK(problems_of(valid_answers(), groups) ==
            Lines{"E401 lignes[4]: « Lignes budgétaires » : ligne en double (Année : 2024, Type de financeur : État), "
                  "déjà donnée ligne 2",
                  "E401 lignes[5]: « Lignes budgétaires » : ligne en double (Année : 2024, Type de financeur : Autres "
                  "co-financeurs, Nom du financeur : caf du nord), déjà donnée ligne 3"});
    }
  }

  TEST_CASE("rules") {
    SUBCASE("an error rule, its message filled with values") {
      auto answers = valid_answers();
      answers["montant"] = std::int64_t{20000};
      CHECK(problems_of(answers) == Lines{"E590 montant: Le total (200 €) diffère de la somme des lignes (100 €)"});
      answers["montant"] = std::int64_t{10000};
      CHECK(problems_of(answers).empty());
    }
    SUBCASE("pour_info lines never count in totals") {
      auto answers = valid_answers();
      answers["montant"] = std::int64_t{10000};
      auto groups = valid_groups();
      groups["lignes"].push_back(row(3, {{"annee", std::int64_t{2024}},
                                         {"financeur", std::string("autre")},
                                         {"financeur_nom", std::string("France Travail")},
                                         {"montant", std::int64_t{50000}},
                                         {"nature", std::string("info")}}));
      CHECK(problems_of(answers, groups).empty());
    }
    SUBCASE("a warning rule applies only when its condition holds") {
      auto answers = valid_answers();
      answers["actif"] = true;
      const auto problems = check_record(test_catalog(), test_form(), answers, valid_groups());
      CHECK(summarize(problems) == Lines{"W591 : Une action active a d'ordinaire au moins deux lignes (1 ici)"});
      REQUIRE(problems.size() == 1);
      CHECK(problems[0].severity == Severity::warning);
      answers["actif"] = false;
      CHECK(problems_of(answers).empty());
    }
  }

  TEST_CASE("is_relevant") {
    const Form& form = test_form();
    const Groups groups;
    CHECK_FALSE(is_relevant(form, field(form, "precision"), {}, groups));
    CHECK(is_relevant(form, field(form, "precision"), {{"actif", true}}, groups));
    CHECK_FALSE(is_relevant(form, field(form, "couleur_autre"), {{"couleur", std::string("vert")}}, groups));
    CHECK(is_relevant(form, field(form, "couleur_autre"), {{"couleur", std::string("autre")}}, groups));
    CHECK(is_relevant(form, field(form, "debut"), {}, groups));
  }
}

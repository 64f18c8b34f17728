// Helpers shared by the forms tests: the shipped catalog, a small catalog covering every feature, and
// shorthands to build answers and group rows.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "forms/forms.hpp"

namespace pilot::forms::test {

// The catalog of the repository's schemas/ (PILOT_TEST_SCHEMAS), loaded once.
inline const Catalog& shipped_catalog() {
  static const Catalog catalog = [] {
    auto loaded = Catalog::load(PILOT_TEST_SCHEMAS);
    REQUIRE_MESSAGE(loaded.has_value(), (loaded ? "" : loaded.error().message));
    return *loaded;
  }();
  return catalog;
}

inline const char* k_test_choices = R"yaml(
version: 1
lists:
  - id: couleurs
    other: autre
    choices:
      - {code: rouge, label: "Rouge", aliases: ["Rouge vif"]}
      - {code: vert, label: "Vert"}
      - {code: bleu, label: "Bleu"}
      - {code: autre, label: "Autre"}
  - id: formes
    choices:
      - {code: carre, label: "Carré"}
      - {code: rond, label: "Rond"}
      - {code: triangle, label: "Triangle équilatéral", aliases: ["Triangle"]}
  - id: financeurs
    choices:
      - {code: etat, label: "État"}
      - {code: collectivite, label: "Collectivité"}
      - {code: autre, label: "Autres co-financeurs"}
  - id: natures
    choices:
      - {code: normale, label: "Dépense", tags: [volet_1]}
      - {code: info, label: "Pour info : ressources France Travail", tags: [volet_1, pour_info]}
)yaml";

// One field of each type, conditions of each kind, a budget group and a rule.
inline const char* k_test_form = R"yaml(
id: essai
version: 1
title: Formulaire d'essai
record: convention
fields:
  - {key: texte, label: "Code interne", type: text, max_length: 5, pattern: "[A-Z]+", pattern_message: "majuscules seulement"}
  - {key: entier, label: "Nombre de places", type: integer, min: 1, max: 10}
  - {key: decimal, label: "Ratio", type: decimal}
  - {key: montant, label: "Montant total", type: money, max: 1000}
  - {key: taux, label: "Taux", type: percent, min: 0, max: 100}
  - {key: etp, label: "ETP", type: etp, unit: ETP}
  - {key: debut, label: "Date de début", type: date, required: true, aliases: ["Début"]}
  - {key: fin, label: "Date de fin", type: date, constraint: ". >= debut", constraint_message: "la fin précède le début"}
  - {key: actif, label: "Actif ?", type: yes_no}
  - key: couleur
    label: Couleur
    type: single_choice
    choices: couleurs
    only_choices: [rouge, vert, autre]
    other_field: couleur_autre
  - {key: couleur_autre, label: "Autre couleur", type: text}
  - {key: formes, label: "Formes", type: multiple_choice, choices: formes}
  - {key: precision, label: "Précision", type: text, relevant: "actif = oui"}
  - {key: motif, label: "Motif", type: text, required_if: "selected(formes, 'carre')"}
groups:
  - key: lignes
    label: Lignes budgétaires
    kind: budget
    sheet_aliases: ["Budget"]
    key_fields: [annee, financeur, financeur_nom]
    min_rows: 1
    fields:
      - {key: annee, label: "Année", type: integer, required: true, min: 2024, max: 2027}
      - {key: financeur, label: "Type de financeur", type: single_choice, choices: financeurs, required: true}
      - {key: financeur_nom, label: "Nom du financeur", type: text, required_if: "financeur = 'autre'"}
      - {key: montant, label: "Montant", type: money, required: true, min: 0}
      - {key: nature, label: "Nature", type: single_choice, choices: natures}
rules:
  - id: total
    code: E590
    field: montant
    assert: empty(montant) or montant = sum(lignes.montant)
    message: "Le total ({montant} €) diffère de la somme des lignes ({sum(lignes.montant)} €)"
  - id: prudence
    code: W591
    severity: warning
    when: actif = oui
    assert: count(lignes) >= 2
    message: "Une action active a d'ordinaire au moins deux lignes ({count(lignes)} ici)"
)yaml";

inline Catalog make_catalog(const std::string& form_text, const std::string& choices = k_test_choices,
                            const std::string& referential = "") {
  CatalogTexts texts;
  texts.choices = choices;
  texts.referential = referential;
  texts.forms.emplace_back("forms/essai.yaml", form_text);
  auto catalog = Catalog::from_texts(texts);
  REQUIRE_MESSAGE(catalog.has_value(), (catalog ? "" : catalog.error().message));
  return *catalog;
}

// The error message of a catalog that must fail to load.
inline std::string load_error(const std::string& form_text, const std::string& choices = k_test_choices,
                              const std::string& referential = "") {
  CatalogTexts texts;
  texts.choices = choices;
  texts.referential = referential;
  texts.forms.emplace_back("forms/essai.yaml", form_text);
  auto catalog = Catalog::from_texts(texts);
  REQUIRE_FALSE(catalog.has_value());
  return catalog.error().message;
}

inline const Catalog& test_catalog() {
  static const Catalog catalog = make_catalog(k_test_form);
  return catalog;
}

inline const Form& test_form() {
  return *test_catalog().find_form("essai");
}

inline const Field& field(const Form& form, std::string_view key) {
  const Field* found = form.find_field(key);
  REQUIRE_MESSAGE(found != nullptr, key);
  return *found;
}

inline util::Date date(int year, int month, int day) {
  return util::Date{year, month, day};
}

using Groups = std::map<std::string, std::vector<domain::GroupRow>>;

inline domain::GroupRow row(std::size_t source_row, domain::Answers values) {
  return domain::GroupRow{source_row, std::move(values)};
}

// "E201 debut: « Date de début » : réponse obligatoire manquante" — compact, for exact comparisons.
inline std::vector<std::string> summarize(const std::vector<Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& problem : problems) {
    std::string where = problem.field;
    if (!problem.group.empty()) {
      where = problem.group + "[" + std::to_string(problem.group_row) + "]" + (where.empty() ? "" : "." + where);
    }
    out.push_back(problem.code + " " + where + ": " + problem.message);
  }
  return out;
}

}  // namespace pilot::forms::test

namespace doctest {
// Prints vectors of strings one per line when a comparison fails.
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const auto& line : lines) {
      out += "\n  " + line;
    }
    return (out + "\n}").c_str();
  }
};
}  // namespace doctest

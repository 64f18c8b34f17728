#include <doctest/doctest.h>

#include "forms/headers.hpp"
#include "test_support.hpp"

using namespace pilot;
using namespace pilot::forms;
using namespace pilot::forms::test;

namespace {

std::vector<std::string> keys(const HeaderBinding& binding) {
  std::vector<std::string> out;
  for (const Field* field : binding.column_fields) {
    out.push_back(field == nullptr ? "-" : field->key);
  }
  return out;
}

std::vector<std::string> keys(const std::vector<const Field*>& fields) {
  std::vector<std::string> out;
  for (const Field* field : fields) {
    out.push_back(field->key);
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_SUITE("forms::bind_headers") {
  TEST_CASE("binding headers to fields") {
    const Form& form = test_form();
    SUBCASE("by key, label or alias; accents, case, punctuation and order ignored") {
      const auto binding =
          bind_headers(form.field_pointers(), {"Date de fin", "DEBUT", "code_interne", "Montant total*",
                                               "nombre-de-places", "actif", "Formes (plusieurs)"});
      CHECK(keys(binding) == Strings{"fin", "debut", "texte", "montant", "entier", "actif", "-"});
      CHECK(binding.unknown == Strings{"Formes (plusieurs)"});
      CHECK(binding.suggestions == Strings{"Formes"});
      CHECK(binding.missing_required.empty());
      CHECK(binding.duplicates.empty());
    }
    SUBCASE("a label followed by the field's own unit; another unit stays unknown") {
      const auto binding = bind_headers(form.field_pointers(), {"Montant total (€)", "Taux (%)", "Ratio (€)",
                                                                "Nombre de places (€)", "ETP en ETP", "Date de début"});
      CHECK(keys(binding) == Strings{"montant", "taux", "-", "-", "etp", "debut"});
      CHECK(binding.unknown == Strings{"Ratio (€)", "Nombre de places (€)"});
      CHECK(keys(bind_headers(form.field_pointers(), {"Montant total en euros"})) == Strings{"montant"});
      CHECK(keys(bind_headers(form.field_pointers(), {"Montant total (k€)"})) == Strings{"-"});
    }
    SUBCASE("unknown headers, with the closest field label or nothing") {
      const auto binding =
          bind_headers(form.field_pointers(), {"Date de debu", "Couleurr", "Zzzzzz qqqq", "Date de début"});
      CHECK(keys(binding) == Strings{"-", "-", "-", "debut"});
      CHECK(binding.unknown == Strings{"Date de debu", "Couleurr", "Zzzzzz qqqq"});
      CHECK(binding.suggestions == Strings{"Date de début", "Couleur", ""});
    }
    SUBCASE("a second column for the same field is a duplicate, empty headers are ignored") {
      const auto binding = bind_headers(form.field_pointers(), {"debut", "", "Date de début", "Début", "  "});
      CHECK(keys(binding) == Strings{"debut", "-", "-", "-", "-"});
      CHECK(binding.duplicates == Strings{"Date de début", "Début"});
      CHECK(binding.unknown.empty());
    }
    SUBCASE("required fields without a column; conditional ones are never missing") {
      const auto binding = bind_headers(form.field_pointers(), {"Ratio"});
      CHECK(keys(binding.missing_required) == Strings{"debut"});
    }
    SUBCASE("a group's fields, with an extra field the caller accepts") {
      const Group* group = form.match_group("budget");
      REQUIRE(group != nullptr);
      CHECK(form.match_group("Lignes budgétaires") == group);
      CHECK(form.match_group("lignes") == group);
      CHECK(form.match_group("Indicateurs") == nullptr);
      auto fields = group->field_pointers();
      fields.push_back(&field(form, "texte"));
      const auto binding = bind_headers(fields, {"Code interne", "Année", "Type de financeur", "Montant"});
      CHECK(keys(binding) == Strings{"texte", "annee", "financeur", "montant"});
      CHECK(binding.missing_required.empty());
      CHECK(keys(bind_headers(group->field_pointers(), {"Année"}).missing_required) == Strings{"financeur", "montant"});
    }
  }

  TEST_CASE("the shipped action forms accept the headers of the guide's actions table") {
    const Form& form = *shipped_catalog().find_form("action-cls-departement");
    const auto binding =
        bind_headers(form.field_pointers(), {"Intitulé", "Axe", "Champs d'action publique", "Référence", "Nature",
                                             "Type d'action", "Public(s) visé(s)", "QPV", "Zone rurale",
                                             "Public spécifique", "Date de début", "Budget total", "Statut"});
    CHECK(keys(binding) == Strings{"intitule", "axe", "champs", "reference", "nature", "type_action", "publics", "qpv",
                                   "zone_rurale", "public_specifique", "date_debut", "budget_total", "-"});
    CHECK(binding.unknown == Strings{"Statut"});
    CHECK(binding.missing_required.empty());
  }
}

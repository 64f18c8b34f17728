// The export tables as rows (report/export_*.cpp): columns from the forms, values, filters, totals.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "test_export_support.hpp"

using namespace pilot;
using export_test::Fixture;
using export_test::MemorySink;
using report::Cell;
using report::Money;

namespace {

std::int64_t sum_money(const MemorySink& sink, std::string_view key) {
  std::int64_t total = 0;
  const std::size_t column = sink.column(key);
  for (const auto& row : sink.rows) {
    if (const auto* money = std::get_if<Money>(&row[column])) {
      total += money->cents;
    }
  }
  return total;
}

std::vector<std::string> texts(const MemorySink& sink, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& row : sink.rows) {
    out.push_back(sink.text(row, key));
  }
  return out;
}

}  // namespace

TEST_SUITE("report::export conventions") {
  TEST_CASE("one row per convention with counts, budgets and shares") {
    Fixture fixture;
    auto source = fixture.source();
    MemorySink sink;
    auto result = report::export_conventions(source, sink);
    REQUIRE(result);
    CHECK(result->rows == 3);
    CHECK(sink.begun == 1);
    CHECK(sink.ended == 1);
    const auto& amiens = sink.row_where("collectivite", "CA Amiens Métropole");
    // Dropped actions are not counted; their lines before the drop are.
    CHECK(std::get<std::int64_t>(amiens[sink.column("nombre_actions")]) == 2);
    CHECK(sink.cents(amiens, "budget_total") ==
          export_test::k_a1_cents + export_test::k_a2_cents + export_test::k_a3_cents);
    CHECK(sink.cents(amiens, "budget_autres") == 500'000);  // the « Pour info » 999 999 is left out
    CHECK(std::get<util::Date>(amiens[sink.column("date_signature")]) == util::Date{2024, 6, 28});
    CHECK(sink.text(amiens, "region_nom") == "Hauts-de-France");
    CHECK(sink.text(amiens, "type_collectivite") == "Métropole");
    const auto& nord = sink.row_where("collectivite", "Conseil départemental - Nord");
    CHECK(sink.cents(nord, "budget_total") == export_test::k_b1_cents);
    const auto share = std::get<report::Percent>(nord[sink.column("part_collectivite")]);
    CHECK(share.value == doctest::Approx(100.0));
    // No budget: no share rather than a division by zero.
    CHECK(sum_money(sink, "budget_total") == export_test::k_a1_cents + export_test::k_a2_cents +
                                                 export_test::k_a3_cents + export_test::k_b1_cents +
                                                 export_test::k_c1_cents);
  }

  TEST_CASE("the region filter keeps exactly that region's conventions") {
    Fixture fixture;
    auto source = fixture.source({fixture.region("Hauts-de-France"), store::StatusFilter::all, std::nullopt});
    MemorySink sink;
    REQUIRE(report::export_conventions(source, sink));
    auto names = texts(sink, "collectivite");
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"CA Amiens Métropole", "Conseil départemental - Nord"});
  }

  TEST_CASE("status and year filters limit what is counted, not which conventions are listed") {
    Fixture fixture;
    SUBCASE("double-validated only") {
      auto source = fixture.source({{}, store::StatusFilter::double_validee, std::nullopt});
      MemorySink sink;
      REQUIRE(report::export_conventions(source, sink));
      CHECK(sink.rows.size() == 3);
      const auto& amiens = sink.row_where("collectivite", "CA Amiens Métropole");
      CHECK(std::get<std::int64_t>(amiens[sink.column("nombre_actions")]) == 1);
      CHECK(sink.cents(amiens, "budget_total") == export_test::k_a1_cents);
    }
    SUBCASE("drafts include actions validated by one side only") {
      auto source = fixture.source({{}, store::StatusFilter::brouillon, std::nullopt});
      MemorySink sink;
      REQUIRE(report::export_conventions(source, sink));
      const auto& amiens = sink.row_where("collectivite", "CA Amiens Métropole");
      CHECK(std::get<std::int64_t>(amiens[sink.column("nombre_actions")]) == 1);  // a2 (a3 is dropped)
      CHECK(sink.cents(amiens, "budget_total") == export_test::k_a2_cents + export_test::k_a3_cents);
    }
    SUBCASE("one year") {
      auto source = fixture.source({{}, store::StatusFilter::all, 2025});
      MemorySink sink;
      REQUIRE(report::export_conventions(source, sink));
      const auto& amiens = sink.row_where("collectivite", "CA Amiens Métropole");
      CHECK(sink.cents(amiens, "budget_total") == 3'000'050 + 500'000);  // a3's 2025 line follows its drop
    }
  }
}

TEST_SUITE("report::export actions") {
  TEST_CASE("columns: union of the forms' fields in form order, one Oui/Non column per offered choice") {
    Fixture fixture;
    auto source = fixture.source();
    MemorySink sink;
    REQUIRE(report::export_actions(source, sink));
    std::vector<std::string> keys;
    for (const auto& column : sink.columns) {
      keys.push_back(column.key);
    }
    auto position = [&](std::string_view key) {
      auto found = std::find(keys.begin(), keys.end(), key);
      REQUIRE_MESSAGE(found != keys.end(), key);
      return found - keys.begin();
    };
    // Every field of both forms, once.
    for (const forms::Form* form : fixture.catalog.forms()) {
      if (form->record != forms::RecordKind::action) {
        continue;
      }
      for (const auto& field : form->fields) {
        CHECK(std::count(keys.begin(), keys.end(), field.key) == 1);
      }
    }
    // The most used form leads; the other's own questions land among their neighbours.
    CHECK(position("reference") < position("intitule"));
    CHECK(position("intitule") + 1 == position("axe"));
    CHECK(position("axe") + 1 == position("volet"));
    CHECK(position("volet") + 1 == position("duree"));
    CHECK(position("duree") + 1 == position("nature"));
    CHECK(position("champs") < position("champs_autre"));
    // Offered choices of both forms, in list order, right after the multiple choice.
    CHECK(position("champs__alimentation") == position("champs") + 1);
    CHECK(position("champs__jeunesse") == position("champs") + 2);
    CHECK(position("champs__insertion") == position("champs") + 3);
    CHECK(position("champs__sante") == position("champs") + 4);
    CHECK(position("champs__autre") == position("champs") + 5);
    // Labels and units come from the forms.
    const auto& axe = sink.columns[sink.column("axe")];
    CHECK(axe.label == fixture.catalog.find_form("action-test-cls")->find_field("axe")->label);
    CHECK(axe.definition.find("Axe du Pacte des solidarités") != std::string::npos);
    CHECK(axe.values.find("axe_1 = Axe 1 : Enfance") != std::string::npos);
    CHECK(sink.columns[sink.column("ratio")].unit == "pers./ETP");
    CHECK(sink.columns[sink.column("budget_total")].unit == "€");
    // The same key asked differently by another form is said in the definition.
    CHECK(sink.columns[sink.column("nature")].definition.find("aussi posée") != std::string::npos);
    // Budgets per year and financer that exist in the data.
    CHECK(sink.has_column("budget_2024_etat"));
    CHECK(sink.has_column("budget_2025_autre"));
    CHECK_FALSE(sink.has_column("budget_2026_etat"));
    // An answer under a key no form knows still gets a column.
    CHECK(sink.has_column("ancien_champ"));
  }

  TEST_CASE("values are typed, labelled for people and coded for machines") {
    Fixture fixture;
    auto source = fixture.source();
    MemorySink people;
    auto result = report::export_actions(source, people);
    REQUIRE(result);
    CHECK(result->rows == 5);
    const auto& a1 = people.row_where("reference", "1.1");
    CHECK(people.text(a1, "axe") == "Axe 1 : Enfance");
    CHECK(people.text(a1, "champs") == "Alimentation; Jeunesse");
    CHECK(people.text(a1, "champs__alimentation") == "Oui");
    CHECK(people.text(a1, "champs__insertion") == "Non");
    CHECK(people.text(a1, "qpv") == "Oui");
    CHECK(people.text(a1, "zone_rurale") == "Non");
    CHECK(people.text(a1, "statut") == "Double validée");
    CHECK(people.text(a1, "collectivite") == "CA Amiens Métropole");
    CHECK(people.text(a1, "departement") == "80");
    CHECK(std::get<std::int64_t>(a1[people.column("beneficiaires")]) == 450);
    CHECK(std::get<report::Percent>(a1[people.column("taux_couverture")]).value == 12.5);
    CHECK(std::get<double>(a1[people.column("etp_mobilises")]) == 1.5);
    CHECK(std::get<util::Date>(a1[people.column("date_debut")]) == util::Date{2024, 9, 2});
    CHECK(people.cents(a1, "budget_total") == export_test::k_a1_cents);
    CHECK(people.cents(a1, "reponse_budget_total") == export_test::k_a1_cents);  // the form's own field
    CHECK(people.cents(a1, "budget_2025_etat") == 3'000'050);
    CHECK(people.cents(a1, "budget_etat") == 5'000'050);
    CHECK_FALSE(people.has_column("budget_2024_autre"));  // only a « Pour info » line that year
    CHECK(std::get<std::int64_t>(a1[people.column("nombre_indicateurs")]) == 1);
    // Unanswered multiple choice: the choice columns stay empty rather than saying Non.
    const auto& b1 = people.row_where("reference", "V2-01");
    CHECK(people.text(b1, "volet") == "Volet 2 : Offre d'insertion");
    CHECK(people.text(b1, "champs") == "Santé; Insertion professionnelle");
    CHECK(people.text(b1, "champs__sante") == "Oui");
    CHECK(std::holds_alternative<std::monostate>(b1[people.column("publics__enfants")]));
    CHECK(people.cents(b1, "budget_total") == export_test::k_b1_cents);  // « Pour info » left out
    CHECK(std::holds_alternative<std::monostate>(b1[people.column("budget_2024_etat")]));
    // A form's own wording of a shared choice list: labels come from the action's form.
    CHECK(people.text(b1, "nature") == "Action nouvelle");
    // Genuine negative numbers stay numbers.
    const auto& a2 = people.row_where("reference", "2.1");
    CHECK(std::get<double>(a2[people.column("ratio")]) == -3.5);
    CHECK(people.text(a2, "etat_validation") == "Brouillon");  // validated by one side only
    // Fixed reference and title fill in when the answers lack them; the drop year is shown.
    const auto& a3 = people.row_where("reference", "3.1");
    CHECK(people.text(a3, "intitule") == "Action abandonnée");
    CHECK(std::get<std::int64_t>(a3[people.column("annee_abandon")]) == 2025);
    CHECK(people.cents(a3, "budget_total") == export_test::k_a3_cents);
    const auto& c1 = people.row_where("reference", "1");
    CHECK(people.text(c1, "ancien_champ") == "valeur héritée");
    CHECK(people.text(c1, "region_nom") == "Nouvelle-Aquitaine");

    MemorySink machines(report::Audience::machines);
    REQUIRE(report::export_actions(source, machines));
    const auto& m1 = machines.row_where("reference", "1.1");
    CHECK(machines.text(m1, "axe") == "axe_1");
    CHECK(machines.text(m1, "champs") == "alimentation;jeunesse");
    CHECK(machines.text(m1, "champs__alimentation") == "oui");
    CHECK(machines.text(m1, "statut") == "double_validee");
    CHECK(machines.text(m1, "convention_type") == "cls");
  }

  TEST_CASE("budget columns add up to the conventions' totals") {
    Fixture fixture;
    auto source = fixture.source();
    MemorySink actions;
    REQUIRE(report::export_actions(source, actions));
    std::int64_t by_year = 0;
    for (const auto& column : actions.columns) {
      if (column.key.starts_with("budget_20")) {
        by_year += sum_money(actions, column.key);
      }
    }
    MemorySink conventions;
    REQUIRE(report::export_conventions(source, conventions));
    CHECK(by_year == sum_money(conventions, "budget_total"));
    CHECK(sum_money(actions, "budget_total") == sum_money(conventions, "budget_total"));
  }

  TEST_CASE("filters: scope, status, year") {
    Fixture fixture;
    SUBCASE("région: only its actions, and no column for keys only other régions answered") {
      auto source = fixture.source({fixture.region("Hauts-de-France"), store::StatusFilter::all, std::nullopt});
      MemorySink sink;
      REQUIRE(report::export_actions(source, sink));
      CHECK(sink.rows.size() == 4);
      CHECK_FALSE(sink.has_column("ancien_champ"));
    }
    SUBCASE("convention") {
      store::Scope scope;
      scope.convention_id = fixture.ids.nord;
      auto source = fixture.source({scope, store::StatusFilter::all, std::nullopt});
      MemorySink sink;
      REQUIRE(report::export_actions(source, sink));
      REQUIRE(sink.rows.size() == 1);
      CHECK(sink.text(sink.rows[0], "reference") == "V2-01");
    }
    SUBCASE("double-validated") {
      auto source = fixture.source({{}, store::StatusFilter::double_validee, std::nullopt});
      MemorySink sink;
      REQUIRE(report::export_actions(source, sink));
      auto references = texts(sink, "reference");
      std::sort(references.begin(), references.end());
      CHECK(references == std::vector<std::string>{"1.1", "V2-01"});
    }
    SUBCASE("year: budget columns of that year only") {
      auto source = fixture.source({{}, store::StatusFilter::all, 2024});
      MemorySink sink;
      REQUIRE(report::export_actions(source, sink));
      CHECK(sink.rows.size() == 5);
      CHECK_FALSE(sink.has_column("budget_2025_etat"));
      CHECK(sink.cents(sink.row_where("reference", "1.1"), "budget_total") == 4'000'000);
    }
  }

  TEST_CASE("rows come in a stable order: convention, then reference") {
    Fixture fixture;
    auto source = fixture.source();
    MemorySink first;
    MemorySink second;
    REQUIRE(report::export_actions(source, first));
    REQUIRE(report::export_actions(source, second));
    CHECK(texts(first, "reference") == texts(second, "reference"));
    CHECK(texts(first, "reference") == std::vector<std::string>{"1.1", "2.1", "3.1", "V2-01", "1"});
  }

  TEST_CASE("an empty scope still gives every form's columns") {
    Fixture fixture;
    fixture.database.connection().exec("DELETE FROM actions");
    auto source = fixture.source();
    MemorySink sink;
    auto result = report::export_actions(source, sink);
    REQUIRE(result);
    CHECK(result->rows == 0);
    CHECK(sink.has_column("axe"));
    CHECK(sink.has_column("volet"));
    CHECK(sink.has_column("budget_total"));
  }
}

TEST_SUITE("report::export long tables") {
  TEST_CASE("budgets: every planned line then the bilan expenses, with what counts") {
    Fixture fixture;
    auto source = fixture.source();
    MemorySink sink;
    auto result = report::export_budgets(source, sink);
    REQUIRE(result);
    CHECK(result->rows == 11 + 1);  // 4 + 2 + 2 + 2 + 1 planned lines, 1 expense
    std::int64_t counted = 0;
    for (const auto& row : sink.rows) {
      if (sink.text(row, "compte") == "Oui") {
        counted += sink.cents(row, "montant");
      }
    }
    MemorySink conventions;
    REQUIRE(report::export_conventions(source, conventions));
    CHECK(counted == sum_money(conventions, "budget_total"));
    const auto& pour_info = sink.row_where("financeur_nom", "France Travail");
    CHECK(sink.text(pour_info, "compte") == "Non");
    const auto& realised = sink.row_where("nature_montant", "Réalisé");
    CHECK(sink.cents(realised, "montant") == 1'800'000);
    CHECK(std::get<std::int64_t>(realised[sink.column("action_id")]) == fixture.ids.a1);
    // Natures are labels of the action form's list.
    bool found_nature = false;
    for (const auto& row : sink.rows) {
      found_nature = found_nature || sink.text(row, "nature") == "ETP d'accompagnement";
    }
    CHECK(found_nature);
  }

  TEST_CASE("indicators: one row per indicator and year, with the realisation rate") {
    Fixture fixture;
    auto source = fixture.source();
    MemorySink sink;
    auto result = report::export_indicators(source, sink);
    REQUIRE(result);
    CHECK(result->rows == 4);
    const auto& first = sink.rows.front();
    CHECK(sink.text(first, "libelle") == "Enfants bénéficiaires");
    CHECK(sink.text(first, "unite") == "Nombre");
    CHECK(std::get<std::int64_t>(first[sink.column("annee")]) == 2024);
    CHECK(std::get<report::Percent>(first[sink.column("taux_realisation")]).value == 66.67);
    CHECK(std::holds_alternative<std::monostate>(sink.rows[1][sink.column("taux_realisation")]));
    auto year_only = fixture.source({{}, store::StatusFilter::all, 2025});
    MemorySink only;
    REQUIRE(report::export_indicators(year_only, only));
    CHECK(only.rows.size() == 1);
  }

  TEST_CASE("indicators: realised values come from the bilans, in years with or without a target") {
    Fixture fixture;
    {
      store::WriteTransaction transaction(fixture.database, pilot::test::test_actor("test"));
      auto& db = transaction.connection();
      // The 2024 bilan of 1.1 declares its indicator (over the plan's 300) and one the plan has no
      // target for in 2024; a 2025 bilan declares a value for a year whose target row is absent.
      db.exec(
          "INSERT INTO bilan_indicators (bilan_id, kind, code, label, unit, target, realised, comment) VALUES "
          "(1, 'local', '', 'Enfants bénéficiaires', 'nombre', 450, 420, 'rentrée de septembre')");
      db.exec("INSERT INTO indicators (action_id, kind, code, label, unit) VALUES (" + std::to_string(fixture.ids.a1) +
              ", 'local', '', 'Familles orientées', 'nombre')");
      db.exec(
          "INSERT INTO bilan_indicators (bilan_id, kind, code, label, unit, realised) VALUES "
          "(1, 'local', '', 'Familles orientées', 'nombre', 12)");
      db.exec("INSERT INTO bilans (id, action_id, year, form_id, form_version, created_at, updated_at) VALUES (2, " +
              std::to_string(fixture.ids.a2) +
              ", 2025, 'bilan-test', 1, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
      db.exec(
          "INSERT INTO bilan_indicators (bilan_id, kind, code, label, unit, realised) VALUES "
          "(2, 'impact', '', 'Part des orientés', 'pourcentage', 55)");
      transaction.commit();
    }
    auto source = fixture.source();
    MemorySink sink;
    REQUIRE(report::export_indicators(source, sink));
    std::vector<std::string> seen;
    for (const auto& row : sink.rows) {
      const auto& year = row[sink.column("annee")];
      const auto& realised = row[sink.column("realise")];
      seen.push_back(sink.text(row, "libelle") + " " +
                     (std::holds_alternative<std::int64_t>(year) ? std::to_string(std::get<std::int64_t>(year)) : "-") +
                     " " +
                     (std::holds_alternative<double>(realised) ? fmt::format("{}", std::get<double>(realised)) : "-") +
                     " " + sink.text(row, "commentaire"));
    }
    // Rows stay grouped by indicator, years in order (the recap relies on it); the CIE action's
    // indicator (no bilan) comes last, as before.
    REQUIRE(seen.size() == 6);
    seen.pop_back();
    CHECK(seen ==
          std::vector<std::string>{"Enfants bénéficiaires 2024 420 premier trimestre — bilan : rentrée de septembre",
                                   "Enfants bénéficiaires 2025 - ", "Familles orientées 2024 12 ",
                                   "Part des orientés 2024 40 ", "Part des orientés 2025 55 "});
    auto year_only = fixture.source({{}, store::StatusFilter::all, 2025});
    MemorySink only;
    REQUIRE(report::export_indicators(year_only, only));
    REQUIRE(only.rows.size() == 2);
    CHECK(std::get<double>(only.rows[1][only.column("realise")]) == 55.0);
    CHECK(std::holds_alternative<std::monostate>(only.rows[1][only.column("cible")]));
  }

  TEST_CASE("bilans: one row per answer, readable and typed") {
    Fixture fixture;
    auto source = fixture.source();
    MemorySink sink;
    auto result = report::export_bilans(source, sink);
    REQUIRE(result);
    CHECK(result->rows == 4);
    const auto& deploiement = sink.row_where("question", "deploiement");
    CHECK(sink.text(deploiement, "reponse") == "en retard");
    CHECK(sink.text(deploiement, "question_libelle") == "Le déploiement de cette action est…");
    const auto& depenses = sink.row_where("question", "depenses");
    CHECK(std::get<double>(depenses[sink.column("valeur")]) == 15000.0);
    const auto& date = sink.row_where("question", "date_point");
    CHECK(std::get<util::Date>(date[sink.column("date")]) == util::Date{2024, 12, 15});
    CHECK(sink.text(date, "reponse") == "15/12/2024");
  }

  TEST_CASE("validations: who validated what, and whether it still matches") {
    Fixture fixture;
    auto source = fixture.source();
    MemorySink sink;
    auto result = report::export_validations(source, sink);
    REQUIRE(result);
    CHECK(result->rows == 3);
    const auto& paul = sink.row_where("utilisateur", "paul");
    CHECK(sink.text(paul, "cote") == "État");
    CHECK(std::get<util::Date>(paul[sink.column("date")]) == util::Date{2024, 10, 3});
    CHECK(sink.text(paul, "contenu_inchange") == "Oui");
    const auto& stale = sink.row_where("empreinte", "ancienne-empreinte");
    CHECK(sink.text(stale, "contenu_inchange") == "Non");
  }
}

TEST_SUITE("report::export kinds") {
  TEST_CASE("table names") {
    CHECK(report::parse_export_kind("actions") == report::ExportKind::actions);
    CHECK(report::parse_export_kind("Indicateurs") == report::ExportKind::indicateurs);
    CHECK(report::parse_export_kind("convention") == report::ExportKind::conventions);
    auto unknown = report::parse_export_kind("actoins");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().kind == ErrorKind::usage);
    CHECK(unknown.error().message.find("vouliez-vous dire « actions »") != std::string::npos);
  }

  TEST_CASE("status filters as users type them") {
    CHECK(store::parse_status_filter("brouillon") == store::StatusFilter::brouillon);
    CHECK(store::parse_status_filter("double-validee") == store::StatusFilter::double_validee);
    CHECK(store::parse_status_filter("Double validée") == store::StatusFilter::double_validee);
    CHECK(store::parse_status_filter("all") == store::StatusFilter::all);
    auto bad = store::parse_status_filter("validee");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "état de validation inconnu « validee » : attendu « brouillon », "
          "« double-validee » ou « all » ; vouliez-vous dire « double-validee » ?");
    CHECK(store::parse_status_filter("doublement validée") == store::StatusFilter::double_validee);
    CHECK(store::parse_status_filter("draft") == store::StatusFilter::brouillon);
    CHECK(store::parse_status_filter("xyz").error().message ==
          "état de validation inconnu « xyz » : attendu « brouillon », « double-validee » ou « all »");
  }
}

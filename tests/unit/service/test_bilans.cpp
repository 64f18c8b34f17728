#include <doctest/doctest.h>

#include "bilan_test_support.hpp"
#include "store/audit_store.hpp"

using namespace pilot;
using store::BilanState;

namespace {

struct BilanFixture : test::ServiceFixture {
  std::int64_t convention = 0;
  std::int64_t first = 0;
  std::int64_t second = 0;

  BilanFixture() {
    convention = add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    first = test::add_planned_action(*this, convention, "FA-1");
    second = test::add_planned_action(*this, convention, "FA-2");
  }

  Error refused(service::BilanSetOptions options) {
    auto result = service::set_bilan(context, options);
    REQUIRE_FALSE(result);
    return result.error();
  }
};

service::BilanSetOptions options_for(std::int64_t action, int year, std::vector<service::FieldAssignment> sets) {
  service::BilanSetOptions options;
  options.action_id = action;
  options.year = year;
  options.sets = std::move(sets);
  return options;
}

}  // namespace

TEST_SUITE("service::bilans") {
  TEST_CASE("a bilan is built field by field and says what it still lacks") {
    BilanFixture fixture;
    auto result = test::set_bilan(fixture, fixture.first, 2025, {{"commence", "oui"}});
    CHECK(result.created);
    CHECK(result.year == 2025);
    CHECK(result.changes.size() == 1);
    CHECK(result.changes[0].first == "Cette action a-t-elle commencé à être mise en œuvre ?");
    CHECK(result.changes[0].second == "(vide) → Oui");
    CHECK(result.completeness.state == BilanState::incomplete);
    const auto& lacks = result.completeness.lacks;
    CHECK(std::find(lacks.begin(), lacks.end(), "« Le déploiement de cette action est… »") != lacks.end());
    CHECK(std::find(lacks.begin(), lacks.end(), "dépenses réelles 2025 (budget prévu : 100 000,00 €)") != lacks.end());
    CHECK(std::find(lacks.begin(), lacks.end(), "valeur réalisée de « Familles accompagnées »") != lacks.end());
    CHECK(std::find(lacks.begin(), lacks.end(), "valeur réalisée de « Nombre de nouveaux entrants »") != lacks.end());

    result = test::set_bilan(fixture, fixture.first, 2025,
                             {{"Le déploiement de cette action est", "en retard"},
                              {"raisons", "Recrutement tardif"},
                              {"Terminée", "non"},
                              {"permanente", "oui"}},
                             {"financeur=État;montant=50 000,00", "financeur=Collectivité;montant=45 000,00"},
                             {"code=RSA_NOUVEAUX_ENTRANTS;realise=118", "libelle=familles accompagnées;realise=41"});
    CHECK_FALSE(result.created);
    CHECK(result.completeness.state == BilanState::complete);
    CHECK(result.completeness.lacks.empty());
    CHECK(result.warnings.empty());

    // The indicator rows took type, unit, target and the plan's spelling from the action.
    const auto bilan = test::stored_bilan(fixture, fixture.first, 2025);
    REQUIRE(bilan);
    REQUIRE(bilan->indicators.size() == 2);
    CHECK(bilan->indicators[0].kind == domain::IndicatorKind::national);
    CHECK(bilan->indicators[0].label == "Nombre de nouveaux entrants");
    CHECK(bilan->indicators[0].target == 120);
    CHECK(bilan->indicators[0].realised == 118);
    CHECK(bilan->indicators[1].label == "Familles accompagnées");
    CHECK(bilan->indicators[1].unit == "nombre");
    REQUIRE(bilan->expenses.size() == 2);
    CHECK(bilan->expenses[1].amount_cents == 4'500'000);

    // A row with the same key replaces the earlier one; another object adds a line.
    result = test::set_bilan(fixture, fixture.first, 2025, {},
                             {"financeur=Collectivité;montant=50 000,00",
                              "financeur=autre;financeur_nom=CAF;objet=Ateliers;montant=1 000,00"});
    CHECK(test::stored_bilan(fixture, fixture.first, 2025)->expenses.size() == 3);
    CHECK(result.changes.at(0).first == "Dépenses réelles");
    CHECK(result.changes.at(0).second == "2 lignes → 3 lignes");

    service::BilanSetOptions clear = options_for(fixture.first, 2025, {});
    clear.clear = {"dépenses"};
    clear.expenses = {"financeur=etat;montant=100 000"};
    REQUIRE(service::set_bilan(fixture.context, clear));
    CHECK(test::stored_bilan(fixture, fixture.first, 2025)->expenses.size() == 1);
  }

  TEST_CASE("a bilan keeps what earlier years said") {
    BilanFixture fixture;
    test::set_complete_bilan(fixture, fixture.first, 2024, "95");
    const auto before = test::stored_bilan(fixture, fixture.first, 2024);
    REQUIRE(before);
    test::set_complete_bilan(fixture, fixture.first, 2025, "130");
    test::set_bilan(fixture, fixture.first, 2025, {{"remarques", "Montée en charge"}},
                    {"financeur=etat;montant=60 000"});
    const auto after = test::stored_bilan(fixture, fixture.first, 2024);
    REQUIRE(after);
    CHECK(store::bilan_content_json(*after).dump() == store::bilan_content_json(*before).dump());
    CHECK(after->updated_at == before->updated_at);
    CHECK(test::stored_bilan(fixture, fixture.first, 2025)->indicators.at(0).realised == 130);
    auto view = service::show_bilan(fixture.context, fixture.first, 2024);
    REQUIRE(view);
    CHECK(view->years == std::vector<int>{2024, 2025});
    CHECK(view->completeness.state == BilanState::complete);
    // Every save is in the audit trail, old and new content.
    auto database = store::Database::open(fixture.context.db_path, store::Access::read_only);
    REQUIRE(database);
    const auto entries = store::recent_history(*database, 50);
    const auto saves = std::count_if(entries.begin(), entries.end(),
                                     [](const store::AuditEntry& entry) { return entry.entity == "bilan"; });
    CHECK(saves == 3);
  }

  TEST_CASE("year rules: in the convention's period, over, and not after the action was dropped") {
    BilanFixture fixture;
    auto message = fixture.refused(options_for(fixture.first, 2023, {{"commence", "non"}})).message;
    CHECK(
        message ==
        "bilan 2023 refusé : l'année 2023 est hors de la période de la convention n° 1 (du 01/01/2024 au 31/12/2027)");
    const auto current = fixture.refused(options_for(fixture.first, 2026, {{"commence", "non"}}));
    CHECK(current.kind == ErrorKind::data);
    CHECK(current.message ==
          "bilan 2026 refusé : un bilan porte sur une année écoulée ; en 2026, le dernier bilan possible est celui de "
          "2025");
    CHECK(fixture.refused(options_for(fixture.first, 2027, {{"commence", "non"}})).message.find("année écoulée") !=
          std::string::npos);
    CHECK_FALSE(test::stored_bilan(fixture, fixture.first, 2026));
  }

  TEST_CASE("wrong values are refused, every one listed, nothing written") {
    BilanFixture fixture;
    test::set_complete_bilan(fixture, fixture.first, 2025);
    const auto before = store::bilan_content_json(*test::stored_bilan(fixture, fixture.first, 2025)).dump();
    service::BilanSetOptions options = options_for(fixture.first, 2025, {{"deploiement", "à moitié"}});
    options.expenses = {"financeur=etat;montant=-5"};
    options.indicators = {"code=RSA_NOUVEAUX_ENTRANTS;realise=beaucoup"};
    const auto error = fixture.refused(options);
    INFO(error.message);
    CHECK(error.kind == ErrorKind::data);
    CHECK(error.message.starts_with("bilan 2025 de l'action n° 1 (FA-1) non enregistré (3 problèmes) :"));
    CHECK(error.message.find("« Le déploiement de cette action est… »") != std::string::npos);
    CHECK(error.message.find("[E301] Dépenses réelles, ligne 1 : « Montant réalisé » : -5,00 €") != std::string::npos);
    CHECK(error.message.find("[E102] Indicateurs, ligne 3 : « Valeur réalisée » : nombre invalide « beaucoup »") !=
          std::string::npos);
    CHECK(store::bilan_content_json(*test::stored_bilan(fixture, fixture.first, 2025)).dump() == before);

    SUBCASE("an answer to a question that does not arise, and a form rule") {
      const auto rule = fixture.refused(options_for(fixture.first, 2025, {{"commence", "non"}}));
      CHECK(rule.message.find("[E203]") != std::string::npos);  // déploiement answered for an action not started
    }
    SUBCASE("expenses of another year than the bilan's") {
      service::BilanSetOptions other = options_for(fixture.first, 2025, {});
      other.expenses = {"annee=2024;financeur=etat;montant=10"};
      CHECK(fixture.refused(other).message.find("[E511]") != std::string::npos);
    }
    SUBCASE("usage mistakes") {
      INFO("usage");
      auto unknown = fixture.refused(options_for(fixture.first, 2025, {{"commencement", "oui"}}));
      CHECK(unknown.kind == ErrorKind::usage);
      CHECK(unknown.message.find("champ inconnu « commencement » dans le formulaire « bilan »") != std::string::npos);
      auto identity = fixture.refused(options_for(fixture.first, 2025, {{"annee_bilan", "2024"}}));
      CHECK(identity.kind == ErrorKind::usage);
      service::BilanSetOptions clear = options_for(fixture.first, 2025, {});
      clear.clear = {"budgets"};
      CHECK(fixture.refused(clear).message.find("--clear « budgets » : groupe inconnu") != std::string::npos);
      service::BilanSetOptions row = options_for(fixture.first, 2025, {});
      row.expenses = {"montant 12"};
      CHECK(fixture.refused(row).kind == ErrorKind::usage);
      CHECK(fixture.refused(options_for(fixture.first, 2025, {})).kind == ErrorKind::usage);
      auto missing = fixture.refused(options_for(999, 2025, {{"commence", "oui"}}));
      CHECK(missing.kind == ErrorKind::not_found);
      CHECK(missing.message == "action n° 999 introuvable");
    }
  }

  TEST_CASE("show: an absent year says which years exist") {
    BilanFixture fixture;
    test::set_complete_bilan(fixture, fixture.first, 2024);
    auto view = service::show_bilan(fixture.context, fixture.first, 2025);
    REQUIRE_FALSE(view);
    CHECK(view.error().kind == ErrorKind::not_found);
    CHECK(view.error().message == "aucun bilan 2025 pour l'action n° 1 (FA-1) ; bilans saisis : 2024");
    auto none = service::show_bilan(fixture.context, fixture.second, 2025);
    CHECK(none.error().message == "aucun bilan 2025 pour l'action n° 2 (FA-2) : aucun bilan saisi");
  }

  TEST_CASE("status: complete, incomplete with what it lacks, missing, share complete") {
    BilanFixture fixture;
    const auto third = test::add_planned_action(fixture, fixture.convention, "FA-3");
    test::set_complete_bilan(fixture, fixture.first, 2025);
    test::set_bilan(fixture, fixture.second, 2025, {{"commence", "non"}});
    service::BilanStatusOptions options;
    options.year = 2025;
    auto report = service::bilan_status(fixture.context, options);
    REQUIRE_MESSAGE(report, (report ? "" : report.error().message));
    REQUIRE(report->conventions.size() == 1);
    const auto& summary = report->conventions[0];
    CHECK(summary.actions == 3);
    CHECK(summary.complete == 1);
    CHECK(summary.incomplete == 1);
    CHECK(summary.missing == 1);
    CHECK(summary.complete_percent() == doctest::Approx(100.0 / 3));
    REQUIRE(report->lines.size() == 3);
    CHECK(report->lines[1].completeness.state == BilanState::incomplete);
    CHECK(report->lines[1].completeness.lacks == std::vector<std::string>{"« S'agit-il d'une action permanente ? »"});
    CHECK(report->lines[2].action_id == third);
    CHECK(report->lines[2].completeness.state == BilanState::missing);
    CHECK(report->scope == "national");

    options.scope.convention_id = 42;
    CHECK(service::bilan_status(fixture.context, options).error().kind == ErrorKind::not_found);
    options.scope.convention_id.reset();
    options.year = 2026;
    auto early = service::bilan_status(fixture.context, options);
    REQUIRE_FALSE(early);
    CHECK(early.error().message ==
          "l'année 2026 n'est pas écoulée : en 2026, les bilans portent sur 2025 au plus tard");
    options.year = 2023;
    auto before_period = service::bilan_status(fixture.context, options);
    REQUIRE(before_period);
    CHECK(before_period->conventions.empty());
  }

  TEST_CASE("consistency warnings (seed 002)") {
    BilanFixture fixture;
    SUBCASE("expenses far above the budget, an indicator far from its target without comment, one off plan") {
      auto result = test::set_bilan(
          fixture, fixture.first, 2025,
          {{"commence", "oui"}, {"deploiement", "conforme"}, {"terminee", "non"}, {"permanente", "oui"}},
          {"financeur=État;montant=80 000", "financeur=Collectivité;montant=50 000"},
          {"code=RSA_NOUVEAUX_ENTRANTS;realise=20", "libelle=Familles accompagnées;realise=41",
           "type_indicateur=local;libelle=Ateliers;unite=nombre;realise=3"});
      std::vector<std::string> codes;
      for (const auto& warning : result.warnings) {
        codes.push_back(warning.code);
      }
      CHECK(codes == std::vector<std::string>{"W701", "W703", "W705"});
      CHECK(result.warnings[0].message ==
            "dépenses réelles 2025 (130 000,00 €) supérieures de 30,0 % au budget prévu "
            "(100 000,00 €) : vérifiez les montants");
      CHECK(result.warnings[1].message ==
            "« Nombre de nouveaux entrants » : réalisé 20 pour une cible de 120 (écart de "
            "83,3 %) sans commentaire pour l'expliquer");
      // A comment explains the gap: no more warning.
      result = test::set_bilan(fixture, fixture.first, 2025, {}, {},
                               {"code=RSA_NOUVEAUX_ENTRANTS;realise=20;commentaire=Nouveau logiciel de la CAF"});
      CHECK(std::none_of(result.warnings.begin(), result.warnings.end(),
                         [](const store::BilanWarning& w) { return w.code == "W703"; }));
    }
    SUBCASE("a sub-count above its total over the convention's bilans") {
      test::set_complete_bilan(fixture, fixture.first, 2025, "30");
      test::set_bilan(fixture, fixture.second, 2025, {{"commence", "non"}, {"permanente", "non"}}, {},
                      {"type_indicateur=national;code=RSA_NE_ORIENTES_1M;unite=nombre;realise=50"});
      service::BilanStatusOptions options;
      options.year = 2025;
      auto report = service::bilan_status(fixture.context, options);
      REQUIRE(report);
      const auto found = std::find_if(report->warnings.begin(), report->warnings.end(),
                                      [](const store::BilanWarning& w) { return w.code == "W704"; });
      REQUIRE(found != report->warnings.end());
      CHECK(found->action_id == 0);
      CHECK(found->message ==
            "convention n° 1 : « Nombre de nouveaux entrants orientés en 1 mois et moins » (50 au "
            "total des bilans) dépasse « Nombre de nouveaux entrants » (30) dont il est une partie");
    }
    SUBCASE("expenses without any budget for the year") {
      const auto empty =
          fixture.add_action(fixture.convention, "action-cls-departement",
                             {{"reference", "FA-9"},
                              {"intitule", "Sans budget"},
                              {"axe", "axe_1"},
                              {"nature", "nouvelle"},
                              {"type_action", fixture.first_code("action-cls-departement", "type_action")},
                              {"champs", fixture.first_code("action-cls-departement", "champs")},
                              {"publics", fixture.first_code("action-cls-departement", "publics")},
                              {"public_specifique", "non"},
                              {"qpv", "non"},
                              {"zone_rurale", "non"},
                              {"date_debut", "01/09/2024"}},
                             {});
      auto result = test::set_bilan(fixture, empty, 2025, {{"commence", "non"}}, {"financeur=etat;montant=10"});
      REQUIRE(result.warnings.size() == 1);
      CHECK(result.warnings[0].code == "W702");
    }
  }
}

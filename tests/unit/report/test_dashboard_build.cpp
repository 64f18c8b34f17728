// report::build_dashboard on the hand-checked dataset (test_dashboard_dataset.hpp): every chart, in
// the scope of département 80 (Amiens Métropole and the Somme) and nationally.
#include <doctest/doctest.h>

#include "report/dashboard.hpp"
#include "test_dashboard_dataset.hpp"

using namespace pilot;
using store::Figure;

namespace doctest {
template <>
struct StringMaker<Figure> {
  static String convert(const Figure& figure) {
    return ("{scope " + std::to_string(figure.scope) + ", national " + std::to_string(figure.national) + "}").c_str();
  }
};
}  // namespace doctest

namespace {

constexpr std::int64_t k = 100'000;  // 1 000 € in cents

report::DashboardLabels labels() {
  report::DashboardLabels out;
  out.fields["axe"] = {{"axe_1", "Axe 1"}, {"axe_2", "Axe 2"}, {"axe_3", "Axe 3"}, {"axe_4", "Axe 4"}};
  out.fields["volet"] = {{"volet_1", "Volet 1"}, {"volet_2", "Volet 2"}, {"volet_3", "Volet 3"}};
  out.fields["nature"] = {{"nouvelle", "Nouvelle"}, {"renforcee", "Renforcée"}};
  // Partial on purpose: codes the forms do not list follow, sorted.
  out.fields["type_action@cls"] = {{"aller_vers", "Aller vers"}, {"accueil_acces_droits", "Accueil, accès aux droits"}};
  out.fields["champs"] = {{"sante", "Santé & <accès>"}};
  return out;
}

struct Fixture {
  test::ScratchDirectory scratch;
  store::Database database = test::make_database(scratch.path() / "dashboard.sqlite");
  test::DashboardDataset data = test::fill_dashboard_dataset(database);

  report::Dashboard build(const std::vector<std::string>& only = {},
                          store::StatusFilter status = store::StatusFilter::all, bool territorial = true) {
    store::DashboardQuery query;
    if (territorial) {
      query.scope.departement_codes = {"80"};
    }
    query.status = status;
    query.bilan_year = 2025;
    query.cls_forms = {"action-cls-departement", "action-cls-metropole"};
    query.cie_forms = {"action-cie"};
    report::prepare_query(query, only);
    report::DashboardContext context;
    context.scope = territorial ? "département 80 Somme" : "national";
    context.status = status;
    context.bilan_year = 2025;
    context.data_date = database.data_timestamp();
    return report::build_dashboard(store::query_dashboard(database, query), labels(), context, only);
  }
};

const report::DashboardChart& chart(const report::Dashboard& dashboard, std::string_view id) {
  for (const auto& chart : dashboard.charts) {
    if (chart.id == id) {
      return chart;
    }
  }
  FAIL("chart not built: " << std::string(id));
  throw std::logic_error("unreachable");
}

// The rows of a chart as "key=scope/national" (base checked separately), in order.
std::vector<std::string> rows(const report::DashboardChart& chart, std::int64_t unit = 1) {
  std::vector<std::string> out;
  for (const auto& row : chart.rows) {
    out.push_back((row.group.empty() ? "" : row.group + ":") + row.key + "=" + std::to_string(row.value.scope / unit) +
                  "/" + std::to_string(row.value.national / unit));
  }
  return out;
}

using Rows = std::vector<std::string>;

}  // namespace

TEST_SUITE("report::dashboard build") {
  TEST_CASE("header: scope, counts behind the figures, data date") {
    Fixture fixture;
    const auto dashboard = fixture.build();
    CHECK(dashboard.territorial);
    CHECK(dashboard.conventions == Figure{2, 4});
    CHECK(dashboard.actions == Figure{6, 12});
    CHECK(dashboard.data_date == "2026-11-22T10:00:00Z");
    CHECK(dashboard.bilan_year == 2025);
    CHECK(dashboard.charts.size() == report::dashboard_chart_specs().size());
    CHECK(dashboard.filters.find("toutes les actions") != std::string::npos);
  }

  TEST_CASE("conventions, budget and statuses") {
    Fixture fixture;
    const auto dashboard = fixture.build();
    const auto& conventions = chart(dashboard, "conventions");
    CHECK(conventions.title == "Nombre de conventions");
    CHECK(conventions.base == Figure{2, 4});
    CHECK(rows(conventions) == Rows{"cls=1/2", "cie=0/0", "unique=1/2"});

    const auto& budget = chart(dashboard, "budget");
    CHECK(budget.base == Figure{278 * k, 705 * k});
    CHECK(rows(budget, k) == Rows{"etat=125/342", "collectivite=143/348", "autre=10/15"});
    CHECK(report::share_of(budget.rows[0].value.national, budget.rows[0].base.national).value() ==
          doctest::Approx(100.0 * 342 / 705));

    const auto& statuses = chart(dashboard, "statuts");
    CHECK(statuses.base == Figure{6, 12});
    CHECK(rows(statuses) ==
          Rows{"brouillon=1/3", "validee_collectivite=1/1", "validee_etat=1/1", "double_validee=3/7"});
    REQUIRE(!statuses.notes.empty());
    CHECK(statuses.notes[0].find("En attente de double validation : 3 actions ; national : 5 (") != std::string::npos);
  }

  TEST_CASE("actions by convention type and nature") {
    Fixture fixture;
    const auto dashboard = fixture.build();
    const auto& nature = chart(dashboard, "actions-type-nature");
    CHECK(nature.title == "Répartition des actions par type de convention et par nature");
    CHECK(rows(nature) == Rows{"CLS:nouvelle=2/3", "CLS:renforcee=1/2", "Contrat unique:nouvelle=1/3",
                               "Contrat unique:renforcee=2/3", "Contrat unique:non_renseigne=0/1"});
    for (const auto& row : nature.rows) {
      CHECK(row.base == Figure{6, 12});  // parts of all actions: the rows add up to 100 %
    }
  }

  TEST_CASE("CLS and CIE actions by axe and by type") {
    Fixture fixture;
    const auto dashboard = fixture.build();
    const auto& cls = chart(dashboard, "cls-actions-axe");
    CHECK(cls.base == Figure{4, 8});
    CHECK(rows(cls) == Rows{"axe_1=1/3", "axe_2=1/1", "axe_3=1/2", "axe_4=1/2"});
    CHECK(cls.rows[0].label == "Axe 1");
    const auto& cie = chart(dashboard, "cie-actions-axe");
    CHECK(cie.title == "Répartition des actions des CIE par axe");
    CHECK(cie.base == Figure{2, 3});
    CHECK(rows(cie) == Rows{"volet_1=1/1", "volet_2=1/1", "volet_3=0/1"});

    const auto& cls_type = chart(dashboard, "cls-actions-type");
    CHECK(cls_type.base == Figure{4, 8});
    CHECK(rows(cls_type) == Rows{"aller_vers=2/2", "accueil_acces_droits=1/2", "action_collective=1/1",
                                 "creation_service=0/1", "formation_professionnels=0/1", "non_renseigne=0/1"});
    CHECK(cls_type.rows[2].label == "action_collective");  // not in the forms' list: the code stands
    const auto& cie_type = chart(dashboard, "cie-actions-type");
    CHECK(cie_type.base == Figure{2, 3});
    CHECK(rows(cie_type) == Rows{"accompagnement_renove=0/1", "ingenierie_projet=1/1", "remobilisation=1/1"});
  }

  TEST_CASE("CLS and CIE budgets by axe and by financer") {
    Fixture fixture;
    const auto dashboard = fixture.build();
    const auto& cls = chart(dashboard, "cls-budgets-axe");
    CHECK(cls.base == Figure{176 * k, 502 * k});
    CHECK(rows(cls, k) == Rows{"axe_1=30/266", "axe_2=50/50", "axe_3=80/130", "axe_4=16/56"});
    const auto& cie = chart(dashboard, "cie-budgets-axe");
    CHECK(cie.base == Figure{102 * k, 202 * k});
    CHECK(rows(cie, k) == Rows{"volet_1=12/12", "volet_2=90/90", "volet_3=0/100"});
    const auto& cls_financers = chart(dashboard, "cls-budgets-financeurs");
    CHECK(cls_financers.base == Figure{176 * k, 502 * k});
    CHECK(rows(cls_financers, k) == Rows{"etat=83/249", "collectivite=83/238", "autre=10/15"});
    const auto& cie_financers = chart(dashboard, "cie-budgets-financeurs");
    CHECK(rows(cie_financers, k) == Rows{"etat=42/92", "collectivite=60/110", "autre=0/0"});
    CHECK(cie_financers.style == report::ChartStyle::pie);
  }

  TEST_CASE("credits by champ: once per champ, the total once per action") {
    Fixture fixture;
    const auto dashboard = fixture.build();
    const auto& champs = chart(dashboard, "credits-champ");
    CHECK(champs.base == Figure{278 * k, 705 * k});
    CHECK(rows(champs, k) == Rows{"sante=30/30", "acces_droits=80/130", "alimentation=16/16", "education=0/30",
                                  "energie_eau=0/40", "insertion_professionnelle=140/240", "jeunesse=30/36",
                                  "logement_hebergement=80/80", "mobilite=0/100", "petite_enfance=0/200",
                                  "protection_enfance=0/30", "non_renseigne=12/13"});
    CHECK(champs.rows[0].label == "Santé & <accès>");
    std::int64_t sum = 0;
    for (const auto& row : champs.rows) {
      sum += row.value.national;
    }
    CHECK(sum > champs.base.national);  // several champs: shares add up to more than 100 %
    REQUIRE(!champs.notes.empty());
    CHECK(champs.notes[0].find("une seule fois") != std::string::npos);
  }

  TEST_CASE("publics and the yes/no shares") {
    Fixture fixture;
    const auto dashboard = fixture.build();
    const auto& publics = chart(dashboard, "actions-public");
    CHECK(publics.base == Figure{6, 12});
    CHECK(rows(publics) == Rows{"beneficiaires_rsa=2/3", "enfants=0/1", "familles=1/2", "jeunes=2/2", "jeunes_ase=0/1",
                                "personnes_mal_logees=0/1", "personnes_sans_domicile=1/1", "tout_public=1/2",
                                "non_renseigne=1/2"});
    CHECK(rows(chart(dashboard, "public-specifique")) == Rows{"oui=2/4", "non=3/7", "non_renseigne=1/1"});
    CHECK(rows(chart(dashboard, "qpv")) == Rows{"oui=2/4", "non=4/8"});
    CHECK(rows(chart(dashboard, "zone-rurale")) == Rows{"oui=2/3", "non=4/8", "non_renseigne=0/1"});
    const auto& qpv = chart(dashboard, "qpv");
    CHECK(qpv.title == "Part d'actions en QPV");
    CHECK(qpv.rows[0].label == "Oui");
    CHECK(report::share_of(qpv.rows[0].value.scope, qpv.rows[0].base.scope).value() == doctest::Approx(100.0 / 3));
  }

  TEST_CASE("bilans, execution and indicators of the last closed year") {
    Fixture fixture;
    const auto dashboard = fixture.build();
    const auto& bilans = chart(dashboard, "bilans");
    CHECK(bilans.title == "Complétude des bilans 2025");
    CHECK(bilans.shape == report::ChartShape::rate);
    CHECK(rows(bilans) == Rows{"cls=1/2", "unique=0/1", "ensemble=1/3"});
    CHECK(bilans.rows[0].base == Figure{3, 5});
    CHECK(bilans.rows[1].base == Figure{3, 7});
    CHECK(bilans.rows[2].base == Figure{6, 12});

    const auto& execution = chart(dashboard, "execution");
    CHECK(rows(execution, k) == Rows{"etat=4/24", "collectivite=5/15", "autre=0/5", "ensemble=9/44"});
    CHECK(execution.rows[3].base == Figure{10 * k, 80 * k});
    CHECK(report::share_of(execution.rows[3].value.national, execution.rows[3].base.national).value() ==
          doctest::Approx(55.0));
    CHECK(report::share_of(execution.rows[3].value.scope, execution.rows[3].base.scope).value() ==
          doctest::Approx(90.0));

    const auto& indicators = chart(dashboard, "indicateurs");
    CHECK(rows(indicators) ==
          Rows{"Indicateurs nationaux:national.atteints=1/2", "Indicateurs nationaux:national.hors_cible=0/0",
               "Indicateurs nationaux:national.renseignes=1/2", "Indicateurs locaux:local.atteints=0/0",
               "Indicateurs locaux:local.hors_cible=1/1", "Indicateurs locaux:local.renseignes=1/1",
               "Indicateurs d'impact:impact.atteints=0/0", "Indicateurs d'impact:impact.hors_cible=0/0",
               "Indicateurs d'impact:impact.renseignes=0/0", "Tous les indicateurs:ensemble.atteints=1/2",
               "Tous les indicateurs:ensemble.hors_cible=1/1", "Tous les indicateurs:ensemble.renseignes=2/3"});
    CHECK(indicators.rows[10].base == Figure{2, 3});  // hors cible among the indicators with a realised value
    CHECK(indicators.rows[11].base == Figure{3, 5});  // realised known among those with a target
  }

  TEST_CASE("the status filter applies to every chart but the statuses") {
    Fixture fixture;
    const auto dashboard = fixture.build({}, store::StatusFilter::double_validee);
    CHECK(dashboard.actions == Figure{3, 7});
    const auto& cls = chart(dashboard, "cls-actions-axe");
    CHECK(cls.base == Figure{2, 5});
    CHECK(rows(cls) == Rows{"axe_1=1/2", "axe_2=0/0", "axe_3=1/2", "axe_4=0/1"});
    CHECK(chart(dashboard, "statuts").base == Figure{6, 12});
    CHECK(dashboard.status == "double-validee");
    REQUIRE(!dashboard.notes.empty());
    bool stated = false;
    for (const auto& note : dashboard.notes) {
      stated = stated || note.find("validée par un seul côté") != std::string::npos;
    }
    CHECK(stated);
  }

  TEST_CASE("--only builds the charts asked for and runs only the passes they need") {
    Fixture fixture;
    const auto dashboard = fixture.build({"qpv", "conventions"});
    REQUIRE(dashboard.charts.size() == 2);
    CHECK(dashboard.charts[0].id == "conventions");  // display order, not the order asked
    CHECK(dashboard.charts[1].id == "qpv");
    CHECK(dashboard.actions == Figure{6, 12});  // the header counts stay

    store::DashboardQuery query;
    report::prepare_query(query, {"qpv"});
    CHECK_FALSE(query.parts.budgets);
    CHECK_FALSE(query.parts.bilans);
    CHECK_FALSE(query.parts.execution);
    CHECK_FALSE(query.parts.indicators);
    CHECK(query.answer_fields == std::vector<std::string>{"qpv"});
    CHECK(query.budget_fields.empty());
    report::prepare_query(query, {"credits-champ"});
    CHECK(query.parts.budgets);
    CHECK(query.budget_fields == std::vector<std::string>{"champs"});
    CHECK(query.answer_fields.empty());
  }

  TEST_CASE("unknown chart names are usage errors with a suggestion") {
    CHECK(report::check_chart_ids({"qpv", "cls-actions-axe"}));
    auto bad = report::check_chart_ids({"qpv", "qvp"});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == ErrorKind::usage);
    CHECK(bad.error().message == "--only : graphique inconnu « qvp » ; vouliez-vous dire « qpv » ?");
    bad = report::check_chart_ids({"cls-action-axe"});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("« cls-actions-axe »") != std::string::npos);
    bad = report::check_chart_ids({"zzzzzzzzzzzz"});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("man pilot-dashboard-stats") != std::string::npos);
  }

  TEST_CASE("unclassified actions and the rules are stated once") {
    Fixture fixture;
    const auto dashboard = fixture.build();
    int family = 0;
    int unclassified = 0;
    int budget = 0;
    for (const auto& note : dashboard.notes) {
      family += note.starts_with("Actions CLS :") ? 1 : 0;
      budget += note.starts_with("Budget prévisionnel") ? 1 : 0;
      unclassified +=
          note.find("sans formulaire CLS ni CIE reconnu dans le périmètre (1 au niveau national)") != std::string::npos
              ? 1
              : 0;
    }
    CHECK(family == 1);
    CHECK(budget == 1);
    CHECK(unclassified == 1);
    const auto only_qpv = fixture.build({"qpv"});
    for (const auto& note : only_qpv.notes) {
      CHECK_FALSE(note.starts_with("Budget prévisionnel"));
    }
  }

  TEST_CASE("a national dashboard has no separate reference") {
    Fixture fixture;
    const auto dashboard = fixture.build({}, store::StatusFilter::all, false);
    CHECK_FALSE(dashboard.territorial);
    CHECK(dashboard.actions == Figure{12, 12});
    CHECK(rows(chart(dashboard, "qpv")) == Rows{"oui=4/4", "non=8/8"});
  }

  TEST_CASE("an empty base gives empty charts, never a division by zero") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "empty.sqlite");
    store::DashboardQuery query;
    query.bilan_year = 2025;
    report::prepare_query(query, {});
    report::DashboardContext context;
    context.scope = "national";
    context.bilan_year = 2025;
    const auto dashboard = report::build_dashboard(store::query_dashboard(database, query), {}, context, {});
    CHECK(dashboard.actions == Figure{0, 0});
    const auto& qpv = chart(dashboard, "qpv");
    CHECK(rows(qpv) == Rows{"oui=0/0", "non=0/0"});
    CHECK_FALSE(report::share_of(0, 0).has_value());
    CHECK(chart(dashboard, "actions-type-nature").rows.empty());
  }
}

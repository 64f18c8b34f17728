#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "bilan_test_support.hpp"
#include "store/campaign_store.hpp"
#include "store/validation_store.hpp"

using namespace pilot;

namespace {

struct UpdateFixture : test::ServiceFixture {
  std::int64_t convention = 0;
  std::int64_t first = 0;
  std::int64_t second = 0;

  UpdateFixture() {
    convention = add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    first = test::add_planned_action(*this, convention, "FA-1");
    second = test::add_planned_action(*this, convention, "FA-2");
    validate("collectivite", {first, second});
    validate("etat", {first});
  }

  void validate(const std::string& side, std::vector<std::int64_t> ids) {
    service::ValidateOptions options;
    options.side = side;
    options.action_ids = std::move(ids);
    auto result = service::validate(context, options);
    REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
    REQUIRE_FALSE(result->any_refused());
  }

  service::UpdateOpenResult open(int year) {
    auto result = service::open_update(context, {convention, year});
    REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
    return *result;
  }

  Error open_refused(int year) {
    auto result = service::open_update(context, {convention, year});
    REQUIRE_FALSE(result);
    return result.error();
  }

  std::vector<store::Validation> validations(std::int64_t id) {
    auto database = store::Database::open(context.db_path, store::Access::read_only);
    REQUIRE(database);
    return store::all_validations(database->connection(), id);
  }
};

std::vector<domain::BudgetLine> lines_of_year(const domain::Action& action, int year) {
  std::vector<domain::BudgetLine> out;
  for (const auto& line : action.budget) {
    if (line.year == year) {
      out.push_back(line);
    }
  }
  return out;
}

std::optional<double> target_of(const domain::Action& action, const std::string& code, int year) {
  for (const auto& indicator : action.indicators) {
    if (indicator.code == code) {
      for (const auto& planned : indicator.years) {
        if (planned.year == year) {
          return planned.target;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

TEST_SUITE("service::update") {
  TEST_CASE("opening the year-N update sends validated actions back to draft, with the reason") {
    UpdateFixture fixture;
    const auto result = fixture.open(2026);
    CHECK(result.year == 2026);
    REQUIRE(result.reopened.size() == 2);
    CHECK(result.reopened[0].before == domain::ActionStatus::double_validee);
    CHECK(result.reopened[0].revoked == 2);
    CHECK(result.reopened[1].before == domain::ActionStatus::validee_collectivite);
    CHECK(result.drafts == 0);
    CHECK(test::stored_action(fixture, fixture.first).action.status == domain::ActionStatus::brouillon);
    const auto validations = fixture.validations(fixture.first);
    REQUIRE(validations.size() == 2);
    for (const auto& validation : validations) {
      CHECK(validation.revoked_why == "mise à jour annuelle 2026");
      CHECK(validation.revoked_by == "testeur");
    }
    auto database = store::Database::open(fixture.context.db_path, store::Access::read_only);
    const auto revisions = store::list_revisions(database->connection(), fixture.convention);
    REQUIRE(revisions.size() == 1);
    CHECK(revisions[0].year == 2026);
    CHECK(revisions[0].opened_by == "testeur");

    // Validating again follows the double validation: one side, then both.
    fixture.validate("etat", {fixture.first});
    CHECK(test::stored_action(fixture, fixture.first).action.status == domain::ActionStatus::validee_etat);
    fixture.validate("collectivite", {fixture.first});
    CHECK(test::stored_action(fixture, fixture.first).action.status == domain::ActionStatus::double_validee);
  }

  TEST_CASE("the years an update may open") {
    UpdateFixture fixture;
    CHECK(fixture.open_refused(2024).message ==
          "mise à jour 2024 refusée : 2024 est la première année de la convention n° 1 ; ses valeurs se saisissent à "
          "la saisie initiale");
    CHECK(fixture.open_refused(2025).message ==
          "mise à jour 2025 refusée : l'année 2025 est écoulée ; l'avenant de l'année N se fait en année N");
    CHECK(fixture.open_refused(2028).message.find("hors de la période de la convention n° 1 (du 01/01/2024 au "
                                                  "31/12/2027)") != std::string::npos);
    // Next year's update waits for next year: opening it would freeze this year's values.
    const auto early = fixture.open_refused(2027);
    CHECK(early.kind == ErrorKind::data);
    CHECK(early.message ==
          "mise à jour 2027 refusée : l'avenant de l'année N se fait en année N ; en 2026, seule la mise à jour 2026 "
          "s'ouvre (celle de 2027 à partir du 01/01/2027)");
    const util::Date today = fixture.context.today;
    fixture.context.today = util::Date{2027, 1, 15};
    fixture.open(2027);
    const auto twice = fixture.open_refused(2027);
    CHECK(twice.kind == ErrorKind::conflict);
    CHECK(twice.message.starts_with("la mise à jour 2027 de la convention n° 1 est déjà ouverte (le "));
    CHECK(twice.message.find(" UTC par ") != std::string::npos);  // « le 15/01/2027 à 10:05 UTC », not ISO
    fixture.context.today = today;                                // a machine whose clock is behind
    const auto backwards = fixture.open_refused(2026);
    CHECK(backwards.kind == ErrorKind::conflict);
    CHECK(backwards.message.find("une mise à jour ne revient pas sur une année antérieure") != std::string::npos);
    auto unknown = service::open_update(fixture.context, {77, 2026});
    CHECK(unknown.error().kind == ErrorKind::not_found);
  }

  TEST_CASE("a budget total that matched its lines follows them through update set") {
    UpdateFixture fixture;
    fixture.open(2026);
    std::int64_t sum = 0;
    for (const auto& line : test::stored_action(fixture, fixture.first).action.budget) {
      sum += line.informational ? 0 : line.amount_cents.value_or(0);
    }
    const std::string total_text = std::to_string(sum / 100) + "," + fmt::format("{:02}", sum % 100);
    REQUIRE(service::edit_action(fixture.context, fixture.first, {{"budget_total", total_text}}));
    const std::int64_t old_2026 = [&] {
      std::int64_t cents = 0;
      for (const auto& line : lines_of_year(test::stored_action(fixture, fixture.first).action, 2026)) {
        cents += line.amount_cents.value_or(0);
      }
      return cents;
    }();

    service::UpdateSetOptions options;
    options.action_id = fixture.first;
    options.year = 2026;
    options.clear = {"budget"};
    options.budget = {"financeur=État;montant=60 000", "financeur=Collectivité;montant=60 000"};
    auto result = service::update_action_year(fixture.context, options);
    REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
    const auto view = service::show_action(fixture.context, fixture.first);
    REQUIRE(view);
    CHECK(std::get<std::int64_t>(view->record.answers.at("budget_total")) == sum - old_2026 + 12'000'000);
    CHECK(std::any_of(result->changes.begin(), result->changes.end(),
                      [](const auto& change) { return change.first == "Budget total de l'action"; }));
  }

  TEST_CASE("a year-N update keeps year N-1 intact: budget, targets and bilans") {
    UpdateFixture fixture;
    test::set_complete_bilan(fixture, fixture.first, 2025);
    const auto bilan_before = store::bilan_content_json(*test::stored_bilan(fixture, fixture.first, 2025)).dump();
    const auto before = test::stored_action(fixture, fixture.first).action;
    fixture.open(2026);

    service::UpdateSetOptions options;
    options.action_id = fixture.first;
    options.year = 2026;
    options.budget = {"financeur=État;montant=60 000", "financeur=Collectivité;montant=60 000"};
    options.indicators = {"code=RSA_NOUVEAUX_ENTRANTS;cible=150"};
    auto result = service::update_action_year(fixture.context, options);
    REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
    CHECK(result->year == 2026);
    CHECK_FALSE(result->changes.empty());

    const auto after = test::stored_action(fixture, fixture.first).action;
    for (const int year : {2024, 2025}) {
      const auto old_lines = lines_of_year(before, year);
      const auto new_lines = lines_of_year(after, year);
      REQUIRE(old_lines.size() == new_lines.size());
      for (std::size_t i = 0; i < old_lines.size(); ++i) {
        CHECK(old_lines[i].amount_cents == new_lines[i].amount_cents);
        CHECK(old_lines[i].financer == new_lines[i].financer);
      }
      CHECK(target_of(after, "RSA_NOUVEAUX_ENTRANTS", year) == target_of(before, "RSA_NOUVEAUX_ENTRANTS", year));
    }
    const auto lines_2026 = lines_of_year(after, 2026);
    REQUIRE(lines_2026.size() == 2);
    CHECK(lines_2026[0].amount_cents == 6'000'000);
    CHECK(target_of(after, "RSA_NOUVEAUX_ENTRANTS", 2026) == 150);
    CHECK(service::frozen_year_changes(before, after, 2026).empty());
    CHECK(store::bilan_content_json(*test::stored_bilan(fixture, fixture.first, 2025)).dump() == bilan_before);

    SUBCASE("a frozen year cannot be edited") {
      options.year = 2025;
      auto frozen = service::update_action_year(fixture.context, options);
      REQUIRE_FALSE(frozen);
      CHECK(frozen.error().message ==
            "l'année 2025 est figée : la mise à jour 2026 ne modifie que 2026 et les années suivantes");
    }
    SUBCASE("a row naming another year is refused") {
      options.budget = {"annee=2025;financeur=État;montant=1"};
      options.indicators.clear();
      auto other = service::update_action_year(fixture.context, options);
      REQUIRE_FALSE(other);
      CHECK(other.error().kind == ErrorKind::usage);
    }
    SUBCASE("a validated action is edited only once reopened") {
      fixture.validate("collectivite", {fixture.first});
      auto locked = service::update_action_year(fixture.context, options);
      REQUIRE_FALSE(locked);
      CHECK(locked.error().kind == ErrorKind::conflict);
    }
    SUBCASE("the whole action is checked: parity État / collectivité") {
      options.budget = {"financeur=État;montant=70 000"};
      options.indicators.clear();
      auto unbalanced = service::update_action_year(fixture.context, options);
      REQUIRE_FALSE(unbalanced);
      CHECK(unbalanced.error().message.find("[E502]") != std::string::npos);
    }
    SUBCASE("clearing a year's rows touches that year only") {
      service::UpdateSetOptions clear;
      clear.action_id = fixture.first;
      clear.year = 2027;
      clear.clear = {"budget"};
      clear.budget = {"financeur=État;montant=10 000", "financeur=Collectivité;montant=10 000"};
      REQUIRE(service::update_action_year(fixture.context, clear));
      const auto latest = test::stored_action(fixture, fixture.first).action;
      CHECK(lines_of_year(latest, 2027).size() == 2);
      CHECK(lines_of_year(latest, 2026).size() == 2);
      CHECK(lines_of_year(latest, 2024).size() == 2);
    }
  }

  TEST_CASE("update set changes what a line names and keeps the rest of it") {
    UpdateFixture fixture;
    fixture.open(2026);
    auto set = [&](std::vector<std::string> budget) {
      service::UpdateSetOptions options;
      options.action_id = fixture.second;
      options.year = 2026;
      options.budget = std::move(budget);
      return service::update_action_year(fixture.context, options);
    };
    auto collectivite_2026 = [&] {
      for (const auto& line : lines_of_year(test::stored_action(fixture, fixture.second).action, 2026)) {
        if (line.financer == domain::FinancerType::collectivite) {
          return line;
        }
      }
      FAIL("no Collectivité line in 2026");
      return domain::BudgetLine{};
    };
    auto valorisation = [](const domain::BudgetLine& line) {
      for (const auto& [key, value] : line.extra) {
        if (key == "valorisation") {
          return value;
        }
      }
      return std::string();
    };
    auto first = set({"financeur=Collectivité;montant=50 000,00;valorisation=10 000"});
    REQUIRE_MESSAGE(first, (first ? "" : first.error().message));
    REQUIRE_FALSE(valorisation(collectivite_2026()).empty());
    // The amount again, without the valorisation: nothing changes (it used to be dropped).
    auto same = set({"financeur=Collectivité;montant=50 000,00"});
    REQUIRE_MESSAGE(same, (same ? "" : same.error().message));
    CHECK(same->changes.empty());
    CHECK_FALSE(valorisation(collectivite_2026()).empty());
    // Named empty, it is cleared.
    auto cleared = set({"financeur=Collectivité;valorisation="});
    REQUIRE_MESSAGE(cleared, (cleared ? "" : cleared.error().message));
    CHECK(valorisation(collectivite_2026()).empty());
    CHECK(collectivite_2026().amount_cents == 5'000'000);
    CHECK(lines_of_year(test::stored_action(fixture, fixture.second).action, 2026).size() == 2);
  }

  TEST_CASE("editing a year's plan needs an open update") {
    UpdateFixture fixture;
    service::UpdateSetOptions options;
    options.action_id = fixture.second;
    options.year = 2026;
    options.budget = {"financeur=État;montant=1"};
    auto refused = service::update_action_year(fixture.context, options);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "aucune mise à jour ouverte pour la convention n° 1 : pilot update open --convention 1 --year ANNÉE");
    options.budget.clear();
    CHECK(service::update_action_year(fixture.context, options).error().kind == ErrorKind::usage);
  }

  TEST_CASE("frozen_year_changes names what a writer would overwrite") {
    UpdateFixture fixture;
    const auto before = test::stored_action(fixture, fixture.first).action;
    auto after = before;
    CHECK(service::frozen_year_changes(before, after, 2026).empty());
    *after.budget[0].amount_cents += 100;  // a 2024 line
    for (auto& indicator : after.indicators) {
      for (auto& year : indicator.years) {
        if (year.year == 2025 && indicator.code == "RSA_NOUVEAUX_ENTRANTS") {
          year.target = 999;
        }
      }
    }
    const auto changes = service::frozen_year_changes(before, after, 2026);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0] == "budget 2024 modifié (2 lignes, 100 000,00 € → 2 lignes, 100 001,00 €)");
    CHECK(changes[1] == "cible 2025 de « Nombre de nouveaux entrants » : 120,00 → 999,00");
    // Years from the open one on may change.
    CHECK(service::frozen_year_changes(before, after, 2024).empty());
  }

  TEST_CASE("a dropped action keeps its history and earlier bilans, and owes no later bilan") {
    UpdateFixture fixture;
    test::set_complete_bilan(fixture, fixture.second, 2025);
    service::UpdateDropOptions options{fixture.second, 2026, "Action reprise par la CAF"};
    auto refused = service::drop_action(fixture.context, options);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("la mise à jour 2026 de la convention n° 1 n'est pas ouverte") !=
          std::string::npos);
    fixture.open(2026);
    auto dropped = service::drop_action(fixture.context, options);
    REQUIRE_MESSAGE(dropped, (dropped ? "" : dropped.error().message));
    CHECK(dropped->bilans_kept == 1);
    const auto stored = test::stored_action(fixture, fixture.second);
    CHECK(stored.action.dropped_year == 2026);
    CHECK(lines_of_year(stored.action, 2026).size() == 2);  // rows kept, no longer counted
    CHECK(test::stored_bilan(fixture, fixture.second, 2025));
    CHECK(service::drop_action(fixture.context, options).error().kind == ErrorKind::conflict);

    // A year later, the 2025 bilan can still be corrected, the 2026 one is refused.
    fixture.context.today = util::Date{2027, 3, 1};
    test::set_bilan(fixture, fixture.second, 2025, {{"remarques", "Corrigé en 2027"}});
    service::BilanSetOptions late;
    late.action_id = fixture.second;
    late.year = 2026;
    late.sets = {{"commence", "oui"}};
    auto after_drop = service::set_bilan(fixture.context, late);
    REQUIRE_FALSE(after_drop);
    CHECK(after_drop.error().message ==
          "bilan 2026 refusé : l'action n° 2 (FA-2) est abandonnée depuis la mise à "
          "jour 2026 ; ses bilans antérieurs restent consultables");
    service::BilanStatusOptions status;
    status.year = 2026;
    auto report = service::bilan_status(fixture.context, status);
    REQUIRE(report);
    REQUIRE(report->lines.size() == 1);
    CHECK(report->lines[0].action_id == fixture.first);
  }

  TEST_CASE("every writer refuses a change to a year a revision froze: update set, action edit, action import") {
    UpdateFixture fixture;
    const auto before = test::stored_action(fixture, fixture.first).action;
    auto changed = before;
    *changed.budget[0].amount_cents += 100;  // a 2024 line
    SUBCASE("no revision: nothing is frozen") {
      auto database = store::Database::open(fixture.context.db_path, store::Access::read_only);
      CHECK(service::refuse_frozen_changes(database->connection(), before, changed));
    }
    fixture.open(2026);
    {
      auto database = store::Database::open(fixture.context.db_path, store::Access::read_only);
      auto refused = service::refuse_frozen_changes(database->connection(), before, changed);
      REQUIRE_FALSE(refused);
      CHECK(refused.error().kind == ErrorKind::data);
      CHECK(refused.error().message ==
            "action n° 1 (FA-1) non modifiée : les années antérieures à 2026 sont figées par la mise à jour 2026 de la "
            "convention n° 1 :\n  budget 2024 modifié (2 lignes, 100 000,00 € → 2 lignes, 100 001,00 €)");
      auto later = before;
      for (auto& line : later.budget) {
        if (line.year == 2026) {
          *line.amount_cents += 100;
        }
      }
      CHECK(service::refuse_frozen_changes(database->connection(), before, later));
    }
    // The edit of a main answer leaves the years alone, so it goes through.
    auto edited = service::edit_action(fixture.context, fixture.first, {{"remarques", "Avenant 2026 en préparation"}});
    REQUIRE_MESSAGE(edited, (edited ? "" : edited.error().message));

    const auto directory = std::filesystem::path(fixture.context.db_path).parent_path();
    auto budget_file = [&](const std::string& name, const std::string& amount_2025, const std::string& amount_2026) {
      const auto path = directory / name;
      std::ofstream out(path);
      out << "Référence;Année;Financeur;Montant\n";
      for (const auto& [year, amount] : std::vector<std::pair<std::string, std::string>>{
               {"2024", "50 000,00"}, {"2025", amount_2025}, {"2026", amount_2026}}) {
        out << "FA-1;" << year << ";État;" << amount << "\nFA-1;" << year << ";Collectivité;" << amount << "\n";
      }
      return path.string();
    };
    service::ImportOptions options;
    options.convention_id = fixture.convention;
    options.on_existing = service::OnExisting::update;
    const auto stored_before = test::stored_action(fixture, fixture.first).action;

    options.files = {budget_file("budget-2025.csv", "55 000,00", "50 000,00")};
    auto frozen = service::import_actions(fixture.context, options);
    REQUIRE(frozen);
    CHECK(frozen->errors == 1);
    CHECK_FALSE(frozen->written);
    REQUIRE(frozen->by_code.size() == 1);
    CHECK(frozen->by_code.begin()->first == "E617");
    REQUIRE(frozen->shown.size() == 1);
    CHECK(frozen->shown[0].location.ends_with("budget-2025.csv:4:2"));  // row 4, column « Année »
    CHECK(frozen->shown[0].field == "Année");
    CHECK(frozen->shown[0].value == "2025");
    CHECK(frozen->shown[0].message ==
          "l'action « FA-1 » (n° 1) : budget 2025 modifié (2 lignes, 100 000,00 € → 2 lignes, 110 000,00 €) — "
          "l'année 2025 est figée par la mise à jour 2026 de la convention n° 1 ; les lignes des années antérieures "
          "doivent rester celles enregistrées");
    // Nothing written: every year compares equal to what was stored.
    CHECK(
        service::frozen_year_changes(stored_before, test::stored_action(fixture, fixture.first).action, 9999).empty());

    options.files = {budget_file("budget-2026.csv", "50 000,00", "60 000,00")};
    auto accepted = service::import_actions(fixture.context, options);
    REQUIRE(accepted);
    CHECK(accepted->errors == 0);
    CHECK(accepted->counts.updated == 1);
    const auto after = test::stored_action(fixture, fixture.first).action;
    CHECK(lines_of_year(after, 2026)[0].amount_cents == 6'000'000);
    CHECK(service::frozen_year_changes(stored_before, after, 2026).empty());
  }
}

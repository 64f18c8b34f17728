#include <doctest/doctest.h>

#include "campaign/message.hpp"
#include "campaign/owed.hpp"
#include "campaign_test_support.hpp"

using namespace pilot;
using campaign::BilanState;
using campaign::OwedKind;
using domain::ActionStatus;

TEST_SUITE("campaign::owed") {
  TEST_CASE("bilan campaign: missing and incomplete bilans, nothing for complete, dropped or later actions") {
    const auto bilan = test::make_campaign(forms::CampaignKind::bilan, 2025, {2026, 1, 1}, {2026, 6, 30});
    auto complete = test::make_action(1, "FA-1", ActionStatus::double_validee, BilanState::complete);
    auto missing = test::make_action(2, "FA-2");
    auto incomplete = test::make_action(3, "FA-3", ActionStatus::double_validee, BilanState::incomplete);
    incomplete.bilan_lacks = {"« Le déploiement de cette action est… »", "dépenses réelles 2025"};
    auto dropped = test::make_action(4, "FA-4");
    dropped.dropped_year = 2025;
    auto later = test::make_action(5, "FA-5");
    later.first_planned_year = 2026;
    auto dropped_after = test::make_action(6, "FA-6");
    dropped_after.dropped_year = 2026;
    const std::vector facts = {
        test::make_collectivite(
            10, "Conseil départemental - Nord",
            {test::make_convention(100, {complete, missing, incomplete, dropped, later, dropped_after})}),
        test::make_collectivite(11, "Conseil départemental - Somme",
                                {test::make_convention(101, {complete}, domain::ConventionType::unique)}),
        test::make_collectivite(12, "Conseil départemental - Aisne", {})};
    const auto dues = campaign::compute_due(bilan, facts, {2026, 6, 18});
    REQUIRE(dues.size() == 2);  // the Aisne has no convention: a bilan campaign does not ask for one
    const auto& nord = dues[0];
    CHECK(nord.name == "Conseil départemental - Nord");
    CHECK(nord.actions_concerned == 4);
    REQUIRE(nord.items.size() == 3);
    CHECK(nord.items[0].kind == OwedKind::bilan_missing);
    CHECK(nord.items[0].action_id == 2);
    CHECK(nord.items[0].detail == "bilan 2025 non saisi");
    CHECK(nord.items[1].kind == OwedKind::bilan_incomplete);
    CHECK(nord.items[1].detail ==
          "bilan 2025 incomplet : manque « Le déploiement de cette action est… », dépenses réelles 2025");
    CHECK(nord.items[2].action_id == 6);
    CHECK(nord.deadline == util::Date{2026, 6, 30});
    CHECK(nord.days_left == 12);
    CHECK(nord.count(OwedKind::bilan_missing) == 2);
    CHECK_FALSE(dues[1].owes());
    CHECK(dues[1].conventions.size() == 1);
  }

  TEST_CASE("saisie initiale: missing conventions for who must sign, empty conventions, validations awaited") {
    auto entry = test::make_campaign(forms::CampaignKind::saisie_initiale, 2024, {2025, 1, 20}, {2025, 3, 7});
    entry.collectivite_types = {domain::CollectiviteType::departement};
    auto draft = test::make_action(1, "FA-1", ActionStatus::brouillon);
    auto state_only = test::make_action(2, "FA-2", ActionStatus::validee_etat);
    auto ours = test::make_action(3, "FA-3", ActionStatus::validee_collectivite);
    const std::vector facts = {
        test::make_collectivite(1, "Conseil départemental - Aisne", {}),
        test::make_collectivite(2, "Métropole de Lille", {}, domain::CollectiviteType::metropole),
        test::make_collectivite(3, "Conseil départemental - Nord", {test::make_convention(7, {})}),
        test::make_collectivite(4, "Conseil départemental - Somme",
                                {test::make_convention(8, {draft, state_only, ours})})};
    const auto dues = campaign::compute_due(entry, facts, {2025, 3, 1});
    REQUIRE(dues.size() == 3);  // the métropole need not sign here
    CHECK(dues[0].items.at(0).kind == OwedKind::convention_missing);
    CHECK(dues[0].items.at(0).detail == "aucune convention CLS ou Contrat unique couvrant 2024 n'est saisie");
    CHECK(dues[1].items.at(0).kind == OwedKind::no_action);
    REQUIRE(dues[2].items.size() == 2);
    CHECK(dues[2].items[0].kind == OwedKind::validation_awaited);
    CHECK(dues[2].items[0].detail == "statut « Brouillon »");
    CHECK(dues[2].items[1].detail == "statut « Validée par l'État »");
    CHECK(dues[2].days_left == 6);
  }

  TEST_CASE("mise à jour: revision to open, then validations awaited; a convention's first year is its entry") {
    const auto update = test::make_campaign(forms::CampaignKind::mise_a_jour, 2026, {2026, 7, 1}, {2026, 12, 31},
                                            {domain::ConventionType::cls, domain::ConventionType::cie});
    auto closed = test::make_convention(1, {test::make_action(1, "FA-1")});
    auto opened = test::make_convention(2, {test::make_action(2, "FA-2", ActionStatus::brouillon),
                                            test::make_action(3, "FA-3", ActionStatus::validee_collectivite)});
    opened.revision_open = true;
    auto first_year = test::make_convention(3, {test::make_action(4, "FA-4", ActionStatus::validee_etat)},
                                            domain::ConventionType::cie, {{2026, 1, 1}, {2026, 12, 31}});
    const std::vector facts = {test::make_collectivite(1, "A", {closed}), test::make_collectivite(2, "B", {opened}),
                               test::make_collectivite(3, "C", {first_year})};
    const auto dues = campaign::compute_due(update, facts, {2026, 12, 1});
    REQUIRE(dues.size() == 3);
    REQUIRE(dues[0].items.size() == 1);
    CHECK(dues[0].items[0].kind == OwedKind::revision_to_open);
    CHECK(dues[0].items[0].detail == "mise à jour 2026 non ouverte (pilot update open --convention 1 --year 2026)");
    REQUIRE(dues[1].items.size() == 1);
    CHECK(dues[1].items[0].action_id == 2);
    CHECK(dues[1].items[0].detail == "avenant 2026 : statut « Brouillon »");
    REQUIRE(dues[2].items.size() == 1);
    CHECK(dues[2].items[0].detail == "statut « Validée par l'État »");
  }

  TEST_CASE("the CIE deadline of a convention is its end plus the campaign's months") {
    auto bilan = test::make_campaign(forms::CampaignKind::bilan, 2025, {2026, 1, 1}, {2026, 6, 30},
                                     {domain::ConventionType::cie});
    bilan.months_after_end = 3;
    const std::vector facts = {
        test::make_collectivite(1, "Conseil départemental - Nord",
                                {test::make_convention(5, {test::make_action(1, "CIE-1")}, domain::ConventionType::cie,
                                                       {{2025, 1, 1}, {2025, 12, 31}})})};
    const auto dues = campaign::compute_due(bilan, facts, {2026, 4, 2});
    REQUIRE(dues.size() == 1);
    CHECK(dues[0].deadline == util::Date{2026, 3, 31});
    CHECK(dues[0].days_left == -2);
  }

  TEST_CASE("the reminder text lists what is owed, convention by convention") {
    const auto bilan = test::make_campaign(forms::CampaignKind::bilan, 2025, {2026, 1, 1}, {2026, 6, 30});
    auto incomplete = test::make_action(3, "FA-3", ActionStatus::double_validee, BilanState::incomplete);
    incomplete.bilan_lacks = {"dépenses réelles 2025"};
    const std::vector facts = {test::make_collectivite(
        10, "Conseil départemental - Nord", {test::make_convention(100, {test::make_action(2, "FA-2"), incomplete})})};
    const auto due = campaign::compute_due(bilan, facts, {2026, 6, 18}).at(0);
    const auto text = campaign::reminder_text(bilan, due, {2026, 6, 18});
    CHECK(text.subject == "[pilot] Campagne 2025 : Conseil départemental - Nord — échéance 30/06/2026");
    CHECK(text.body.find("Bonjour,\n\nCampagne « Campagne 2025 » (bilan de l'année 2025), ouverte du 01/01/2026 au "
                         "30/06/2026.\nÉchéance : 30/06/2026 (dans 12 jours).\n") == 0);
    CHECK(text.body.find("Conseil départemental - Nord doit encore compléter : 1 bilan non saisi et 1 bilan "
                         "incomplet.") != std::string::npos);
    CHECK(text.body.find("Convention n° 100 — CLS du 01/01/2024 au 31/12/2027\n"
                         "  - FA-2 « Action FA-2 » (action n° 2) : bilan 2025 non saisi\n"
                         "  - FA-3 « Action FA-3 » (action n° 3) : bilan 2025 incomplet : manque dépenses réelles "
                         "2025\n") != std::string::npos);
    CHECK(text.body.find("pilot bilan import FICHIER --year 2025 --convention N") != std::string::npos);
    // The digest names one reminder: same inputs, same digest; another stage or collectivité, another one.
    CHECK(campaign::reminder_digest(bilan, due, "J-15") == campaign::reminder_digest(bilan, due, "J-15"));
    CHECK(campaign::reminder_digest(bilan, due, "J-15") != campaign::reminder_digest(bilan, due, "J-3"));
    auto other = due;
    other.collectivite_id = 11;
    CHECK(campaign::reminder_digest(bilan, due, "J-15") != campaign::reminder_digest(bilan, other, "J-15"));
  }
}

#include <doctest/doctest.h>

#include "campaign/calendar.hpp"
#include "campaign_test_support.hpp"

using namespace pilot;

TEST_SUITE("campaign::calendar") {
  TEST_CASE("a campaign is upcoming, open (both ends included), then closed") {
    const auto campaign = test::make_campaign(forms::CampaignKind::bilan, 2025, {2026, 1, 1}, {2026, 6, 30});
    CHECK(campaign::state_at(campaign, {2025, 12, 31}) == campaign::CampaignState::upcoming);
    CHECK(campaign::state_at(campaign, {2026, 1, 1}) == campaign::CampaignState::open);
    CHECK(campaign::state_at(campaign, {2026, 6, 30}) == campaign::CampaignState::open);
    CHECK(campaign::state_at(campaign, {2026, 7, 1}) == campaign::CampaignState::closed);
    CHECK(campaign::to_label(campaign::CampaignState::upcoming) == "À venir");
    CHECK(campaign::to_code(campaign::CampaignState::closed) == "close");
  }

  TEST_CASE("days between dates and what they read like") {
    CHECK(campaign::days_between({2026, 6, 18}, {2026, 6, 30}) == 12);
    CHECK(campaign::days_between({2026, 12, 31}, {2027, 1, 1}) == 1);
    CHECK(campaign::days_between({2026, 7, 3}, {2026, 6, 30}) == -3);
    CHECK(campaign::days_left_text(12) == "dans 12 jours");
    CHECK(campaign::days_left_text(1) == "demain");
    CHECK(campaign::days_left_text(0) == "aujourd'hui");
    CHECK(campaign::days_left_text(-1) == "dépassée depuis 1 jour");
    CHECK(campaign::days_left_text(-3) == "dépassée depuis 3 jours");
  }

  TEST_CASE("open campaigns and lookup by id") {
    forms::CampaignCalendar calendar;
    calendar.campaigns.push_back(test::make_campaign(forms::CampaignKind::bilan, 2025, {2026, 1, 1}, {2026, 6, 30}));
    calendar.campaigns.push_back(
        test::make_campaign(forms::CampaignKind::mise_a_jour, 2026, {2026, 7, 1}, {2026, 12, 31}));
    auto open = campaign::open_campaigns(calendar, {2026, 3, 1});
    REQUIRE(open.size() == 1);
    CHECK(open[0]->id == "bilan-2025");
    CHECK(campaign::open_campaigns(calendar, {2027, 1, 1}).empty());
    auto found = campaign::find_campaign(calendar, "mise_a_jour-2026");
    REQUIRE(found);
    CHECK((*found)->year == 2026);
    auto missing = campaign::find_campaign(calendar, "bilan-2052");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == ErrorKind::not_found);
    CHECK(missing.error().message ==
          "campagne inconnue « bilan-2052 » ; vouliez-vous dire « bilan-2025 » ? (voir « pilot campaign list »)");
  }

  TEST_CASE("which conventions a campaign concerns") {
    const auto campaign = test::make_campaign(forms::CampaignKind::bilan, 2025, {2026, 1, 1}, {2026, 6, 30});
    CHECK(campaign::concerns(campaign, domain::ConventionType::cls, {{2024, 1, 1}, {2027, 12, 31}}));
    CHECK(campaign::concerns(campaign, domain::ConventionType::unique, {{2025, 1, 1}, {2025, 12, 31}}));
    CHECK_FALSE(campaign::concerns(campaign, domain::ConventionType::cie, {{2024, 1, 1}, {2027, 12, 31}}));
    CHECK_FALSE(campaign::concerns(campaign, domain::ConventionType::cls, {{2026, 1, 1}, {2027, 12, 31}}));
  }

  TEST_CASE("a CIE bilan is due three months after the convention ends, within the campaign") {
    auto campaign = test::make_campaign(forms::CampaignKind::bilan, 2025, {2026, 1, 1}, {2026, 6, 30},
                                        {domain::ConventionType::cie});
    CHECK(campaign::deadline_for(campaign, {{2025, 1, 1}, {2025, 12, 31}}) == util::Date{2026, 6, 30});
    campaign.months_after_end = 3;
    CHECK(campaign::deadline_for(campaign, {{2025, 1, 1}, {2025, 12, 31}}) == util::Date{2026, 3, 31});
    CHECK(campaign::deadline_for(campaign, {{2025, 4, 15}, {2026, 4, 14}}) == util::Date{2026, 6, 30});
    CHECK(campaign::deadline_for(campaign, {{2024, 6, 1}, {2025, 5, 31}}) == util::Date{2026, 1, 1});
    CHECK(campaign::add_months({2025, 11, 30}, 3) == util::Date{2026, 2, 28});
    CHECK(campaign::add_months({2023, 11, 30}, 3) == util::Date{2024, 2, 29});
    CHECK(campaign::add_months({2025, 1, 31}, 12) == util::Date{2026, 1, 31});
  }
}

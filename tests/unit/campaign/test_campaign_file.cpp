#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "forms/campaign_file.hpp"

using namespace pilot;

namespace {

const std::string k_one = R"(
campagnes:
  - id: bilan-cls-2025
    type: bilan
    libelle: Bilan des CLS 2025
    conventions: [cls, unique]
    annee: 2025
    ouverture: 2026-01-01
    cloture: 30/06/2026
)";

std::string error_of(const std::string& text) {
  auto calendar = forms::parse_campaign_calendar(text, "campaigns.yaml");
  REQUIRE_FALSE(calendar);
  CHECK(calendar.error().kind == ErrorKind::data);
  return calendar.error().message;
}

}  // namespace

TEST_SUITE("forms::CampaignFile") {
  TEST_CASE("the shipped calendar follows the guide") {
    auto calendar = forms::load_campaign_file(std::filesystem::path(PILOT_TEST_SCHEMAS) / "campaigns.yaml");
    REQUIRE_MESSAGE(calendar, (calendar ? "" : calendar.error().message));
    CHECK(calendar->campaigns.size() == 14);
    const auto* initial = calendar->find("saisie-cls-2024");
    REQUIRE(initial != nullptr);
    CHECK(initial->kind == forms::CampaignKind::saisie_initiale);
    CHECK(initial->opens == util::Date{2025, 1, 20});
    CHECK(initial->closes == util::Date{2025, 3, 7});
    CHECK(initial->covers(domain::ConventionType::unique));
    CHECK(initial->collectivite_types.size() == 2);
    const auto* cie = calendar->find("saisie-cie-2025");
    REQUIRE(cie != nullptr);
    CHECK(cie->collectivite_types == std::vector{domain::CollectiviteType::departement});
    CHECK(cie->opens == util::Date{2025, 4, 1});
    CHECK(cie->closes == util::Date{2025, 5, 31});
    const auto* bilan = calendar->find("bilan-cie-2025");
    REQUIRE(bilan != nullptr);
    CHECK(bilan->months_after_end == 3);
    CHECK(bilan->label == "Bilan des CIE 2025");
    const auto* last = calendar->find("bilan-cls-2027");
    REQUIRE(last != nullptr);
    CHECK(last->opens.year == 2028);
    CHECK(calendar->thresholds.budget_overrun_percent == 20);
    CHECK(calendar->thresholds.indicator_gap_percent == 50);
    // Every bilan opens after the year it reports on; every update year has a bilan of the year before.
    for (const auto& campaign : calendar->campaigns) {
      if (campaign.kind == forms::CampaignKind::bilan) {
        CHECK(campaign.opens.year > campaign.year);
      }
      CHECK(campaign.opens <= campaign.closes);
    }
  }

  TEST_CASE("a minimal calendar, dates in both notations, default thresholds") {
    auto calendar = forms::parse_campaign_calendar(k_one, "campaigns.yaml");
    REQUIRE_MESSAGE(calendar, (calendar ? "" : calendar.error().message));
    REQUIRE(calendar->campaigns.size() == 1);
    CHECK(calendar->campaigns[0].closes == util::Date{2026, 6, 30});
    CHECK(calendar->campaigns[0].where.line == 3);
    CHECK(calendar->thresholds.budget_overrun_percent == 20);
    CHECK(calendar->find("absente") == nullptr);
  }

  TEST_CASE("every problem is reported at once with its line") {
    SUBCASE("unknown key, with a suggestion") {
      const auto message = error_of(R"(
campagnes:
  - id: x
    type: bilan
    libelle: X
    conventions: [cls]
    annee: 2025
    ouvertrue: 2026-01-01
    cloture: 2026-06-30
)");
      CHECK(message.find("campaigns.yaml:8:5: clé inconnue « ouvertrue » dans la campagne ; vouliez-vous dire "
                         "« ouverture » ?") != std::string::npos);
      CHECK(message.find("clé « ouverture » obligatoire") != std::string::npos);
    }
    SUBCASE("unknown kind and convention type, bad date, closing before opening") {
      const auto message = error_of(R"(
campagnes:
  - id: a
    type: relance
    libelle: A
    conventions: [cls, ctg]
    annee: 2025
    ouverture: 31/02/2026
    cloture: 2026-06-30
  - id: b
    type: mise_a_jour
    libelle: B
    conventions: [cie]
    annee: 2026
    ouverture: 2026-07-01
    cloture: 2026-06-30
)");
      CHECK(message.find("4 problèmes") != std::string::npos);
      CHECK(message.find(":4:11: « type » : « relance » inconnu") != std::string::npos);
      CHECK(message.find("type « ctg » inconnu") != std::string::npos);
      CHECK(message.find("« ouverture » : date invalide « 31/02/2026 »") != std::string::npos);
      CHECK(message.find(":16:14: « cloture » : le 30/06/2026 précède l'ouverture du 01/07/2026") != std::string::npos);
    }
    SUBCASE("a bilan opening during the year it reports on") {
      const auto message = error_of(R"(
campagnes:
  - {id: b, type: bilan, libelle: B, conventions: [cls], annee: 2026, ouverture: 2026-07-01, cloture: 2026-12-31}
)");
      CHECK(message.find("le bilan de 2026 porte sur une année écoulée ; il s'ouvre en 2027 au plus tôt") !=
            std::string::npos);
    }
    SUBCASE("duplicate id, bad id, missing year, empty conventions") {
      const auto message = error_of(R"(
campagnes:
  - {id: Bilan 2025, type: bilan, libelle: B, conventions: [], ouverture: 2026-01-01, cloture: 2026-06-30}
  - {id: c, type: bilan, libelle: C, conventions: [cie], annee: 2025, ouverture: 2026-01-01, cloture: 2026-06-30}
  - {id: c, type: bilan, libelle: C, conventions: [cie], annee: 2025, ouverture: 2026-01-01, cloture: 2026-06-30}
)");
      CHECK(message.find("« Bilan 2025 » doit s'écrire en minuscules") != std::string::npos);
      CHECK(message.find("clé « annee » obligatoire") != std::string::npos);
      CHECK(message.find("indiquez au moins un type") != std::string::npos);
      CHECK(message.find("campagne « c » en double") != std::string::npos);
    }
    SUBCASE("thresholds out of range, months out of range, unknown collectivité type") {
      const auto message = error_of(R"(
controles_bilan: {depassement_budget_pourcent: -5, ecart_indicateur: 10}
campagnes:
  - {id: c, type: bilan, libelle: C, conventions: [cie], collectivites: [commune], annee: 2025,
     ouverture: 2026-01-01, cloture: 2026-06-30, delai_mois_apres_fin: 99}
)");
      CHECK(message.find("pourcentage attendu entre 0 et 10 000, pas -5") != std::string::npos);
      CHECK(message.find("clé inconnue « ecart_indicateur »") != std::string::npos);
      CHECK(message.find("type de collectivité inconnu « commune »") != std::string::npos);
      CHECK(message.find("nombre de mois attendu entre 0 et 36, pas 99") != std::string::npos);
    }
    SUBCASE("not a calendar at all") {
      CHECK(error_of("- a\n- b\n").find("le calendrier doit être un dictionnaire") != std::string::npos);
      CHECK(error_of("autre: 1\n").find("clé inconnue « autre »") != std::string::npos);
      CHECK(error_of("campagnes: [a: 1\n").find("erreur de syntaxe YAML") != std::string::npos);
    }
  }

  TEST_CASE("an unreadable file is an io error naming it") {
    auto calendar = forms::load_campaign_file("/nonexistent/campaigns.yaml");
    REQUIRE_FALSE(calendar);
    CHECK(calendar.error().kind == ErrorKind::io);
    CHECK(calendar.error().message == "/nonexistent/campaigns.yaml: fichier introuvable");
  }

  TEST_CASE("kinds read from codes and labels") {
    CHECK(forms::parse_campaign_kind("Mise à jour") == forms::CampaignKind::mise_a_jour);
    CHECK(forms::parse_campaign_kind("saisie_initiale") == forms::CampaignKind::saisie_initiale);
    CHECK_FALSE(forms::parse_campaign_kind("relance"));
    CHECK(forms::to_label(forms::CampaignKind::bilan) == "Bilan");
  }
}

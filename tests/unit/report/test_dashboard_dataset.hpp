// The hand-checked dataset of the dashboard tests: the four conventions of the guide's table
// (DOMAIN §2) and thirteen actions written with ActionWriter, with budgets, indicators and bilans.
// Every expected figure in test_dashboard*.cpp and test_dashboard_store.cpp is computed by hand
// from the table below (amounts in euros):
//
//  ref  convention (type, dép.)  form           status   axe/volet nature     type_action              champs publics
//  ps  qpv zr  budget (année financeur €) a1   Amiens (CLS, 80)         cls-metropole  DV       axe_1     nouvelle
//  aller_vers               jeunesse, sante                 jeunes, familles          oui oui non 2024 É10k C10k, 2025
//  É5k C5k = 30k a2   Amiens                   cls-metropole  BR       axe_2     renforcee  action_collective
//  insertion_professionnelle       beneficiaires_rsa         non oui non 2024 É20k C20k A10k = 50k a3   Amiens
//  cls-metropole  VÉ       axe_4     nouvelle   aller_vers               alimentation                    tout_public
//  non non non 2025 É8k C8k (+ A100k pour info) = 16k s1   Somme (unique, 80)       cls-dép.       DV       axe_3
//  renforcee  accueil_acces_droits     acces_droits, logement_hebergement personnes_sans_domicile oui non oui 2024 É40k
//  C40k = 80k s2   Somme                    cie            DV       volet_2   nouvelle   remobilisation
//  insertion_professionnelle       beneficiaires_rsa, jeunes non non oui 2024 É30k C60k = 90k s3   Somme cie VC volet_1
//  renforcee  ingenierie_projet        —                               —                         —   non non 2025 É12k
//  = 12k n1   Nord (unique, 59)        cls-dép.       DV       axe_1     nouvelle   creation_service petite_enfance
//  enfants, familles         oui oui non 2024 É100k C100k = 200k n2   Nord                     cie            BR
//  volet_3   renforcee  accompagnement_renove    insertion_professionnelle, mobilite beneficiaires_rsa     non non non
//  2024 É50k C50k = 100k n3   Nord                     cls-dép.       DV       axe_4     —          — energie_eau
//  personnes_mal_logees      non non oui 2025 É20k C20k = 40k n4   Nord, dropped in 2025    cls-dép.       DV axe_1
//  nouvelle   aller_vers               jeunesse                        jeunes                    non non non 2024 É6k,
//  2025 É6k → 6k counted n5   Nord                     action-autre   DV       —         nouvelle   autre — — non non —
//  2024 É1k = 1k p1   Pas-de-Calais (CLS, 62)  cls-dép.       DV       axe_3     nouvelle   accueil_acces_droits
//  acces_droits                    tout_public               non oui non 2024 É25k C25k = 50k p2   Pas-de-Calais
//  cls-dép.       BR       axe_1     renforcee  formation_professionnels protection_enfance, education  jeunes_ase oui
//  non non 2025 É15k C10k A5k = 30k
//
// DV double validée, BR brouillon, VÉ validée par l'État, VC validée par la collectivité.
// Indicators (targets 2025 in the plan): a1 national N1 target 100, bilan 2025 says 120; a1 local
// « Ateliers » target 10, plan realised 8; s1 local « Permanences » target 5, nothing realised; n3 impact
// « Économies » target 50, nothing realised; p2 national N2 target 20, bilan 2025 says 20.
// Bilans: 2025 for a1 (expenses É4k C5k + A9,999k pour info), n3 (É20k C10k), p2 (A5k); 2024 for s2 (C50k).
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "../store/store_test_support.hpp"
#include "domain/territory.hpp"
#include "store/action_store.hpp"
#include "store/convention_store.hpp"
#include "store/territory_store.hpp"

namespace pilot::test {

struct DashboardDataset {
  std::map<std::string, std::int64_t> conventions;  // amiens, somme, nord, pdc
  std::map<std::string, std::int64_t> actions;      // a1 ... p2
};

namespace dataset_detail {

inline std::int64_t euros(std::int64_t value) {
  return value * 100;
}

inline domain::BudgetLine line(int year, domain::FinancerType financer, std::int64_t amount_euros,
                               bool informational = false) {
  domain::BudgetLine out;
  out.year = year;
  out.financer = financer;
  out.financer_name = financer == domain::FinancerType::autre ? (informational ? "France Travail" : "Partenaire") : "";
  out.nature = informational ? "Pour info" : "";
  out.amount_cents = euros(amount_euros);
  out.informational = informational;
  return out;
}

inline domain::Indicator indicator(domain::IndicatorKind kind, std::string code, std::string label, double target,
                                   std::optional<double> realised = std::nullopt) {
  domain::Indicator out;
  out.kind = kind;
  out.code = std::move(code);
  out.label = std::move(label);
  out.unit = "nombre";
  out.years.push_back({2025, target, realised, ""});
  return out;
}

inline std::int64_t convention(store::Database& database, std::string_view collectivite, domain::ConventionType type,
                               util::Date signed_on) {
  const auto reference = store::read_territories(database);
  auto found = domain::find_collectivite(reference.collectivites, collectivite);
  REQUIRE(found);
  store::WriteTransaction transaction(database, test_actor());
  store::NewConvention row{(*found)->id, type,         signed_on,    domain::default_period(type, signed_on),
                           "",           std::nullopt, "convention", 1};
  auto id = store::insert_convention(transaction, row);
  REQUIRE(id);
  transaction.commit();
  return *id;
}

}  // namespace dataset_detail

// Fills a fresh database (make_database) with the dataset above.
inline DashboardDataset fill_dashboard_dataset(store::Database& database) {
  using namespace dataset_detail;
  using domain::ActionStatus;
  using domain::FinancerType;
  using domain::IndicatorKind;
  using Codes = std::vector<std::string>;
  constexpr auto etat = FinancerType::etat;
  constexpr auto coll = FinancerType::collectivite;
  constexpr auto autre = FinancerType::autre;

  DashboardDataset data;
  data.conventions["amiens"] = convention(database, "CA Amiens Métropole", domain::ConventionType::cls, {2024, 6, 28});
  data.conventions["nord"] =
      convention(database, "Conseil départemental - Nord", domain::ConventionType::unique, {2024, 6, 20});
  data.conventions["somme"] =
      convention(database, "Conseil départemental - Somme", domain::ConventionType::unique, {2024, 6, 1});
  data.conventions["pdc"] =
      convention(database, "Conseil départemental - Pas-de-Calais", domain::ConventionType::cls, {2024, 4, 15});

  struct Spec {
    std::string ref;
    std::string convention;
    std::string form;
    ActionStatus status;
    std::optional<int> dropped;
    domain::Answers answers;
    std::vector<domain::BudgetLine> budget;
    std::vector<domain::Indicator> indicators;
  };
  auto answers = [](std::string axis_key, std::string axis, std::string nature, std::string type, Codes champs,
                    Codes publics, std::optional<bool> ps, std::optional<bool> qpv, std::optional<bool> rural) {
    domain::Answers out;
    if (!axis.empty()) {
      out[axis_key] = axis;
    }
    if (!nature.empty()) {
      out["nature"] = nature;
    }
    if (!type.empty()) {
      out["type_action"] = type;
    }
    out["champs"] = champs;
    out["publics"] = publics;
    if (ps) {
      out["public_specifique"] = *ps;
    }
    if (qpv) {
      out["qpv"] = *qpv;
    }
    if (rural) {
      out["zone_rurale"] = *rural;
    }
    out["intitule"] = std::string("Action de test");
    return out;
  };
  const std::string cls_m = "action-cls-metropole";
  const std::string cls_d = "action-cls-departement";
  const std::string cie = "action-cie";
  const std::vector<Spec> specs = {
      {"a1",
       "amiens",
       cls_m,
       ActionStatus::double_validee,
       std::nullopt,
       answers("axe", "axe_1", "nouvelle", "aller_vers", {"jeunesse", "sante"}, {"jeunes", "familles"}, true, true,
               false),
       {line(2024, etat, 10'000), line(2024, coll, 10'000), line(2025, etat, 5'000), line(2025, coll, 5'000)},
       {indicator(IndicatorKind::national, "N1", "Bénéficiaires", 100),
        indicator(IndicatorKind::local, "", "Ateliers", 10, 8)}},
      {"a2",
       "amiens",
       cls_m,
       ActionStatus::brouillon,
       std::nullopt,
       answers("axe", "axe_2", "renforcee", "action_collective", {"insertion_professionnelle"}, {"beneficiaires_rsa"},
               false, true, false),
       {line(2024, etat, 20'000), line(2024, coll, 20'000), line(2024, autre, 10'000)},
       {}},
      {"a3",
       "amiens",
       cls_m,
       ActionStatus::validee_etat,
       std::nullopt,
       answers("axe", "axe_4", "nouvelle", "aller_vers", {"alimentation"}, {"tout_public"}, false, false, false),
       {line(2025, etat, 8'000), line(2025, coll, 8'000), line(2025, autre, 100'000, true)},
       {}},
      {"s1",
       "somme",
       cls_d,
       ActionStatus::double_validee,
       std::nullopt,
       answers("axe", "axe_3", "renforcee", "accueil_acces_droits", {"acces_droits", "logement_hebergement"},
               {"personnes_sans_domicile"}, true, false, true),
       {line(2024, etat, 40'000), line(2024, coll, 40'000)},
       {indicator(IndicatorKind::local, "", "Permanences", 5)}},
      {"s2",
       "somme",
       cie,
       ActionStatus::double_validee,
       std::nullopt,
       answers("volet", "volet_2", "nouvelle", "remobilisation", {"insertion_professionnelle"},
               {"beneficiaires_rsa", "jeunes"}, false, false, true),
       {line(2024, etat, 30'000), line(2024, coll, 60'000)},
       {}},
      {"s3",
       "somme",
       cie,
       ActionStatus::validee_collectivite,
       std::nullopt,
       answers("volet", "volet_1", "renforcee", "ingenierie_projet", {}, {}, std::nullopt, false, false),
       {line(2025, etat, 12'000)},
       {}},
      {"n1",
       "nord",
       cls_d,
       ActionStatus::double_validee,
       std::nullopt,
       answers("axe", "axe_1", "nouvelle", "creation_service", {"petite_enfance"}, {"enfants", "familles"}, true, true,
               false),
       {line(2024, etat, 100'000), line(2024, coll, 100'000)},
       {}},
      {"n2",
       "nord",
       cie,
       ActionStatus::brouillon,
       std::nullopt,
       answers("volet", "volet_3", "renforcee", "accompagnement_renove", {"insertion_professionnelle", "mobilite"},
               {"beneficiaires_rsa"}, false, false, false),
       {line(2024, etat, 50'000), line(2024, coll, 50'000)},
       {}},
      {"n3",
       "nord",
       cls_d,
       ActionStatus::double_validee,
       std::nullopt,
       answers("axe", "axe_4", "", "", {"energie_eau"}, {"personnes_mal_logees"}, false, false, true),
       {line(2025, etat, 20'000), line(2025, coll, 20'000)},
       {indicator(IndicatorKind::impact, "", "Économies", 50)}},
      {"n4",
       "nord",
       cls_d,
       ActionStatus::double_validee,
       2025,
       answers("axe", "axe_1", "nouvelle", "aller_vers", {"jeunesse"}, {"jeunes"}, false, false, false),
       {line(2024, etat, 6'000), line(2025, etat, 6'000)},
       {}},
      {"n5",
       "nord",
       "action-autre",
       ActionStatus::double_validee,
       std::nullopt,
       answers("", "", "nouvelle", "autre", {}, {}, false, false, std::nullopt),
       {line(2024, etat, 1'000)},
       {}},
      {"p1",
       "pdc",
       cls_d,
       ActionStatus::double_validee,
       std::nullopt,
       answers("axe", "axe_3", "nouvelle", "accueil_acces_droits", {"acces_droits"}, {"tout_public"}, false, true,
               false),
       {line(2024, etat, 25'000), line(2024, coll, 25'000)},
       {}},
      {"p2",
       "pdc",
       cls_d,
       ActionStatus::brouillon,
       std::nullopt,
       answers("axe", "axe_1", "renforcee", "formation_professionnels", {"protection_enfance", "education"},
               {"jeunes_ase"}, true, false, false),
       {line(2025, etat, 15'000), line(2025, coll, 10'000), line(2025, autre, 5'000)},
       {indicator(IndicatorKind::national, "N2", "Orientations", 20)}},
  };

  store::WriteTransaction transaction(database, test_actor("dataset"));
  store::ActionWriter writer(transaction);
  for (const auto& spec : specs) {
    domain::Action action;
    action.convention_id = data.conventions.at(spec.convention);
    action.reference = spec.ref;
    action.title = "Action " + spec.ref;
    action.form_id = spec.form;
    action.form_version = 1;
    action.answers = spec.answers;
    action.budget = spec.budget;
    action.indicators = spec.indicators;
    const std::int64_t id = writer.insert(action);
    data.actions[spec.ref] = id;
    if (spec.status != ActionStatus::brouillon) {
      store::set_action_status(transaction, id, spec.status, "jeu de test");
    }
    if (spec.dropped) {
      SQLite::Statement drop(transaction.connection(), "UPDATE actions SET dropped_year = ? WHERE id = ?");
      drop.bind(1, *spec.dropped);
      drop.bind(2, id);
      drop.exec();
    }
  }

  // Bilans, written as rows: the bilan workflow is not what these tests are about.
  auto& db = transaction.connection();
  auto bilan = [&](const std::string& ref, int year) {
    SQLite::Statement insert(db,
                             "INSERT INTO bilans (action_id, year, form_id, form_version, created_at, updated_at) "
                             "VALUES (?, ?, 'bilan', 1, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
    insert.bind(1, data.actions.at(ref));
    insert.bind(2, year);
    insert.exec();
    return db.getLastInsertRowid();
  };
  auto expense = [&](std::int64_t bilan_id, const char* financer, std::int64_t amount_euros, bool informational,
                     const char* object) {
    SQLite::Statement insert(
        db,
        "INSERT INTO bilan_expenses (bilan_id, financer_type, object, amount_cents, informational) "
        "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, bilan_id);
    insert.bind(2, financer);
    insert.bind(3, object);
    insert.bind(4, euros(amount_euros));
    insert.bind(5, informational ? 1 : 0);
    insert.exec();
  };
  auto realised = [&](std::int64_t bilan_id, const char* kind, const char* code, const char* label, double value) {
    SQLite::Statement insert(db,
                             "INSERT INTO bilan_indicators (bilan_id, kind, code, label, realised) "
                             "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, bilan_id);
    insert.bind(2, kind);
    insert.bind(3, code);
    insert.bind(4, label);
    insert.bind(5, value);
    insert.exec();
  };
  const auto a1 = bilan("a1", 2025);
  expense(a1, "etat", 4'000, false, "Animation");
  expense(a1, "collectivite", 5'000, false, "Animation");
  expense(a1, "autre", 9'999, true, "France Travail");
  realised(a1, "national", "N1", "Bénéficiaires", 120);
  const auto n3 = bilan("n3", 2025);
  expense(n3, "etat", 20'000, false, "Travaux");
  expense(n3, "collectivite", 10'000, false, "Travaux");
  const auto p2 = bilan("p2", 2025);
  expense(p2, "autre", 5'000, false, "Formation");
  realised(p2, "national", "N2", "Orientations", 20);
  const auto s2 = bilan("s2", 2024);
  expense(s2, "collectivite", 50'000, false, "Accompagnement");
  transaction.commit();
  return data;
}

}  // namespace pilot::test

// The rules of the forms shipped in schemas/: each one fires when it should and only then.
#include <doctest/doctest.h>

#include "forms/check.hpp"
#include "test_support.hpp"

using namespace pilot;
using namespace pilot::forms;
using namespace pilot::forms::test;

namespace {

using Lines = std::vector<std::string>;
using Codes = std::vector<std::string>;

const Form& form(std::string_view id) {
  const Form* found = shipped_catalog().find_form(id);
  REQUIRE(found != nullptr);
  return *found;
}

domain::GroupRow budget_line(std::size_t at, std::int64_t year, const char* financeur, std::int64_t euros) {
  return row(at, {{"annee", year}, {"financeur", std::string(financeur)}, {"montant", euros * 100}});
}

domain::GroupRow national(std::size_t at, const char* code, std::int64_t year, double target) {
  return row(at, {{"type_indicateur", std::string("national")},
                  {"code", std::string(code)},
                  {"unite", std::string("nombre")},
                  {"annee", year},
                  {"cible", target}});
}

struct Record {
  domain::Answers answers;
  Groups groups;
};

Record cls_action() {
  return {{{"reference", std::string("FA-01")},
           {"intitule", std::string("Déployer 10 frigos partagés")},
           {"axe", std::string("axe_4")},
           {"nature", std::string("nouvelle")},
           {"type_action", std::string("creation_service")},
           {"champs", std::vector<std::string>{"alimentation"}},
           {"publics", std::vector<std::string>{"tout_public"}},
           {"public_specifique", false},
           {"qpv", true},
           {"zone_rurale", false},
           {"date_debut", date(2024, 3, 1)}},
          {{"budget", {budget_line(2, 2024, "etat", 140000), budget_line(3, 2024, "collectivite", 140000)}},
           {"indicateurs",
            {row(2, {{"type_indicateur", std::string("local")},
                     {"libelle", std::string("Nombre de frigos installés")},
                     {"unite", std::string("nombre")},
                     {"annee", std::int64_t{2024}},
                     {"cible", 10.0}})}}}};
}

Record cie_action() {
  return {{{"reference", std::string("2.1")},
           {"intitule", std::string("Coachs emploi pour les allocataires du RSA")},
           {"volet", std::string("volet_2")},
           {"description", std::string("Accompagnement renforcé vers l'emploi.")},
           {"nature", std::string("nouvelle")},
           {"type_action", std::string("accompagnement")},
           {"duree", std::string("experimentation")},
           {"champs", std::vector<std::string>{"insertion_professionnelle"}},
           {"publics", std::vector<std::string>{"beneficiaires_rsa"}},
           {"public_specifique", true},
           {"qpv", false},
           {"zone_rurale", true},
           {"date_debut", date(2024, 4, 1)}},
          {{"budget",
            {row(2, {{"annee", std::int64_t{2024}},
                     {"nature", std::string("v2_etp_accompagnement")},
                     {"financeur", std::string("etat")},
                     {"montant", std::int64_t{5000000}}}),
             row(3, {{"annee", std::int64_t{2024}},
                     {"nature", std::string("v2_etp_accompagnement")},
                     {"financeur", std::string("collectivite")},
                     {"montant", std::int64_t{5000000}},
                     {"etp", 2.0}})}},
           {"indicateurs", {national(2, "RSA_NOUVEAUX_ENTRANTS", 2024, 1200)}}}};
}

Record bilan() {
  return {{{"reference", std::string("FA-01")},
           {"annee_bilan", std::int64_t{2024}},
           {"commence", true},
           {"deploiement", std::string("conforme")},
           {"terminee", false},
           {"permanente", true}},
          {{"depenses", {budget_line(2, 2024, "etat", 120000)}},
           {"indicateurs",
            {row(2, {{"type_indicateur", std::string("local")},
                     {"libelle", std::string("Nombre de frigos installés")},
                     {"unite", std::string("nombre")},
                     {"annee", std::int64_t{2024}},
                     {"realise", 8.0}})}}}};
}

Record convention() {
  return {{{"type_collectivite", std::string("departement")},
           {"collectivite", std::string("Conseil départemental - Nord")},
           {"type_convention", std::string("unique")},
           {"date_signature", date(2024, 6, 20)}},
          {}};
}

Lines check(std::string_view form_id, const Record& record) {
  return summarize(check_record(shipped_catalog(), form(form_id), record.answers, record.groups));
}

Codes codes(std::string_view form_id, const Record& record) {
  Codes out;
  for (const auto& problem : check_record(shipped_catalog(), form(form_id), record.answers, record.groups)) {
    out.push_back(problem.code);
  }
  return out;
}

}  // namespace

TEST_SUITE("forms::shipped") {
  TEST_CASE("which action forms apply to a convention") {
    using domain::CollectiviteType;
    using domain::ConventionType;
    auto ids = [](ConventionType convention, CollectiviteType collectivite) {
      std::vector<std::string> out;
      for (const Form* found : shipped_catalog().action_forms_for(convention, collectivite)) {
        out.push_back(found->id);
      }
      return out;
    };
    CHECK(ids(ConventionType::cls, CollectiviteType::departement) == Codes{"action-cls-departement"});
    CHECK(ids(ConventionType::cls, CollectiviteType::metropole) == Codes{"action-cls-metropole"});
    CHECK(ids(ConventionType::cie, CollectiviteType::departement) == Codes{"action-cie"});
    CHECK(ids(ConventionType::unique, CollectiviteType::departement) == Codes{"action-cie", "action-cls-departement"});
    CHECK(ids(ConventionType::cie, CollectiviteType::metropole).empty());
    CHECK(shipped_catalog().forms_for(RecordKind::bilan, ConventionType::cie, CollectiviteType::departement).size() ==
          1);
  }

  TEST_CASE("CLS action of a département") {
    SUBCASE("a complete action has no problem") {
      CHECK(check("action-cls-departement", cls_action()).empty());
    }
    SUBCASE("axe 2 is for métropoles only") {
      auto record = cls_action();
      record.answers["axe"] = std::string("axe_2");
      CHECK(
          check("action-cls-departement", record) ==
          Lines{"E109 axe: « Axe du Pacte des solidarités » : « Axe 2 : Amplifier la politique d'accès à l'emploi pour "
                "tous » n'est pas proposé dans ce formulaire"});
      CHECK(check("action-cls-metropole", record).empty());
      auto typed = parse_value(shipped_catalog(), *form("action-cls-departement").find_field("axe"), "Axe 2");
      REQUIRE_FALSE(typed.has_value());
      CHECK(typed.error().message ==
            "« Axe du Pacte des solidarités » : « Axe 2 : Amplifier la politique d'accès à l'emploi pour tous » n'est "
            "pas proposé dans ce formulaire (choix possibles : « Axe 1 : Prévenir la pauvreté et lutter contre les "
            "inégalités dès l'enfance », « Axe 3 : Lutter contre la grande exclusion grâce à l'accès aux droits » ou "
            "« Axe 4 : Construire une transition écologique et solidaire »)");
    }
    SUBCASE("a reinforced action says how") {
      auto record = cls_action();
      record.answers["nature"] = std::string("renforcee");
      CHECK(check("action-cls-departement", record) ==
            Lines{"E201 renforcement: « En quoi l'action est-elle renforcée ? » : réponse obligatoire manquante"});
      record.answers["renforcement"] = std::string("nouveaux_publics");
      CHECK(check("action-cls-departement", record).empty());
      record.answers["nature"] = std::string("nouvelle");
      CHECK(codes("action-cls-departement", record) == Codes{"E203"});
    }
    SUBCASE("« Autre » champ d'action publique needs its precision") {
      auto record = cls_action();
      record.answers["champs"] = std::vector<std::string>{"alimentation", "autre"};
      CHECK(
          check("action-cls-departement", record) ==
          Lines{
              "E204 champs_autre: « Autre champ d'action publique (précisez) » : « Autre » est choisi dans « Champ(s) "
              "d'action publique » : précisez-le"});
      record.answers["champs_autre"] = std::string("Sport adapté");
      CHECK(check("action-cls-departement", record).empty());
    }
    SUBCASE("the end date does not precede the start date") {
      auto record = cls_action();
      record.answers["date_fin"] = date(2024, 2, 1);
      CHECK(check("action-cls-departement", record) ==
            Lines{"E305 date_fin: « Date de fin de l'action » : la date de fin précède la date de début (valeur « "
                  "01/02/2024 »)"});
    }
    SUBCASE("parity: the State pays half of each action") {
      auto record = cls_action();
      record.groups["budget"].push_back(budget_line(4, 2025, "etat", 10000));
      CHECK(check("action-cls-departement", record) ==
            Lines{"E502 : Parité État / collectivité : la part de l'État (150 000 €) doit être égale à celle de la "
                  "collectivité (140 000 €)"});
      record.groups["budget"].push_back(budget_line(5, 2025, "collectivite", 10000));
      record.groups["budget"].push_back(budget_line(6, 2025, "autre", 5000));  // other partners may add to it
      CHECK(codes("action-cls-departement", record) == Codes{"E202"});         // … once named
    }
    SUBCASE("the total equals the sum of the budget lines") {
      auto record = cls_action();
      record.answers["budget_total"] = std::int64_t{28000000};
      CHECK(check("action-cls-departement", record).empty());
      record.answers["budget_total"] = std::int64_t{30000000};
      CHECK(check("action-cls-departement", record) ==
            Lines{"E501 budget_total: Le budget total de l'action (300 000 €) diffère de la somme des lignes "
                  "budgétaires (280 000 €)"});
    }
    SUBCASE("valorisation: only on the collectivité's share, at most half of it") {
      auto record = cls_action();
      record.groups["budget"][1].values["valorisation"] = std::int64_t{7000000};
      CHECK(check("action-cls-departement", record).empty());
      record.groups["budget"][1].values["valorisation"] = std::int64_t{7000100};
      CHECK(check("action-cls-departement", record) ==
            Lines{"E504 : La valorisation (70 001 €) dépasse 50 % de la part de la collectivité (140 000 €)"});
      record.groups["budget"][1].values.erase("valorisation");
      record.groups["budget"][0].values["valorisation"] = std::int64_t{100};
      CHECK(codes("action-cls-departement", record) == Codes{"E203"});
    }
    SUBCASE("a rule reading a wrong value is not checked: its message would be false") {
      // A negative amount (E301): the valorisation rule would compare 0 € with -500 €.
      auto record = cls_action();
      record.groups["budget"][1].values["montant"] = std::int64_t{-50000};
      CHECK(codes("action-cls-departement", record) == Codes{"E301"});
      // A duplicate line (E401): the sums would count it twice.
      record = cls_action();
      record.answers["budget_total"] = std::int64_t{28000000};
      record.groups["budget"].push_back(budget_line(4, 2024, "etat", 140000));
      CHECK(codes("action-cls-departement", record) == Codes{"E401"});
      // A missing amount (E201): the State's share is unknown, not 140 000 €.
      record = cls_action();
      record.groups["budget"][0].values.erase("montant");
      CHECK(codes("action-cls-departement", record) == Codes{"E201"});
      // A value the caller could not read (the collectivité's « mille » on a third line, left out):
      // parity is not checked, the rules that do not read the budget still are.
      record = cls_action();
      record.groups["budget"].push_back(budget_line(4, 2025, "etat", 10000));
      CHECK(codes("action-cls-departement", record) == Codes{"E502"});
      const std::set<std::string, std::less<>> unreadable = {"budget"};
      record.answers["date_fin"] = date(2024, 2, 1);
      Codes found;
      for (const auto& problem :
           check_record(shipped_catalog(), form("action-cls-departement"), record.answers, record.groups, unreadable)) {
        found.push_back(problem.code);
      }
      CHECK(found == Codes{"E305"});
    }
    SUBCASE("budget years stay within the CLS period") {
      auto record = cls_action();
      record.groups["budget"][0].values["annee"] = std::int64_t{2028};
      CHECK(check("action-cls-departement", record)[0] ==
            "E302 budget[2].annee: « Année » : 2028 est supérieur au maximum (2027)");
    }
    SUBCASE("indicators: national ones name a referential code; percentages stay within 0-100") {
      auto record = cls_action();
      record.groups["indicateurs"].push_back(row(3, {{"type_indicateur", std::string("national")},
                                                     {"unite", std::string("nombre")},
                                                     {"annee", std::int64_t{2024}},
                                                     {"cible", 5.0}}));
      record.groups["indicateurs"].push_back(row(4, {{"type_indicateur", std::string("impact")},
                                                     {"libelle", std::string("Part de foyers satisfaits")},
                                                     {"unite", std::string("pourcentage")},
                                                     {"annee", std::int64_t{2024}},
                                                     {"cible", 120.0}}));
      CHECK(check("action-cls-departement", record) ==
            Lines{"E201 indicateurs[3].code: « Indicateur national » : réponse obligatoire manquante",
                  "E305 indicateurs[4].cible: « Cible » : un pourcentage est compris entre 0 et 100 (valeur « 120 »)"});
    }
    SUBCASE("a sub-count never exceeds its total for the same year") {
      auto record = cls_action();
      auto& rows = record.groups["indicateurs"];
      rows.push_back(national(3, "RSA_NOUVEAUX_ENTRANTS", 2024, 100));
      rows.push_back(national(4, "RSA_NE_ORIENTES_1M", 2024, 120));
      rows.push_back(national(5, "RSA_NE_ORIENTES_1M", 2025, 120));  // no total for 2025: nothing to compare
      CHECK(check("action-cls-departement", record) ==
            Lines{"E403 indicateurs[4].cible: « Cible » : 120 pour « Nombre de nouveaux entrants orientés en 1 mois et "
                  "moins » dépasse 100 pour « Nombre de nouveaux entrants » en 2024 : un sous-total ne peut pas "
                  "dépasser son total"});
      rows[2].values["cible"] = 100.0;
      CHECK(check("action-cls-departement", record).empty());
    }
    SUBCASE("a national indicator keeps the referential's unit") {
      auto record = cls_action();
      auto line = national(3, "RSA_NOUVEAUX_ENTRANTS", 2024, 100);
      line.values["unite"] = std::string("euros");
      record.groups["indicateurs"].push_back(line);
      CHECK(check("action-cls-departement", record) ==
            Lines{"E405 indicateurs[3].unite: « Unité » : « Euros » alors que l'indicateur national « Nombre de "
                  "nouveaux entrants » se mesure en « Nombre »"});
    }
  }

  TEST_CASE("CLS action of a métropole: quantified evaluation every year") {
    auto record = cls_action();
    record.answers["axe"] = std::string("axe_2");
    record.groups["indicateurs"].clear();
    CHECK(check("action-cls-metropole", record) ==
          Lines{"E404 indicateurs[0]: « Indicateurs » : au moins 1 ligne attendue, 0 donnée"});
  }

  TEST_CASE("CIE action") {
    SUBCASE("a complete action has no problem") {
      CHECK(check("action-cie", cie_action()).empty());
    }
    SUBCASE("volet 2: the département pays at least half (a warning at the level of one action)") {
      auto record = cie_action();
      record.groups["budget"][0].values["montant"] = std::int64_t{6000000};
      record.groups["budget"][1].values["montant"] = std::int64_t{4000000};
      const auto problems = check_record(shipped_catalog(), form("action-cie"), record.answers, record.groups);
      CHECK(summarize(problems) ==
            Lines{"W503 : Volet 2 : le département finance au moins 50 % du coût total des actions du volet ; pour "
                  "cette action, sa part est de 40 000 € sur 100 000 €"});
      REQUIRE(problems.size() == 1);
      CHECK(problems[0].severity == Severity::warning);
      record.answers["volet"] = std::string("volet_1");
      for (auto& line : record.groups["budget"]) {
        line.values["nature"] = std::string("v1_etp_ingenierie");
      }
      CHECK(check("action-cie", record).empty());
    }
    SUBCASE("a nature de dépenses belongs to the action's volet") {
      auto record = cie_action();
      record.groups["budget"][0].values["nature"] = std::string("v1_si_parametrage");
      CHECK(
          check("action-cie", record) ==
          Lines{"E305 budget[2].nature: « Nature de dépenses » : cette nature de dépenses relève d'un autre volet que "
                "celui de l'action (valeur « Volet 1 – Paramétrage SI en vue de l'interconnexion »)"});
    }
    SUBCASE("« Pour info » lines never count in totals") {
      auto record = cie_action();
      record.answers["volet"] = std::string("volet_3");
      record.groups["budget"] = {row(2, {{"annee", std::int64_t{2024}},
                                         {"nature", std::string("v3_etp_accompagnement")},
                                         {"financeur", std::string("etat")},
                                         {"montant", std::int64_t{3000000}}}),
                                 row(3, {{"annee", std::int64_t{2024}},
                                         {"nature", std::string("v3_pour_info_etp_ft")},
                                         {"financeur", std::string("autre")},
                                         {"financeur_nom", std::string("France Travail")},
                                         {"montant", std::int64_t{9000000}},
                                         {"etp", 3.0}})};
      record.answers["budget_total"] = std::int64_t{3000000};
      CHECK(check("action-cie", record).empty());
      record.answers["budget_total"] = std::int64_t{12000000};
      CHECK(codes("action-cie", record) == Codes{"E501"});
    }
    SUBCASE("a line gives euros or ETP; « Autre » durée needs its precision") {
      auto record = cie_action();
      record.groups["budget"][1].values.erase("montant");
      CHECK(codes("action-cie", record) == Codes{"W503"});  // 2 ETP without euros: no E202
      record.groups["budget"][1].values.erase("etp");
      record.answers["duree"] = std::string("autre");
      CHECK(check("action-cie", record) ==
            Lines{"E204 duree_autre: « Autre durée (précisez) » : « Autre » est choisi dans « Durée de l'action » : "
                  "précisez-le",
                  "E202 budget[3].montant: « Montant prévisionnel » : réponse obligatoire dans ce cas (condition : "
                  "empty(etp))"});  // and no W503: the département's share is not « 0 € » but unknown
    }
    SUBCASE("axe belongs to CLS forms") {
      auto record = cie_action();
      record.answers["axe"] = std::string("axe_1");
      CHECK(codes("action-cie", record) == Codes{"E206"});
    }
  }

  TEST_CASE("bilan") {
    SUBCASE("a complete bilan has no problem") {
      CHECK(check("bilan", bilan()).empty());
    }
    SUBCASE("an action not started: no déploiement, no « terminée »") {
      auto record = bilan();
      record.answers["commence"] = false;
      CHECK(codes("bilan", record) == Codes{"E203", "E203"});
      record.answers.erase("deploiement");
      record.answers.erase("terminee");
      CHECK(check("bilan", record).empty());
    }
    SUBCASE("reasons only when late or stopped") {
      auto record = bilan();
      record.answers["raisons"] = std::string("Recrutement difficile");
      CHECK(
          check("bilan", record) ==
          Lines{"E203 raisons: « Pour quelle(s) raison(s) ? » : réponse « Recrutement difficile » donnée alors que la "
                "question ne se pose pas (condition : deploiement = 'en_retard' or deploiement = 'arrete')"});
      record.answers["deploiement"] = std::string("en_retard");
      CHECK(check("bilan", record).empty());
    }
    SUBCASE("realised values and expenses are those of the bilan's year") {
      auto record = bilan();
      record.groups["depenses"].push_back(budget_line(3, 2025, "collectivite", 5000));
      record.groups["indicateurs"][0].values["annee"] = std::int64_t{2025};
      CHECK(
          check("bilan", record) ==
          Lines{
              "E511 depenses: Les dépenses réelles portent sur l'année du bilan (2024) : 1 ligne(s) d'une autre année",
              "E512 indicateurs: Les valeurs réalisées portent sur l'année du bilan (2024) : 1 indicateur(s) d'une "
              "autre année"});
    }
    SUBCASE("amount = number of units × unit cost") {
      auto record = bilan();
      auto& line = record.groups["depenses"][0].values;
      line["nombre_unites"] = 3.0;
      line["cout_unitaire"] = std::int64_t{3333};  // 33,33 €
      line["montant"] = std::int64_t{9999};
      CHECK(check("bilan", record).empty());
      line["montant"] = std::int64_t{10000};
      CHECK(check("bilan", record) ==
            Lines{"E305 depenses[2].montant: « Montant réalisé » : le montant doit être égal au nombre d'unités × coût "
                  "unitaire (valeur « 100,00 € »)"});
    }
    SUBCASE("a stopped action declared finished is worth a look") {
      auto record = bilan();
      record.answers["deploiement"] = std::string("arrete");
      record.answers["raisons"] = std::string("Fin du financement");
      record.answers["terminee"] = true;
      CHECK(codes("bilan", record) == Codes{"W513"});
    }
  }

  TEST_CASE("convention") {
    SUBCASE("a complete convention has no problem") {
      CHECK(check("convention", convention()).empty());
    }
    SUBCASE("métropoles sign CLS only") {
      auto record = convention();
      record.answers["type_collectivite"] = std::string("metropole");
      CHECK(check("convention", record) ==
            Lines{"E521 type_convention: Une métropole ne signe qu'un contrat local des solidarités : la CIE et le "
                  "contrat unique concernent les départements"});
      record.answers["type_convention"] = std::string("cls");
      CHECK(check("convention", record).empty());
    }
    SUBCASE("the period is given whole or not at all") {
      auto record = convention();
      record.answers["date_debut"] = date(2024, 1, 1);
      CHECK(codes("convention", record) == Codes{"E522"});
      record.answers["date_fin"] = date(2027, 12, 31);
      CHECK(check("convention", record).empty());
    }
    SUBCASE("the attached document is a PDF") {
      auto record = convention();
      record.answers["document"] = std::string("convention signée.docx");
      CHECK(check("convention", record) ==
            Lines{"E304 document: « Document (PDF de la convention signée) » : format invalide « convention "
                  "signée.docx » : le document joint est un fichier PDF (nom en .pdf)"});
      record.answers["document"] = std::string("CLS Nord 2024.PDF");
      CHECK(check("convention", record).empty());
    }
  }
}

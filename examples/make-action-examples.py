#!/usr/bin/python3
"""Writes the example action files of examples/, which examples/import-demo.sh imports:

  actions-cls-metropole.csv, budget-cls-metropole.csv, indicateurs-cls-metropole.csv
      CA Amiens Métropole, CLS métropolitain: 17 actions on the four axes, 2 560 000,00 € over 2024-2027
      (the guide's table), saved the way French Excel does « CSV (séparateur : point-virgule) »:
      Windows-1252, ';', CRLF, amounts « 35 000,00 € », dates JJ/MM/AAAA.
  actions-contrat-unique.xlsx
      Conseil départemental - Nord, contrat unique: 22 actions (CLS and CIE, told apart by the
      « Formulaire » column), 72 944 233,00 € (the guide's table), with « Actions », « Budget » and
      « Indicateurs » sheets as a data officer fills them in Excel: a title row, real dates, amounts as
      numbers with a currency format.
  actions-cls-departement.csv, budget-cls-departement.csv, indicateurs-cls-departement.csv
      Conseil départemental - Pas-de-Calais, CLS départemental: 5 actions, 5 670 064,00 € (the guide's
      table), UTF-8 with BOM.

The contents are invented but follow the seeds (guide of Pilot'actions, model CIE convention): titles,
axes, volets, natures de dépenses, national indicators. Run with /usr/bin/python3 (openpyxl); the
output is deterministic apart from the workbook's creation time.
"""
import csv
import datetime
import os

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = (2024, 2025, 2026, 2027)


def euros(cents):
    """2 560 000,00 € with no-break spaces, as French Excel shows money."""
    whole, rest = divmod(cents, 100)
    text = f"{whole:,}".replace(",", "\u00a0")
    return f"{text},{rest:02d}\u00a0€"


def write_csv(name, header, rows, encoding):
    with open(os.path.join(HERE, name), "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


# --- CA Amiens Métropole (CLS métropolitain) -------------------------------------------------------------

# (reference, title, axe, nature, renforcement, type, champs, publics, QPV, rural, start, État €/year, indicators)
AMIENS = [
    ("1.1", "Crèches à vocation d'insertion professionnelle dans les quartiers prioritaires", "Axe 1",
     "Action nouvelle", "", "Création ou développement d'un service ou d'une structure",
     "Petite enfance; Insertion professionnelle", "Familles monoparentales", "Oui", "Non", "02/09/2024", 25_000,
     [("Local", "", "Nombre de places en crèche AVIP", "Nombre", 0, [20, 30, 40, 40])]),
    ("1.2", "Petits-déjeuners à l'école dans les quartiers prioritaires", "Axe 1", "Action renforcée",
     "Nouvelles zones géographiques", "Aide financière ou matérielle", "Alimentation; Éducation et réussite scolaire",
     "Enfants", "Oui", "Non", "04/11/2024", 15_000,
     [("Local", "", "Nombre d'écoles participantes", "Nombre", 8, [12, 15, 18, 20])]),
    ("1.3", "Lieu d'accueil enfants-parents itinérant", "Axe 1", "Action nouvelle", "", "Action collective",
     "Enfance, famille et parentalité", "Familles et parents", "Oui", "Oui", "15/01/2025", 12_500,
     [("Local", "", "Nombre de familles accueillies", "Nombre", 0, [0, 80, 120, 150])]),
    ("1.4", "Prévention des sorties sèches de l'aide sociale à l'enfance", "Axe 1", "Action renforcée",
     "File active plus importante", "Accompagnement individuel", "Protection de l'enfance; Logement et hébergement",
     "Jeunes sortant de l'aide sociale à l'enfance", "Non", "Non", "01/07/2024", 20_000,
     [("National", "ASE_JEUNES_MAJEURS", "", "Nombre", 60, [65, 70, 70, 75])]),
    ("2.1", "Déploiement du dispositif TAPAJ pour les jeunes en errance", "Axe 2", "Action nouvelle", "",
     "Accompagnement individuel", "Insertion professionnelle; Jeunesse", "Jeunes (16-25 ans)", "Oui", "Non",
     "01/10/2024", 22_500,
     [("National", "GA_ORIENTES", "", "Nombre", 0, [15, 25, 30, 30])]),
    ("2.2", "Levée des freins périphériques : garde d'enfants et mobilité", "Axe 2", "Action renforcée",
     "Nouveaux publics", "Aide financière ou matérielle", "Mobilité; Petite enfance", "Bénéficiaires du RSA",
     "Oui", "Oui", "01/03/2024", 17_500,
     [("Local", "", "Nombre de personnes aidées", "Nombre", 40, [60, 80, 90, 100])]),
    ("2.3", "Plateforme de mobilité solidaire", "Axe 2", "Action renforcée", "Nouvelles zones géographiques",
     "Création ou développement d'un service ou d'une structure", "Mobilité", "Demandeurs d'emploi", "Non", "Oui",
     "01/04/2024", 20_000,
     [("National", "MOB_PERSONNES_PLATEFORME", "", "Nombre", 150, [200, 250, 280, 300])]),
    ("3.1", "Maraudes mixtes État – métropole", "Axe 3", "Action renforcée", "File active plus importante",
     "Aller-vers / repérage", "Accès aux droits; Logement et hébergement", "Personnes sans domicile ou à la rue",
     "Oui", "Non", "01/02/2024", 30_000,
     [("National", "MAR_PREMIERS_CONTACTS", "", "Nombre", 300, [350, 400, 420, 450]),
      ("Indicateur d'impact", "", "Part des personnes orientées vers un hébergement", "Pourcentage", 20,
       [25, 30, 30, 35])]),
    ("3.2", "Premier accueil social inconditionnel de proximité", "Axe 3", "Action nouvelle", "",
     "Accueil et accès aux droits", "Accès aux droits", "Tout public", "Oui", "Non", "02/01/2025", 15_000,
     [("National", "PASI_TAUX_COUVERTURE", "", "Pourcentage", 60, [60, 75, 85, 95])]),
    ("3.3", "Rendez-vous des droits contre le non-recours", "Axe 3", "Action nouvelle", "", "Aller-vers / repérage",
     "Accès aux droits; Inclusion numérique", "Bénéficiaires du RSA; Familles monoparentales", "Oui", "Non",
     "01/06/2024", 12_500,
     [("Local", "", "Nombre de rendez-vous des droits", "Nombre", 0, [150, 300, 350, 400])]),
    ("3.4", "Logement d'abord : accompagnement vers et dans le logement", "Axe 3", "Action renforcée",
     "File active plus importante", "Accompagnement individuel", "Logement et hébergement",
     "Personnes sans domicile ou à la rue", "Non", "Non", "01/01/2024", 25_000,
     [("Local", "", "Nombre de ménages relogés", "Nombre", 30, [40, 50, 55, 60])]),
    ("3.5", "Prévention des expulsions locatives", "Axe 3", "Action nouvelle", "", "Accompagnement individuel",
     "Logement et hébergement; Budget et inclusion bancaire", "Personnes mal logées ou menacées d'expulsion", "Oui",
     "Non", "01/09/2024", 10_000,
     [("Local", "", "Nombre de ménages accompagnés", "Nombre", 0, [60, 100, 110, 120])]),
    ("4.1", "Appuyer la structuration logistique en mutualisant l'achat de matériel en faveur des actions de lutte "
            "contre la précarité alimentaire", "Axe 4", "Action nouvelle", "", "Investissement, équipement",
     "Alimentation", "Tout public", "Non", "Non", "01/07/2024", 35_000,
     [("Local", "", "Tonnes de denrées distribuées", "Nombre", 400, [450, 500, 520, 550])]),
    ("4.2", "Programme SLIME de lutte contre la précarité énergétique", "Axe 4", "Action renforcée",
     "Nouveaux publics", "Aller-vers / repérage", "Énergie et eau", "Familles et parents; Personnes âgées", "Oui",
     "Oui", "01/03/2024", 15_000,
     [("Local", "", "Nombre de visites à domicile", "Nombre", 120, [180, 220, 240, 260])]),
    ("4.3", "Épiceries solidaires et accès à une alimentation de qualité", "Axe 4", "Action renforcée",
     "Nouvelles zones géographiques", "Aide financière ou matérielle", "Alimentation; Santé", "Familles et parents",
     "Oui", "Non", "01/05/2024", 20_000,
     [("Local", "", "Nombre de foyers inscrits", "Nombre", 350, [400, 450, 480, 500])]),
    ("4.4", "Jardins partagés et cuisine solidaire", "Axe 4", "Action nouvelle", "", "Action collective",
     "Alimentation; Culture, sport et loisirs", "Tout public", "Oui", "Non", "01/04/2025", 10_000,
     [("Local", "", "Nombre d'ateliers cuisine", "Nombre", 0, [0, 24, 36, 40])]),
    ("4.5", "Mobilité durable pour les ménages modestes", "Axe 4", "Action nouvelle", "",
     "Aide financière ou matérielle", "Mobilité; Énergie et eau", "Tout public", "Non", "Oui", "01/01/2025", 0,
     [("Local", "", "Nombre de ménages équipés", "Nombre", 0, [0, 50, 80, 100])]),
]
AMIENS_TOTAL = 2_560_000_00  # cents, guide's table


def amiens():
    # The last action takes what is left of the guide's total, so the convention adds up exactly.
    state = [a[11] * 100 for a in AMIENS]
    state[-1] = AMIENS_TOTAL // 8 - sum(state[:-1])
    assert state[-1] > 0
    header = ["Référence de la fiche action", "Intitulé de l'action", "Axe du Pacte des solidarités",
              "L'action est-elle nouvelle ou renforcée ?", "En quoi l'action est-elle renforcée ?", "Type d'action",
              "Champ(s) d'action publique", "Public(s) visé(s)", "L'action cible-t-elle un public spécifique ?",
              "L'action se déroule-t-elle en QPV ?", "L'action se déroule-t-elle en zone rurale ?",
              "Date de début de l'action", "Date de fin de l'action", "Budget total de l'action",
              "Structure porteuse de l'action"]
    rows, budget, indicators = [], [], []
    for action, cents in zip(AMIENS, state):
        ref, title, axe, nature, renfort, kind, champs, publics, qpv, rural, start, _, indicator_list = action
        specific = "Oui" if "monoparentales" in publics or "ASE" in champs else "Non"
        rows.append([ref, title, axe, nature, renfort, kind, champs, publics, specific, qpv, rural, start,
                     "31/12/2027", euros(cents * 8), "CA Amiens Métropole" if int(ref[0]) % 2 else "CCAS d'Amiens"])
        for year in YEARS:
            budget.append([ref, year, "État", "", euros(cents), ""])
            budget.append([ref, year, "Collectivité", "", euros(cents), ""])
        for kind_label, code, label, unit, baseline, targets in indicator_list:
            for year, target in zip(YEARS, targets):
                indicators.append([ref, kind_label, code, label, unit, baseline, year, target])
    write_csv("actions-cls-metropole.csv", header, rows, "cp1252")
    write_csv("budget-cls-metropole.csv", ["N° fiche", "Exercice", "Financeur", "Nom du co-financeur", "Montant",
                                           "Dont valorisation"], budget, "cp1252")
    write_csv("indicateurs-cls-metropole.csv", ["N° fiche", "Type d'indicateur", "Code indicateur", "Libellé",
                                                "Unité", "Valeur de référence", "Année", "Cible"],
              indicators, "cp1252")


# --- Conseil départemental - Pas-de-Calais (CLS départemental) -------------------------------------------

PAS_DE_CALAIS = [
    ("PJ-1", "Pack jeune : pour accompagner les jeunes précaires dans leur autonomie - Action 1/5 lutte contre le "
             "décrochage scolaire", "Axe 1", "Action nouvelle", "Accompagnement individuel",
     "Éducation et réussite scolaire; Jeunesse", "Jeunes (16-25 ans)", 716_064_00, "03/09/2024"),
    ("CLS-2", "Équipes mobiles d'aller-vers dans le bassin minier", "Axe 3", "Action renforcée",
     "Aller-vers / repérage", "Accès aux droits", "Tout public", 1_500_000_00, "01/03/2024"),
    ("CLS-3", "Référent de parcours pour les personnes en grande précarité", "Axe 3", "Action nouvelle",
     "Accompagnement individuel", "Accès aux droits; Travail social et formation des professionnels",
     "Personnes sans domicile ou à la rue", 1_200_000_00, "01/06/2024"),
    ("CLS-4", "Plan d'urgence pour les enfants mal logés", "Axe 1", "Action nouvelle",
     "Aide financière ou matérielle", "Logement et hébergement; Enfance, famille et parentalité",
     "Enfants; Familles et parents", 1_254_000_00, "01/10/2024"),
    ("CLS-5", "Lutte contre la précarité alimentaire en milieu rural", "Axe 4", "Action renforcée",
     "Action collective", "Alimentation", "Tout public", 1_000_000_00, "01/04/2024"),
]


def pas_de_calais():
    assert sum(a[7] for a in PAS_DE_CALAIS) == 5_670_064_00
    header = ["Réf", "Intitulé", "Axe", "Nature de l'action", "Type de renforcement", "Type d'action", "Champs",
              "Publics visés", "Public spécifique", "QPV", "Zone rurale", "Date de début", "Budget total",
              "Partenaires"]
    rows, budget, indicators = [], [], []
    for ref, title, axe, nature, kind, champs, publics, total, start in PAS_DE_CALAIS:
        renfort = "Nouveaux publics" if nature == "Action renforcée" else ""
        rows.append([ref, title, axe, nature, renfort, kind, champs, publics, "Non", "Oui" if ref != "CLS-5" else "Non",
                     "Oui" if ref in ("CLS-2", "CLS-5") else "Non", start, euros(total),
                     "CAF ; Missions locales ; associations"])
        yearly = total // 8
        for year in YEARS:
            budget.append([ref, year, "État", euros(yearly)])
            budget.append([ref, year, "Département", euros(yearly)])
        indicators.append([ref, "Local", "Nombre de personnes accompagnées", "Nombre", 2024, 100])
    write_csv("actions-cls-departement.csv", header, rows, "utf-8-sig")
    write_csv("budget-cls-departement.csv", ["Réf", "Année", "Financeur", "Montant"], budget, "utf-8-sig")
    write_csv("indicateurs-cls-departement.csv", ["Réf", "Type", "Libellé", "Unité", "Année", "Cible"], indicators,
              "utf-8-sig")


# --- Conseil départemental - Nord (contrat unique, workbook) ----------------------------------------------

NORD_CLS = [
    ("CLS-1.1", "Socialisation des enfants de moins de 3 ans en accueil collectif", "Axe 1", "Petite enfance",
     "Familles monoparentales", 160_000),
    ("CLS-1.2", "Réseau des lieux d'accueil enfants-parents", "Axe 1", "Enfance, famille et parentalité",
     "Familles et parents", 105_000),
    ("CLS-1.3", "Prévention spécialisée dans les quartiers prioritaires", "Axe 1", "Jeunesse", "Jeunes (16-25 ans)",
     225_000),
    ("CLS-1.4", "Lutte contre la malnutrition infantile", "Axe 1", "Alimentation; Santé", "Enfants", 95_000),
    ("CLS-3.1", "Maraudes mixtes de l'Avesnois et du Cambrésis", "Axe 3", "Accès aux droits",
     "Personnes sans domicile ou à la rue", 275_000),
    ("CLS-3.2", "Premier accueil social inconditionnel", "Axe 3", "Accès aux droits", "Tout public", 360_000),
    ("CLS-3.3", "Référents de parcours", "Axe 3", "Accès aux droits; Travail social et formation des professionnels",
     "Bénéficiaires du RSA", 310_000),
    ("CLS-3.4", "Prévention des expulsions locatives", "Axe 3", "Logement et hébergement",
     "Personnes mal logées ou menacées d'expulsion", 200_000),
    ("CLS-3.5", "Domiciliation et accès aux droits des gens du voyage", "Axe 3", "Accès aux droits",
     "Gens du voyage", 75_000),
    ("CLS-4.1", "Programme SLIME départemental", "Axe 4", "Énergie et eau", "Tout public", 175_000),
    ("CLS-4.2", "Épiceries solidaires itinérantes", "Axe 4", "Alimentation", "Familles et parents", 240_000),
    ("CLS-4.3", "Chèques alimentation durable", "Axe 4", "Alimentation; Santé", "Tout public", 300_000),
    ("CLS-4.4", "Garages solidaires et mobilité durable", "Axe 4", "Mobilité", "Demandeurs d'emploi", 125_000),
]
# (reference, title, volet, type, nature de dépenses, durée, État €/an, ETP or None)
NORD_CIE = [
    ("CIE-1.1", "Chefferie de projet France Travail départementale", "Volet 1", "Ingénierie et chefferie de projet",
     "Volet 1 – ETP CD : Ingénierie (chefferie de projet)", "Indéterminée", 200_000, 3),
    ("CIE-1.2", "Paramétrage du système d'information en vue de l'interconnexion", "Volet 1",
     "Développement et paramétrage des systèmes d'information", "Volet 1 – Paramétrage SI en vue de l'interconnexion",
     "Ponctuelle", 300_000, None),
    ("CIE-2.1", "Solutions de remobilisation pour les allocataires éloignés de l'emploi", "Volet 2",
     "Remobilisation / entrée de parcours", "Volet 2 – Remobilisation / entrée de parcours", "Indéterminée",
     900_000, None),
    ("CIE-2.2", "Garde d'enfants pour les parents en parcours d'insertion", "Volet 2",
     "Levée des freins socio-professionnels", "Volet 2 – Levée des freins : Garde d'enfant", "Expérimentation",
     500_000, None),
    ("CIE-2.3", "Aide à la mobilité des allocataires du RSA", "Volet 2", "Levée des freins socio-professionnels",
     "Volet 2 – Levée des freins : Mobilité", "Indéterminée", 600_000, None),
    ("CIE-2.4", "Référencement de l'offre d'insertion du territoire", "Volet 2",
     "Référencement de l'offre de solutions locales", "Volet 2 – Référencement de l'offre de solutions locales",
     "Ponctuelle", 150_000, None),
    ("CIE-2.5", "Conseillers d'accompagnement renforcé", "Volet 2",
     "Intensification de l'accompagnement des allocataires du RSA", "Volet 2 – ETP d'accompagnement (CD, France "
                                                                     "Travail…)", "Indéterminée", 800_000, 25),
    ("CIE-3.1", "Accompagnement rénové des allocataires du RSA", "Volet 3",
     "Accompagnement rénové des allocataires du RSA", "Volet 3 – ETP CD : Accompagnement", "Expérimentation",
     1_400_000, 30),
    ("CIE-3.2", "Quinze heures d'activité hebdomadaire accompagnée", "Volet 3",
     "Accompagnement rénové des allocataires du RSA", "Volet 3 – Solutions de remobilisation", "Expérimentation",
     800_000, None),
]
NORD_TOTAL = 72_944_233_00  # cents, guide's table


def nord(path):
    wb = Workbook()
    actions = wb.active
    actions.title = "Actions"
    actions["A1"] = "Contrat unique solidarités et insertion-emploi — Conseil départemental - Nord — fiches actions"
    actions["A1"].font = Font(bold=True, size=13)
    actions.merge_cells("A1:H1")
    header = ["Formulaire", "Référence de la fiche action", "Intitulé de l'action", "Axe du Pacte des solidarités",
              "Volet de la convention", "Description de l'action", "Nature de l'action",
              "En quoi l'action est-elle renforcée ?", "Type d'action",
              "Durée de l'action", "Champ(s) d'action publique", "Public(s) visé(s)",
              "L'action cible-t-elle un public spécifique ?", "L'action se déroule-t-elle en QPV ?",
              "L'action se déroule-t-elle en zone rurale ?", "Date de début", "Date de fin de l'action",
              "Partenaires et co-financeurs"]
    actions.append([])
    actions.append(header)
    for cell in actions[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    budget = wb.create_sheet("Budget")
    budget.append(["Référence de la fiche action", "Année", "Nature de dépenses", "Objet de la dépense",
                   "Type de financeur", "Nom du financeur", "Montant prévisionnel", "ETP"])
    indicators = wb.create_sheet("Indicateurs")
    indicators.append(["Référence de la fiche action", "Type d'indicateur", "Indicateur national",
                       "Libellé de l'indicateur", "Unité", "Valeur de référence", "Année", "Cible"])
    lines = []  # (row, cents) of every budget line, to adjust the total
    for ref, title, axe, champs, publics, state in NORD_CLS:
        actions.append(["CLS", ref, title, axe, None, f"{title} sur l'ensemble du département du Nord.",
                        "Action renforcée" if ref.endswith(".1") else "Action nouvelle",
                        "File active plus importante" if ref.endswith(".1") else None, "Accompagnement individuel"
                        if axe == "Axe 3" else "Action collective", None, champs, publics, "Non", "Oui", "Non",
                        datetime.date(2024, 7, 1), datetime.date(2027, 12, 31), "CAF du Nord ; associations"])
        for year in YEARS:
            for financer in ("État", "Collectivité"):
                budget.append([ref, year, None, None, financer, None, state])
                lines.append((budget.max_row, state * 100))
        indicators.append([ref, "Indicateur local", None, "Nombre de personnes bénéficiaires", "Nombre", 0, 2024, 500])
        indicators.append([ref, "Indicateur local", None, "Nombre de personnes bénéficiaires", "Nombre", 0, 2025, 650])
    for ref, title, volet, kind, nature, duree, state, etp in NORD_CIE:
        actions.append(["CIE", ref, title, None, volet, f"{title} : déploiement sur les huit territoires du Nord.",
                        "Action nouvelle", None, kind, duree, "Insertion professionnelle", "Bénéficiaires du RSA", "Non",
                        "Oui", "Oui", datetime.date(2024, 9, 1), None, "France Travail ; PLIE"])
        collectivite = state if volet != "Volet 2" else state * 3 // 2
        for year in YEARS:
            budget.append([ref, year, nature, f"Crédits {year}", "État", None, state, etp])
            lines.append((budget.max_row, state * 100))
            budget.append([ref, year, nature, f"Crédits {year}", "Collectivité", None, collectivite, etp])
            lines.append((budget.max_row, collectivite * 100))
        if volet == "Volet 2":
            indicators.append([ref, "National", "CIE_ALLOCATAIRES_CONCERNES", None, "Nombre", 1000, 2024, 1500])
            indicators.append([ref, "National", "RSA_NOUVEAUX_ENTRANTS", None, "Nombre", 4000, 2024, 4200])
    # The last CIE line (a collectivité share) takes the rounding so the convention matches the guide.
    difference = NORD_TOTAL - sum(cents for _, cents in lines)
    row, cents = lines[-1]
    assert cents + difference > 0
    budget.cell(row=row, column=7).value = (cents + difference) / 100
    for sheet, money_columns in ((budget, [7]),):
        for row_cells in sheet.iter_rows(min_row=2):
            for column in money_columns:
                row_cells[column - 1].number_format = '#,##0.00 "€"'
    for row_cells in actions.iter_rows(min_row=4):
        row_cells[15].number_format = "dd/mm/yyyy"
        row_cells[16].number_format = "dd/mm/yyyy"
    for sheet in (actions, budget, indicators):
        for column in "ABCDEFGHIJKLMNOPQR":
            sheet.column_dimensions[column].width = 22
    wb.properties.creator = "pilot (exemple)"
    wb.properties.created = datetime.datetime(2024, 6, 20, 9, 0, 0)
    wb.properties.modified = datetime.datetime(2024, 6, 20, 9, 0, 0)
    wb.save(path)


def main():
    amiens()
    pas_de_calais()
    nord(os.path.join(HERE, "actions-contrat-unique.xlsx"))


if __name__ == "__main__":
    main()

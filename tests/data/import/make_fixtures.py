#!/usr/bin/python3
"""Regenerates the XLSX fixtures of the import tests (tests/unit/service/test_import*.cpp):

  cls_metropole.xlsx   a CLS métropole workbook as a data officer fills it in Excel: a « Lisez-moi »
                       sheet, a title row merged above the header, real dates, numbers stored as
                       numbers and as text, amounts with a currency format, a percentage, empty
                       trailing rows with formatting, a hidden list sheet, budget and indicator sheets.
  bad_cells.xlsx       the same actions with an #N/A error cell (E612), an impossible date serial
                       (E106) and a boolean where a choice is expected (E108).
  shown_cells.xlsx     numbers that do not mean what the cell shows: the year 2024 in a date column without
                       a date format (E106, not 16/07/1905), « 100 % » of a count of people (E101, not 1),
                       « 450 % » as the target of an indicator counted in people (E102); the target of the
                       indicator in percent, « 35 % », is right.
  two_row_header.xlsx  the actions and budget headers on two rows: group titles above (« Calendrier »,
                       « Financement »), the fields' labels below, the other labels merged over both rows
                       (Actions) or left in the upper row (Budget).

Run with /usr/bin/python3 (openpyxl); the e2e tests also re-save cls_metropole.xlsx with LibreOffice.
"""
import datetime
import os

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

HERE = os.path.dirname(os.path.abspath(__file__))

ACTION_HEADERS = ["Référence de la fiche action", "Intitulé de l'action", "Axe du Pacte des solidarités",
                  "L'action est-elle nouvelle ou renforcée ?", "En quoi l'action est-elle renforcée ?",
                  "Type d'action", "Champ(s) d'action publique", "Public(s) visé(s)",
                  "L'action cible-t-elle un public spécifique ?", "L'action se déroule-t-elle en QPV ?",
                  "L'action se déroule-t-elle en zone rurale ?", "Nombre de bénéficiaires attendus par an",
                  "Date de début de l'action", "Date de fin de l'action", "Budget total de l'action"]

ACTIONS = [
    ["1.1", "Petits-déjeuners à l'école dans les quartiers prioritaires", "Axe 1", "Action nouvelle", None,
     "Aide financière ou matérielle", "Alimentation;Éducation et réussite scolaire", "Enfants", "Non", "Oui",
     "Non", 450, datetime.date(2024, 9, 2), datetime.date(2027, 7, 5), 160000],
    ["2.1", "Déploiement du dispositif TAPAJ", "Axe 2", "Action renforcée", "Nouveaux publics",
     "Accompagnement individuel", "Insertion professionnelle\nJeunesse", "Jeunes (16-25 ans)", "Oui", "Oui",
     "Non", "1 234", datetime.date(2024, 3, 1), None, None],
    [3.1, "Maraudes mixtes État – métropole", "3", "nouvelle", None, "Aller-vers / repérage", "Accès aux droits",
     "Personnes sans domicile ou à la rue", "non", "non", "non", 300, "15/04/2024", None, None],
]
BUDGET = [["1.1", 2024, "État", 20000], ["1.1", 2024, "Collectivité", 20000],
          ["1.1", 2025, "État", 20000], ["1.1", 2025, "Collectivité", 20000],
          ["1.1", 2026, "État", 20000], ["1.1", 2026, "Collectivité", 20000],
          ["1.1", 2027, "État", 20000], ["1.1", 2027, "Collectivité", 20000],
          ["2.1", 2024, "État", 35000.5], ["2.1", 2024, "Collectivité", 35000.5],
          ["3.1", 2024, "État", 12500], ["3.1", 2024, "Collectivité", 12500]]
INDICATORS = [["1.1", "Local", None, "Nombre d'enfants bénéficiaires", "Nombre", 0, 2024, 450],
              ["2.1", "National", "GA_ORIENTES", None, "Nombre", 10, 2024, 40],
              ["3.1", "Local", None, "Part des personnes orientées vers un hébergement", "Pourcentage", 20, 2024, 35]]


def actions_sheet(wb, rows):
    ws = wb.create_sheet("Actions")
    ws["A1"] = "Fiches actions du CLS — CA Amiens Métropole"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(ACTION_HEADERS)
    for cell in ws[3]:
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=4, max_row=3 + len(rows)):
        row[12].number_format = "dd/mm/yyyy"
        row[13].number_format = "dd/mm/yyyy"
        row[14].number_format = '#,##0.00 "€"'
    # Empty trailing rows that only carry formatting, as Excel leaves them.
    for r in range(4 + len(rows), 12 + len(rows)):
        ws.cell(row=r, column=1).font = Font(bold=True)
    return ws


def workbook(path, rows, extra=None):
    wb = Workbook()
    readme = wb.active
    readme.title = "Lisez-moi"
    readme["A1"] = "Classeur d'import des fiches actions : une feuille par type de lignes."
    actions_sheet(wb, rows)
    budget = wb.create_sheet("Budget")
    budget.append(["Référence", "Année", "Type de financeur", "Montant prévisionnel"])
    for row in BUDGET:
        budget.append(row)
        budget.cell(row=budget.max_row, column=4).number_format = '#,##0.00 "€"'
    indicators = wb.create_sheet("Indicateurs")
    indicators.append(["Référence", "Type d'indicateur", "Indicateur national", "Libellé de l'indicateur", "Unité",
                       "Valeur de référence", "Année", "Cible"])
    for row in INDICATORS:
        indicators.append(row)
    lists = wb.create_sheet("Listes")
    lists.append(["Axe 1", "Axe 2", "Axe 3", "Axe 4"])
    lists.sheet_state = "hidden"
    if extra:
        extra(wb)
    wb.save(path)


def bad_cells(wb):
    ws = wb["Actions"]
    ws["C4"] = "#N/A"
    ws["C4"].data_type = "e"
    ws["M5"] = 3_000_000  # serial far past 9999-12-31
    ws["M5"].number_format = "dd/mm/yyyy"
    ws["F6"] = True  # a boolean where a choice is expected


def shown_cells(wb):
    ws = wb["Actions"]
    ws["M4"] = 2024  # the year alone, in a cell without a date format
    ws["M4"].number_format = "General"
    ws["L5"] = 1
    ws["L5"].number_format = "0%"
    indicators = wb["Indicateurs"]
    indicators["H2"] = 4.5  # the indicator counts children
    indicators["H2"].number_format = "0%"
    indicators["H4"] = 0.35  # the indicator is a percentage
    indicators["H4"].number_format = "0%"


def two_row_header(wb):
    ws = wb["Actions"]
    ws.insert_rows(4)
    for column in range(1, len(ACTION_HEADERS) + 1):
        letter = get_column_letter(column)
        if letter in ("M", "N"):
            ws[letter + "4"] = ws[letter + "3"].value
        else:
            ws.merge_cells(f"{letter}3:{letter}4")
    ws["M3"] = "Calendrier"
    ws.merge_cells("M3:N3")
    budget = wb["Budget"]
    budget.insert_rows(1)
    budget["A1"], budget["B1"], budget["C1"] = "Référence", "Année", "Financement"
    budget["A2"], budget["B2"] = None, None
    budget.merge_cells("C1:D1")


def main():
    workbook(os.path.join(HERE, "cls_metropole.xlsx"), ACTIONS)
    workbook(os.path.join(HERE, "bad_cells.xlsx"), ACTIONS, bad_cells)
    workbook(os.path.join(HERE, "shown_cells.xlsx"), ACTIONS, shown_cells)
    workbook(os.path.join(HERE, "two_row_header.xlsx"), ACTIONS, two_row_header)


if __name__ == "__main__":
    main()

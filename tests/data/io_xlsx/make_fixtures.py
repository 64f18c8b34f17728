#!/usr/bin/python3
"""Regenerates the XLSX fixtures of tests/unit/io_xlsx (run from anywhere).

openpyxl writes inline strings, absolute relationship targets and style-only empty cells;
LibreOffice re-saves the same workbook with shared strings, relative targets, its own styles
and computed formula results; it also exports a genuine .xls. Hand-made and corrupt packages are
built by the tests themselves.
"""
import datetime
import os
import shutil
import subprocess
import tempfile

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))


def types_workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws.append(["Intitulé", "Montant", "Code postal", "Signature", "Fin", "Actif", "Taux", "Contrôle"])
    ws.append(["Accompagnement RSA", 2560000.5, "08000", datetime.date(2024, 6, 28),
               datetime.date(2027, 12, 31), True, 0.25, "#N/A"])
    ws.append(["Ligne 1\nLigne 2", -3, "2 560 000,00", datetime.date(1900, 2, 28),
               datetime.date(2024, 2, 29), False, 1, "#DIV/0!"])
    for row in (2, 3):
        ws.cell(row=row, column=4).number_format = "mm-dd-yy"        # built-in id 14
        ws.cell(row=row, column=5).number_format = "dd/mm/yyyy"      # custom id >= 164
        ws.cell(row=row, column=7).number_format = "0.00%"
    # Row 4: cells in A, C and F only.
    ws["A4"] = "trou"
    ws["C4"] = 3
    ws["F4"] = True
    # Row 5 stays empty; row 6 holds a formula (openpyxl stores no cached value), a time and money.
    ws["A6"] = "=B2*2"
    ws["B6"] = datetime.time(14, 30)
    ws["B6"].number_format = "hh:mm"
    ws["C6"] = 1234.5
    ws["C6"].number_format = '#,##0.00 "€"'
    ws["D6"] = 45000
    ws["D6"].number_format = '[$-40C]d mmmm yyyy'
    # Merged A8:C8: the value lives in A8 only.
    ws["A8"] = "fusion"
    ws.merge_cells("A8:C8")
    # Styled but valueless cells: a row with only these must be skipped, and trailing empties trimmed.
    ws["D8"].font = Font(bold=True)
    for column in range(1, 6):
        ws.cell(row=12, column=column).font = Font(bold=True)

    lines = wb.create_sheet("Lignes budgétaires")
    lines["A3"] = "Nature"
    lines["B3"] = "Montant"
    lines["A4"] = "  espace  "
    lines["B4"] = 12.75
    lines["A5"] = "Équipe d'été"
    lines["B5"] = 0
    hidden = wb.create_sheet("Cachée")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "secret"
    wb.save(path)


def epoch_1904_workbook(path):
    wb = Workbook()
    wb.epoch = datetime.datetime(1904, 1, 1)
    ws = wb.active
    ws.title = "Dates"
    ws["A1"] = datetime.date(2024, 6, 28)
    ws["A1"].number_format = "dd/mm/yyyy"
    ws["A2"] = datetime.date(1904, 1, 1)
    ws["A2"].number_format = "dd/mm/yyyy"
    wb.save(path)


def main():
    types_workbook(os.path.join(HERE, "openpyxl_types.xlsx"))
    epoch_1904_workbook(os.path.join(HERE, "openpyxl_1904.xlsx"))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", out,
                        os.path.join(HERE, "openpyxl_types.xlsx")], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(out, "openpyxl_types.xlsx"),
                    os.path.join(HERE, "libreoffice_types.xlsx"))
        # A genuine Excel 97-2003 file: an OLE compound document, like an encrypted .xlsx.
        subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", out,
                        os.path.join(HERE, "openpyxl_1904.xlsx")], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(out, "openpyxl_1904.xls"), os.path.join(HERE, "libreoffice.xls"))


if __name__ == "__main__":
    main()

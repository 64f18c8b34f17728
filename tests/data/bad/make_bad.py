#!/usr/bin/python3
"""Writes the bad-input corpus of tests/e2e/test_bad_input.sh next to this script.

Every file is derived from the valid import of valid/ (three actions of a contrat unique of the
Conseil départemental - Nord, their budget lines and indicators), broken in one way. Files too big
to commit (zip bomb, 1 048 576-row workbook, 10 MB cell) are written at test time by
`make_bad.py --big DIR`. Standard library only; deterministic output.

  tests/data/bad/make_bad.py            # (re)writes the committed corpus
  tests/data/bad/make_bad.py --big DIR  # writes the big files into DIR
"""

import argparse
import csv
import io
import os
import struct
import sys
import zipfile
import zlib
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))


def read_valid(name):
    with open(os.path.join(HERE, "valid", name), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    return rows[0], rows[1:]


def csv_bytes(header, rows, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode(encoding)


def with_cell(name, column, value, row=0):
    """The valid file `name` with one cell changed (column by header name, row 0 = first data row)."""
    header, rows = read_valid(name)
    rows = [list(r) for r in rows]
    rows[row][header.index(column)] = value
    return csv_bytes(header, rows)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# --- XLSX --------------------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def column_letters(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_xml(number, values):
    cells = "".join(
        f'<c r="{column_letters(i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
        for i, v in enumerate(values)
        if v != ""
    )
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows):
    return SHEET_HEAD + "".join(row_xml(i + 1, r) for i, r in enumerate(rows)) + SHEET_TAIL


def package_parts(sheets):
    """The parts of a minimal workbook with sheets [(name, sheet xml)]."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(sheets))
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets))
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))
        )
        + "</Relationships>"
    )
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES.format(overrides=overrides)),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
    ]
    parts += [(f"xl/worksheets/sheet{i + 1}.xml", xml) for i, (_, xml) in enumerate(sheets)]
    return parts


def zip_bytes(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8") if isinstance(text, str) else text)
    return out.getvalue()


def valid_sheets():
    sheets = []
    for sheet, name in (("Actions", "actions.csv"), ("Budget", "budget.csv"), ("Indicateurs", "indicateurs.csv")):
        header, rows = read_valid(name)
        sheets.append((sheet, sheet_xml([header] + rows)))
    return sheets


def valid_xlsx():
    return zip_bytes(package_parts(valid_sheets()))


def xlsx_with_actions(xml):
    sheets = valid_sheets()
    sheets[0] = ("Actions", xml)
    return zip_bytes(package_parts(sheets))


def corpus():
    header, rows = read_valid("actions.csv")
    valid = csv_bytes(header, rows)
    lines = valid.split(b"\n")
    files = {}

    # CSV structure and encoding
    files["csv_empty.csv"] = b""
    files["csv_unbalanced_quote.csv"] = lines[0] + b"\n" + lines[1].replace(b";CIE-0001;", b';"CIE-0001;', 1) + b"\n"
    files["csv_unbalanced_quote_end.csv"] = valid.rstrip(b"\n") + b'\nCLS;"CLS-0099;Action sans fin\n'
    files["csv_mixed_encodings.csv"] = valid + "CLS;CLS-0100;Prévention\n".encode("cp1252")
    files["csv_bom_then_cp1252.csv"] = b"\xef\xbb\xbf" + lines[0] + b"\n" + "CLS;CLS-0100;Réseau été\n".encode("cp1252")
    files["csv_nul_bytes.csv"] = valid.replace(b"Chefferie", b"Chef\x00ferie", 1)
    # Excel's « Texte Unicode » (UTF-16LE with BOM) is read; a broken one is refused where it breaks.
    utf16 = valid.decode("utf-8").encode("utf-16-le")
    second_line = len(lines[0].decode("utf-8").encode("utf-16-le")) + 2 + 20
    files["csv_utf16_lone_surrogate.csv"] = b"\xff\xfe" + utf16[:second_line] + b"\x3d\xd8" + utf16[second_line:]
    files["csv_utf16_truncated.csv"] = b"\xff\xfe" + utf16 + b"\x0a"
    files["csv_binary.csv"] = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    files["csv_too_many_fields.csv"] = lines[0] + b"\n" + b"CLS;CLS-0100" + b";x" * 3000 + b"\n"
    files["csv_duplicated_headers.csv"] = csv_bytes(header + ["Intitulé de l'action"], [r + ["doublon"] for r in rows])
    files["csv_unknown_headers.csv"] = b"Nom;Prenom;Age\nDupont;Jean;42\n"
    files["csv_header_only.csv"] = lines[0] + b"\n"
    files["csv_short_rows.csv"] = lines[0] + b"\nCLS;CLS-0100\n"
    # Dates
    files["csv_date_31_02.csv"] = with_cell("actions.csv", "Date de début", "31/02/2024")
    files["csv_date_30_02_leap.csv"] = with_cell("actions.csv", "Date de début", "30/02/2024")
    files["csv_date_month_13.csv"] = with_cell("actions.csv", "Date de début", "12/13/2024")
    files["csv_date_two_digit_year.csv"] = with_cell("actions.csv", "Date de début", "01/02/24")
    files["csv_date_text.csv"] = with_cell("actions.csv", "Date de début", "demain")
    files["csv_date_year_99999.csv"] = with_cell("actions.csv", "Date de début", "01/01/99999")
    files["csv_date_end_before_start.csv"] = with_cell("actions.csv", "Date de fin de l'action", "01/01/2020")
    # Amounts and numbers
    files["csv_amount_negative.csv"] = with_cell("budget.csv", "Montant prévisionnel", "-21000,00")
    files["csv_amount_absurd.csv"] = with_cell("budget.csv", "Montant prévisionnel", "99999999999999999999999,00")
    files["csv_amount_three_decimals.csv"] = with_cell("budget.csv", "Montant prévisionnel", "21000,001")
    files["csv_amount_text.csv"] = with_cell("budget.csv", "Montant prévisionnel", "beaucoup")
    files["csv_amount_ambiguous.csv"] = with_cell("budget.csv", "Montant prévisionnel", "1.234,5.6")
    files["csv_amount_nan.csv"] = with_cell("budget.csv", "Montant prévisionnel", "NaN")
    files["csv_year_text.csv"] = with_cell("budget.csv", "Année", "deux mille vingt-quatre")
    files["csv_year_absurd.csv"] = with_cell("budget.csv", "Année", "20245")
    files["csv_integer_decimal.csv"] = with_cell("actions.csv", "Nombre de bénéficiaires attendus par an", "12,5", row=1)
    files["csv_integer_negative.csv"] = with_cell("actions.csv", "Nombre de bénéficiaires attendus par an", "-3", row=1)
    files["csv_integer_huge.csv"] = with_cell("actions.csv", "Nombre de bénéficiaires attendus par an",
                                              "99999999999999999999999", row=1)
    files["csv_indicator_target_text.csv"] = with_cell("indicateurs.csv", "Cible", "beaucoup")
    # Choices, yes/no, required, references
    files["csv_choice_unknown.csv"] = with_cell("actions.csv", "Durée de l'action", "Éternelle")
    files["csv_multichoice_unknown.csv"] = with_cell("actions.csv", "Public(s) visé(s)", "Martiens; Bénéficiaires du RSA")
    files["csv_yes_no_invalid.csv"] = with_cell("actions.csv", "L'action se déroule-t-elle en QPV ?", "Peut-être")
    files["csv_required_missing.csv"] = with_cell("actions.csv", "Intitulé de l'action", "")
    files["csv_form_unknown.csv"] = with_cell("actions.csv", "Formulaire", "XYZ")
    files["csv_reference_duplicated.csv"] = with_cell("actions.csv", "Référence de la fiche action", "CLS-0008", row=2)
    files["csv_budget_unknown_action.csv"] = with_cell("budget.csv", "Référence de la fiche action", "CLS-9999")
    files["csv_indicator_unknown_code.csv"] = with_cell("indicateurs.csv", "Indicateur national", "PAS_UN_CODE")

    # XLSX containers
    good = valid_xlsx()
    files["xlsx_empty.xlsx"] = b""
    files["xlsx_truncated_half.xlsx"] = good[: len(good) // 2]
    files["xlsx_truncated_tail.xlsx"] = good[:-30]
    corrupt = bytearray(good)
    first_data = corrupt.find(b"PK\x03\x04") + 30 + len("[Content_Types].xml")
    for i in range(first_data + 10, first_data + 40):
        corrupt[i] ^= 0x5A
    files["xlsx_corrupt_deflate.xlsx"] = bytes(corrupt)
    files["xlsx_not_zip.xlsx"] = valid
    files["xlsx_ole_password.xlsx"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    files["xlsx_no_workbook.xlsx"] = zip_bytes([("[Content_Types].xml", CONTENT_TYPES.format(overrides=""))])
    files["xlsx_malformed_sheet.xlsx"] = xlsx_with_actions(SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>x')
    files["xlsx_row_over_limit.xlsx"] = xlsx_with_actions(
        SHEET_HEAD + row_xml(1, header) + row_xml(1048577, rows[0]) + SHEET_TAIL)
    files["xlsx_bad_cell_ref.xlsx"] = xlsx_with_actions(
        SHEET_HEAD + '<row r="1"><c r="ZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>' + SHEET_TAIL)
    files["xlsx_shared_string_out_of_range.xlsx"] = xlsx_with_actions(
        SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>99999</v></c></row>' + SHEET_TAIL)
    files["xlsx_xml_entity_bomb.xlsx"] = xlsx_with_actions(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;'
        '&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
        '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
        '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
        '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
        '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
        '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>' + SHEET_TAIL)
    files["xlsx_external_entity.xlsx"] = xlsx_with_actions(
        '<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>' + SHEET_TAIL)
    bad_date_rows = [list(r) for r in rows]
    bad_date_rows[0][header.index("Date de début")] = "31/02/2024"
    files["xlsx_date_31_02.xlsx"] = xlsx_with_actions(sheet_xml([header] + bad_date_rows))

    # YAML forms (pilot schema check)
    form = open(os.path.join(HERE, "..", "..", "..", "schemas", "forms", "action-cie.yaml"), "rb").read()
    files["yaml_syntax_error.yaml"] = form[: len(form) // 3] + b"\n  - [unclosed: {\n"
    files["yaml_tab_indent.yaml"] = b"id: x\nfields:\n\t- key: a\n"
    files["yaml_alias_bomb.yaml"] = (
        b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        b"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
        b"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    )
    files["yaml_undefined_alias.yaml"] = b"id: x\nfields: *nowhere\n"
    files["yaml_not_a_mapping.yaml"] = b"- just\n- a list\n"
    files["yaml_binary.yaml"] = bytes(range(256))
    files["yaml_empty.yaml"] = b""
    files["yaml_deep_nesting.yaml"] = b"a: " + b"[" * 10000 + b"]" * 10000 + b"\n"

    # Databases (--db)
    files["db_text.sqlite"] = b"Ceci n'est pas une base SQLite.\n" * 10
    files["db_random.sqlite"] = bytes((i * 7919 + 13) % 251 for i in range(8192))
    files["db_sqlite_header_only.sqlite"] = b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + b"\x00" * 80
    return files


def write_big(folder):
    """Files too big to commit: zip bombs, a 1 048 576-row workbook, a 10 MB cell."""
    os.makedirs(folder, exist_ok=True)
    header, rows = read_valid("actions.csv")
    sheets = valid_sheets()

    def stream_workbook(path, actions_chunks):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            parts = package_parts(sheets)
            for name, text in parts:
                if name == "xl/worksheets/sheet1.xml":
                    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with z.open(info, "w", force_zip64=True) as out:
                        for chunk in actions_chunks():
                            out.write(chunk)
                else:
                    z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)

    # Actual expansion: a sheet of 600 MB of blanks inside a cell (compresses ~1000:1).
    def bomb_chunks():
        yield (SHEET_HEAD + row_xml(1, header) + '<row r="2"><c r="A2" t="inlineStr"><is><t>').encode()
        block = b" " * (1 << 20)
        for _ in range(600):
            yield block
        yield ("</t></is></c></row>" + SHEET_TAIL).encode()

    stream_workbook(os.path.join(folder, "xlsx_zip_bomb.xlsx"), bomb_chunks)

    # Declared expansion: the central directory claims 1 TB for a small sheet.
    small = zip_bytes(package_parts(sheets))
    data = bytearray(small)
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46: pos + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, pos + 24, 0xFFFFFFF0)
        pos += 4
    with open(os.path.join(folder, "xlsx_declared_bomb.xlsx"), "wb") as f:
        f.write(data)

    # 1 048 576 rows: the header, empty rows up to the last row Excel allows, then one bad row.
    def million_chunks():
        yield (SHEET_HEAD + row_xml(1, header)).encode()
        batch = []
        for number in range(2, 1048576):
            batch.append(f'<row r="{number}"/>')
            if len(batch) == 65536:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode()
        last = list(rows[0])
        last[header.index("Date de début")] = "31/02/2024"
        yield (row_xml(1048576, last) + SHEET_TAIL).encode()

    stream_workbook(os.path.join(folder, "xlsx_1048576_rows.xlsx"), million_chunks)

    # A YAML form of 2 MB (over the 1 MB limit on schema files).
    with open(os.path.join(folder, "yaml_huge.yaml"), "wb") as f:
        f.write(b"id: x\ncomment: \"" + b"a" * (2 << 20) + b"\"\n")

    # A 10 MB single cell in a CSV.
    with open(os.path.join(folder, "csv_10mb_cell.csv"), "wb") as f:
        f.write(csv_bytes(header, []))
        f.write(b'CLS;CLS-0100;"')
        block = b"x" * (1 << 20)
        for _ in range(10):
            f.write(block)
        f.write(b'"\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", metavar="DIR", help="write the big generated files into DIR")
    args = parser.parse_args()
    if args.big:
        write_big(args.big)
        return
    for name, data in sorted(corpus().items()):
        write(name, data)
    with open(os.path.join(HERE, "valid.xlsx"), "wb") as f:
        f.write(valid_xlsx())


if __name__ == "__main__":
    sys.exit(main())

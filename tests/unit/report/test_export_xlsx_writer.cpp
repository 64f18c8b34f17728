// io::xlsx::WorkbookWriter (lib/io/xlsx/writer.cpp), read back with io::xlsx::Workbook and by looking
// at the package's XML for what the reader does not surface (validations, comments, frozen panes).
#include <doctest/doctest.h>

#include <filesystem>

#include "../store/store_test_support.hpp"
#include "io/xlsx/workbook.hpp"
#include "io/xlsx/writer.hpp"
#include "io/xlsx/zip_archive.hpp"
#include "util/text.hpp"

using namespace pilot;
using namespace pilot::io::xlsx;

namespace {

std::string part_text(const std::string& path, const std::string& part) {
  auto archive = ZipArchive::open(path);
  REQUIRE(archive);
  REQUIRE(archive->open_part(part, 64 << 20));
  std::string text;
  char buffer[4096];
  while (true) {
    auto read = archive->read(buffer, sizeof buffer);
    REQUIRE(read);
    if (*read == 0) {
      break;
    }
    text.append(buffer, *read);
  }
  return text;
}

std::vector<Row> rows_of(const std::string& path, const std::string& sheet) {
  auto workbook = Workbook::open(path);
  REQUIRE(workbook);
  auto reader = workbook->open_sheet(sheet);
  REQUIRE(reader);
  std::vector<Row> rows;
  while (true) {
    auto row = reader->next();
    REQUIRE(row);
    if (!*row) {
      break;
    }
    rows.push_back(std::move(**row));
  }
  return rows;
}

}  // namespace

TEST_SUITE("io::xlsx::WorkbookWriter") {
  TEST_CASE("typed cells with the standard formats") {
    pilot::test::ScratchDirectory scratch;
    const std::string path = (scratch.path() / "types.xlsx").string();
    for (const bool constant_memory : {false, true}) {
      CAPTURE(constant_memory);
      {
        auto workbook = WorkbookWriter::create(path, {constant_memory, {}, false});
        REQUIRE(workbook);
        CHECK(workbook->constant_memory() == constant_memory);
        auto sheet = workbook->add_sheet("Données");
        REQUIRE(sheet);
        auto& out = **sheet;
        REQUIRE(out.write_row_texts(0, 0, {"Texte", "Montant", "Date", "Oui", "Formule", "Pourcentage"},
                                    workbook->format(Style::header)));
        REQUIRE(out.write_text(1, 0, "=1+1"));
        REQUIRE(out.write_number(1, 1, -2560000.5, workbook->format(Style::money)));
        REQUIRE(out.write_date(1, 2, util::Date{2024, 6, 28}));
        REQUIRE(out.write_boolean(1, 3, true));
        REQUIRE(out.write_formula(1, 4, "=B2*2", {}, -5121001));
        REQUIRE(out.write_number(1, 5, 12.5, workbook->format(Style::percent_points)));
        REQUIRE(out.write_datetime(2, 2, util::Date{2024, 10, 3}, 15, 30, 0));
        REQUIRE(out.write_blank(2, 0, workbook->format(Style::unlocked)));
        out.freeze(1, 1);
        REQUIRE(out.autofilter({0, 0, 2, 5}));
        REQUIRE(workbook->close());
      }
      const auto rows = rows_of(path, "Données");
      REQUIRE(rows.size() == 3);
      CHECK(rows[1].cell(0).type == CellType::text);
      CHECK(rows[1].cell(0).text == "=1+1");  // text, never a formula
      CHECK(rows[1].cell(1).type == CellType::number);
      CHECK(rows[1].cell(1).number == -2560000.5);
      CHECK(rows[1].cell(2).is_date);
      CHECK(rows[1].cell(2).number == util::excel_serial_from_date({2024, 6, 28}));
      CHECK(rows[1].cell(3).type == CellType::boolean);
      CHECK(rows[1].cell(4).number == -5121001);
      CHECK(rows[2].cell(2).is_date);
      CHECK(rows[2].cell(2).number == doctest::Approx(util::excel_serial_from_date({2024, 10, 3}) + 15.5 / 24));
      const std::string styles = part_text(path, "xl/styles.xml");
      CHECK(styles.find("#,##0.00\\ &quot;€&quot;") != std::string::npos);
      CHECK(styles.find("dd/mm/yyyy") != std::string::npos);
      const std::string sheet = part_text(path, "xl/worksheets/sheet1.xml");
      CHECK(sheet.find("<pane xSplit=\"1\" ySplit=\"1\"") != std::string::npos);
      CHECK(sheet.find("<autoFilter ref=\"A1:F3\"") != std::string::npos);
      CHECK(sheet.find("<f>B2*2</f>") != std::string::npos);
    }
  }

  TEST_CASE("data validation helpers and comments") {
    bool modes[] = {false, true};
    for (const bool mode : modes) {
      pilot::test::ScratchDirectory scratch;
      const std::string path = (scratch.path() / "template.xlsx").string();
      const bool constant_memory = mode;
      CAPTURE(constant_memory);
      {
        auto workbook = WorkbookWriter::create(path, {constant_memory, {}, false});
        REQUIRE(workbook);
        auto sheet = workbook->add_sheet("Actions");
        REQUIRE(sheet);
        auto lists = workbook->add_sheet("Listes");
        REQUIRE(lists);
        REQUIRE((*lists)->write_text(0, 0, "Axe 1"));
        REQUIRE((*lists)->write_text(1, 0, "Axe 2"));
        (*lists)->hide();
        auto& out = **sheet;
        auto list = Validation::list({"Oui", "Non"});
        list.error_title = "Réponse invalide";
        list.error_message = "Répondez Oui ou Non";
        REQUIRE(out.add_validation({1, 0, 100, 0}, list));
        REQUIRE(
            out.add_validation({1, 1, 100, 1}, Validation::list_from_range(range_reference("Listes", {0, 0, 1, 0}))));
        REQUIRE(out.add_validation({1, 2, 100, 2}, Validation::whole_number(2024, 2027)));
        REQUIRE(out.add_validation({1, 3, 100, 3}, Validation::decimal(0, std::nullopt)));
        REQUIRE(out.add_validation({1, 4, 100, 4},
                                   Validation::date_between(util::Date{2024, 1, 1}, util::Date{2027, 12, 31})));
        REQUIRE(out.add_validation({1, 5, 100, 5}, Validation::max_length(300)));
        REQUIRE(out.write_text(0, 0, "Réponse"));
        REQUIRE(out.write_text(5, 0, "Oui"));
        // In constant-memory mode a row already left is written out: too late for a comment.
        auto late = out.add_comment(0, 0, "Oui ou Non", {"pilot", false, 0, 0});
        if (mode) {
          REQUIRE_FALSE(late);
          CHECK(late.error().message.find("Actions!A1 : ligne déjà écrite") != std::string::npos);
          REQUIRE(out.add_comment(5, 0, "Oui ou Non", {"pilot", false, 0, 0}));
        } else {
          REQUIRE(late);
        }
        REQUIRE(workbook->close());
      }
      const std::string sheet = part_text(path, "xl/worksheets/sheet1.xml");
      CHECK(sheet.find("<formula1>\"Oui,Non\"</formula1>") != std::string::npos);
      CHECK(sheet.find("<formula1>'Listes'!$A$1:$A$2</formula1>") != std::string::npos);
      CHECK(sheet.find("type=\"whole\"") != std::string::npos);
      CHECK(sheet.find("<formula1>2024</formula1><formula2>2027</formula2>") != std::string::npos);
      CHECK(sheet.find("type=\"decimal\"") != std::string::npos);
      CHECK(sheet.find("type=\"date\"") != std::string::npos);
      CHECK(sheet.find("type=\"textLength\"") != std::string::npos);
      CHECK(sheet.find("errorTitle=\"Réponse invalide\"") != std::string::npos);
      CHECK(part_text(path, "xl/comments1.xml").find("Oui ou Non") != std::string::npos);
      CHECK(part_text(path, "xl/workbook.xml").find("state=\"hidden\"") != std::string::npos);
    }
  }

  TEST_CASE("validations Excel would refuse fail with a message naming the range") {
    pilot::test::ScratchDirectory scratch;
    auto workbook = WorkbookWriter::create((scratch.path() / "bad.xlsx").string());
    REQUIRE(workbook);
    auto sheet = workbook->add_sheet("Actions");
    REQUIRE(sheet);
    SUBCASE("a list longer than 255 characters") {
      std::vector<std::string> values(40, "Une valeur plutôt longue");
      auto added = (*sheet)->add_validation({1, 0, 10, 0}, Validation::list(values));
      REQUIRE_FALSE(added);
      CHECK(added.error().kind == ErrorKind::data);
      CHECK(added.error().message.find("'Actions'!A2:A11") != std::string::npos);
      CHECK(added.error().message.find("utilisez une plage de cellules") != std::string::npos);
    }
    SUBCASE("a choice holding a comma") {
      auto added = (*sheet)->add_validation({1, 0, 10, 0}, Validation::list({"Enfance, famille", "Jeunesse"}));
      REQUIRE_FALSE(added);
      CHECK(added.error().message.find("« Enfance, famille » contient une virgule") != std::string::npos);
    }
    SUBCASE("an empty list, a long title or message") {
      CHECK_FALSE((*sheet)->add_validation({1, 0, 1, 0}, Validation::list({})));
      auto titled = Validation::whole_number(0, 10);
      titled.error_title = std::string(40, 'x');
      CHECK_FALSE((*sheet)->add_validation({1, 0, 1, 0}, titled));
      auto message = Validation::whole_number(0, 10);
      message.input_message = std::string(300, 'x');
      CHECK_FALSE((*sheet)->add_validation({1, 0, 1, 0}, message));
      CHECK_FALSE((*sheet)->add_validation({1, 0, 1, 0}, Validation::list_from_range("")));
    }
  }

  TEST_CASE("sheet names: Excel's rules, and sheet_name() to build a valid one") {
    pilot::test::ScratchDirectory scratch;
    auto workbook = WorkbookWriter::create((scratch.path() / "names.xlsx").string());
    REQUIRE(workbook);
    REQUIRE(workbook->add_sheet("Actions"));
    for (const char* bad :
         {"", "a/b", "Budget [2024]", "'quoted'", "Une feuille au nom bien trop long pour Excel", "ACTIONS"}) {
      CAPTURE(bad);
      auto added = workbook->add_sheet(bad);
      REQUIRE_FALSE(added);
      CHECK(added.error().kind == ErrorKind::data);
      CHECK(added.error().message.find("refusé par Excel") != std::string::npos);
    }
    CHECK(workbook->sheet_name("Actions") == "Actions (2)");
    CHECK(workbook->sheet_name("Budget 2024/2025") == "Budget 2024-2025");
    const std::string cut = workbook->sheet_name("Récapitulatif des indicateurs d'impact et nationaux");
    CHECK(util::display_width(cut) == k_max_sheet_name_chars);
    CHECK(workbook->add_sheet(cut));
    CHECK(workbook->find_sheet("actions") != nullptr);
  }

  TEST_CASE("limits: rows, long text") {
    pilot::test::ScratchDirectory scratch;
    const std::string path = (scratch.path() / "limits.xlsx").string();
    {
      auto workbook = WorkbookWriter::create(path);
      REQUIRE(workbook);
      auto sheet = workbook->add_sheet("Feuille");
      REQUIRE(sheet);
      auto beyond = (*sheet)->write_number(k_max_rows, 0, 1);
      REQUIRE_FALSE(beyond);
      CHECK(beyond.error().kind == ErrorKind::data);
      CHECK(beyond.error().message.find("limites d'Excel") != std::string::npos);
      std::string long_text;
      for (int i = 0; i < 20000; ++i) {
        long_text += "é";  // 40 000 bytes, 20 000 characters: fits
      }
      REQUIRE((*sheet)->write_text(0, 0, long_text));
      REQUIRE((*sheet)->write_text(1, 0, long_text + long_text));  // 40 000 characters: cut
      CHECK(workbook->truncated_cells() == 1);
      REQUIRE(workbook->close());
    }
    const auto rows = rows_of(path, "Feuille");
    CHECK(util::display_width(rows[0].cell(0).text) == 20000);
    CHECK(util::display_width(rows[1].cell(0).text) == k_max_cell_chars);
    CHECK(rows[1].cell(0).text.ends_with(" […]"));
  }

  TEST_CASE("files: an uncreatable path fails early; a writer dropped without close() leaves nothing") {
    pilot::test::ScratchDirectory scratch;
    auto bad = WorkbookWriter::create("/nonexistent-dir/out.xlsx");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == ErrorKind::io);
    CHECK(bad.error().message == "/nonexistent-dir/out.xlsx : le fichier ne peut pas être créé");
    const auto path = scratch.path() / "dropped.xlsx";
    {
      auto workbook = WorkbookWriter::create(path, {true, {}, false});
      REQUIRE(workbook);
      auto sheet = workbook->add_sheet("Feuille");
      REQUIRE(sheet);
      REQUIRE((*sheet)->write_text(0, 0, "brouillon"));
      WorkbookWriter moved = std::move(*workbook);  // moves keep sheets valid
      REQUIRE((*sheet)->write_text(1, 0, "encore"));
    }
    CHECK_FALSE(std::filesystem::exists(path));
    auto empty = WorkbookWriter::create(scratch.path() / "empty.xlsx");
    REQUIRE(empty);
    REQUIRE(empty->close());  // a sheet is added: Excel refuses workbooks without one
    CHECK(rows_of((scratch.path() / "empty.xlsx").string(), "Feuille 1").empty());
    auto closed_twice = empty->close();
    REQUIRE_FALSE(closed_twice);
    CHECK(closed_twice.error().message.find("déjà fermé") != std::string::npos);
  }

  TEST_CASE("document properties and custom formats are shared by equal specs") {
    pilot::test::ScratchDirectory scratch;
    const std::string path = (scratch.path() / "props.xlsx").string();
    auto workbook = WorkbookWriter::create(path);
    REQUIRE(workbook);
    FormatSpec spec;
    spec.background = 0xFFC7CE;
    spec.bold = true;
    const auto first = workbook->add_format(spec);
    const auto second = workbook->add_format(spec);
    (void)first;
    (void)second;
    REQUIRE(workbook->set_properties({"Export pilot", "national", "testeur", "", "pilot export", 1700000000}));
    auto sheet = workbook->add_sheet("Feuille");
    REQUIRE(sheet);
    REQUIRE((*sheet)->write_text(0, 0, "x", first));
    REQUIRE((*sheet)->write_text(0, 1, "y", second));
    REQUIRE(workbook->close());
    const std::string core = part_text(path, "docProps/core.xml");
    CHECK(core.find("<dc:title>Export pilot</dc:title>") != std::string::npos);
    CHECK(core.find("2023-11-14T22:13:20Z") != std::string::npos);
    const std::string sheet_xml = part_text(path, "xl/worksheets/sheet1.xml");
    // Both cells use the same style index.
    const auto first_style = sheet_xml.find(" s=\"");
    REQUIRE(first_style != std::string::npos);
    const auto second_style = sheet_xml.find(" s=\"", first_style + 1);
    REQUIRE(second_style != std::string::npos);
    CHECK(sheet_xml.substr(first_style, 7) == sheet_xml.substr(second_style, 7));
  }
}

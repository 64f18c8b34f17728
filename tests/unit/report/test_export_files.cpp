// The export sinks (report/export_sink.cpp) read back with pilot's own CSV and XLSX readers: headers,
// dialects, typed cells, formula injection, Définitions and manifest sheets, overflowing tables.
// (tests/e2e/test_export*.sh read the same files with Python's csv and openpyxl.)
#include <doctest/doctest.h>

#include "io/csv/reader.hpp"
#include "io/xlsx/workbook.hpp"
#include "report/export_manifest.hpp"
#include "test_export_support.hpp"

using namespace pilot;
using export_test::Fixture;

namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  auto reader = io::csv::Reader::open(path);
  REQUIRE(reader);
  std::vector<std::vector<std::string>> rows;
  while (true) {
    auto row = reader->next();
    REQUIRE(row);
    if (!*row) {
      break;
    }
    rows.push_back((*row)->fields);
  }
  return rows;
}

std::size_t index_of(const std::vector<std::string>& header, const std::string& name) {
  auto found = std::find(header.begin(), header.end(), name);
  REQUIRE_MESSAGE(found != header.end(), name);
  return static_cast<std::size_t>(found - header.begin());
}

const std::vector<std::string>& csv_row(const std::vector<std::vector<std::string>>& rows, std::size_t column,
                                        const std::string& value) {
  for (const auto& row : rows) {
    if (row.size() > column && row[column] == value) {
      return row;
    }
  }
  FAIL("no row with " << value);
  return rows.front();
}

std::vector<io::xlsx::Row> read_sheet(io::xlsx::Workbook& workbook, const std::string& name) {
  auto sheet = workbook.open_sheet(name);
  REQUIRE(sheet);
  std::vector<io::xlsx::Row> rows;
  while (true) {
    auto row = sheet->next();
    REQUIRE(row);
    if (!*row) {
      break;
    }
    rows.push_back(std::move(**row));
  }
  return rows;
}

std::size_t xlsx_column(const io::xlsx::Row& header, const std::string& label) {
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    if (header.cells[i].text == label) {
      return i;
    }
  }
  FAIL("no column " << label);
  return 0;
}

}  // namespace

TEST_SUITE("report::CsvSink") {
  TEST_CASE("fr dialect: BOM, ';', French headers, decimal comma, JJ/MM/AAAA, labels, neutralised formulas") {
    Fixture fixture;
    const std::string path = (fixture.scratch.path() / "actions.csv").string();
    auto sink = report::CsvSink::open(path, io::csv::Flavor::fr);
    REQUIRE(sink);
    auto source = fixture.source();
    auto result = report::export_actions(source, **sink);
    REQUIRE(result);
    const std::string bytes = export_test::read_file(path);
    CHECK(bytes.starts_with("\xEF\xBB\xBF"));
    const auto rows = read_csv(path);
    REQUIRE(rows.size() == 6);
    const auto& header = rows[0];
    CHECK(header.size() == result->table.columns.size());
    CHECK(header[index_of(header, "Axe du Pacte")] == "Axe du Pacte");
    const auto reference = index_of(header, "Référence de la fiche action");
    const auto& a1 = csv_row(rows, reference, "1.1");
    CHECK(a1[index_of(header, "Axe du Pacte")] == "Axe 1 : Enfance");
    CHECK(a1[index_of(header, "Date de début de l'action")] == "02/09/2024");
    CHECK(a1[index_of(header, "Budget 2025 — État")] == "30000,50");
    CHECK(a1[index_of(header, "ETP mobilisés")] == "1,5");
    CHECK(a1[index_of(header, "Remarques")] == "'=HYPERLINK(\"http://example.com\")");
    const auto& a2 = csv_row(rows, reference, "2.1");
    CHECK(a2[index_of(header, "Intitulé de l'action")] == "'@SUM(1+1) aller vers");
    CHECK(a2[index_of(header, "Autre champ (précisez)")] == "'-2+3");
    CHECK(a2[index_of(header, "Ratio")] == "-3,5");  // a genuine negative number is left alone
  }

  TEST_CASE("rfc4180 dialect: ',', no BOM, keys, ISO dates, decimal point, codes") {
    Fixture fixture;
    const std::string path = (fixture.scratch.path() / "actions.csv").string();
    auto sink = report::CsvSink::open(path, io::csv::Flavor::rfc4180);
    REQUIRE(sink);
    auto source = fixture.source();
    REQUIRE(report::export_actions(source, **sink));
    const std::string bytes = export_test::read_file(path);
    CHECK_FALSE(bytes.starts_with("\xEF\xBB\xBF"));
    CHECK(bytes.starts_with("convention_id,convention_type,"));
    const auto rows = read_csv(path);
    const auto& header = rows[0];
    const auto& a1 = csv_row(rows, index_of(header, "reference"), "1.1");
    CHECK(a1[index_of(header, "axe")] == "axe_1");
    CHECK(a1[index_of(header, "champs")] == "alimentation;jeunesse");
    CHECK(a1[index_of(header, "date_debut")] == "2024-09-02");
    CHECK(a1[index_of(header, "budget_2025_etat")] == "30000.50");
    CHECK(a1[index_of(header, "taux_couverture")] == "12.5");
  }

  TEST_CASE("a file that cannot be created is an io error naming it") {
    auto sink = report::CsvSink::open("/nonexistent-dir/x.csv", io::csv::Flavor::fr);
    REQUIRE_FALSE(sink);
    CHECK(sink.error().kind == ErrorKind::io);
    CHECK(sink.error().message.find("/nonexistent-dir/x.csv") != std::string::npos);
  }
}

TEST_SUITE("report::XlsxSink") {
  TEST_CASE("one sheet per table, typed cells, frozen filtered header, Définitions and Manifeste") {
    Fixture fixture;
    const std::string path = (fixture.scratch.path() / "export.xlsx").string();
    {
      io::xlsx::WriterOptions options;
      options.constant_memory = true;
      auto workbook = io::xlsx::WorkbookWriter::create(path, options);
      REQUIRE(workbook);
      report::XlsxSink sink(*workbook);
      auto source = fixture.source();
      std::vector<report::ExportTable> tables;
      for (const auto kind :
           {report::ExportKind::conventions, report::ExportKind::actions, report::ExportKind::budgets}) {
        auto result = report::export_table(kind, source, sink);
        REQUIRE(result);
        tables.push_back(result->table);
      }
      REQUIRE(report::write_definitions_sheet(*workbook, tables));
      report::Manifest manifest;
      manifest.pilot_version = "test";
      manifest.scope = "national";
      manifest.files.push_back({"actions", path, 5, "", {"Actions"}});
      REQUIRE(report::write_manifest_sheet(*workbook, manifest, "export.xlsx.manifest.json"));
      REQUIRE(workbook->close());
    }
    auto workbook = io::xlsx::Workbook::open(path);
    REQUIRE(workbook);
    CHECK(workbook->sheet_names() ==
          std::vector<std::string>{"Conventions", "Actions", "Budgets", "Définitions", "Manifeste"});

    const auto actions = read_sheet(*workbook, "Actions");
    REQUIRE(actions.size() == 6);
    const auto& header = actions[0];
    const auto reference = xlsx_column(header, "Référence de la fiche action");
    const io::xlsx::Row* a1 = nullptr;
    const io::xlsx::Row* a2 = nullptr;
    for (const auto& row : actions) {
      if (row.cell(reference).text == "1.1") {
        a1 = &row;
      } else if (row.cell(reference).text == "2.1") {
        a2 = &row;
      }
    }
    REQUIRE(a1 != nullptr);
    REQUIRE(a2 != nullptr);
    const auto& money = a1->cell(xlsx_column(header, "Budget 2025 — État"));
    CHECK(money.type == io::xlsx::CellType::number);
    CHECK(money.number == doctest::Approx(30000.50));
    const auto& date = a1->cell(xlsx_column(header, "Date de début de l'action"));
    CHECK(date.type == io::xlsx::CellType::number);
    CHECK(date.is_date);
    CHECK(date.number == util::excel_serial_from_date({2024, 9, 2}));
    const auto& count = a1->cell(xlsx_column(header, "Nombre de bénéficiaires"));
    CHECK(count.type == io::xlsx::CellType::number);
    CHECK(count.number == 450);
    CHECK(a1->cell(xlsx_column(header, "Remarques")).text == "'=HYPERLINK(\"http://example.com\")");
    CHECK(a1->cell(xlsx_column(header, "Remarques")).type == io::xlsx::CellType::text);
    const auto& negative = a2->cell(xlsx_column(header, "Ratio"));
    CHECK(negative.type == io::xlsx::CellType::number);
    CHECK(negative.number == -3.5);
    CHECK(a2->cell(xlsx_column(header, "Intitulé de l'action")).text == "'@SUM(1+1) aller vers");

    const auto definitions = read_sheet(*workbook, "Définitions");
    bool found = false;
    for (const auto& row : definitions) {
      if (row.cell(0).text == "Actions" && row.cell(2).text == "ratio") {
        found = true;
        CHECK(row.cell(1).text == "Ratio");
        CHECK(row.cell(4).text == "nombre décimal");
        CHECK(row.cell(5).text == "pers./ETP");
      }
    }
    CHECK(found);
    const auto manifest = read_sheet(*workbook, "Manifeste");
    bool lists_table = false;
    for (const auto& row : manifest) {
      lists_table = lists_table || (row.cell(0).text == "Table actions" && row.cell(1).text.starts_with("5 lignes"));
    }
    CHECK(lists_table);
  }

  TEST_CASE("a table longer than a sheet continues on the next one, header repeated") {
    Fixture fixture;
    const std::string path = (fixture.scratch.path() / "long.xlsx").string();
    {
      io::xlsx::WriterOptions options;
      options.constant_memory = true;
      auto workbook = io::xlsx::WorkbookWriter::create(path, options);
      REQUIRE(workbook);
      report::XlsxSink sink(*workbook, 3);  // header + 2 rows per sheet
      auto source = fixture.source();
      auto result = report::export_actions(source, sink);
      REQUIRE(result);
      CHECK(result->rows == 5);
      REQUIRE(sink.sheets().size() == 1);
      CHECK(sink.sheets()[0].second == std::vector<std::string>{"Actions", "Actions (2)", "Actions (3)"});
      REQUIRE(workbook->close());
    }
    auto workbook = io::xlsx::Workbook::open(path);
    REQUIRE(workbook);
    std::size_t data_rows = 0;
    for (const auto& name : {"Actions", "Actions (2)", "Actions (3)"}) {
      const auto rows = read_sheet(*workbook, name);
      REQUIRE_FALSE(rows.empty());
      CHECK(rows[0].cell(0).text == "N° convention");
      data_rows += rows.size() - 1;
    }
    CHECK(data_rows == 5);
  }
}

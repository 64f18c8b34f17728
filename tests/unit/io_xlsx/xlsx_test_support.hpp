// Helpers shared by the io_xlsx tests: a scratch folder, zip packages built from strings
// (hand-written XLSX parts, corrupt archives), and reading a whole sheet.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "io/xlsx/workbook.hpp"

namespace xlsx_test {

// A fresh folder under the system temp dir, removed when the object goes away.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] std::string file(const std::string& name) const { return (m_path / name).string(); }

 private:
  std::filesystem::path m_path;
};

struct ZipEntry {
  std::string name;
  std::string content;
  bool stored = false;             // method 0 instead of deflate
  const char* password = nullptr;  // zip encryption (flag bit 0)
};

void write_zip(const std::string& path, const std::vector<ZipEntry>& entries);
void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);

// The parts of a minimal valid package with one sheet per (name, sheet XML) pair, in order.
// Sheet i is xl/worksheets/sheet<i+1>.xml; shared strings and styles are added when not empty.
// Callers may edit the map (drop or replace parts) before zipping it.
struct Package {
  std::vector<std::pair<std::string, std::string>> sheets;
  std::string shared_strings;  // whole xl/sharedStrings.xml, or empty for none
  std::string styles;          // whole xl/styles.xml, or empty for none
  std::string workbook_pr;     // e.g. <workbookPr date1904="1"/>
  [[nodiscard]] std::map<std::string, std::string> parts() const;
};

void write_package(const std::string& path, const std::map<std::string, std::string>& parts);

// <worksheet><sheetData>rows</sheetData></worksheet> with the main namespace.
std::string sheet_xml(const std::string& rows);
// <sst> of plain <si><t> items.
std::string shared_strings_xml(const std::vector<std::string>& items);

// Every row of a sheet, or the first error's message prefixed with "ERROR: ".
struct SheetResult {
  std::vector<pilot::io::xlsx::Row> rows;
  std::string error;
  pilot::ErrorKind kind = pilot::ErrorKind::data;
};
SheetResult read_sheet(const std::string& path, const std::string& sheet, pilot::io::xlsx::Limits limits = {});

// Opens a workbook expecting failure; returns the error (fails the test if it opened).
pilot::Error open_error(const std::string& path, pilot::io::xlsx::Limits limits = {});

std::string fixture(const std::string& name);

}  // namespace xlsx_test

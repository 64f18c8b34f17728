// Reads the package-level parts of an XLSX file once, when the workbook is opened:
// [Content_Types].xml, _rels/.rels, xl/workbook.xml and its relationships, the shared strings
// and the styles. Sheet readers share the result, read-only.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/xlsx/limits.hpp"
#include "io/xlsx/shared_strings.hpp"
#include "io/xlsx/sheet_info.hpp"
#include "io/xlsx/styles.hpp"
#include "io/xlsx/zip_archive.hpp"
#include "util/error.hpp"

namespace pilot::io::xlsx {

struct WorkbookData {
  std::string path;
  Limits limits;
  std::vector<SheetInfo> sheets;  // in workbook order
  SharedStrings shared_strings;
  Styles styles;
  bool date1904 = false;
};

// Errors: no workbook part (with a hint when the archive is an OpenDocument file), a binary
// .xlsb workbook, missing workbook relationships, no sheet, or any unreadable part.
Result<std::shared_ptr<const WorkbookData>> read_package(ZipArchive& archive, const Limits& limits);

// The part a relationship of `source_part` points to: absolute targets ("/xl/worksheets/a.xml")
// are taken from the package root, relative ones ("worksheets/a.xml", "../x.xml") from the
// source part's folder.
std::string resolve_target(std::string_view source_part, std::string_view target);

}  // namespace pilot::io::xlsx

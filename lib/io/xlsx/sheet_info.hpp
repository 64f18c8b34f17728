// What the workbook says about one of its sheets (xl/workbook.xml and its relationships).
#pragma once

#include <string>

namespace pilot::io::xlsx {

enum class SheetKind {
  worksheet,   // cells: the only kind SheetReader streams
  chartsheet,  // a chart on its own tab
  other,       // dialog or macro sheet
};

struct SheetInfo {
  std::string name;             // as shown on the tab
  std::string part;             // "xl/worksheets/sheet1.xml"; empty if the relationship is missing
  std::string relationship_id;  // "rId1"
  SheetKind kind = SheetKind::worksheet;
  bool hidden = false;  // state="hidden" or "veryHidden"
};

}  // namespace pilot::io::xlsx

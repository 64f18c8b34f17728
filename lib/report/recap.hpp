// The recap tables of one convention, as the guide's five tabs: actions per axe / volet; budgets
// per axe / volet with the shares of the State, the collectivité and other co-financers; national,
// local and impact indicators with their target and realised value per year.
//
// build_recap reads the store (pipeline: cursor → group by axe/volet → totals); the renderers
// only format: aligned text, Markdown, CSV (all tabs one after the other, or one tab as a plain
// table), or a workbook with one sheet per tab.
#pragma once

#include <string>
#include <vector>

#include "domain/convention.hpp"
#include "forms/catalog.hpp"
#include "io/csv/writer.hpp"
#include "report/table.hpp"
#include "store/database.hpp"

namespace pilot::report {

// Rows of one axe or volet, with their total line (empty when the tab has none).
struct RecapSection {
  std::string heading;  // « Axe 1 : Prévenir la pauvreté ... », or "" for a tab without sections
  std::vector<std::vector<Cell>> rows;
  std::vector<Cell> total;
};

struct RecapTab {
  std::string key;    // actions, budgets, nationaux, locaux, impact
  std::string title;  // « Actions », « Récapitulatif des budgets »...
  std::vector<Column> columns;
  std::vector<RecapSection> sections;
  std::string empty_note;  // shown when there are no rows at all
};

struct Recap {
  domain::Convention convention;
  std::string data_timestamp;
  std::vector<RecapTab> tabs;
};

// Every action of the convention (dropped ones marked), grouped by its axe or volet in the order
// of the choice lists. Budgets count planned lines, never « Pour info » ones.
Recap build_recap(store::Database& database, const forms::Catalog& catalog, const domain::Convention& convention);

// The tab keys, for --tab.
std::vector<std::string> recap_tab_keys();

std::string render_recap_text(const Recap& recap);
std::string render_recap_markdown(const Recap& recap);
// All tabs one after the other (a title line, the header, the rows, an empty line), or with
// `tab` only that tab as a plain table; the axe / volet is a column. "-" is standard output.
// Fails (usage) for an unknown tab, (io) when the file cannot be written.
Result<void> write_recap_csv(const Recap& recap, const std::string& path, io::csv::Flavor flavor,
                             const std::string& tab = "");
// One sheet per tab: each axe / volet as a heading, a header, its rows and a total line.
Result<void> write_recap_xlsx(const Recap& recap, const std::string& path);

}  // namespace pilot::report

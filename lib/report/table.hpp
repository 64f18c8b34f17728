// pilot::report — turning query results into what people and scripts read.
//
// A Table is the last stage of every listing: typed cells, rendered as an aligned French text
// table, CSV (French Excel or RFC 4180 dialect) or JSON with stable keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "io/csv/writer.hpp"
#include "util/date.hpp"
#include "util/json.hpp"

namespace pilot::report {

struct Money {
  std::int64_t cents = 0;
};

// A share in percent points (12.5 = 12,5 %).
struct Percent {
  double value = 0;
};

using Cell = std::variant<std::monostate, std::string, std::int64_t, double, Money, Percent, util::Date>;

struct Column {
  std::string key;    // JSON key / machine CSV header: stable, snake_case
  std::string label;  // French header for people
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

enum class OutputFormat { text, csv, json };

// Numbers, money and percents: right-aligned wherever they are shown.
bool is_numeric(const Cell& cell);

// A cell as printed documents (fiche, recap) show it: French numbers, money and dates, and decimal
// numbers without forced decimals when they are whole (« 12 », not « 12,00 »).
std::string document_text(const Cell& cell);

// User text in Markdown (fiche, recap): emphasis, code and HTML markers are escaped, so that a title
// holding « <img onerror=…> » or « *urgent* » is shown as typed, never rendered; in a table cell, '|'
// is escaped and line breaks become <br>.
std::string markdown_text(std::string_view text, bool in_table);

// Aligned columns, French numbers (2 560 000,00 €), dates JJ/MM/AAAA; numbers right-aligned.
std::string render_text(const Table& table);

// Array of objects keyed by Column::key; money as euros (number), dates ISO, percents as numbers.
util::Json to_json(const Table& table);

// One CSV row per table row: fr flavour writes French labels, decimal comma and JJ/MM/AAAA;
// rfc4180 writes keys, decimal point and ISO dates. User text is guarded against formula injection.
std::vector<std::string> csv_header(const Table& table, io::csv::Flavor flavor);
std::vector<std::string> csv_cells(const std::vector<Cell>& row, io::csv::Flavor flavor);
Result<void> write_csv(const Table& table, const std::string& path, io::csv::Flavor flavor);

}  // namespace pilot::report

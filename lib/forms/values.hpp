// From what users typed (a CSV cell, an Excel cell, a command-line option) to the typed value a
// field holds, and back: canonical storage text and readable French display text.
//
// Types (domain/value.hpp): text and single choice → std::string (the choice *code*); integer and
// money → int64 (money in cents); decimal, percent (points) and ETP → double; date → util::Date;
// yes/no → bool; multiple choice → vector of codes. Empty text → std::monostate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/value.hpp"
#include "forms/catalog.hpp"
#include "forms/problem.hpp"
#include "util/error.hpp"

namespace pilot::forms {

// The value, or the problem (E101–E110) saying why the text is not one.
struct ParsedValue {
  domain::Value value;
  std::optional<Problem> problem;
};

ParsedValue parse_field_value(const Field& field, std::string_view raw);

// Same as parse_field_value; the Error message is the problem's (« Date de début » : date invalide …).
Result<domain::Value> parse_value(const Catalog& catalog, const Field& field, std::string_view raw);

// A number read from an Excel numeric cell (no text round trip): money is rounded to the cent,
// an integer must be whole, a date field takes the serial day number. `percent_format` says the
// cell was formatted as a percentage (0.12 shown as 12 %): percent fields then get 12.
Result<domain::Value> parse_number_cell(const Catalog& catalog, const Field& field, double number,
                                        bool percent_format = false);
// A date cell (Excel serial day number) for a date or text field.
Result<domain::Value> parse_date_cell(const Field& field, double serial, bool date1904 = false);

// Pieces of a multiple-choice cell: ';', '|' and line breaks separate choices (commas do not: labels
// contain them).
std::vector<std::string> split_choices(std::string_view raw);

// Canonical text for storage and machine exports: choice code(s) joined by ";", ISO date, "oui"/"non",
// decimals with '.', money "1234.50". parse_field_value reads it back to the same value.
std::string to_storage_text(const Field& field, const domain::Value& value);

// Readable French text: choice labels joined by "; ", JJ/MM/AAAA, "Oui"/"Non", 2 560 000,00 €,
// 12,5 %, numbers followed by the field's unit.
std::string to_display_text(const Catalog& catalog, const Field& field, const domain::Value& value);

}  // namespace pilot::forms

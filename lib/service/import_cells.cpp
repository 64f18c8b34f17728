// From raw cells to typed values: CSV text as French users type it, Excel numbers, dates stored as
// serial numbers, booleans and error cells; and the form of an action row of a contrat unique.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "service/import_detail.hpp"
#include "util/date.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::service::import_detail {
namespace {

std::string type_code(forms::FieldType type) {
  switch (type) {
    case forms::FieldType::integer: return "E101";
    case forms::FieldType::decimal: return "E102";
    case forms::FieldType::money: return "E103";
    case forms::FieldType::percent: return "E104";
    case forms::FieldType::etp: return "E105";
    case forms::FieldType::date: return "E106";
    case forms::FieldType::yes_no: return "E107";
    default: return "E110";
  }
}

forms::ParsedValue from_result(const forms::Field& field, const store::RawCell& cell, Result<domain::Value> value) {
  if (value) {
    return {std::move(*value), std::nullopt};
  }
  forms::Problem problem;
  problem.code = type_code(field.type);
  problem.field = field.key;
  problem.group = field.group;
  problem.value = cell.text;
  problem.message = value.error().message;
  return {std::monostate{}, std::move(problem)};
}

std::optional<double> number_of(const std::string& text) {
  double value = 0;
  const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (code != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// Percentage points of a fraction, as Excel shows them: × 100 leaves binary noise
// (0.07 × 100 = 7.000000000000001) that Excel never showed.
double points_of(double fraction) {
  return std::round(fraction * 100.0 * 1e9) / 1e9;
}

forms::Problem cell_problem(const forms::Field& field, std::string code, std::string value, std::string message) {
  forms::Problem problem;
  problem.code = std::move(code);
  problem.field = field.key;
  problem.group = field.group;
  problem.value = std::move(value);
  problem.message = std::move(message);
  return problem;
}

}  // namespace

std::string shown_text(const store::RawCell& cell) {
  const auto number = cell.kind == store::CellKind::percent ? number_of(cell.text) : std::nullopt;
  if (!number) {
    return std::string(util::trim(cell.text));
  }
  std::string text = util::format_decimal_fr(points_of(*number), 2);
  if (text.find(',') != std::string::npos) {
    while (text.back() == '0') {
      text.pop_back();
    }
    if (text.back() == ',') {
      text.pop_back();
    }
  }
  return text + " %";
}

bool is_blank(const store::RawCell& cell) {
  return cell.kind == store::CellKind::empty || util::trim(cell.text).empty();
}

std::optional<StrayCell> stray_cell(const Source& source, const std::vector<store::RawCell>& cells) {
  const auto& headers = source.info.headers;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    // headerless is computed once per source: this runs for every cell of every row.
    if ((c < source.headerless.size() && !source.headerless[c]) || is_blank(cells[c])) {
      continue;
    }
    StrayCell stray;
    stray.column = static_cast<int>(c) + 1;
    stray.value = std::string(util::trim(cells[c].text));
    // In a CSV file, such a value is almost always one split by an unquoted separator (`500,25` in a
    // `,` file): every cell after it has moved one column right. In a workbook, it is a note beside
    // the table, left out.
    stray.warning = !source.info.sheet.empty();
    if (stray.warning) {
      stray.message = fmt::format("valeur « {} » en colonne {}, sans en-tête : ignorée", stray.value, stray.column);
    } else {
      const std::size_t width = headers.size();
      const char separator = source.info.separator;
      stray.message = fmt::format(
          "valeur « {} » en colonne {}, sans en-tête ({} colonne{} dans l'en-tête) : une valeur contenant le "
          "séparateur « {} » sans être entre guillemets décale les cellules suivantes",
          stray.value, stray.column, width, width > 1 ? "s" : "",
          separator == '\t' ? std::string("tabulation") : std::string(1, separator));
    }
    return stray;
  }
  return std::nullopt;
}

forms::ParsedValue parse_cell(const forms::Catalog& catalog, const forms::Field& field, const store::RawCell& cell,
                              bool date1904) {
  switch (cell.kind) {
    case store::CellKind::empty: return {std::monostate{}, std::nullopt};
    case store::CellKind::text:
      // « 12,5 % » where a decimal is asked (an indicator in percent): the points, as parse_percent reads them.
      if (field.type == forms::FieldType::decimal && util::trim(cell.text).ends_with('%')) {
        if (auto points = util::parse_percent(cell.text)) {
          return {*points, std::nullopt};
        }
      }
      return forms::parse_field_value(field, cell.text);
    case store::CellKind::error: {
      forms::Problem problem;
      problem.code = "E612";
      problem.field = field.key;
      problem.group = field.group;
      problem.value = cell.text;
      problem.message = cell.text.starts_with('=')
                            ? fmt::format(
                                  "« {} » : la formule « {} » n'a pas de valeur calculée (classeur écrit par un "
                                  "programme qui ne calcule pas les formules) : ouvrez-le dans Excel ou LibreOffice et "
                                  "enregistrez-le, ou remplacez la formule par sa valeur",
                                  field.label, cell.text)
                            : fmt::format(
                                  "« {} » : la cellule contient l'erreur Excel « {} » (formule à corriger ou à "
                                  "remplacer par sa valeur)",
                                  field.label, cell.text);
      return {std::monostate{}, std::move(problem)};
    }
    case store::CellKind::boolean:
      // A TRUE/FALSE cell answers a yes/no question or a oui/non choice; elsewhere it is what the
      // French spreadsheet showed (« VRAI » typed in a comment becomes a boolean cell).
      if (field.type == forms::FieldType::yes_no) {
        return {cell.text == "1", std::nullopt};
      }
      if (forms::is_choice(field.type)) {
        return forms::parse_field_value(field, cell.text == "1" ? "oui" : "non");
      }
      return forms::parse_field_value(field, cell.text == "1" ? "VRAI" : "FAUX");
    case store::CellKind::number:
    case store::CellKind::percent:
    case store::CellKind::date: break;
  }
  // Numbers and dates: choices and texts take the number as written (« 1 » for « Axe 1 », a
  // reference 1.2), or as shown when it is a percentage; numeric and date fields take the value
  // itself, with no text round trip.
  if (field.type == forms::FieldType::text || forms::is_choice(field.type)) {
    if (cell.kind == store::CellKind::date && field.type == forms::FieldType::text) {
      if (const auto serial = number_of(cell.text)) {
        return from_result(field, cell, forms::parse_date_cell(field, *serial, date1904));
      }
    }
    if (cell.kind == store::CellKind::percent) {
      return forms::parse_field_value(field, shown_text(cell));
    }
    return forms::parse_field_value(field, cell.text);
  }
  const auto number = number_of(cell.text);
  if (!number) {
    return forms::parse_field_value(field, cell.text);
  }
  if (cell.kind == store::CellKind::date) {
    return from_result(field, cell, forms::parse_date_cell(field, *number, date1904));
  }
  if (field.type == forms::FieldType::date) {
    // A number the cell shows as a number (2024, 45537) is not a date to the user who sees it:
    // read as a serial day number, the year 2024 would become 16/07/1905.
    const auto serial = util::date_from_excel_serial(*number, date1904);
    return {std::monostate{},
            cell_problem(
                field, "E106", cell.text,
                fmt::format("« {} » : « {} » est un nombre, pas une date (la cellule n'a pas de format de "
                            "date{}) : saisissez la date en JJ/MM/AAAA ou donnez un format de date à la "
                            "cellule",
                            field.label, shown_text(cell),
                            serial ? fmt::format(" ; lu comme numéro de série Excel, ce serait le {}", serial->french())
                                   : std::string()))};
  }
  // A cell shown as « 12 % » holds 0.12: a percentage field takes the points the user sees, and so
  // does a decimal field, as when « 12 % » is typed as text (above). Any other number is not a
  // percentage: « 100 % » of a count of people, of euros or of ETP is refused, not read as 1.
  if (cell.kind == store::CellKind::percent) {
    if (field.type == forms::FieldType::decimal || field.type == forms::FieldType::percent) {
      return from_result(field, cell, forms::parse_number_cell(catalog, field, points_of(*number)));
    }
    const std::string shown = shown_text(cell);
    return {std::monostate{},
            cell_problem(field, type_code(field.type), shown,
                         fmt::format("« {} » : « {} » est un pourcentage (cellule au format %), alors que la réponse "
                                     "attendue est de type « {} » : saisissez le nombre voulu ou retirez le format "
                                     "pourcentage de la cellule",
                                     field.label, shown, forms::to_label(field.type)))};
  }
  return from_result(field, cell, forms::parse_number_cell(catalog, field, *number));
}

FormChoice choose_form(const ImportRun& run, const Source& source, const store::StagedRow& row) {
  const FormSet& set = run.forms;
  static const store::RawCell k_empty;
  auto cell_at = [&](std::size_t column) -> const store::RawCell& {
    return column < row.cells.size() ? row.cells[column] : k_empty;
  };
  if (source.form_column >= 0) {
    const store::RawCell& named = cell_at(static_cast<std::size_t>(source.form_column));
    if (!is_blank(named)) {
      const int index = set.match(named.text);
      if (index >= 0) {
        return FormChoice{index, {}, {}, 0};
      }
      return FormChoice{-1, "E613",
                        fmt::format("formulaire « {} » inconnu ou hors de cette convention : attendu {}",
                                    util::trim(named.text), util::quoted_list(set.short_names())),
                        source.form_column + 1};
    }
  }
  if (set.forms.size() == 1) {
    return FormChoice{0, {}, {}, 0};
  }
  // A contrat unique: the answers only one of the forms asks (axe vs volet...) tell them apart.
  std::vector<std::size_t> scores(set.forms.size(), 0);
  for (std::size_t f = 0; f < set.forms.size(); ++f) {
    for (std::size_t c = 0; c < source.columns[f].size(); ++c) {
      const forms::Field* field = source.columns[f][c];
      if (field == nullptr || is_blank(cell_at(c))) {
        continue;
      }
      const bool specific = std::none_of(set.forms.begin(), set.forms.end(), [&](const forms::Form* other) {
        return other != set.forms[f] && other->find_field(field->key) != nullptr;
      });
      if (specific && !parse_cell(run.catalog, *field, cell_at(c), source.info.date1904).problem) {
        ++scores[f];
      }
    }
  }
  const std::size_t best = *std::max_element(scores.begin(), scores.end());
  if (best > 0 && std::count(scores.begin(), scores.end(), best) == 1) {
    return FormChoice{static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin()), {}, {}, 0};
  }
  if (set.forced >= 0) {
    return FormChoice{set.forced, {}, {}, 0};
  }
  return FormChoice{-1, "E610",
                    fmt::format("impossible de savoir de quel formulaire relève l'action ({}) : renseignez la "
                                "colonne « Formulaire » ou donnez l'option --form",
                                util::quoted_list(set.short_names())),
                    source.form_column >= 0 ? source.form_column + 1 : 0};
}

}  // namespace pilot::service::import_detail

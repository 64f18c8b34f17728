// Data validation of a sheet (drop-down lists, number, date and length rules) and cell ranges:
// what import templates use to guide data officers before pilot ever reads their file.
#include <fmt/format.h>
#include <xlsxwriter.h>

#include "io/xlsx/cell.hpp"
#include "io/xlsx/writer.hpp"
#include "util/text.hpp"

namespace pilot::io::xlsx {
namespace {

constexpr std::size_t k_max_validation_list_chars = 255;

std::string quote_sheet(std::string_view sheet) {
  std::string out = "'";
  for (char c : sheet) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  return out + "'";
}

lxw_datetime to_lxw(const util::Date& date) {
  return lxw_datetime{date.year, date.month, date.day, 0, 0, 0.0};
}

}  // namespace

std::string range_reference(std::string_view sheet, const CellRange& range, bool absolute) {
  const std::string dollar = absolute ? "$" : "";
  auto corner = [&](std::uint32_t row, std::uint16_t column) {
    return dollar + column_letters(column) + dollar + std::to_string(row + 1);
  };
  std::string out = sheet.empty() ? std::string() : quote_sheet(sheet) + "!";
  out += corner(range.first_row, range.first_column);
  if (range.last_row != range.first_row || range.last_column != range.first_column) {
    out += ":" + corner(range.last_row, range.last_column);
  }
  return out;
}

// --- Validation -----------------------------------------------------------------------------

Validation Validation::list(std::vector<std::string> values) {
  Validation validation;
  validation.kind = Kind::list;
  validation.values = std::move(values);
  return validation;
}

Validation Validation::list_from_range(std::string source) {
  Validation validation;
  validation.kind = Kind::list_range;
  validation.source = std::move(source);
  return validation;
}

Validation Validation::whole_number(std::optional<double> minimum, std::optional<double> maximum) {
  Validation validation;
  validation.kind = Kind::whole_number;
  validation.minimum = minimum;
  validation.maximum = maximum;
  return validation;
}

Validation Validation::decimal(std::optional<double> minimum, std::optional<double> maximum) {
  Validation validation;
  validation.kind = Kind::decimal;
  validation.minimum = minimum;
  validation.maximum = maximum;
  return validation;
}

Validation Validation::date_between(std::optional<util::Date> first, std::optional<util::Date> last) {
  Validation validation;
  validation.kind = Kind::date;
  validation.first_date = first;
  validation.last_date = last;
  return validation;
}

Validation Validation::max_length(std::size_t characters) {
  Validation validation;
  validation.kind = Kind::text_length;
  validation.maximum = static_cast<double>(characters);
  return validation;
}

Result<void> SheetWriter::add_validation(const CellRange& range, const Validation& validation) {
  auto refuse = [&](const std::string& why) {
    return fail(ErrorKind::data, fmt::format("{} : {} : validation refusée : {}", workbook_name(),
                                             range_reference(m_name, range, false), why));
  };
  for (const auto* text : {&validation.input_title, &validation.error_title}) {
    if (util::display_width(*text) > 32) {
      return refuse(fmt::format("titre « {} » de plus de 32 caractères", *text));
    }
  }
  for (const auto* text : {&validation.input_message, &validation.error_message}) {
    if (util::display_width(*text) > 255) {
      return refuse("message de plus de 255 caractères");
    }
  }
  lxw_data_validation rule{};
  std::vector<std::string> owned;  // keeps the strings alive until the call returns
  std::vector<const char*> list;
  std::string source;
  switch (validation.kind) {
    case Validation::Kind::list: {
      if (validation.values.empty()) {
        return refuse("liste de choix vide");
      }
      std::size_t chars = 0;
      for (const auto& value : validation.values) {
        if (value.find(',') != std::string::npos) {
          return refuse(fmt::format("le choix « {} » contient une virgule : utilisez une plage de cellules", value));
        }
        chars += util::display_width(value) + 1;
      }
      if (chars - 1 > k_max_validation_list_chars) {
        return refuse(
            fmt::format("liste de {} caractères, au-delà des {} qu'Excel accepte : utilisez une plage de "
                        "cellules",
                        chars - 1, k_max_validation_list_chars));
      }
      for (const auto& value : validation.values) {
        list.push_back(value.c_str());
      }
      list.push_back(nullptr);
      rule.validate = LXW_VALIDATION_TYPE_LIST;
      rule.value_list = const_cast<char**>(list.data());
      break;
    }
    case Validation::Kind::list_range:
      if (validation.source.empty()) {
        return refuse("plage de la liste non précisée");
      }
      source = validation.source.front() == '=' ? validation.source : "=" + validation.source;
      rule.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      rule.value_formula = source.data();
      break;
    case Validation::Kind::whole_number:
    case Validation::Kind::decimal:
    case Validation::Kind::text_length: {
      rule.validate = validation.kind == Validation::Kind::whole_number ? LXW_VALIDATION_TYPE_INTEGER
                      : validation.kind == Validation::Kind::decimal    ? LXW_VALIDATION_TYPE_DECIMAL
                                                                        : LXW_VALIDATION_TYPE_LENGTH;
      if (validation.minimum && validation.maximum) {
        rule.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        rule.minimum_number = *validation.minimum;
        rule.maximum_number = *validation.maximum;
      } else if (validation.minimum) {
        rule.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        rule.value_number = *validation.minimum;
      } else if (validation.maximum) {
        rule.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
        rule.value_number = *validation.maximum;
      } else {
        // Any number at all: still refuses text typed into a numeric column.
        rule.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        rule.minimum_number = -1e300;
        rule.maximum_number = 1e300;
      }
      break;
    }
    case Validation::Kind::date: {
      rule.validate = LXW_VALIDATION_TYPE_DATE;
      const util::Date first = validation.first_date.value_or(util::Date{1900, 1, 1});
      const util::Date last = validation.last_date.value_or(util::Date{9999, 12, 31});
      rule.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
      rule.minimum_datetime = to_lxw(first);
      rule.maximum_datetime = to_lxw(last);
      break;
    }
  }
  rule.ignore_blank = validation.allow_blank ? LXW_VALIDATION_ON : LXW_VALIDATION_OFF;
  rule.dropdown = validation.dropdown ? LXW_VALIDATION_ON : LXW_VALIDATION_OFF;
  rule.error_type = validation.error_style == Validation::ErrorStyle::stop      ? LXW_VALIDATION_ERROR_TYPE_STOP
                    : validation.error_style == Validation::ErrorStyle::warning ? LXW_VALIDATION_ERROR_TYPE_WARNING
                                                                                : LXW_VALIDATION_ERROR_TYPE_INFORMATION;
  auto set_text = [&](char*& target, const std::string& text) {
    if (!text.empty()) {
      owned.push_back(text);
      target = owned.back().data();
    }
  };
  owned.reserve(4);
  set_text(rule.input_title, validation.input_title);
  set_text(rule.input_message, validation.input_message);
  set_text(rule.error_title, validation.error_title);
  set_text(rule.error_message, validation.error_message);
  return check(worksheet_data_validation_range(m_sheet, range.first_row, range.first_column, range.last_row,
                                               range.last_column, &rule),
               range.first_row, range.first_column);
}

}  // namespace pilot::io::xlsx

#include "report/export_values.hpp"

#include <cmath>

#include "util/text.hpp"

namespace pilot::report {
namespace {

std::optional<util::Date> iso_date(const std::optional<std::string>& text) {
  if (!text || text->size() < 10) {
    return std::nullopt;
  }
  auto date = util::parse_date(*text);
  return date ? std::optional<util::Date>(*date) : std::nullopt;
}

Cell raw_cell(const store::StoredAnswer& answer) {
  if (answer.text) {
    return *answer.text;
  }
  if (answer.number) {
    return *answer.number;
  }
  return {};
}

bool is_whole(double value) {
  return std::isfinite(value) && std::fabs(value) < 9e15 && value == std::floor(value);
}

}  // namespace

std::string_view choice_label(const forms::Field& field, std::string_view code) {
  if (field.choice_list != nullptr) {
    if (const forms::Choice* choice = field.choice_list->find_code(code)) {
      return choice->label;
    }
  }
  return code;
}

std::string choice_text(const forms::Field& field, std::string_view code, Audience audience) {
  return std::string(audience == Audience::people ? choice_label(field, code) : code);
}

std::string_view yes_no_text(bool value, Audience audience) {
  if (audience == Audience::people) {
    return value ? "Oui" : "Non";
  }
  return value ? "oui" : "non";
}

Cell answer_cell(const forms::Field& field, const store::StoredAnswer& answer, Audience audience) {
  switch (field.type) {
    case forms::FieldType::text: return raw_cell(answer);
    case forms::FieldType::single_choice:
    case forms::FieldType::multiple_choice:
      return answer.text ? Cell(choice_text(field, *answer.text, audience)) : raw_cell(answer);
    case forms::FieldType::integer:
      if (answer.number && is_whole(*answer.number)) {
        return static_cast<std::int64_t>(*answer.number);
      }
      return raw_cell(answer);
    case forms::FieldType::money:
      if (answer.number && is_whole(*answer.number)) {
        return Money{static_cast<std::int64_t>(*answer.number)};
      }
      return raw_cell(answer);
    case forms::FieldType::decimal:
    case forms::FieldType::etp: return answer.number ? Cell(*answer.number) : raw_cell(answer);
    case forms::FieldType::percent: return answer.number ? Cell(Percent{*answer.number}) : raw_cell(answer);
    case forms::FieldType::date:
      if (auto date = iso_date(answer.text)) {
        return *date;
      }
      return raw_cell(answer);
    case forms::FieldType::yes_no:
      if (answer.number) {
        return std::string(yes_no_text(*answer.number != 0, audience));
      }
      if (answer.text) {
        const std::string folded = util::fold(*answer.text);
        if (folded == "oui" || folded == "non") {
          return std::string(yes_no_text(folded == "oui", audience));
        }
      }
      return raw_cell(answer);
  }
  return raw_cell(answer);
}

domain::Value answer_value(const forms::Field& field, std::span<const store::StoredAnswer> rows) {
  if (rows.empty()) {
    return std::monostate{};
  }
  const store::StoredAnswer& first = rows.front();
  switch (field.type) {
    case forms::FieldType::multiple_choice: {
      std::vector<std::string> codes;
      for (const auto& row : rows) {
        if (row.text) {
          codes.push_back(*row.text);
        }
      }
      return codes;
    }
    case forms::FieldType::integer:
    case forms::FieldType::money:
      if (first.number && is_whole(*first.number)) {
        return static_cast<std::int64_t>(*first.number);
      }
      break;
    case forms::FieldType::decimal:
    case forms::FieldType::etp:
    case forms::FieldType::percent:
      if (first.number) {
        return *first.number;
      }
      break;
    case forms::FieldType::date:
      if (auto date = iso_date(first.text)) {
        return *date;
      }
      break;
    case forms::FieldType::yes_no:
      if (first.number) {
        return *first.number != 0;
      }
      if (first.text) {
        return util::fold(*first.text) == "oui";
      }
      break;
    case forms::FieldType::text:
    case forms::FieldType::single_choice: break;
  }
  if (first.text) {
    return *first.text;
  }
  if (first.number) {
    return *first.number;
  }
  return std::monostate{};
}

ColumnType column_type(forms::FieldType type) {
  switch (type) {
    case forms::FieldType::integer: return ColumnType::integer;
    case forms::FieldType::decimal:
    case forms::FieldType::etp: return ColumnType::decimal;
    case forms::FieldType::money: return ColumnType::money;
    case forms::FieldType::percent: return ColumnType::percent;
    case forms::FieldType::date: return ColumnType::date;
    case forms::FieldType::yes_no: return ColumnType::yes_no;
    case forms::FieldType::text:
    case forms::FieldType::single_choice:
    case forms::FieldType::multiple_choice: break;
  }
  return ColumnType::text;
}

std::string choices_text(const forms::Field& field) {
  if (field.type == forms::FieldType::yes_no) {
    return "oui = Oui ; non = Non";
  }
  std::vector<std::string> parts;
  for (const forms::Choice* choice : field.offered_choices()) {
    parts.push_back(choice->code + " = " + choice->label);
  }
  return util::join(parts, " ; ");
}

}  // namespace pilot::report

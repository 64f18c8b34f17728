#include "forms/values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "forms/suggest.hpp"
#include "util/date.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::forms {
namespace {

// Short lists are spelled out in messages; long ones would drown the suggestion.
constexpr std::size_t k_max_listed_choices = 8;

Problem make_problem(const Field& field, std::string code, std::string_view raw, const std::string& detail) {
  Problem problem;
  problem.code = std::move(code);
  problem.field = field.key;
  problem.group = field.group;
  problem.value = std::string(util::trim(raw));
  problem.message = fmt::format("« {} » : {}", field.label, detail);
  return problem;
}

std::string_view type_code(FieldType type) {
  switch (type) {
    case FieldType::integer: return "E101";
    case FieldType::decimal: return "E102";
    case FieldType::money: return "E103";
    case FieldType::percent: return "E104";
    case FieldType::etp: return "E105";
    case FieldType::date: return "E106";
    case FieldType::yes_no: return "E107";
    default: return "E110";
  }
}

std::string offered_list(const Field& field) {
  std::vector<std::string> labels;
  for (const Choice* choice : field.offered_choices()) {
    labels.push_back(choice->label);
  }
  return util::quoted_list(labels);
}

// The choice a piece of text designates, or the problem: unknown (with a suggestion) or not offered.
std::variant<std::string, Problem> match_choice(const Field& field, std::string_view piece, std::string_view raw) {
  const ChoiceList* list = field.choice_list.get();
  const Choice* choice = list == nullptr ? nullptr : list->match(piece);
  if (choice != nullptr && field.offers(choice->code)) {
    return choice->code;
  }
  const auto offered = field.offered_choices();
  if (choice != nullptr) {
    return make_problem(field, "E109", raw,
                        fmt::format("« {} » n'est pas proposé dans ce formulaire (choix possibles : {})", choice->label,
                                    offered_list(field)));
  }
  // Suggest among everything a user may type for an offered choice, then name its label.
  std::vector<std::string> names;
  std::vector<const Choice*> owners;
  for (const Choice* candidate : offered) {
    for (const auto& name : candidate->aliases) {
      names.push_back(name);
      owners.push_back(candidate);
    }
    names.push_back(candidate->label);
    owners.push_back(candidate);
    names.push_back(candidate->code);
    owners.push_back(candidate);
  }
  const auto close = detail::suggest(piece, names);
  std::string detail = fmt::format("choix inconnu « {} »", util::trim(piece));
  if (close) {
    const auto at = std::find(names.begin(), names.end(), *close) - names.begin();
    detail += fmt::format(" ; vouliez-vous dire « {} » ?", owners[static_cast<std::size_t>(at)]->label);
  } else if (offered.size() <= k_max_listed_choices) {
    detail += fmt::format(" (choix possibles : {})", offered_list(field));
  }
  return make_problem(field, "E108", raw, detail);
}

std::string shortest(double value) {
  if (value == 0) {
    return "0";  // also turns -0 into 0
  }
  char buffer[64];
  const auto [end, code] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return code == std::errc() ? std::string(buffer, end) : fmt::format("{}", value);
}

// 12,5 / 17,17 / 3 : at most two decimals, no trailing zeros.
std::string french_number(double value) {
  std::string text = util::format_decimal_fr(value, 2);
  if (text.find(',') != std::string::npos) {
    while (text.back() == '0') {
      text.pop_back();
    }
    if (text.back() == ',') {
      text.pop_back();
    }
  }
  return text;
}

Result<domain::Value> to_result(ParsedValue parsed) {
  if (parsed.problem) {
    return fail(ErrorKind::data, parsed.problem->message);
  }
  return std::move(parsed.value);
}

}  // namespace

std::vector<std::string> split_choices(std::string_view raw) {
  return util::split_list(raw, ";|\n\r");
}

ParsedValue parse_field_value(const Field& field, std::string_view raw) {
  const std::string_view text = util::trim(raw);
  if (text.empty()) {
    return {std::monostate{}, std::nullopt};
  }
  if (!util::is_valid_utf8(text)) {
    return {std::monostate{}, make_problem(field, "E110", raw, "texte illisible (encodage autre que UTF-8)")};
  }
  if (const auto control = util::find_control_character(text)) {
    return {std::monostate{},
            make_problem(field, "E110", raw,
                         fmt::format("caractère de contrôle {} en position {}, sans doute collé depuis un autre "
                                     "logiciel : à retirer",
                                     util::describe_character(text, *control),
                                     util::display_width(text.substr(0, *control)) + 1))};
  }
  auto failed = [&](const Error& error) {
    return ParsedValue{std::monostate{}, make_problem(field, std::string(type_code(field.type)), raw, error.message)};
  };
  switch (field.type) {
    case FieldType::text: return {std::string(text), std::nullopt};
    case FieldType::integer: {
      auto value = util::parse_integer(text);
      return value ? ParsedValue{*value, std::nullopt} : failed(value.error());
    }
    case FieldType::money: {
      auto value = util::parse_money_cents(text);
      return value ? ParsedValue{*value, std::nullopt} : failed(value.error());
    }
    case FieldType::decimal: {
      auto value = util::parse_decimal(text);
      return value ? ParsedValue{*value, std::nullopt} : failed(value.error());
    }
    case FieldType::etp: {
      // « 0,5 ETP » as people write it, like « 1 000 € » for an amount.
      std::string_view number = text;
      if (number.size() > 3 && util::fold(number.substr(number.size() - 3)) == "etp") {
        number = util::trim(number.substr(0, number.size() - 3));
      }
      auto value = util::parse_decimal(number);
      return value ? ParsedValue{*value, std::nullopt} : failed(value.error());
    }
    case FieldType::percent: {
      auto value = util::parse_percent(text);
      return value ? ParsedValue{*value, std::nullopt} : failed(value.error());
    }
    case FieldType::date: {
      auto value = util::parse_date(text);
      return value ? ParsedValue{*value, std::nullopt} : failed(value.error());
    }
    case FieldType::yes_no: {
      auto value = util::parse_yes_no(text);
      return value ? ParsedValue{*value, std::nullopt} : failed(value.error());
    }
    case FieldType::single_choice: {
      auto matched = match_choice(field, text, raw);
      if (auto* problem = std::get_if<Problem>(&matched)) {
        return {std::monostate{}, std::move(*problem)};
      }
      return {std::get<std::string>(matched), std::nullopt};
    }
    case FieldType::multiple_choice: {
      std::vector<std::string> codes;
      for (const auto& piece : split_choices(text)) {
        auto matched = match_choice(field, piece, raw);
        if (auto* problem = std::get_if<Problem>(&matched)) {
          return {std::monostate{}, std::move(*problem)};
        }
        const auto& code = std::get<std::string>(matched);
        if (std::find(codes.begin(), codes.end(), code) == codes.end()) {
          codes.push_back(code);
        }
      }
      if (codes.empty()) {
        return {std::monostate{}, std::nullopt};
      }
      return {std::move(codes), std::nullopt};
    }
  }
  return {std::monostate{}, std::nullopt};
}

Result<domain::Value> parse_value(const Catalog& /*catalog*/, const Field& field, std::string_view raw) {
  return to_result(parse_field_value(field, raw));
}

Result<domain::Value> parse_number_cell(const Catalog& catalog, const Field& field, double number,
                                        bool percent_format) {
  const std::string shown = shortest(number);
  auto problem = [&](std::string code, const std::string& detail) {
    return fail(ErrorKind::data, make_problem(field, std::move(code), shown, detail).message);
  };
  if (!std::isfinite(number)) {
    return problem(std::string(type_code(field.type)), "nombre invalide");
  }
  switch (field.type) {
    case FieldType::integer: {
      const double rounded = std::round(number);
      if (std::fabs(number - rounded) > 1e-9 || std::fabs(rounded) > 9e15) {
        return problem("E101", fmt::format("nombre entier attendu, pas « {} »", french_number(number)));
      }
      return domain::Value(static_cast<std::int64_t>(rounded));
    }
    case FieldType::money: {
      const double cents = std::round(number * 100.0);
      // Excel stores 12,34 € as 12.339999999…: a sub-cent residue is binary noise, more is a real
      // third decimal.
      if (std::fabs(number * 100.0 - cents) > std::max(1e-4, std::fabs(cents) * 1e-12)) {
        return problem("E103", fmt::format("montant « {} » : pas plus de deux décimales (centimes)", shown));
      }
      if (std::fabs(cents) > static_cast<double>(util::k_max_cents)) {
        return problem("E103", fmt::format("montant « {} » : valeur trop grande", shown));
      }
      return domain::Value(static_cast<std::int64_t>(cents));
    }
    case FieldType::decimal:
    case FieldType::etp: return domain::Value(number);
    case FieldType::percent: return domain::Value(percent_format ? number * 100.0 : number);
    case FieldType::date: return parse_date_cell(field, number);
    case FieldType::yes_no:
      if (number == 1.0 || number == 0.0) {
        return domain::Value(number == 1.0);
      }
      return problem("E107", fmt::format("« {} » n'est pas une réponse oui/non", shown));
    case FieldType::text:
    case FieldType::single_choice:
    case FieldType::multiple_choice: return parse_value(catalog, field, shown);
  }
  return domain::Value(number);
}

Result<domain::Value> parse_date_cell(const Field& field, double serial, bool date1904) {
  auto date = util::date_from_excel_serial(serial, date1904);
  if (!date) {
    return fail(ErrorKind::data, make_problem(field, "E106", shortest(serial), date.error().message).message);
  }
  if (field.type == FieldType::date) {
    return domain::Value(*date);
  }
  if (field.type == FieldType::text) {
    return domain::Value(date->french());
  }
  return fail(ErrorKind::data,
              make_problem(field, std::string(type_code(field.type)), date->french(),
                           fmt::format("une date (« {} ») n'est pas {}", date->french(), with_article(field.type)))
                  .message);
}

std::string to_storage_text(const Field& field, const domain::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    return *text;
  }
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    return field.type == FieldType::money ? util::format_cents_plain(*number) : std::to_string(*number);
  }
  if (const auto* number = std::get_if<double>(&value)) {
    return shortest(*number);
  }
  if (const auto* date = std::get_if<util::Date>(&value)) {
    return date->iso();
  }
  if (const auto* flag = std::get_if<bool>(&value)) {
    return *flag ? "oui" : "non";
  }
  if (const auto* codes = std::get_if<std::vector<std::string>>(&value)) {
    return util::join(*codes, ";");
  }
  return {};
}

std::string to_display_text(const Catalog& /*catalog*/, const Field& field, const domain::Value& value) {
  auto with_unit = [&](std::string text) { return field.unit.empty() ? text : text + " " + field.unit; };
  auto label_of = [&](const std::string& code) {
    const Choice* choice = field.choice_list == nullptr ? nullptr : field.choice_list->find_code(code);
    return choice == nullptr ? code : choice->label;
  };
  if (const auto* text = std::get_if<std::string>(&value)) {
    return is_choice(field.type) ? label_of(*text) : *text;
  }
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    if (field.type == FieldType::money) {
      return util::format_money_fr(*number);
    }
    // French usage leaves four-digit numbers ungrouped: « 2024 », not « 2 024 ».
    if (*number > -10000 && *number < 10000) {
      return with_unit(std::to_string(*number));
    }
    return with_unit(util::format_integer_fr(*number));
  }
  if (const auto* number = std::get_if<double>(&value)) {
    if (field.type == FieldType::percent) {
      return french_number(*number) + " %";
    }
    return with_unit(french_number(*number));
  }
  if (const auto* date = std::get_if<util::Date>(&value)) {
    return date->french();
  }
  if (const auto* flag = std::get_if<bool>(&value)) {
    return *flag ? "Oui" : "Non";
  }
  if (const auto* codes = std::get_if<std::vector<std::string>>(&value)) {
    std::vector<std::string> labels;
    for (const auto& code : *codes) {
      labels.push_back(label_of(code));
    }
    return util::join(labels, "; ");
  }
  return {};
}

}  // namespace pilot::forms

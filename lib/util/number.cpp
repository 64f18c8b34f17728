#include "util/number.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "util/text.hpp"

namespace pilot::util {
namespace {

enum class Unit { none, euro, percent };

struct Parsed {
  bool negative = false;
  std::string integer_digits;
  std::string fraction_digits;
  char decimal_mark = 0;  // ',' or '.', 0 when none
  bool grouped = false;   // the integer part has thousands separators (spaces, or '.' / ',')
};

// Removes the unit suffix (or € prefix) the caller allows; returns false if another unit is present.
bool strip_unit(std::string_view& text, Unit unit) {
  auto strip_suffix = [&](std::string_view suffix) {
    if (text.ends_with(suffix)) {
      text = trim(text.substr(0, text.size() - suffix.size()));
      return true;
    }
    return false;
  };
  if (unit == Unit::euro) {
    if (!strip_suffix("€") && !strip_suffix("EUR") && !strip_suffix("eur") && text.starts_with("€")) {
      text = trim(text.substr(3));
    }
  } else if (unit == Unit::percent) {
    strip_suffix("%");
  }
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Splits "1 234 567,89" into sign, integer digits and fraction digits, checking that
// thousands separators, when present, delimit groups of exactly three digits.
Result<Parsed> split_number(std::string_view original, Unit unit) {
  std::string_view text = trim(original);
  const std::string_view shown = text;
  auto invalid = [&](std::string_view why) {
    return fail(ErrorKind::data, fmt::format("nombre invalide « {} » : {}", shown, why));
  };
  if (text.empty()) {
    return fail(ErrorKind::data, "nombre vide");
  }
  // Plain digits (« 2024 », « 133 »), the commonest number of a bulk import: nothing to split.
  if (text.size() <= 15 && std::all_of(text.begin(), text.end(), is_digit)) {
    Parsed parsed;
    const std::size_t first_non_zero = text.find_first_not_of('0');
    parsed.integer_digits = first_non_zero == std::string_view::npos ? "0" : text.substr(first_non_zero);
    return parsed;
  }
  strip_unit(text, unit);
  Parsed parsed;
  if (text.starts_with("-")) {
    parsed.negative = true;
    text = trim(text.substr(1));
  } else if (text.starts_with("\xE2\x88\x92")) {  // U+2212 MINUS SIGN
    parsed.negative = true;
    text = trim(text.substr(3));
  } else if (text.starts_with("+")) {
    text = trim(text.substr(1));
  }
  if (text.empty()) {
    return invalid("aucun chiffre");
  }
  // Normalise every kind of space to a single marker ' '.
  std::string compact;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == ' ') {
      compact += ' ';
      ++i;
    } else if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      compact += ' ';
      i += 2;
    } else if (byte == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xAF || static_cast<unsigned char>(text[i + 2]) == 0x89)) {
      compact += ' ';
      i += 3;
    } else if (is_digit(text[i]) || text[i] == ',' || text[i] == '.') {
      compact += text[i];
      ++i;
    } else {
      if (unit == Unit::none && (text[i] == '%' || text.substr(i).starts_with("€"))) {
        return invalid("unité inattendue pour ce champ");
      }
      return invalid("caractère inattendu " + describe_character(text, i));
    }
  }
  // The decimal mark is the last ',' or '.' unless that character also appears earlier
  // (then it is a thousands separator: "1.234.567").
  const std::size_t last_comma = compact.rfind(',');
  const std::size_t last_dot = compact.rfind('.');
  char decimal_mark = 0;
  char group_mark = 0;
  if (last_comma != std::string::npos && last_dot != std::string::npos) {
    decimal_mark = last_comma > last_dot ? ',' : '.';
    group_mark = decimal_mark == ',' ? '.' : ',';
  } else if (last_comma != std::string::npos) {
    decimal_mark = compact.find(',') == last_comma ? ',' : 0;
    group_mark = decimal_mark == 0 ? ',' : 0;
  } else if (last_dot != std::string::npos) {
    decimal_mark = compact.find('.') == last_dot ? '.' : 0;
    group_mark = decimal_mark == 0 ? '.' : 0;
  }
  // « 12.500 » : 12 500 written with a dot between thousands, as many French users type it, or
  // 12,5 written with a decimal point, as programs write it? Asked rather than guessed (a factor of
  // a thousand either way). « 0.125 », « 1.5 » and « 1.000.000 » are not ambiguous.
  if (decimal_mark == '.' && last_comma == std::string::npos && compact.find(' ') == std::string::npos &&
      compact.size() - last_dot == 4 && last_dot <= 3 && compact.find_first_not_of('0') < last_dot) {
    const std::string_view digits = std::string_view(compact).substr(0, last_dot);
    const std::string_view decimals = std::string_view(compact).substr(last_dot + 1);
    const std::size_t last_significant = decimals.find_last_not_of('0');
    return invalid(
        fmt::format("ambigu : écrivez {} {} pour des milliers, ou {}", digits, decimals,
                    last_significant == std::string_view::npos
                        ? fmt::format("{} sans décimales", digits)
                        : fmt::format("{},{} pour des décimales", digits, decimals.substr(0, last_significant + 1))));
  }
  std::string_view integer_part = compact;
  std::string_view fraction_part;
  if (decimal_mark != 0) {
    const std::size_t mark = compact.rfind(decimal_mark);
    integer_part = std::string_view(compact).substr(0, mark);
    fraction_part = std::string_view(compact).substr(mark + 1);
    if (fraction_part.find_first_not_of("0123456789") != std::string_view::npos) {
      return invalid("séparateur mal placé");
    }
  }
  // Integer part: digits, possibly in groups of three separated by spaces or group_mark.
  auto is_separator = [group_mark](char c) { return c == ' ' || (group_mark != 0 && c == group_mark); };
  std::size_t group_count = 1;
  for (const char c : integer_part) {
    if (is_separator(c)) {
      ++group_count;
    } else if (!is_digit(c)) {
      return invalid("séparateur mal placé");
    }
  }
  std::size_t start = 0;
  std::size_t g = 0;
  for (std::size_t i = 0; i <= integer_part.size(); ++i) {
    if (i < integer_part.size() && !is_separator(integer_part[i])) {
      continue;
    }
    const std::string_view group = integer_part.substr(start, i - start);
    start = i + 1;
    const bool ok = g++ == 0 ? (!group.empty() && (group_count == 1 || group.size() <= 3)) : group.size() == 3;
    if (!ok) {
      if (group_count == 1 && group.empty() && !fraction_part.empty()) {
        break;  // ",5" → 0,5
      }
      return invalid("séparateur de milliers mal placé");
    }
    parsed.integer_digits.append(group);
  }
  parsed.grouped = group_count > 1;
  parsed.decimal_mark = decimal_mark;
  if (parsed.integer_digits.empty() && fraction_part.empty()) {
    return invalid("aucun chiffre");
  }
  if (parsed.integer_digits.empty()) {
    parsed.integer_digits = "0";
  }
  parsed.fraction_digits = fraction_part;
  // Leading zeros are harmless; strip them to keep the length check meaningful.
  const std::size_t first_non_zero = parsed.integer_digits.find_first_not_of('0');
  parsed.integer_digits = first_non_zero == std::string::npos ? "0" : parsed.integer_digits.substr(first_non_zero);
  if (parsed.integer_digits.size() > 15) {
    return invalid("valeur trop grande");
  }
  return parsed;
}

double to_double(const Parsed& parsed) {
  const std::string text =
      parsed.integer_digits + "." + (parsed.fraction_digits.empty() ? "0" : parsed.fraction_digits);
  double value = std::strtod(text.c_str(), nullptr);
  return parsed.negative ? -value : value;
}

std::string group_thousands(std::string digits) {
  std::string out;
  const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, lead);
  for (std::size_t i = lead; i < digits.size(); i += 3) {
    out += ' ';
    out.append(digits, i, 3);
  }
  return out;
}

}  // namespace

Result<double> parse_decimal(std::string_view text) {
  auto parsed = split_number(text, Unit::none);
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return to_double(*parsed);
}

Result<std::int64_t> parse_integer(std::string_view text) {
  auto parsed = split_number(text, Unit::none);
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  if (parsed->fraction_digits.find_first_not_of('0') != std::string::npos) {
    return fail(ErrorKind::data, fmt::format("nombre entier attendu, pas « {} »", std::string(trim(text))));
  }
  std::int64_t value = 0;
  std::from_chars(parsed->integer_digits.data(), parsed->integer_digits.data() + parsed->integer_digits.size(), value);
  return parsed->negative ? -value : value;
}

Result<std::int64_t> parse_money_cents(std::string_view text) {
  auto parsed = split_number(text, Unit::euro);
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  std::string fraction = parsed->fraction_digits;
  // « 21,000 » : 21 000 € written with an English thousands comma (LibreOffice or a copied
  // figure), or 21,00 € with one zero too many? No amount has three decimals, so the zeros cannot be
  // dropped as they are after a decimal point (« 0.500 », « 1234.500 »): asked, like « 160.000 ».
  if (parsed->decimal_mark == ',' && !parsed->grouped && fraction.size() == 3 && fraction.back() == '0' &&
      parsed->integer_digits != "0" && parsed->integer_digits.size() <= 3) {
    const std::size_t last_significant = fraction.find_last_not_of('0');
    return fail(ErrorKind::data, fmt::format("nombre invalide « {} » : ambigu : écrivez {} {} pour des milliers, ou {}",
                                             std::string(trim(text)), parsed->integer_digits, fraction,
                                             last_significant == std::string::npos
                                                 ? fmt::format("{} sans décimales", parsed->integer_digits)
                                                 : fmt::format("{},{} pour des décimales", parsed->integer_digits,
                                                               fraction.substr(0, last_significant + 1))));
  }
  while (fraction.size() > 2 && fraction.back() == '0') {
    fraction.pop_back();  // "12.500" written by a machine is still 12,50 €
  }
  if (fraction.size() > 2) {
    return fail(ErrorKind::data,
                fmt::format("montant « {} » : pas plus de deux décimales (centimes)", std::string(trim(text))));
  }
  fraction.resize(2, '0');
  std::int64_t euros = 0;
  std::from_chars(parsed->integer_digits.data(), parsed->integer_digits.data() + parsed->integer_digits.size(), euros);
  const std::int64_t cents_part = (fraction[0] - '0') * 10 + (fraction[1] - '0');
  if (euros > k_max_cents / 100) {
    return fail(ErrorKind::data, fmt::format("montant « {} » : valeur trop grande", std::string(trim(text))));
  }
  const std::int64_t cents = euros * 100 + cents_part;
  return parsed->negative ? -cents : cents;
}

Result<double> parse_percent(std::string_view text) {
  auto parsed = split_number(text, Unit::percent);
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return to_double(*parsed);
}

Result<bool> parse_yes_no(std::string_view text) {
  const std::string folded = fold(text);
  for (const char* yes : {"oui", "o", "vrai", "yes", "y", "true", "1"}) {
    if (folded == yes) {
      return true;
    }
  }
  for (const char* no : {"non", "n", "faux", "no", "false", "0"}) {
    if (folded == no) {
      return false;
    }
  }
  return fail(ErrorKind::data, fmt::format("« {} » n'est pas une réponse oui/non", std::string(trim(text))));
}

std::string format_integer_fr(std::int64_t value) {
  const bool negative = value < 0;
  const std::string digits =
      std::to_string(negative ? -static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value));
  return (negative ? "-" : "") + group_thousands(digits);
}

std::string format_decimal_fr(double value, int decimals) {
  if (!std::isfinite(value)) {
    return "–";
  }
  std::string text = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const std::size_t dot = text.find('.');
  std::string integer = text.substr(0, dot);
  std::string out =
      (value < 0 && text.find_first_not_of("0.") != std::string::npos ? "-" : "") + group_thousands(integer);
  if (dot != std::string::npos) {
    out += ',' + text.substr(dot + 1);
  }
  return out;
}

std::string format_money_fr(std::int64_t cents) {
  const bool negative = cents < 0;
  const auto magnitude = negative ? -static_cast<unsigned long long>(cents) : static_cast<unsigned long long>(cents);
  return fmt::format("{}{},{:02} €", negative ? "-" : "", group_thousands(std::to_string(magnitude / 100)),
                     magnitude % 100);
}

std::string format_percent_fr(double value, int decimals) {
  return format_decimal_fr(value, decimals) + " %";
}

std::string format_cents_plain(std::int64_t cents) {
  const bool negative = cents < 0;
  const auto magnitude = negative ? -static_cast<unsigned long long>(cents) : static_cast<unsigned long long>(cents);
  return fmt::format("{}{}.{:02}", negative ? "-" : "", magnitude / 100, magnitude % 100);
}

}  // namespace pilot::util

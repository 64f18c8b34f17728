#include "io/xlsx/cell.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

namespace pilot::io::xlsx {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int k_max_year = 9999;

bool is_ascii_letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Excel accepts unquoted sheet names made of letters (accented ones included), digits, '_'
// and '.', unless the name starts with a digit or could be read as a cell reference.
bool needs_quotes(std::string_view sheet) {
  if (is_digit(sheet.front())) {
    return true;
  }
  for (char c : sheet) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && !is_ascii_letter(c) && !is_digit(c) && c != '_' && c != '.') {
      return true;
    }
  }
  return parse_column(sheet).has_value();
}

sys_days epoch_1900() {
  return sys_days{std::chrono::year{1899} / 12 / 30};
}
sys_days epoch_1904() {
  return sys_days{std::chrono::year{1904} / 1 / 1};
}

}  // namespace

const Cell& Row::cell(std::size_t column) const {
  static const Cell k_empty;
  return column < cells.size() ? cells[column] : k_empty;
}

std::string column_letters(std::size_t zero_based_column) {
  std::string letters;
  std::size_t n = zero_based_column + 1;
  while (n > 0) {
    const std::size_t remainder = (n - 1) % 26;
    letters.insert(letters.begin(), static_cast<char>('A' + remainder));
    n = (n - 1) / 26;
  }
  return letters;
}

std::string cell_reference(std::string_view sheet, std::size_t zero_based_column, std::uint32_t row) {
  std::string reference;
  if (!sheet.empty()) {
    if (needs_quotes(sheet)) {
      reference += '\'';
      for (char c : sheet) {
        reference += c;
        if (c == '\'') {
          reference += '\'';  // Excel doubles quotes inside a quoted name
        }
      }
      reference += '\'';
    } else {
      reference += sheet;
    }
    reference += '!';
  }
  reference += column_letters(zero_based_column);
  reference += std::to_string(row);
  return reference;
}

std::optional<std::size_t> parse_column(std::string_view reference) {
  std::size_t i = 0;
  std::size_t column = 0;
  // Seven letters already exceed any sane column; stopping there keeps the sum from overflowing.
  while (i < reference.size() && is_ascii_letter(reference[i]) && i < 7) {
    const char upper = static_cast<char>(reference[i] & ~0x20);
    column = column * 26 + static_cast<std::size_t>(upper - 'A' + 1);
    ++i;
  }
  if (i == 0 || i == reference.size()) {
    return std::nullopt;
  }
  for (std::size_t j = i; j < reference.size(); ++j) {
    if (!is_digit(reference[j])) {
      return std::nullopt;
    }
  }
  return column - 1;
}

std::optional<std::tuple<int, int, int>> serial_to_ymd(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial >= 1e7) {
    return std::nullopt;
  }
  const auto whole = static_cast<long>(std::floor(serial));
  sys_days day;
  if (date1904) {
    if (whole < 0) {
      return std::nullopt;
    }
    day = epoch_1904() + days{whole};
  } else {
    if (whole < 1) {
      return std::nullopt;
    }
    if (whole == 60) {
      return std::tuple{1900, 2, 29};  // Lotus 1-2-3's leap-year bug, kept by Excel
    }
    // Before the fictitious 29 February, serials are one day behind the 1899-12-30 epoch.
    day = epoch_1900() + days{whole < 60 ? whole + 1 : whole};
  }
  const year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year > k_max_year) {
    return std::nullopt;
  }
  return std::tuple{year, static_cast<int>(static_cast<unsigned>(ymd.month())),
                    static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::optional<double> ymd_to_serial(int year, int month, int day, bool date1904) {
  if (!date1904 && year == 1900 && month == 2 && day == 29) {
    return 60.0;
  }
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                           std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || year > k_max_year || month < 1 || day < 1) {
    return std::nullopt;
  }
  const sys_days date{ymd};
  if (date1904) {
    const auto serial = (date - epoch_1904()).count();
    return serial < 0 ? std::nullopt : std::optional<double>(static_cast<double>(serial));
  }
  auto serial = (date - epoch_1900()).count();
  if (serial < 2) {
    return std::nullopt;  // before 1900-01-01
  }
  if (serial < 61) {
    serial -= 1;
  }
  return static_cast<double>(serial);
}

namespace {

// Reads exactly `width` digits at text[pos] into value.
bool read_digits(std::string_view text, std::size_t pos, std::size_t width, int& value) {
  if (pos + width > text.size()) {
    return false;
  }
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (!is_digit(text[i])) {
      return false;
    }
  }
  return std::from_chars(text.data() + pos, text.data() + pos + width, value).ec == std::errc{};
}

// "HH:MM[:SS[.fff]]" → fraction of a day.
std::optional<double> parse_time(std::string_view text) {
  int hours = 0;
  int minutes = 0;
  double seconds = 0;
  if (!read_digits(text, 0, 2, hours) || text.size() < 5 || text[2] != ':' || !read_digits(text, 3, 2, minutes)) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(5);
  if (!rest.empty() && rest.front() == ':') {
    rest.remove_prefix(1);
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), seconds);
    if (ec != std::errc{} || rest.empty() || !is_digit(rest.front())) {
      return std::nullopt;
    }
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
  }
  if (rest == "Z") {
    rest = {};
  }
  if (!rest.empty() || hours > 23 || minutes > 59 || seconds < 0 || seconds >= 61) {
    return std::nullopt;
  }
  return (hours * 3600.0 + minutes * 60.0 + seconds) / 86400.0;
}

}  // namespace

std::optional<double> iso_to_serial(std::string_view text, bool date1904) {
  if (text.size() >= 3 && text[2] == ':') {
    return parse_time(text);
  }
  int year = 0;
  int month = 0;
  int day = 0;
  if (!read_digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || !read_digits(text, 5, 2, month) ||
      text[7] != '-' || !read_digits(text, 8, 2, day)) {
    return std::nullopt;
  }
  const auto serial = ymd_to_serial(year, month, day, date1904);
  if (!serial || text.size() == 10) {
    return serial;
  }
  if (text[10] != 'T' && text[10] != ' ') {
    return std::nullopt;
  }
  const auto time = parse_time(text.substr(11));
  if (!time) {
    return std::nullopt;
  }
  return *serial + *time;
}

}  // namespace pilot::io::xlsx

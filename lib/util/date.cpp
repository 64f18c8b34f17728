#include "util/date.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

#include "util/text.hpp"

namespace pilot::util {
namespace {

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : k_days[month - 1];
}

// Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parse_int(std::string_view text, int& out) {
  if (text.empty() || text.size() > 4) {
    return false;
  }
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// Strips a trailing midnight time written by spreadsheets; any other time is kept so the
// date is refused rather than silently truncated.
std::string_view strip_midnight(std::string_view text) {
  for (const std::string_view suffix : {" 00:00:00", "T00:00:00", " 00:00", "T00:00:00Z", "T00:00:00.000"}) {
    if (text.ends_with(suffix)) {
      return text.substr(0, text.size() - suffix.size());
    }
  }
  return text;
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
  return year >= 1900 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::string Date::iso() const {
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::string Date::french() const {
  return fmt::format("{:02}/{:02}/{:04}", day, month, year);
}

std::int64_t Date::days_since_epoch() const {
  return days_from_civil(year, month, day);
}

Date Date::from_days_since_epoch(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

Date Date::add_days(std::int64_t days) const {
  return from_days_since_epoch(days_since_epoch() + days);
}

Date Date::add_years(int years) const {
  Date out{year + years, month, day};
  if (out.month == 2 && out.day == 29 && !is_leap(out.year)) {
    out.day = 28;
  }
  return out;
}

Result<Date> parse_date(std::string_view raw) {
  const std::string_view text = strip_midnight(trim(raw));
  const std::string shown(trim(raw));
  if (text.empty()) {
    return fail(ErrorKind::data, "date vide");
  }
  int day = 0;
  int month = 0;
  int year = 0;
  bool parsed = false;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    parsed =
        parse_int(text.substr(0, 4), year) && parse_int(text.substr(5, 2), month) && parse_int(text.substr(8, 2), day);
  } else {
    const std::size_t first = text.find_first_of("/-.");
    if (first != std::string_view::npos) {
      const char separator = text[first];
      const std::size_t second = text.find(separator, first + 1);
      if (second != std::string_view::npos && text.find(separator, second + 1) == std::string_view::npos &&
          first == 4) {
        // « 2024/07/01 »: a four-digit year first is never ambiguous.
        parsed = parse_int(text.substr(0, 4), year) && parse_int(text.substr(5, second - 5), month) &&
                 parse_int(text.substr(second + 1), day) && second - 5 <= 2 && text.size() - second - 1 <= 2;
      } else if (second != std::string_view::npos && text.find(separator, second + 1) == std::string_view::npos) {
        const std::string_view year_text = text.substr(second + 1);
        if (year_text.size() == 2) {
          return fail(ErrorKind::data,
                      fmt::format("date « {} » : l'année doit avoir quatre chiffres (JJ/MM/AAAA)", shown));
        }
        parsed = year_text.size() == 4 && parse_int(text.substr(0, first), day) &&
                 parse_int(text.substr(first + 1, second - first - 1), month) && parse_int(year_text, year) &&
                 first <= 2 && second - first - 1 <= 2;
      }
    }
  }
  if (!parsed) {
    return fail(ErrorKind::data, fmt::format("date invalide « {} » : attendu JJ/MM/AAAA ou AAAA-MM-JJ", shown));
  }
  if (year < 1900 || year > 2200) {
    return fail(ErrorKind::data,
                fmt::format("date invalide « {} » : l'année {} est hors de la plage 1900 à 2200", shown, year));
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return fail(ErrorKind::data, fmt::format("date invalide « {} » : ce jour n'existe pas", shown));
  }
  return Date{year, month, day};
}

Result<Date> date_from_excel_serial(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < (date1904 ? 0 : 1) || serial > 2958465) {
    return fail(ErrorKind::data, fmt::format("numéro de date Excel hors limites : {}", serial));
  }
  const auto whole = static_cast<std::int64_t>(std::floor(serial));
  if (date1904) {
    return Date{1904, 1, 1}.add_days(whole);
  }
  if (whole == 60) {
    return fail(ErrorKind::data, "date Excel 29/02/1900 : ce jour n'existe pas");
  }
  // Serial 1 is 1900-01-01; serials after the fictitious 29/02/1900 are one day ahead.
  return Date{1899, 12, 31}.add_days(whole - (whole > 60 ? 1 : 0));
}

double excel_serial_from_date(const Date& date) {
  const std::int64_t days = date.days_since_epoch() - Date{1899, 12, 31}.days_since_epoch();
  return static_cast<double>(days + (days >= 60 ? 1 : 0));
}

std::string format_timestamp_fr(std::string_view iso_timestamp) {
  const auto digits = [&](std::size_t from, std::size_t count) {
    return std::all_of(iso_timestamp.begin() + static_cast<std::ptrdiff_t>(from),
                       iso_timestamp.begin() + static_cast<std::ptrdiff_t>(from + count),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (iso_timestamp.size() < 17 || iso_timestamp.back() != 'Z' || iso_timestamp[4] != '-' || iso_timestamp[7] != '-' ||
      iso_timestamp[10] != 'T' || iso_timestamp[13] != ':' || !digits(0, 4) || !digits(5, 2) || !digits(8, 2) ||
      !digits(11, 2) || !digits(14, 2)) {
    return std::string(iso_timestamp);
  }
  return fmt::format("{}/{}/{} à {} UTC", iso_timestamp.substr(8, 2), iso_timestamp.substr(5, 2),
                     iso_timestamp.substr(0, 4), iso_timestamp.substr(11, 5));
}

Date today_local() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

}  // namespace pilot::util

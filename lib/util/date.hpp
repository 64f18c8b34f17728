// Calendar dates as French users type them (JJ/MM/AAAA) and as files store them (ISO,
// Excel serial numbers). A Date is always a real day of the Gregorian calendar.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace pilot::util {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;

  [[nodiscard]] std::string iso() const;                // 2024-06-28
  [[nodiscard]] std::string french() const;             // 28/06/2024
  [[nodiscard]] std::int64_t days_since_epoch() const;  // 1970-01-01 = 0
  static Date from_days_since_epoch(std::int64_t days);
  [[nodiscard]] Date add_days(std::int64_t days) const;
  // Same day N years later; 29/02 becomes 28/02 in a non-leap year.
  [[nodiscard]] Date add_years(int years) const;
};

[[nodiscard]] bool is_valid_date(int year, int month, int day);

// Accepts JJ/MM/AAAA (also J/M/AAAA, JJ-MM-AAAA, JJ.MM.AAAA) and ISO AAAA-MM-JJ, optionally
// followed by a midnight time ("28/06/2024 00:00:00", "2024-06-28T00:00:00") as spreadsheets
// write it. Two-digit years are refused: they are ambiguous. Fails with a French message
// saying what was wrong (« 31/02/2024 n'existe pas »).
Result<Date> parse_date(std::string_view text);

// Excel serial day number (1900 date system, with its fictitious 29/02/1900) to a date.
Result<Date> date_from_excel_serial(double serial, bool date1904 = false);
double excel_serial_from_date(const Date& date);

// Today's date in local time; commands take it from their context so tests can fix it.
Date today_local();

// A timestamp as pilot records it (2026-11-22T10:00:00Z) as people read it: « 22/11/2026 à 10:00 UTC »
// (said to be UTC rather than converted: the same text on every machine, whatever its time zone).
// Anything else is returned as it is.
std::string format_timestamp_fr(std::string_view iso_timestamp);

}  // namespace pilot::util

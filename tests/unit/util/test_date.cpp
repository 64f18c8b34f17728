#include <doctest/doctest.h>

#include "util/date.hpp"

using namespace pilot::util;

TEST_SUITE("util::date") {
  TEST_CASE("parse_date accepts French and ISO forms") {
    CHECK(parse_date("28/06/2024").value() == Date{2024, 6, 28});
    CHECK(parse_date("1/6/2024").value() == Date{2024, 6, 1});
    CHECK(parse_date("2024-06-28").value() == Date{2024, 6, 28});
    CHECK(parse_date("28-06-2024").value() == Date{2024, 6, 28});
    CHECK(parse_date(" 28.06.2024 ").value() == Date{2024, 6, 28});
    CHECK(parse_date("28/06/2024 00:00:00").value() == Date{2024, 6, 28});
    CHECK(parse_date("29/02/2024").value() == Date{2024, 2, 29});
    CHECK(parse_date("2024/07/01").value() == Date{2024, 7, 1});  // year first: never ambiguous
    CHECK(parse_date("2024.7.1").value() == Date{2024, 7, 1});
  }
  TEST_CASE("parse_date refuses impossible and ambiguous dates") {
    CHECK(parse_date("31/02/2024").error().message == "date invalide « 31/02/2024 » : ce jour n'existe pas");
    CHECK(parse_date("29/02/2023").error().message == "date invalide « 29/02/2023 » : ce jour n'existe pas");
    CHECK(parse_date("28/06/24").error().message ==
          "date « 28/06/24 » : l'année doit avoir quatre chiffres (JJ/MM/AAAA)");
    CHECK(parse_date("juin 2024").error().message == "date invalide « juin 2024 » : attendu JJ/MM/AAAA ou AAAA-MM-JJ");
    CHECK(parse_date("28/06/2024 14:30").has_value() == false);
    CHECK(parse_date("").error().message == "date vide");
    CHECK(parse_date("01/02/9999").error().message ==
          "date invalide « 01/02/9999 » : l'année 9999 est hors de la plage 1900 à 2200");
    CHECK(parse_date("2024/13/01").error().message == "date invalide « 2024/13/01 » : ce jour n'existe pas");
    CHECK_FALSE(parse_date("2024/123/1").has_value());
  }
  TEST_CASE("arithmetic and formatting") {
    CHECK(Date{2024, 6, 28}.french() == "28/06/2024");
    CHECK(Date{2024, 6, 28}.iso() == "2024-06-28");
    CHECK(Date{2024, 12, 31}.add_days(1) == Date{2025, 1, 1});
    CHECK(Date{2024, 2, 29}.add_years(1) == Date{2025, 2, 28});
    CHECK(Date::from_days_since_epoch(0) == Date{1970, 1, 1});
    CHECK(Date{2024, 3, 1}.days_since_epoch() - Date{2024, 2, 1}.days_since_epoch() == 29);
  }
  TEST_CASE("Excel serial numbers") {
    CHECK(date_from_excel_serial(45471).value() == Date{2024, 6, 28});
    CHECK(date_from_excel_serial(1).value() == Date{1900, 1, 1});
    CHECK(date_from_excel_serial(61).value() == Date{1900, 3, 1});
    CHECK_FALSE(date_from_excel_serial(60).has_value());
    CHECK(date_from_excel_serial(0, true).value() == Date{1904, 1, 1});
    CHECK_FALSE(date_from_excel_serial(-1).has_value());
    CHECK(excel_serial_from_date(Date{2024, 6, 28}) == 45471);
    CHECK(date_from_excel_serial(44009, true).value() == Date{2024, 6, 28});
  }
  TEST_CASE("recorded timestamps as people read them") {
    CHECK(pilot::util::format_timestamp_fr("2026-11-22T10:05:59Z") == "22/11/2026 à 10:05 UTC");
    CHECK(pilot::util::format_timestamp_fr("2024-02-29T23:59:00Z") == "29/02/2024 à 23:59 UTC");
    // Anything else as it is: a date, an empty text, a hand-edited value.
    CHECK(pilot::util::format_timestamp_fr("2026-11-23") == "2026-11-23");
    CHECK(pilot::util::format_timestamp_fr("") == "");
    CHECK(pilot::util::format_timestamp_fr("2026-11-22 10:05:59") == "2026-11-22 10:05:59");
    CHECK(pilot::util::format_timestamp_fr("2026-1x-22T10:05:59Z") == "2026-1x-22T10:05:59Z");
  }
}

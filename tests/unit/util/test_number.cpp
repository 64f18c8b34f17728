#include <doctest/doctest.h>

#include "util/number.hpp"

using namespace pilot::util;

TEST_SUITE("util::number") {
  TEST_CASE("parse_money_cents accepts what French users type") {
    SUBCASE("spaces, decimal comma and euro sign") {
      CHECK(parse_money_cents("2 560 000,00 €").value() == 256000000);
    }
    SUBCASE("no separators") {
      CHECK(parse_money_cents("2560000").value() == 256000000);
    }
    SUBCASE("NBSP and narrow NBSP as Excel writes them") {
      CHECK(parse_money_cents("72\u00a0944\u00a0233,00\u00a0€").value() == 7294423300);
      CHECK(parse_money_cents("9\u202f672\u202f000,00 €").value() == 967200000);
    }
    SUBCASE("one decimal") {
      CHECK(parse_money_cents("1 234,5").value() == 123450);
    }
    SUBCASE("machine decimal point") {
      CHECK(parse_money_cents("2560000.5").value() == 256000050);
    }
    SUBCASE("dot thousands and comma decimals") {
      CHECK(parse_money_cents("1.234.567,89").value() == 123456789);
    }
    SUBCASE("EUR suffix and leading euro sign") {
      CHECK(parse_money_cents("15 EUR").value() == 1500);
      CHECK(parse_money_cents("€15").value() == 1500);
    }
    SUBCASE("negative") {
      CHECK(parse_money_cents("-1 000,00 €").value() == -100000);
    }
    SUBCASE("trailing zeros beyond cents from a machine") {
      CHECK(parse_money_cents("12.5000").value() == 1250);
      CHECK(parse_money_cents("0.500").value() == 50);
    }
    SUBCASE("dot thousands, when more than one group says so") {
      CHECK(parse_money_cents("1.000.000").value() == 100000000);
    }
  }

  TEST_CASE("a single dot before three digits is asked, not guessed") {
    // 160 000 € typed with a dot between thousands would be read as 160,00 €.
    CHECK(parse_money_cents("160.000").error().message ==
          "nombre invalide « 160.000 » : ambigu : écrivez 160 000 pour des milliers, ou 160 sans décimales");
    CHECK(parse_money_cents("12.500 €").error().message ==
          "nombre invalide « 12.500 € » : ambigu : écrivez 12 500 pour des milliers, ou 12,5 pour des décimales");
    CHECK_FALSE(parse_integer("2.000").has_value());
    CHECK_FALSE(parse_decimal("1.250").has_value());
    CHECK(parse_decimal("1.25").value() == doctest::Approx(1.25));
    CHECK(parse_decimal("0.125").value() == doctest::Approx(0.125));
    CHECK(parse_decimal("1 000.125").value() == doctest::Approx(1000.125));
    CHECK(parse_decimal("12,500").value() == doctest::Approx(12.5));  // a comma is the French decimal mark
  }

  TEST_CASE("an amount with a comma before three digits ending in zero is asked, not guessed") {
    // 21 000 € written with an English thousands comma would be read as 21,00 €: no amount has three
    // decimals, so the zeros are not dropped as after a decimal point.
    CHECK(parse_money_cents("21,000").error().message ==
          "nombre invalide « 21,000 » : ambigu : écrivez 21 000 pour des milliers, ou 21 sans décimales");
    CHECK(parse_money_cents("12,500 €").error().message ==
          "nombre invalide « 12,500 € » : ambigu : écrivez 12 500 pour des milliers, ou 12,5 pour des décimales");
    CHECK(parse_money_cents("-1,250").error().message ==
          "nombre invalide « -1,250 » : ambigu : écrivez 1 250 pour des milliers, ou 1,25 pour des décimales");
    // Not ambiguous: a zero integer part, a four-digit one, grouped thousands, a decimal point.
    CHECK(parse_money_cents("0,500").value() == 50);
    CHECK(parse_money_cents("1234,500").value() == 123450);
    CHECK(parse_money_cents("1 234,500").value() == 123450);
    CHECK(parse_money_cents("1.234,500").value() == 123450);
    CHECK(parse_money_cents("21,00").value() == 2100);
    CHECK(parse_money_cents("21,0000").value() == 2100);
    // Three significant decimals are refused as before.
    CHECK(parse_money_cents("12,345").error().message == "montant « 12,345 » : pas plus de deux décimales (centimes)");
  }

  TEST_CASE("parse_money_cents refuses what it cannot read for sure") {
    CHECK(parse_money_cents("12,345").error().message == "montant « 12,345 » : pas plus de deux décimales (centimes)");
    CHECK(parse_money_cents("12 34").error().message == "nombre invalide « 12 34 » : séparateur de milliers mal placé");
    CHECK(parse_money_cents("douze").error().message == "nombre invalide « douze » : caractère inattendu « d »");
    // What cannot be seen is named by its code: € of a Windows-1252 file read as Latin-1 is U+0080.
    CHECK(parse_money_cents("200 000,00 \xC2\x80").error().message ==
          "nombre invalide « 200 000,00 \xC2\x80 » : caractère inattendu U+0080 (invisible)");
    CHECK(parse_money_cents("12\xC2\xA4").error().message ==
          "nombre invalide « 12\xC2\xA4 » : caractère inattendu « \xC2\xA4 » (U+00A4)");
    CHECK(parse_money_cents("").error().message == "nombre vide");
    CHECK(parse_money_cents("1,2,3").error().message == "nombre invalide « 1,2,3 » : séparateur de milliers mal placé");
    CHECK_FALSE(parse_money_cents("999999999999999999").has_value());
  }

  TEST_CASE("parse_decimal, parse_integer and parse_percent") {
    CHECK(parse_decimal("1 234,5").value() == doctest::Approx(1234.5));
    CHECK(parse_decimal("0,25").value() == doctest::Approx(0.25));
    CHECK(parse_decimal(",5").value() == doctest::Approx(0.5));
    CHECK(parse_decimal("12 %").error().message == "nombre invalide « 12 % » : unité inattendue pour ce champ");
    CHECK(parse_integer("1 200").value() == 1200);
    CHECK(parse_integer("12,00").value() == 12);
    CHECK(parse_integer("12,5").error().message == "nombre entier attendu, pas « 12,5 »");
    CHECK(parse_percent("12 %").value() == doctest::Approx(12));
    CHECK(parse_percent("12,5%").value() == doctest::Approx(12.5));
    CHECK(parse_percent("40").value() == doctest::Approx(40));
  }

  TEST_CASE("plain digits give what the full parse gives") {
    CHECK(parse_integer("2024").value() == 2024);
    CHECK(parse_integer(" 0123 ").value() == 123);
    CHECK(parse_integer("0000").value() == 0);
    CHECK(parse_integer("999999999999999").value() == 999'999'999'999'999);
    CHECK(parse_integer("0000000000000000001").value() == 1);  // over 15 characters, 1 significant digit
    CHECK(parse_integer("1234567890123456").error().message ==
          "nombre invalide « 1234567890123456 » : valeur trop grande");
    CHECK(parse_decimal("133").value() == 133.0);
    CHECK(parse_decimal("007").value() == 7.0);
    CHECK(parse_money_cents("2560000").value() == 256'000'000);
    CHECK(parse_money_cents("0").value() == 0);
    CHECK(parse_percent("12").value() == doctest::Approx(12));
  }

  TEST_CASE("parse_yes_no") {
    CHECK(parse_yes_no("Oui").value());
    CHECK(parse_yes_no(" NON ").value() == false);
    CHECK(parse_yes_no("vrai").value());
    CHECK(parse_yes_no("peut-être").error().message == "« peut-être » n'est pas une réponse oui/non");
  }

  TEST_CASE("French formatting") {
    CHECK(format_money_fr(256000000) == "2 560 000,00 €");
    CHECK(format_money_fr(7294423300) == "72 944 233,00 €");
    CHECK(format_money_fr(-5) == "-0,05 €");
    CHECK(format_money_fr(0) == "0,00 €");
    CHECK(format_integer_fr(1234567) == "1 234 567");
    CHECK(format_integer_fr(12) == "12");
    CHECK(format_decimal_fr(17.1666, 2) == "17,17");
    CHECK(format_percent_fr(12.345, 1) == "12,3 %");
    CHECK(format_cents_plain(256000050) == "2560000.50");
    CHECK(format_cents_plain(-5) == "-0.05");
  }
}

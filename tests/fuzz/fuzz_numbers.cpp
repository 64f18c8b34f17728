// libFuzzer target: the French number, money, percent, yes/no and date parsers, with the
// properties callers rely on: a parsed amount stays within k_max_cents, and whatever parses
// survives a round trip through its formatter.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "util/date.hpp"
#include "util/number.hpp"

namespace {

[[noreturn]] void property_broken() {
  __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace util = pilot::util;

  if (auto cents = util::parse_money_cents(text)) {
    if (*cents > util::k_max_cents || *cents < -util::k_max_cents) {
      property_broken();
    }
    auto again = util::parse_money_cents(util::format_cents_plain(*cents));
    if (!again || *again != *cents) {
      property_broken();
    }
    (void)util::format_money_fr(*cents);
  }
  if (auto value = util::parse_decimal(text)) {
    if (!std::isfinite(*value)) {
      property_broken();
    }
    (void)util::format_decimal_fr(*value, 2);
  }
  if (auto value = util::parse_integer(text)) {
    (void)util::format_integer_fr(*value);
  }
  if (auto value = util::parse_percent(text)) {
    (void)util::format_percent_fr(*value);
  }
  (void)util::parse_yes_no(text);

  if (auto date = util::parse_date(text)) {
    if (!util::is_valid_date(date->year, date->month, date->day)) {
      property_broken();
    }
    auto french = util::parse_date(date->french());
    auto iso = util::parse_date(date->iso());
    if (!french || *french != *date || !iso || *iso != *date) {
      property_broken();
    }
    const auto serial = util::excel_serial_from_date(*date);
    auto back = util::date_from_excel_serial(serial);
    if (back && *back != *date) {
      property_broken();
    }
  }

  if (size >= sizeof(double)) {
    double serial = 0;
    std::memcpy(&serial, data, sizeof serial);
    (void)util::date_from_excel_serial(serial, false);
    (void)util::date_from_excel_serial(serial, true);
  }
  return 0;
}

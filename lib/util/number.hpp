// Numbers as French users type them — "2 560 000,00 €", "1 234,5", "12 %" — and as
// machines write them ("2560000.5"). Parsing is strict: a value that could mean two
// things is refused with a message rather than guessed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace pilot::util {

// Largest amount accepted, in cents (100 000 milliards d'euros): guards against absurd input
// and keeps every sum of a national dataset inside int64.
inline constexpr std::int64_t k_max_cents = 10'000'000'000'000'000;

// A decimal number: digits with optional sign, optional thousands separators (space, NBSP,
// narrow NBSP, or '.' when the decimal mark is ','), decimal mark ',' or '.'. A trailing
// "€"/"EUR" is accepted only by parse_money_cents, a trailing "%" only by parse_percent.
Result<double> parse_decimal(std::string_view text);

// Whole numbers; "12,00" is accepted, "12,5" is not.
Result<std::int64_t> parse_integer(std::string_view text);

// Euros to integer cents, exactly (no floating point): at most two decimals.
Result<std::int64_t> parse_money_cents(std::string_view text);

// Percent points: "12 %", "12,5%", "12" → 12 / 12.5 / 12.
Result<double> parse_percent(std::string_view text);

// oui/non, o/n, vrai/faux, yes/no, true/false, 1/0 (any case, accents ignored).
Result<bool> parse_yes_no(std::string_view text);

// French formatting with a plain space as thousands separator (so columns align in a
// terminal) and a decimal comma.
std::string format_integer_fr(std::int64_t value);
std::string format_decimal_fr(double value, int decimals);
std::string format_money_fr(std::int64_t cents);                // 2 560 000,00 €
std::string format_percent_fr(double value, int decimals = 1);  // 12,5 %
// Machine formatting: "2560000.00", for CSV meant for scripts and JSON.
std::string format_cents_plain(std::int64_t cents);

}  // namespace pilot::util

// Tells date and time number formats from the others, which is all the reader needs from
// xl/styles.xml: Excel stores dates as plain numbers and only the cell's format says otherwise.
#pragma once

#include <cstdint>
#include <string_view>

namespace pilot::io::xlsx {

// Built-in format ids 14-22 and 45-47 (d/m/yy, h:mm, mm:ss ...).
bool is_builtin_date_format(std::uint32_t format_id);

// A custom format code is a date or time format when a d, m, y or h token (any case) appears
// outside quoted literals, [brackets] (colours, locales, conditions), backslash escapes and
// the _x / *x padding directives: "dd/mm/yyyy" and "[$-40C]d\ mmmm\ yyyy" are dates,
// '#,##0.00 "€"' and "0.00%" are not.
bool is_date_format_code(std::string_view code);

// Built-in format ids 9 and 10 (0%, 0.00%): Excel stores 12 % as 0.12 and only the format says so.
bool is_builtin_percent_format(std::uint32_t format_id);

// A custom format code shows a percentage when a % appears outside quoted literals, [brackets] and
// escapes, as for dates: "0.0%" and "0 %" are percentages; '0 "%"' and "0\%" are not (a quoted or
// escaped sign is shown as is, the number is not scaled).
bool is_percent_format_code(std::string_view code);

}  // namespace pilot::io::xlsx

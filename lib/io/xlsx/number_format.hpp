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

}  // namespace pilot::io::xlsx

#include "io/xlsx/number_format.hpp"

namespace pilot::io::xlsx {

bool is_builtin_date_format(std::uint32_t format_id) {
  return (format_id >= 14 && format_id <= 22) || (format_id >= 45 && format_id <= 47);
}

bool is_builtin_percent_format(std::uint32_t format_id) {
  return format_id == 9 || format_id == 10;
}

namespace {

// The first character of `code` that is a format token (outside "literals", [brackets],
// backslash escapes and _x / *x directives) and one of `tokens`; npos when none.
std::size_t find_token(std::string_view code, std::string_view tokens) {
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"' || c == '[') {
      const auto close = code.find(c == '"' ? '"' : ']', i + 1);
      if (close == std::string_view::npos) {
        return std::string_view::npos;
      }
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is a literal, a width or a fill, never a token
    } else if (tokens.find(c) != std::string_view::npos) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

bool is_percent_format_code(std::string_view code) {
  return find_token(code, "%") != std::string_view::npos;
}

bool is_date_format_code(std::string_view code) {
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    switch (c) {
      case '"': {
        const auto close = code.find('"', i + 1);
        if (close == std::string_view::npos) {
          return false;
        }
        i = close;
        break;
      }
      case '[': {
        const auto close = code.find(']', i + 1);
        if (close == std::string_view::npos) {
          return false;
        }
        i = close;
        break;
      }
      case '\\':
      case '_':
      case '*':
        ++i;  // the next character is a literal, a width or a fill, never a token
        break;
      case 'd':
      case 'D':
      case 'm':
      case 'M':
      case 'y':
      case 'Y':
      case 'h':
      case 'H': return true;
      default: break;
    }
  }
  return false;
}

}  // namespace pilot::io::xlsx

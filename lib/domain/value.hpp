// Typed answers to form fields. A record (convention, action, bilan) is a map from the
// stable field key of its form to one Value; the form says which alternative each key holds.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "util/date.hpp"

namespace pilot::domain {

// monostate: no answer. std::string: text, or the code of a single choice.
// std::int64_t: integer, or money in cents. double: decimal, percent points, ETP.
// util::Date: date. bool: oui/non. std::vector<std::string>: codes of a multiple choice.
using Value =
    std::variant<std::monostate, std::string, std::int64_t, double, util::Date, bool, std::vector<std::string>>;

// std::less<>: looked up by string_view or a literal without building a std::string (every cell
// of a bulk import is looked up several times).
using Answers = std::map<std::string, Value, std::less<>>;

[[nodiscard]] inline bool is_empty(const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) {
    return true;
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    return text->empty();
  }
  if (const auto* codes = std::get_if<std::vector<std::string>>(&value)) {
    return codes->empty();
  }
  return false;
}

// One row of a repeating group (a budget line, an indicator), keyed like Answers.
struct GroupRow {
  std::size_t source_row = 0;  // where it came from (CSV line, Excel row), 0 when typed
  Answers values;
};

}  // namespace pilot::domain

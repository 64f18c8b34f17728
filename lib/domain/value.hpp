// Typed answers to form fields. A record (convention, action, bilan) is a map from the
// stable field key of its form to one Value; the form says which alternative each key holds.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/date.hpp"

namespace pilot::domain {

// monostate: no answer. std::string: text, or the code of a single choice.
// std::int64_t: integer, or money in cents. double: decimal, percent points, ETP.
// util::Date: date. bool: oui/non. std::vector<std::string>: codes of a multiple choice.
using Value =
    std::variant<std::monostate, std::string, std::int64_t, double, util::Date, bool, std::vector<std::string>>;

// The order of std::less<std::string> (bytes compared unsigned, then length), compared in line:
// field keys are short and mostly differ in their first bytes, where a call to memcmp per step of
// the tree cost more than the comparison (a bulk import looks up every cell several times: 1 in 11
// of the checking thread's cycles went to memcmp). Transparent: a string_view or a literal is
// looked up without building a std::string.
struct KeyLess {
  using is_transparent = void;
  [[nodiscard]] bool operator()(std::string_view a, std::string_view b) const noexcept {
    const std::size_t common = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < common; ++i) {
      if (a[i] != b[i]) {
        return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
      }
    }
    return a.size() < b.size();
  }
};

using Answers = std::map<std::string, Value, KeyLess>;

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

// One thing wrong with one value of a record, as the checks report it. Many are returned at once so
// that users fix a whole file in one pass; codes are stable and listed in schemas/README.md.
#pragma once

#include <cstddef>
#include <string>

#include "forms/schema.hpp"

namespace pilot::forms {

struct Problem {
  std::string code;           // "E201"; rules use their own code (E5xx / W5xx)
  std::string field;          // field key ("" for a whole-record rule)
  std::string group;          // group key when the problem is in a group row
  std::size_t group_row = 0;  // GroupRow::source_row (or its 1-based position when 0)
  std::string value;          // the value as given (raw text, or storage text of a typed value)
  std::string message;        // French, names the field's label and the value
  Severity severity = Severity::error;
};

}  // namespace pilot::forms

// Binding the column headers of a CSV file or an Excel sheet to the fields of a form (or of one of
// its groups): by key, label or alias, ignoring accents, case, punctuation and column order.
#pragma once

#include <string>
#include <vector>

#include "forms/schema.hpp"

namespace pilot::forms {

struct HeaderBinding {
  std::vector<const Field*> column_fields;     // one per header; nullptr = unknown, empty or duplicate
  std::vector<std::string> unknown;            // headers matching no field, as written
  std::vector<std::string> suggestions;        // per unknown header: closest field label, "" if none
  std::vector<const Field*> missing_required;  // always-required fields with no column
  std::vector<std::string> duplicates;         // headers naming a field an earlier column already names
};

// `fields`: Form::field_pointers() or Group::field_pointers(), plus any field the caller wants to
// accept too (an importer adds the action's `reference` to a budget sheet). Empty headers are
// ignored. A field asked only under a condition (relevant) is never « missing ».
HeaderBinding bind_headers(const std::vector<const Field*>& fields, const std::vector<std::string>& headers);

}  // namespace pilot::forms

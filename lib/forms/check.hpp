// Checking one record (a convention, an action, a bilan) against its form: every problem at once,
// each with a stable code and a French message naming the field's label and the value.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/value.hpp"
#include "forms/catalog.hpp"
#include "forms/problem.hpp"

namespace pilot::forms {

// Values are already typed (parse problems are reported by parse_field_value). Checks: unknown keys
// (E206, E402), required (E201), required_if (E202), answers to questions that do not apply (E203),
// « Autre » without its precision (E204), value types (E100), choices (E108, E109), min/max
// (E301, E302), max_length (E303), pattern (E304), constraint (E305), group rows field by field,
// min_rows (E404), duplicate key_fields (E401), national indicators above the indicator they are a
// sub-count of (E403) or in another unit than the referential (E405), and the form's rules.
//
// A rule is not checked when it reads a value known to be wrong: a field or group named in
// `unreadable` (input the caller could not read: « mille » for an amount), or one with an error
// found here (a negative amount, a duplicate budget line). Its sums would be computed without that
// value or with it twice, and its message would state something false (« the valorisation (0 €)
// exceeds 50 % of the collectivité's share (-500 €) »); the value's own error says what to fix.
std::vector<Problem> check_record(const Catalog& catalog, const Form& form, const domain::Answers& answers,
                                  const std::map<std::string, std::vector<domain::GroupRow>>& groups,
                                  const std::set<std::string, std::less<>>& unreadable = {});

// Whether a field is asked given the other answers (its relevant condition, and for an « Autre »
// precision field, whether « Autre » is chosen). `row` is the group row for a group field.
[[nodiscard]] bool is_relevant(const Form& form, const Field& field, const domain::Answers& answers,
                               const std::map<std::string, std::vector<domain::GroupRow>>& groups,
                               const domain::Answers* row = nullptr);

}  // namespace pilot::forms

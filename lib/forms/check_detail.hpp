// Pieces of check_record shared between check.cpp and check_groups.cpp (private to lib/forms).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "forms/catalog.hpp"
#include "forms/expression.hpp"
#include "forms/problem.hpp"

namespace pilot::forms::detail {

// The fields checked together (the record's, or one group row's) and their answers.
struct FieldScope {
  const Group* group = nullptr;
  std::vector<const Field*> fields;
  const domain::Answers* answers = nullptr;
  std::size_t row_number = 0;
};

[[nodiscard]] bool field_relevant(const FieldScope& scope, const Field& field, const EvalContext& context);

void check_field(const Catalog& catalog, const FieldScope& scope, const Field& field, const EvalContext& context,
                 std::vector<Problem>& problems);

void check_groups(const Catalog& catalog, const Form& form, const domain::Answers& answers,
                  const std::map<std::string, std::vector<domain::GroupRow>>& groups, std::vector<Problem>& problems);

// The rule's message with each {expression} replaced by its value.
std::string rule_message(const Rule& rule, const EvalContext& context);

}  // namespace pilot::forms::detail

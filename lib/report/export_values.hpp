// Stored answers read back with the form that asked them: typed cells for exports, domain values
// for fiches. The form decides what a stored row means (money in cents, a choice code, an ISO
// date); a row that does not fit its field's type is shown as stored rather than dropped.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "domain/value.hpp"
#include "forms/schema.hpp"
#include "report/export_sink.hpp"
#include "store/action_store.hpp"

namespace pilot::report {

// The label of a choice code in the field's list; the code itself when unknown.
std::string_view choice_label(const forms::Field& field, std::string_view code);

// A choice as the audience reads it: its label for people, its code for machines.
std::string choice_text(const forms::Field& field, std::string_view code, Audience audience);

// « Oui » / « Non » for people, « oui » / « non » for machines.
std::string_view yes_no_text(bool value, Audience audience);

// One stored row of a field as a typed cell: numbers, money, percent points and dates typed;
// choices and yes/no as text for the audience.
Cell answer_cell(const forms::Field& field, const store::StoredAnswer& answer, Audience audience);

// Every row of one field (ordered by rank) as the value the form engine knows.
domain::Value answer_value(const forms::Field& field, std::span<const store::StoredAnswer> rows);

ColumnType column_type(forms::FieldType type);

// « code = libellé ; ... » for the Définitions sheet and the manifest (choices the form offers).
std::string choices_text(const forms::Field& field);

}  // namespace pilot::report

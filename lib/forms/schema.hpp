// The form schema as loaded from schemas/: forms, their fields, repeating groups, cross-field rules,
// choice lists and the national indicator referential. Plain values shared by const pointer once a
// Catalog is loaded; every element remembers the file and line it came from so that messages can
// point users at the YAML they wrote. The YAML format is documented in schemas/README.md.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/convention.hpp"
#include "forms/expression.hpp"
#include "forms/location.hpp"

namespace pilot::forms {

enum class FieldType { text, integer, decimal, money, percent, etp, date, yes_no, single_choice, multiple_choice };
std::string_view to_code(FieldType type);   // "text", "money", ...
std::string_view to_label(FieldType type);  // « texte », « montant en euros », ...
std::string with_article(FieldType type);   // « un montant en euros », « une date », ...
std::optional<FieldType> parse_field_type(std::string_view code);
[[nodiscard]] bool is_numeric(FieldType type);  // integer, decimal, money, percent, etp
[[nodiscard]] bool is_choice(FieldType type);   // single_choice, multiple_choice

enum class RecordKind { convention, action, bilan };
std::string_view to_code(RecordKind kind);
std::optional<RecordKind> parse_record_kind(std::string_view code);

enum class GroupKind { budget, indicators, generic };
std::string_view to_code(GroupKind kind);
std::optional<GroupKind> parse_group_kind(std::string_view code);

enum class Severity { error, warning };
std::string_view to_code(Severity severity);  // "error" / "warning"

// The tag that marks a choice whose lines never count in totals (« Pour info » lines of the CIE
// financing plan, seed 003 annex 2): aggregates over a budget group skip rows carrying it.
inline constexpr std::string_view k_pour_info_tag = "pour_info";

struct Choice {
  std::string code;   // stable ASCII code stored in the data
  std::string label;  // French label users read
  std::vector<std::string> aliases;
  std::vector<std::string> tags;  // free markers usable with tagged() (e.g. volet_2, pour_info)
  SourceLocation where;

  [[nodiscard]] bool has_tag(std::string_view tag) const;
};

struct ChoiceList {
  std::string id;
  std::string label;
  std::vector<Choice> choices;
  std::string other;  // code of « Autre », which requires a precision field; "" if none
  SourceLocation where;

  [[nodiscard]] const Choice* find_code(std::string_view code) const;
  // Tolerant lookup of what a user typed: code, label or alias, accents/case/punctuation ignored.
  [[nodiscard]] const Choice* match(std::string_view text) const;
  [[nodiscard]] std::vector<std::string> labels() const;
};

struct Field {
  std::string key;
  std::string label;
  std::string section;  // section key (main record fields only)
  std::string group;    // key of the repeating group the field belongs to, "" for the record
  FieldType type = FieldType::text;
  bool required = false;
  std::string help;
  std::string unit;
  std::optional<double> min;
  std::optional<double> max;
  std::optional<std::size_t> max_length;  // in characters (code points)
  std::string pattern;
  std::shared_ptr<const std::regex> pattern_regex;
  std::string pattern_message;
  std::string choices;  // choice list id
  std::shared_ptr<const ChoiceList> choice_list;
  std::vector<std::string> only_choices;  // subset of the list this form offers; empty = all
  std::string other_field;                // precision field required when the list's « other » code is chosen
  Expression relevant;
  Expression required_if;
  Expression constraint;
  std::string constraint_message;
  std::vector<std::string> aliases;  // other column headers meaning this field
  bool dimension = false;            // dashboards group by it
  SourceLocation where;

  // True if this form offers the code (it exists in the list and passes only_choices).
  [[nodiscard]] bool offers(std::string_view code) const;
  // Choices offered by this form, in list order.
  [[nodiscard]] std::vector<const Choice*> offered_choices() const;
};

struct Section {
  std::string key;
  std::string label;
  std::string help;
  SourceLocation where;
};

struct Group {
  std::string key;
  std::string label;
  std::string section;
  GroupKind kind = GroupKind::generic;
  std::string help;
  std::vector<std::string> sheet_aliases;  // sheet or CSV names meaning this group
  std::vector<Field> fields;
  std::vector<std::string> key_fields;  // fields that identify a row: no two rows share them
  std::size_t min_rows = 0;
  SourceLocation where;

  [[nodiscard]] const Field* find_field(std::string_view key) const;
  [[nodiscard]] std::vector<const Field*> field_pointers() const;
};

// A cross-field rule: when `when` holds (or always), `assert` must not be false.
struct Rule {
  std::string id;
  std::string code;  // problem code reported, e.g. "E502"
  Expression when;
  Expression assert_expr;
  std::string message;                    // French; {expression} parts are replaced by their value
  std::vector<Expression> message_parts;  // parsed {…} parts of message, in order
  Severity severity = Severity::error;
  std::string field;  // field the problem is attached to, "" for the whole record
  SourceLocation where;
};

struct AppliesTo {
  std::vector<domain::ConventionType> convention_types;      // empty = all
  std::vector<domain::CollectiviteType> collectivite_types;  // empty = all

  [[nodiscard]] bool matches(domain::ConventionType convention, domain::CollectiviteType collectivite) const;
};

struct Form {
  std::string id;
  int version = 0;
  std::string title;
  std::string description;
  RecordKind record = RecordKind::action;
  AppliesTo applies_to;
  std::vector<Section> sections;
  std::vector<Field> fields;
  std::vector<Group> groups;
  std::vector<Rule> rules;
  std::vector<std::shared_ptr<const ChoiceList>> local_choices;
  SourceLocation where;  // the file, line 1

  [[nodiscard]] const Field* find_field(std::string_view key) const;  // main record fields
  [[nodiscard]] const Group* find_group(std::string_view key) const;
  [[nodiscard]] const Group* find_group_of_kind(GroupKind kind) const;  // the first; forms have one
  [[nodiscard]] const Section* find_section(std::string_view key) const;
  [[nodiscard]] std::vector<const Field*> fields_of_section(std::string_view section_key) const;
  [[nodiscard]] std::vector<const Field*> field_pointers() const;
  // Finds a group by key, label or sheet alias (fold_key), for sheet and CSV names.
  [[nodiscard]] const Group* match_group(std::string_view sheet_name) const;
};

// One indicator of the national referential (schemas/referentiel-indicateurs.yaml).
struct IndicatorDef {
  std::string code;
  std::string label;
  std::string unit;  // code of the unites_indicateur list
  std::string definition;
  std::string theme;    // the measure it belongs to (« Orienter et accompagner les allocataires du RSA »)
  std::string part_of;  // code of the indicator this one is a sub-count of ("" if none)
  std::vector<std::string> aliases;
  std::string source;  // document it comes from
  SourceLocation where;
};

// True when a row of a budget group carries a choice tagged pour_info (its amounts never count in
// totals); false for other groups.
[[nodiscard]] bool is_pour_info_row(const Group& group, const domain::Answers& row);

// Id of the choice list the catalog builds from the referential (code + label of each indicator).
inline constexpr std::string_view k_referential_list_id = "referentiel_indicateurs";

}  // namespace pilot::forms

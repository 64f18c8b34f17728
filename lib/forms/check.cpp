// Field-level checks shared by the record and its group rows, and the record's cross-field rules.
// Group-specific checks (rows, duplicate keys, indicators) are in check_groups.cpp.
#include "forms/check.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

#include <fmt/format.h>

#include "forms/check_detail.hpp"
#include "forms/values.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::forms {
namespace detail {
namespace {

bool holds_expected_type(const Field& field, const domain::Value& value) {
  switch (field.type) {
    case FieldType::text:
    case FieldType::single_choice: return std::holds_alternative<std::string>(value);
    case FieldType::integer:
    case FieldType::money: return std::holds_alternative<std::int64_t>(value);
    case FieldType::decimal:
    case FieldType::percent:
    case FieldType::etp: return std::holds_alternative<double>(value);
    case FieldType::date: return std::holds_alternative<util::Date>(value);
    case FieldType::yes_no: return std::holds_alternative<bool>(value);
    case FieldType::multiple_choice: return std::holds_alternative<std::vector<std::string>>(value);
  }
  return false;
}

// The field whose « Autre » choice this field details, if any.
const Field* other_owner(const FieldScope& scope, const Field& field) {
  for (const Field* candidate : scope.fields) {
    if (candidate->other_field == field.key && candidate->choice_list != nullptr &&
        !candidate->choice_list->other.empty()) {
      return candidate;
    }
  }
  return nullptr;
}

bool other_chosen(const Field& owner, const domain::Answers* answers) {
  if (answers == nullptr) {
    return false;
  }
  auto it = answers->find(owner.key);
  if (it == answers->end()) {
    return false;
  }
  const std::string& other = owner.choice_list->other;
  if (const auto* code = std::get_if<std::string>(&it->second)) {
    return *code == other;
  }
  if (const auto* codes = std::get_if<std::vector<std::string>>(&it->second)) {
    return std::find(codes->begin(), codes->end(), other) != codes->end();
  }
  return false;
}

// Bounds in the unit users type: euros for money, points for percentages.
std::string bound_text(const Field& field, double bound) {
  if (field.type == FieldType::money) {
    return util::format_money_fr(static_cast<std::int64_t>(std::llround(bound * 100)));
  }
  std::string text = util::format_decimal_fr(bound, 2);
  if (text.find(',') != std::string::npos) {
    while (text.back() == '0') {
      text.pop_back();
    }
    if (text.back() == ',') {
      text.pop_back();
    }
  }
  if (std::fabs(bound) < 10000 && text.find(' ') != std::string::npos) {
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
  }
  return field.type == FieldType::percent ? text + " %" : text;
}

std::optional<double> numeric_value(const Field& field, const domain::Value& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    return field.type == FieldType::money ? static_cast<double>(*number) / 100.0 : static_cast<double>(*number);
  }
  if (const auto* number = std::get_if<double>(&value)) {
    return *number;
  }
  return std::nullopt;
}

}  // namespace

bool field_relevant(const FieldScope& scope, const Field& field, const EvalContext& context) {
  if (!field.relevant.empty() && !holds(field.relevant, context)) {
    return false;
  }
  if (const Field* owner = other_owner(scope, field)) {
    return other_chosen(*owner, scope.answers);
  }
  return true;
}

void check_field(const Catalog& catalog, const FieldScope& scope, const Field& field, const EvalContext& context,
                 std::vector<Problem>& problems) {
  static const domain::Value k_none;
  const domain::Value* found = nullptr;
  if (scope.answers != nullptr) {
    auto it = scope.answers->find(field.key);
    found = it == scope.answers->end() ? nullptr : &it->second;
  }
  const domain::Value& value = found != nullptr ? *found : k_none;
  const bool empty = domain::is_empty(value);
  auto add = [&](std::string code, const std::string& detail) {
    Problem problem;
    problem.code = std::move(code);
    problem.field = field.key;
    problem.group = scope.group == nullptr ? "" : scope.group->key;
    problem.group_row = scope.row_number;
    problem.value = empty ? "" : to_storage_text(field, value);
    problem.message = fmt::format("« {} » : {}", field.label, detail);
    problems.push_back(std::move(problem));
  };
  if (!field_relevant(scope, field, context)) {
    if (!empty) {
      const Field* owner = other_owner(scope, field);
      add("E203", owner != nullptr && (field.relevant.empty() || holds(field.relevant, context))
                      ? fmt::format("précision « {} » donnée alors que « {} » ne comporte pas « {} »",
                                    to_display_text(catalog, field, value), owner->label,
                                    owner->choice_list->find_code(owner->choice_list->other)->label)
                      : fmt::format("réponse « {} » donnée alors que la question ne se pose pas (condition : {})",
                                    to_display_text(catalog, field, value), field.relevant.source()));
    }
    return;
  }
  if (empty) {
    if (field.required) {
      add("E201", "réponse obligatoire manquante");
    } else if (!field.required_if.empty() && holds(field.required_if, context)) {
      add("E202", fmt::format("réponse obligatoire dans ce cas (condition : {})", field.required_if.source()));
    } else if (const Field* owner = other_owner(scope, field)) {
      add("E204", fmt::format("« {} » est choisi dans « {} » : précisez-le",
                              owner->choice_list->find_code(owner->choice_list->other)->label, owner->label));
    }
    return;
  }
  if (!holds_expected_type(field, value)) {
    add("E100", fmt::format("valeur de type inattendu pour un champ {}", to_label(field.type)));
    return;
  }
  if (is_choice(field.type)) {
    std::vector<std::string> codes;
    if (const auto* code = std::get_if<std::string>(&value)) {
      codes.push_back(*code);
    } else {
      codes = std::get<std::vector<std::string>>(value);
    }
    for (const auto& code : codes) {
      if (field.choice_list == nullptr || field.choice_list->find_code(code) == nullptr) {
        add("E108", fmt::format("code de choix inconnu « {} »", code));
      } else if (!field.offers(code)) {
        add("E109",
            fmt::format("« {} » n'est pas proposé dans ce formulaire", field.choice_list->find_code(code)->label));
      }
    }
  }
  if (const auto number = numeric_value(field, value)) {
    // Formatted only for a problem: this runs for every number of a bulk import.
    if (field.min && *number < *field.min - 1e-9) {
      add("E301", fmt::format("{} est inférieur au minimum ({})", to_display_text(catalog, field, value),
                              bound_text(field, *field.min)));
    }
    if (field.max && *number > *field.max + 1e-9) {
      add("E302", fmt::format("{} est supérieur au maximum ({})", to_display_text(catalog, field, value),
                              bound_text(field, *field.max)));
    }
  }
  if (const auto* text = std::get_if<std::string>(&value); text != nullptr && field.type == FieldType::text) {
    const std::size_t length = util::display_width(*text);
    if (field.max_length && length > *field.max_length) {
      add("E303", fmt::format("texte trop long ({} caractères, maximum {})", length, *field.max_length));
    }
    if (field.pattern_regex && !std::regex_match(*text, *field.pattern_regex)) {
      add("E304", fmt::format("format invalide « {} » : {}", *text,
                              field.pattern_message.empty() ? "la valeur ne respecte pas le format attendu"
                                                            : field.pattern_message));
    }
  }
  if (!field.constraint.empty()) {
    EvalContext self = context;
    self.self_field = &field;
    self.self = &value;
    if (violated(field.constraint, self)) {
      const std::string shown = to_display_text(catalog, field, value);
      add("E305", field.constraint_message.empty()
                      ? fmt::format("valeur « {} » refusée (condition : {})", shown, field.constraint.source())
                      : fmt::format("{} (valeur « {} »)", field.constraint_message, shown));
    }
  }
}

std::string rule_message(const Rule& rule, const EvalContext& context) {
  std::string out;
  std::size_t part = 0;
  const std::string& message = rule.message;
  for (std::size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if ((c == '{' || c == '}') && i + 1 < message.size() && message[i + 1] == c) {
      out += c;
      ++i;
    } else if (c == '{') {
      const std::size_t close = message.find('}', i);
      if (part < rule.message_parts.size()) {
        out += display_expr_value(evaluate(rule.message_parts[part], context));
      }
      ++part;
      i = close == std::string::npos ? message.size() : close;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace detail

bool is_relevant(const Form& form, const Field& field, const domain::Answers& answers,
                 const std::map<std::string, std::vector<domain::GroupRow>>& groups, const domain::Answers* row) {
  const Group* group = field.group.empty() ? nullptr : form.find_group(field.group);
  detail::FieldScope scope;
  scope.group = group;
  scope.fields = group != nullptr ? group->field_pointers() : form.field_pointers();
  scope.answers = group != nullptr ? row : &answers;
  EvalContext context{&form, &answers, &groups, group, group != nullptr ? row : nullptr, nullptr, nullptr};
  return detail::field_relevant(scope, field, context);
}

namespace {

// The record fields and groups an expression reads: a bare name (a field, or the group of
// count(group)), and the group of group.member. An aggregate's `where` reads members of that same
// group, already named by its first argument: unlike referenced_names (every name, for the schema
// checks), its bare member names are not taken for record fields of the same key (« nature »).
void collect_reads(const ExprNode* node, std::set<std::string, std::less<>>& reads) {
  if (node == nullptr) {
    return;
  }
  if (node->kind == ExprNode::Kind::field || node->kind == ExprNode::Kind::group_field) {
    reads.insert(node->name);
  }
  for (const auto& child : node->children) {
    collect_reads(child.get(), reads);
  }
}

bool reads_any(const Rule& rule, const std::set<std::string, std::less<>>& wrong) {
  std::set<std::string, std::less<>> reads;
  collect_reads(rule.when.root(), reads);
  collect_reads(rule.assert_expr.root(), reads);
  return std::any_of(reads.begin(), reads.end(), [&](const std::string& name) { return wrong.contains(name); });
}

}  // namespace

std::vector<Problem> check_record(const Catalog& catalog, const Form& form, const domain::Answers& answers,
                                  const std::map<std::string, std::vector<domain::GroupRow>>& groups,
                                  const std::set<std::string, std::less<>>& unreadable) {
  std::vector<Problem> problems;
  for (const auto& [key, value] : answers) {
    if (form.find_field(key) == nullptr) {
      Problem problem;
      problem.code = "E206";
      problem.field = key;
      problem.message = fmt::format("champ inconnu « {} » dans le formulaire « {} »", key, form.id);
      problems.push_back(std::move(problem));
    }
  }
  detail::FieldScope scope;
  scope.fields = form.field_pointers();
  scope.answers = &answers;
  const EvalContext context{&form, &answers, &groups, nullptr, nullptr, nullptr, nullptr};
  for (const auto& field : form.fields) {
    detail::check_field(catalog, scope, field, context, problems);
  }
  detail::check_groups(catalog, form, answers, groups, problems);
  // What is known to be wrong so far; usually nothing, and then no rule's names are collected.
  std::set<std::string, std::less<>> wrong = unreadable;
  for (const auto& problem : problems) {
    if (problem.severity == Severity::error) {
      wrong.insert(problem.group.empty() ? problem.field : problem.group);
    }
  }
  wrong.erase(std::string());
  for (const auto& rule : form.rules) {
    if (!wrong.empty() && reads_any(rule, wrong)) {
      continue;
    }
    if (!rule.when.empty() && !holds(rule.when, context)) {
      continue;
    }
    if (violated(rule.assert_expr, context)) {
      Problem problem;
      problem.code = rule.code;
      problem.field = rule.field;
      problem.message = detail::rule_message(rule, context);
      problem.severity = rule.severity;
      problems.push_back(std::move(problem));
    }
  }
  return problems;
}

}  // namespace pilot::forms

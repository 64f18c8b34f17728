#include "service/action_codec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <regex>
#include <set>
#include <tuple>

#include "forms/expression.hpp"
#include "forms/values.hpp"
#include "util/number.hpp"

namespace pilot::service {
namespace {

const std::set<std::string, std::less<>> k_budget_columns = {"annee",  "financeur", "financeur_nom",
                                                             "nature", "montant",   "etp"};
const std::set<std::string, std::less<>> k_indicator_columns = {
    "type_indicateur", "code", "libelle", "unite", "valeur_reference", "annee", "cible", "realise", "commentaire"};

void put_extras(const forms::Group& group, const std::vector<std::pair<std::string, std::string>>& extra,
                domain::Answers& row) {
  for (const auto& [key, text] : extra) {
    if (const forms::Field* field = group.find_field(key)) {
      auto parsed = forms::parse_field_value(*field, text);
      if (!parsed.problem) {
        row[key] = parsed.value;
      }
    }
  }
}

}  // namespace

std::string text_of(const domain::Answers& row, std::string_view key) {
  const auto found = row.find(key);
  if (found == row.end()) {
    return {};
  }
  if (const auto* text = std::get_if<std::string>(&found->second)) {
    return *text;
  }
  return {};
}

std::optional<double> number_of(const domain::Answers& row, std::string_view key) {
  const auto found = row.find(key);
  if (found == row.end()) {
    return std::nullopt;
  }
  if (const auto* number = std::get_if<double>(&found->second)) {
    return *number;
  }
  if (const auto* whole = std::get_if<std::int64_t>(&found->second)) {
    return static_cast<double>(*whole);
  }
  return std::nullopt;
}

std::int64_t integer_of(const domain::Answers& row, std::string_view key) {
  const auto found = row.find(key);
  if (found != row.end()) {
    if (const auto* whole = std::get_if<std::int64_t>(&found->second)) {
      return *whole;
    }
  }
  return 0;
}

std::vector<std::pair<std::string, std::string>> extras_of(const forms::Group& group, const domain::Answers& row,
                                                           const std::set<std::string, std::less<>>& columns) {
  std::vector<std::pair<std::string, std::string>> extra;
  for (const auto& field : group.fields) {
    if (columns.contains(field.key)) {
      continue;
    }
    const auto found = row.find(field.key);
    if (found != row.end() && !domain::is_empty(found->second)) {
      extra.emplace_back(field.key, forms::to_storage_text(field, found->second));
    }
  }
  return extra;
}

domain::Action action_from_record(const forms::Catalog& catalog, const forms::Form& form, const FormRecord& record,
                                  std::int64_t convention_id) {
  static const std::vector<domain::GroupRow> k_no_rows;  // not a temporary: `a ? {} : rows` copies rows
  domain::Action action;
  action.convention_id = convention_id;
  action.form_id = form.id;
  action.form_version = form.version;
  action.reference = text_of(record.answers, "reference");
  action.title = text_of(record.answers, "intitule");
  for (const auto& [key, value] : record.answers) {
    if (key != "reference" && key != "intitule") {
      action.answers.emplace(key, value);
    }
  }
  if (const forms::Group* budget = form.find_group_of_kind(forms::GroupKind::budget)) {
    const forms::Field* nature_field = budget->find_field("nature");
    const auto rows = record.groups.find(budget->key);
    for (const auto& row : rows == record.groups.end() ? k_no_rows : rows->second) {
      domain::BudgetLine line;
      line.year = static_cast<int>(integer_of(row.values, "annee"));
      auto financer = domain::parse_financer_type(text_of(row.values, "financeur"));
      line.financer = financer ? *financer : domain::FinancerType::autre;
      line.financer_name = text_of(row.values, "financeur_nom");
      line.nature = text_of(row.values, "nature");
      if (const auto amount = row.values.find("montant"); amount != row.values.end()) {
        if (const auto* cents = std::get_if<std::int64_t>(&amount->second)) {
          line.amount_cents = *cents;
        }
      }
      line.etp = number_of(row.values, "etp");
      if (nature_field != nullptr && nature_field->choice_list != nullptr) {
        const forms::Choice* choice = nature_field->choice_list->find_code(line.nature);
        line.informational = choice != nullptr && choice->has_tag(forms::k_pour_info_tag);
      }
      line.extra = extras_of(*budget, row.values, k_budget_columns);
      action.budget.push_back(std::move(line));
    }
  }
  if (const forms::Group* indicators = form.find_group_of_kind(forms::GroupKind::indicators)) {
    const auto rows = record.groups.find(indicators->key);
    for (const auto& row : rows == record.groups.end() ? k_no_rows : rows->second) {
      auto kind = domain::parse_indicator_kind(text_of(row.values, "type_indicateur"));
      const domain::IndicatorKind indicator_kind = kind ? *kind : domain::IndicatorKind::local;
      const std::string code = text_of(row.values, "code");
      std::string label = text_of(row.values, "libelle");
      std::string unit = text_of(row.values, "unite");
      if (indicator_kind == domain::IndicatorKind::national) {
        if (const auto* definition = catalog.find_indicator(code)) {
          label = label.empty() ? definition->label : label;
        }
      }
      auto same = std::find_if(action.indicators.begin(), action.indicators.end(), [&](const domain::Indicator& i) {
        return i.kind == indicator_kind && i.code == code && i.label == label;
      });
      if (same == action.indicators.end()) {
        action.indicators.push_back(domain::Indicator{indicator_kind,
                                                      code,
                                                      label,
                                                      unit,
                                                      number_of(row.values, "valeur_reference"),
                                                      {},
                                                      extras_of(*indicators, row.values, k_indicator_columns)});
        same = std::prev(action.indicators.end());
      } else if (!same->baseline) {
        same->baseline = number_of(row.values, "valeur_reference");
      }
      same->years.push_back(domain::IndicatorYear{static_cast<int>(integer_of(row.values, "annee")),
                                                  number_of(row.values, "cible"), number_of(row.values, "realise"),
                                                  text_of(row.values, "commentaire")});
    }
  }
  return action;
}

domain::Value decode_stored_answer(const forms::Field& field, const std::vector<const store::StoredAnswer*>& rows) {
  if (rows.empty()) {
    return std::monostate{};
  }
  std::string storage_text;
  if (field.type == forms::FieldType::multiple_choice) {
    std::vector<std::string> codes;
    for (const auto* row : rows) {
      codes.push_back(row->text.value_or(""));
    }
    return codes;
  }
  const store::StoredAnswer& row = *rows.front();
  if (row.text) {
    storage_text = *row.text;
  } else if (row.number) {
    if (field.type == forms::FieldType::money) {
      return static_cast<std::int64_t>(std::llround(*row.number));
    }
    if (field.type == forms::FieldType::integer) {
      return static_cast<std::int64_t>(std::llround(*row.number));
    }
    return *row.number;
  }
  auto parsed = forms::parse_field_value(field, storage_text);
  return parsed.problem ? domain::Value{storage_text} : parsed.value;
}

FormRecord record_from_action(const forms::Form& form, const store::StoredAction& stored) {
  FormRecord record;
  record.answers["reference"] = stored.action.reference;
  record.answers["intitule"] = stored.action.title;
  std::map<std::string, std::vector<const store::StoredAnswer*>> by_field;
  for (const auto& answer : stored.answers) {
    by_field[answer.field_key].push_back(&answer);
  }
  for (const auto& [key, rows] : by_field) {
    if (const forms::Field* field = form.find_field(key)) {
      record.answers[key] = decode_stored_answer(*field, rows);
    } else {
      // A field the form no longer has: keep it visible (check reports it) rather than drop it.
      record.answers[key] =
          rows.front()->text ? domain::Value{*rows.front()->text} : domain::Value{rows.front()->number.value_or(0)};
    }
  }
  if (const forms::Group* budget = form.find_group_of_kind(forms::GroupKind::budget)) {
    auto& rows = record.groups[budget->key];
    std::size_t position = 0;
    for (const auto& line : stored.action.budget) {
      domain::GroupRow row;
      row.source_row = ++position;
      row.values["annee"] = static_cast<std::int64_t>(line.year);
      row.values["financeur"] = std::string(domain::to_code(line.financer));
      if (!line.financer_name.empty()) {
        row.values["financeur_nom"] = line.financer_name;
      }
      if (!line.nature.empty()) {
        row.values["nature"] = line.nature;
      }
      if (line.amount_cents) {
        row.values["montant"] = *line.amount_cents;
      }
      if (line.etp) {
        row.values["etp"] = *line.etp;
      }
      put_extras(*budget, line.extra, row.values);
      rows.push_back(std::move(row));
    }
  }
  if (const forms::Group* indicators = form.find_group_of_kind(forms::GroupKind::indicators)) {
    auto& rows = record.groups[indicators->key];
    std::size_t position = 0;
    for (const auto& indicator : stored.action.indicators) {
      for (const auto& year : indicator.years) {
        domain::GroupRow row;
        row.source_row = ++position;
        row.values["type_indicateur"] = std::string(domain::to_code(indicator.kind));
        if (!indicator.code.empty()) {
          row.values["code"] = indicator.code;
        }
        if (!indicator.label.empty() && indicator.kind != domain::IndicatorKind::national) {
          row.values["libelle"] = indicator.label;
        }
        if (!indicator.unit.empty()) {
          row.values["unite"] = indicator.unit;
        }
        if (indicator.baseline) {
          row.values["valeur_reference"] = *indicator.baseline;
        }
        row.values["annee"] = static_cast<std::int64_t>(year.year);
        if (year.target) {
          row.values["cible"] = *year.target;
        }
        if (year.realised && indicators->find_field("realise") != nullptr) {
          row.values["realise"] = *year.realised;
        }
        if (!year.comment.empty()) {
          row.values["commentaire"] = year.comment;
        }
        put_extras(*indicators, indicator.extra, row.values);
        rows.push_back(std::move(row));
      }
    }
  }
  return record;
}

void follow_declared_totals(const forms::Form& form, const FormRecord& before, FormRecord& after,
                            const std::set<std::string>& given) {
  static const std::regex k_total_rule(R"(^\s*empty\((\w+)\)\s+or\s+(\w+)\s*=\s*(.+?)\s*$)");
  for (const forms::Rule& rule : form.rules) {
    std::smatch match;
    const std::string& source = rule.assert_expr.source();
    if (rule.field.empty() || given.contains(rule.field) || !std::regex_match(source, match, k_total_rule) ||
        match[1] != rule.field || match[2] != rule.field) {
      continue;
    }
    const forms::Field* field = form.find_field(rule.field);
    const auto declared = before.answers.find(rule.field);
    const auto sum = forms::Expression::parse(match[3].str());
    if (field == nullptr || field->type != forms::FieldType::money || declared == before.answers.end() ||
        domain::is_empty(declared->second) || !sum) {
      continue;
    }
    auto value_of = [&](const FormRecord& record) {
      forms::EvalContext context;
      context.form = &form;
      context.record = &record.answers;
      context.groups = &record.groups;
      const forms::ExprValue value = forms::evaluate(*sum, context);
      const auto* euros = std::get_if<long double>(&value);
      return euros == nullptr ? std::optional<std::int64_t>()
                              : std::optional<std::int64_t>(static_cast<std::int64_t>(std::llround(*euros * 100.0L)));
    };
    const auto* cents = std::get_if<std::int64_t>(&declared->second);
    const auto old_sum = value_of(before);
    const auto new_sum = value_of(after);
    if (cents != nullptr && old_sum && new_sum && *cents == *old_sum) {
      after.answers[rule.field] = *new_sum;
    }
  }
}

}  // namespace pilot::service

#include "service/bilan_codec.hpp"

#include <cmath>
#include <set>

#include "forms/values.hpp"
#include "service/action_codec.hpp"

namespace pilot::service {
namespace {

const std::set<std::string, std::less<>> k_expense_columns = {
    "annee", "financeur", "financeur_nom", "nature", "objet", "montant", "etp"};
const std::set<std::string, std::less<>> k_indicator_columns = {"type_indicateur", "code",  "libelle", "unite",
                                                                "annee",           "cible", "realise", "commentaire"};
// Main-record fields that are the bilan's identity, not its content.
const std::set<std::string, std::less<>> k_identity_fields = {"reference", "annee_bilan"};

void put_extras(const forms::Group& group, const std::vector<std::pair<std::string, std::string>>& extra,
                domain::Answers& row) {
  for (const auto& [key, text] : extra) {
    if (const forms::Field* field = group.find_field(key)) {
      auto parsed = forms::parse_field_value(*field, text);
      row[key] = parsed.problem ? domain::Value{text} : parsed.value;
    }
  }
}

}  // namespace

const forms::Group* expense_group(const forms::Form& form) {
  return form.find_group_of_kind(forms::GroupKind::budget);
}

const forms::Group* indicator_group(const forms::Form& form) {
  return form.find_group_of_kind(forms::GroupKind::indicators);
}

store::Bilan bilan_from_record(const forms::Catalog& catalog, const forms::Form& form, const FormRecord& record,
                               std::int64_t action_id, int year) {
  store::Bilan bilan;
  bilan.action_id = action_id;
  bilan.year = year;
  bilan.form_id = form.id;
  bilan.form_version = form.version;
  domain::Answers answers;
  for (const auto& [key, value] : record.answers) {
    if (!k_identity_fields.contains(key)) {
      answers.emplace(key, value);
    }
  }
  bilan.answers = store::encode_answers(answers);
  if (const forms::Group* group = expense_group(form)) {
    const forms::Field* nature_field = group->find_field("nature");
    if (auto rows = record.groups.find(group->key); rows != record.groups.end()) {
      for (const auto& row : rows->second) {
        store::BilanExpense expense;
        auto financer = domain::parse_financer_type(text_of(row.values, "financeur"));
        expense.financer = financer ? *financer : domain::FinancerType::autre;
        expense.financer_name = text_of(row.values, "financeur_nom");
        expense.nature = text_of(row.values, "nature");
        expense.object = text_of(row.values, "objet");
        expense.amount_cents = integer_of(row.values, "montant");
        expense.etp = number_of(row.values, "etp");
        if (nature_field != nullptr && nature_field->choice_list != nullptr) {
          const forms::Choice* choice = nature_field->choice_list->find_code(expense.nature);
          expense.informational = choice != nullptr && choice->has_tag(forms::k_pour_info_tag);
        }
        expense.extra = extras_of(*group, row.values, k_expense_columns);
        bilan.expenses.push_back(std::move(expense));
      }
    }
  }
  if (const forms::Group* group = indicator_group(form)) {
    if (auto rows = record.groups.find(group->key); rows != record.groups.end()) {
      for (const auto& row : rows->second) {
        store::BilanIndicator indicator;
        auto kind = domain::parse_indicator_kind(text_of(row.values, "type_indicateur"));
        indicator.kind = kind ? *kind : domain::IndicatorKind::local;
        indicator.code = text_of(row.values, "code");
        indicator.label = text_of(row.values, "libelle");
        if (indicator.kind == domain::IndicatorKind::national && indicator.label.empty()) {
          if (const auto* definition = catalog.find_indicator(indicator.code)) {
            indicator.label = definition->label;
          }
        }
        indicator.unit = text_of(row.values, "unite");
        indicator.target = number_of(row.values, "cible");
        indicator.realised = number_of(row.values, "realise").value_or(0);
        indicator.comment = text_of(row.values, "commentaire");
        indicator.extra = extras_of(*group, row.values, k_indicator_columns);
        bilan.indicators.push_back(std::move(indicator));
      }
    }
  }
  return bilan;
}

FormRecord record_from_bilan(const forms::Form& form, const store::Bilan& bilan, const std::string& reference) {
  FormRecord record;
  record.answers["reference"] = reference;
  record.answers["annee_bilan"] = static_cast<std::int64_t>(bilan.year);
  std::map<std::string, std::vector<const store::StoredAnswer*>> by_field;
  for (const auto& answer : bilan.answers) {
    by_field[answer.field_key].push_back(&answer);
  }
  for (const auto& [key, rows] : by_field) {
    if (const forms::Field* field = form.find_field(key)) {
      record.answers[key] = decode_stored_answer(*field, rows);
    } else {
      // A field the form no longer has: kept visible so that the check reports it.
      record.answers[key] =
          rows.front()->text ? domain::Value{*rows.front()->text} : domain::Value{rows.front()->number.value_or(0)};
    }
  }
  const auto year = static_cast<std::int64_t>(bilan.year);
  if (const forms::Group* group = expense_group(form)) {
    auto& rows = record.groups[group->key];
    std::size_t position = 0;
    for (const auto& expense : bilan.expenses) {
      domain::GroupRow row;
      row.source_row = ++position;
      row.values["annee"] = year;
      row.values["financeur"] = std::string(domain::to_code(expense.financer));
      if (!expense.financer_name.empty()) {
        row.values["financeur_nom"] = expense.financer_name;
      }
      if (!expense.nature.empty()) {
        row.values["nature"] = expense.nature;
      }
      if (!expense.object.empty()) {
        row.values["objet"] = expense.object;
      }
      row.values["montant"] = expense.amount_cents;
      if (expense.etp) {
        row.values["etp"] = *expense.etp;
      }
      put_extras(*group, expense.extra, row.values);
      rows.push_back(std::move(row));
    }
    if (rows.empty()) {
      record.groups.erase(group->key);
    }
  }
  if (const forms::Group* group = indicator_group(form)) {
    auto& rows = record.groups[group->key];
    std::size_t position = 0;
    for (const auto& indicator : bilan.indicators) {
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
      row.values["annee"] = year;
      if (indicator.target) {
        row.values["cible"] = *indicator.target;
      }
      row.values["realise"] = indicator.realised;
      if (!indicator.comment.empty()) {
        row.values["commentaire"] = indicator.comment;
      }
      put_extras(*group, indicator.extra, row.values);
      rows.push_back(std::move(row));
    }
    if (rows.empty()) {
      record.groups.erase(group->key);
    }
  }
  return record;
}

}  // namespace pilot::service

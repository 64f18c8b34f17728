// The dense actions table: one row per action with every field of the action forms in scope.
//
// Columns are planned before streaming: the union of the forms' fields in form order (labels from
// the first form asking the question), one Oui/Non column per offered choice of each multiple
// choice, any answered key no current form knows (so nothing is dropped silently), then budgets
// per year and financer. Rows are then filled by one merge walk over the action's answers, which
// the store delivers sorted by field key, against the plan's slots sorted the same way.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include "report/export_keys.hpp"
#include "report/export_tables.hpp"
#include "report/export_values.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

struct Slot {
  std::string key;
  const forms::Field* field = nullptr;  // first form's field; null for keys no form knows
  std::size_t column = 0;
  std::vector<std::pair<std::string, std::size_t>> choice_columns;  // code → Oui/Non column
};

struct Plan {
  ExportTable table;
  std::vector<Slot> slots;  // sorted by key
  // Per form id: the form's own field for each slot (nullptr when the form lacks it), so that
  // labels come from the form the action was entered with.
  std::unordered_map<std::string, std::vector<const forms::Field*>> form_fields;
  std::vector<std::pair<std::pair<int, domain::FinancerType>, std::size_t>> budget_columns;
  std::size_t budget_total_column = 0;
  std::optional<std::size_t> reference_column;
  std::optional<std::size_t> title_column;
  std::size_t fixed_tail_column = 0;  // nombre d'indicateurs, then créée le, modifiée le
};

std::string unit_of(const forms::Field& field) {
  if (!field.unit.empty()) {
    return field.unit;
  }
  if (field.type == forms::FieldType::money) {
    return "€";
  }
  return field.type == forms::FieldType::percent ? "%" : "";
}

std::string financer_key(domain::FinancerType financer) {
  return std::string(domain::to_code(financer));
}

// The forms whose fields make the columns: those the filtered actions were entered with, most used
// first (their wording heads the columns), then every other action form when there is no action
// yet (the header stays complete).
std::vector<const forms::Form*> forms_in_scope(ExportSource& source) {
  std::vector<const forms::Form*> forms;
  for (const auto& usage : store::export_form_usage(source.database, source.filter)) {
    const forms::Form* form = source.catalog.find_form(usage.form_id);
    if (form != nullptr && form->record == forms::RecordKind::action &&
        std::find(forms.begin(), forms.end(), form) == forms.end()) {
      forms.push_back(form);
    }
  }
  if (forms.empty()) {
    for (const forms::Form* form : source.catalog.forms()) {
      if (form->record == forms::RecordKind::action) {
        forms.push_back(form);
      }
    }
  }
  return forms;
}

// Union of the forms' record fields. A field new to the union goes just before the next field of
// its own form already there (else just after the previous one), so each form's order is kept
// and a form's own question lands among its neighbours (volet next to axe).
std::vector<std::vector<const forms::Field*>> merge_fields(const std::vector<const forms::Form*>& forms) {
  std::vector<std::vector<const forms::Field*>> merged;  // per key: the field of each form having it
  auto find = [&](std::string_view key) {
    return std::find_if(merged.begin(), merged.end(), [&](const auto& fields) { return fields.front()->key == key; });
  };
  for (const forms::Form* form : forms) {
    const auto& fields = form->fields;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (auto found = find(fields[i].key); found != merged.end()) {
        found->push_back(&fields[i]);
        continue;
      }
      auto position = merged.end();
      for (std::size_t j = i + 1; j < fields.size() && position == merged.end(); ++j) {
        position = find(fields[j].key);
      }
      for (std::size_t j = i; j > 0 && position == merged.end(); --j) {
        if (auto previous = find(fields[j - 1].key); previous != merged.end()) {
          position = previous + 1;
          break;
        }
      }
      merged.insert(position, {&fields[i]});
    }
  }
  return merged;
}

std::string definition_of(const std::vector<const forms::Field*>& fields,
                          const std::vector<const forms::Form*>& forms) {
  std::vector<std::string> parts;
  if (!fields.front()->help.empty()) {
    parts.push_back(fields.front()->help);
  }
  // Where the same key asks a differently worded question, say so.
  for (const forms::Field* field : fields) {
    if (field->label != fields.front()->label) {
      parts.push_back(fmt::format("aussi posée « {} »", field->label));
    }
  }
  std::vector<std::string> form_ids;
  for (const forms::Form* form : forms) {
    if (form->find_field(fields.front()->key) != nullptr) {
      form_ids.push_back(form->id);
    }
  }
  parts.push_back("formulaires : " + util::join(form_ids, ", "));
  return util::join(parts, " ; ");
}

Plan make_plan(ExportSource& source) {
  Plan plan;
  auto& table = plan.table;
  table.key = "actions";
  table.title = "Actions";
  table.description =
      "Une ligne par action : toutes les questions des formulaires d'action, budgets par année et "
      "par financeur, convention et territoire";
  auto add = [&](std::string key, std::string label, ColumnType type, std::string definition = "",
                 std::string unit = "", std::string values = "") {
    table.columns.push_back(
        {std::move(key), std::move(label), type, std::move(definition), std::move(unit), std::move(values)});
    return table.columns.size() - 1;
  };
  add("convention_id", "N° convention", ColumnType::integer, "Numéro de la convention dans pilot");
  add("convention_type", "Type de convention", ColumnType::text, "", "",
      "cls = CLS ; cie = CIE ; unique = Contrat unique");
  add("convention_reference", "Référence de la convention", ColumnType::text);
  add("convention_date_signature", "Date de signature", ColumnType::date);
  add("convention_debut", "Début de la convention", ColumnType::date);
  add("convention_fin", "Fin de la convention", ColumnType::date);
  add("collectivite", "Collectivité", ColumnType::text, "Collectivité signataire");
  add("collectivite_code", "Code de la collectivité", ColumnType::text);
  add("collectivite_type", "Type de collectivité", ColumnType::text, "", "",
      "departement = Département ; metropole = Métropole");
  add("departement", "Département (code)", ColumnType::text, "Code INSEE");
  add("departement_nom", "Département", ColumnType::text);
  add("region", "Région (code)", ColumnType::text, "Code INSEE");
  add("region_nom", "Région", ColumnType::text);
  add("action_id", "N° action", ColumnType::integer,
      "Numéro de l'action dans pilot (clé de jointure des autres tables)");
  add("statut", "Statut", ColumnType::text, "Statut de la double validation", "",
      "brouillon = Brouillon ; validee_collectivite = Validée par la collectivité ; validee_etat = Validée par l'État "
      "; double_validee = Double validée");
  add("etat_validation", "État de validation (tableaux de bord)", ColumnType::text,
      "Une action validée par un seul côté compte comme brouillon", "",
      "brouillon = Brouillon ; double_validee = Double validée");
  add("formulaire", "Formulaire", ColumnType::text, "Formulaire avec lequel l'action a été saisie");
  add("formulaire_version", "Version du formulaire", ColumnType::integer);
  add("annee_abandon", "Année d'abandon", ColumnType::integer, "Année à partir de laquelle l'action est abandonnée");
  // Keys of the columns pilot adds; a form field with one of them gets « reponse_ » before its key.
  const std::set<std::string> fixed_keys = [&] {
    std::set<std::string> keys = {"reference",           "intitule",      "budget_total",       "budget_etat",
                                  "budget_collectivite", "budget_autres", "nombre_indicateurs", "cree_le",
                                  "modifiee_le"};
    for (const auto& column : table.columns) {
      keys.insert(column.key);
    }
    return keys;
  }();
  auto reserved = [&](const std::string& key) {
    return (fixed_keys.contains(key) && key != "reference" && key != "intitule") ||
           (key.starts_with("budget_") && key.size() > 11 && std::isdigit(static_cast<unsigned char>(key[7])));
  };

  const auto forms = forms_in_scope(source);
  const auto merged = merge_fields(forms);
  auto has_key = [&](std::string_view key) {
    return std::any_of(merged.begin(), merged.end(), [&](const auto& fields) { return fields.front()->key == key; });
  };
  // Every action has a reference and a title (fixed columns of the store): keep them even if no
  // form in scope asks for them.
  if (!has_key("reference")) {
    plan.reference_column = add("reference", "Référence de l'action", ColumnType::text);
  }
  if (!has_key("intitule")) {
    plan.title_column = add("intitule", "Intitulé de l'action", ColumnType::text);
  }
  for (const auto& fields : merged) {
    const forms::Field& field = *fields.front();
    Slot slot;
    slot.key = field.key;
    slot.field = &field;
    const std::string column_key = reserved(field.key) ? "reponse_" + field.key : field.key;
    std::string values =
        forms::is_choice(field.type) || field.type == forms::FieldType::yes_no ? choices_text(field) : "";
    slot.column =
        add(column_key, field.label, column_type(field.type), definition_of(fields, forms), unit_of(field), values);
    if (field.key == "reference") {
      plan.reference_column = slot.column;
    } else if (field.key == "intitule") {
      plan.title_column = slot.column;
    }
    if (field.type == forms::FieldType::multiple_choice) {
      std::vector<std::pair<std::string, std::string>> choices;  // union of offered choices, in order
      for (const forms::Field* each : fields) {
        for (const forms::Choice* choice : each->offered_choices()) {
          if (std::none_of(choices.begin(), choices.end(),
                           [&](const auto& known) { return known.first == choice->code; })) {
            choices.emplace_back(choice->code, choice->label);
          }
        }
      }
      // In the list's order, whichever form offered a choice first.
      auto rank = [&](const std::string& code) {
        if (field.choice_list != nullptr) {
          const auto& all = field.choice_list->choices;
          auto found = std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.code == code; });
          return static_cast<std::size_t>(found - all.begin());
        }
        return std::size_t{0};
      };
      std::stable_sort(choices.begin(), choices.end(),
                       [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
      for (const auto& [code, label] : choices) {
        slot.choice_columns.emplace_back(
            code, add(column_key + "__" + code, field.label + " : " + label, ColumnType::yes_no,
                      fmt::format("Oui si « {} » fait partie des réponses, Non sinon ; vide sans réponse", label), "",
                      "oui = Oui ; non = Non"));
      }
    }
    plan.slots.push_back(std::move(slot));
  }
  // Answers under keys no form in scope knows (a field removed from a form since): raw columns.
  std::vector<std::string> unknown;
  for (const auto& key : store::all_answer_keys(source.database)) {
    if (!has_key(key)) {
      unknown.push_back(key);
    }
  }
  for (const auto& key : store::export_answered_keys(source.database, source.filter, unknown)) {
    Slot slot;
    slot.key = key;
    slot.column = add(reserved(key) ? "reponse_" + key : key, key, ColumnType::text,
                      "Réponse enregistrée sous une clé qu'aucun formulaire actuel ne connaît");
    plan.slots.push_back(std::move(slot));
  }
  std::sort(plan.slots.begin(), plan.slots.end(), [](const Slot& a, const Slot& b) { return a.key < b.key; });
  for (const forms::Form* form : forms) {
    auto& fields = plan.form_fields[form->id];
    for (const auto& slot : plan.slots) {
      fields.push_back(form->find_field(slot.key));
    }
  }

  const std::string counted =
      "lignes prévisionnelles, hors « Pour info » ; pour une action abandonnée, années "
      "antérieures à l'abandon";
  plan.budget_total_column = add("budget_total", "Budget total", ColumnType::money, "Somme des " + counted, "€");
  add("budget_etat", "Budget État", ColumnType::money, "Part de l'État du budget total", "€");
  add("budget_collectivite", "Budget collectivité", ColumnType::money, "Part de la collectivité du budget total", "€");
  add("budget_autres", "Budget autres co-financeurs", ColumnType::money, "Part des autres co-financeurs", "€");
  for (const auto& [year, financer] : store::export_budget_columns(source.database, source.filter)) {
    plan.budget_columns.push_back(
        {{year, financer},
         add(fmt::format("budget_{}_{}", year, financer_key(financer)),
             fmt::format("Budget {} — {}", year, domain::to_label(financer)), ColumnType::money,
             fmt::format("Montant {} de « {} » ({})", year, domain::to_label(financer), counted), "€")});
  }
  plan.fixed_tail_column = add("nombre_indicateurs", "Nombre d'indicateurs", ColumnType::integer,
                               "Indicateurs de l'action (détail dans la table indicateurs)");
  add("cree_le", "Créée le", ColumnType::date);
  add("modifiee_le", "Modifiée le", ColumnType::date);
  return plan;
}

std::optional<util::Date> day_of(const std::string& timestamp) {
  if (timestamp.size() < 10) {
    return std::nullopt;
  }
  auto date = util::parse_date(std::string_view(timestamp).substr(0, 10));
  return date ? std::optional<util::Date>(*date) : std::nullopt;
}

Cell optional_date(const std::string& timestamp) {
  auto date = day_of(timestamp);
  return date ? Cell(*date) : Cell(timestamp);
}

void fill_row(const Plan& plan, const store::ActionCursor& cursor, Audience audience, std::vector<Cell>& cells,
              const std::vector<const forms::Field*>* form_fields) {
  std::fill(cells.begin(), cells.end(), Cell{});
  const store::ExportAction& action = cursor.action();
  const store::ActionKey& key = action.key;
  std::size_t i = 0;
  cells[i++] = key.convention_id;
  cells[i++] = detail::convention_type_text(key.convention_type, audience);
  cells[i++] = action.convention_reference;
  cells[i++] = action.signed_on;
  cells[i++] = action.period_start;
  cells[i++] = action.period_end;
  cells[i++] = key.collectivite;
  cells[i++] = action.collectivite_code;
  cells[i++] = std::string(audience == Audience::people ? domain::to_label(key.collectivite_type)
                                                        : domain::to_code(key.collectivite_type));
  cells[i++] = key.departement_code;
  cells[i++] = key.departement_name;
  cells[i++] = key.region_code;
  cells[i++] = key.region_name;
  cells[i++] = key.action_id;
  cells[i++] = detail::status_text(key.status, audience);
  cells[i++] =
      detail::status_text(key.status == domain::ActionStatus::double_validee ? domain::ActionStatus::double_validee
                                                                             : domain::ActionStatus::brouillon,
                          audience);
  cells[i++] = key.form_id;
  cells[i++] = static_cast<std::int64_t>(key.form_version);
  if (key.dropped_year) {
    cells[i] = static_cast<std::int64_t>(*key.dropped_year);
  }

  // Merge walk: answers and slots are both sorted by key.
  const auto answers = cursor.answers();
  std::size_t slot_index = 0;
  const std::string* multiple_key = nullptr;
  for (const auto& answer : answers) {
    while (slot_index < plan.slots.size() && plan.slots[slot_index].key < answer.field_key) {
      ++slot_index;
    }
    if (slot_index == plan.slots.size() || plan.slots[slot_index].key != answer.field_key) {
      continue;  // cannot happen: unknown keys got their own slot
    }
    const Slot& slot = plan.slots[slot_index];
    const forms::Field* field =
        form_fields != nullptr && (*form_fields)[slot_index] != nullptr ? (*form_fields)[slot_index] : slot.field;
    Cell& cell = cells[slot.column];
    if (field == nullptr) {
      // No form knows the key: the stored text (or number), several rows joined.
      Cell value = answer.text ? Cell(*answer.text) : answer.number ? Cell(*answer.number) : Cell();
      if (auto* text = std::get_if<std::string>(&cell); text != nullptr && answer.ord > 0) {
        *text += ";" + (answer.text ? *answer.text : std::string());
      } else {
        cell = std::move(value);
      }
      continue;
    }
    if (field->type != forms::FieldType::multiple_choice) {
      if (answer.ord == 0) {
        cell = answer_cell(*field, answer, audience);
      }
      continue;
    }
    if (multiple_key != &slot.key) {
      // First option of this field: the field is answered, so every choice column says Non.
      multiple_key = &slot.key;
      for (const auto& choice : slot.choice_columns) {
        cells[choice.second] = std::string(yes_no_text(false, audience));
      }
      cell = std::string();
    }
    if (!answer.text) {
      continue;
    }
    auto& joined = std::get<std::string>(cell);
    if (!joined.empty()) {
      joined += audience == Audience::people ? "; " : ";";
    }
    joined += choice_text(*field, *answer.text, audience);
    for (const auto& [code, column] : slot.choice_columns) {
      if (code == *answer.text) {
        cells[column] = std::string(yes_no_text(true, audience));
        break;
      }
    }
  }
  if (plan.reference_column && std::holds_alternative<std::monostate>(cells[*plan.reference_column])) {
    cells[*plan.reference_column] = key.reference;
  }
  if (plan.title_column && std::holds_alternative<std::monostate>(cells[*plan.title_column])) {
    cells[*plan.title_column] = key.title;
  }

  std::int64_t totals[4] = {0, 0, 0, 0};  // total, État, collectivité, autres
  for (const auto& sum : cursor.budget()) {
    totals[0] += sum.cents;
    totals[1 + static_cast<int>(sum.financer)] += sum.cents;
    for (const auto& [pair, column] : plan.budget_columns) {
      if (pair.first == sum.year && pair.second == sum.financer) {
        cells[column] = Money{sum.cents};
        break;
      }
    }
  }
  for (std::size_t t = 0; t < 4; ++t) {
    cells[plan.budget_total_column + t] = Money{totals[t]};
  }
  cells[plan.fixed_tail_column] = action.indicator_count;
  cells[plan.fixed_tail_column + 1] = optional_date(action.created_at);
  cells[plan.fixed_tail_column + 2] = optional_date(action.updated_at);
}

}  // namespace

Result<ExportResult> export_actions(ExportSource& source, RowSink& sink) {
  static_assert(static_cast<int>(domain::FinancerType::etat) == 0 &&
                static_cast<int>(domain::FinancerType::collectivite) == 1 &&
                static_cast<int>(domain::FinancerType::autre) == 2);
  Plan plan = make_plan(source);
  const Audience audience = sink.audience();
  store::ActionCursor cursor(source.database, source.filter);
  ExportTable table = plan.table;
  return detail::stream_table(std::move(table), sink, [&](std::vector<Cell>& cells, auto& emit) -> Result<void> {
    const std::string* last_form = nullptr;
    const std::vector<const forms::Field*>* form_fields = nullptr;
    std::string last_form_id;
    while (cursor.next()) {
      const std::string& form_id = cursor.action().key.form_id;
      if (last_form == nullptr || form_id != last_form_id) {
        auto found = plan.form_fields.find(form_id);
        form_fields = found == plan.form_fields.end() ? nullptr : &found->second;
        last_form_id = form_id;
        last_form = &last_form_id;
      }
      fill_row(plan, cursor, audience, cells, form_fields);
      if (auto written = emit(); !written) {
        return written;
      }
    }
    return {};
  });
}

}  // namespace pilot::report

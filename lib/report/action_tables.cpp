#include "report/action_tables.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "forms/values.hpp"
#include "util/date.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

std::string label_of(const CodeLabels& labels, const std::string& code) {
  for (const auto& [known, label] : labels) {
    if (known == code) {
      return label;
    }
  }
  return code;
}

std::string plural_status(domain::ActionStatus status, std::int64_t count) {
  const bool many = count > 1 || count == 0;
  switch (status) {
    case domain::ActionStatus::brouillon: return many ? "Brouillons" : "Brouillon";
    case domain::ActionStatus::validee_collectivite:
      return many ? "Validées par la collectivité" : "Validée par la collectivité";
    case domain::ActionStatus::validee_etat: return many ? "Validées par l'État" : "Validée par l'État";
    case domain::ActionStatus::double_validee: return many ? "Double validées" : "Double validée";
  }
  return "";
}

std::string optional_number(const std::optional<double>& value) {
  return value ? util::format_decimal_fr(*value, *value == static_cast<double>(static_cast<long long>(*value)) ? 0 : 2)
               : std::string("—");
}

// A one-line summary of an audit value: short JSON stays readable, long JSON is cut.
std::string summarise(const std::string& json_text) {
  if (json_text.empty()) {
    return "";
  }
  std::string text = json_text;
  if (util::display_width(text) > 120) {
    text = text.substr(0, util::utf8_prefix_bytes(text, 117)) + "…";
  }
  return text;
}

}  // namespace

Table actions_table(const std::vector<store::ActionSummary>& actions, const CodeLabels& axes,
                    const CodeLabels& champs) {
  Table table;
  table.columns = {{"id", "N°"},
                   {"reference", "Référence"},
                   {"intitule", "Intitulé"},
                   {"type_convention", "Type de convention"},
                   {"axe", "Axe / volet"},
                   {"champs", "Champs d'action publique"},
                   {"collectivite", "Collectivité"},
                   {"statut", "Statut"},
                   {"budget_total", "Budget total"}};
  for (const auto& action : actions) {
    std::vector<std::string> champ_labels;
    for (const auto& code : action.champs) {
      champ_labels.push_back(label_of(champs, code));
    }
    table.rows.push_back(
        {action.id, action.reference, action.title, std::string(domain::to_short_label(action.convention_type)),
         action.axe.empty() ? std::string() : label_of(axes, action.axe), util::join(champ_labels, "; "),
         action.collectivite,
         action.dropped_year
             ? fmt::format("{} (abandonnée dès {})", domain::to_label(action.status), *action.dropped_year)
             : std::string(domain::to_label(action.status)),
         Money{action.budget_cents}});
  }
  return table;
}

std::string status_counts_line(const std::vector<std::pair<domain::ActionStatus, std::int64_t>>& counts) {
  std::vector<std::string> parts;
  for (const auto& [status, count] : counts) {
    parts.push_back(fmt::format("{} {}", count, plural_status(status, count)));
  }
  return util::join(parts, ", ");
}

std::string action_detail_text(const forms::Catalog& catalog, const forms::Form& form,
                               const domain::Convention& convention, const store::StoredAction& stored,
                               const domain::Answers& answers, const std::vector<store::Validation>& validations,
                               bool realised_from_bilans) {
  const auto& action = stored.action;
  std::string out = fmt::format("Action n° {} — {} — {}\n", action.id, action.reference, action.title);
  out += fmt::format(
      "Convention n° {} : {} ({}), formulaire {} v{}, statut « {} »{}\n", convention.id, convention.collectivite_name,
      domain::to_short_label(convention.type), action.form_id, action.form_version, domain::to_label(action.status),
      action.dropped_year ? fmt::format(" — abandonnée à partir de {} (mise à jour annuelle)", *action.dropped_year)
                          : std::string());
  for (const auto& section : form.sections) {
    std::vector<std::pair<std::string, std::string>> lines;
    for (const forms::Field* field : form.fields_of_section(section.key)) {
      const auto found = answers.find(field->key);
      if (found == answers.end() || domain::is_empty(found->second)) {
        continue;
      }
      lines.emplace_back(field->label, forms::to_display_text(catalog, *field, found->second));
    }
    if (lines.empty()) {
      continue;
    }
    out += fmt::format("\n{}\n", section.label);
    std::size_t width = 0;
    for (const auto& [label, value] : lines) {
      width = std::max(width, util::display_width(label));
    }
    width = std::min<std::size_t>(width, 48);
    for (const auto& [label, value] : lines) {
      out += "  " + util::pad_right(label, width) + "  " + value + "\n";
    }
  }
  if (!action.budget.empty()) {
    // The nature as the form's choice list says it (« Volet 3 – ETP CD : … »), not its stored code.
    const forms::Field* nature = nullptr;
    if (const forms::Group* group = form.find_group_of_kind(forms::GroupKind::budget)) {
      nature = group->find_field("nature");
    }
    const bool with_etp =
        std::any_of(action.budget.begin(), action.budget.end(), [](const auto& line) { return line.etp.has_value(); });
    // The « objet » (CIE plans) is part of a line's key: `update set` replaces a line only when it is
    // given, so it is shown whenever a line has one.
    const bool with_object = std::any_of(action.budget.begin(), action.budget.end(),
                                         [](const auto& line) { return !store::budget_line_object(line).empty(); });
    Table budget;
    budget.columns = {
        {"annee", "Année"}, {"financeur", "Financeur"}, {"nom", "Nom"}, {"nature", "Nature"}, {"montant", "Montant"}};
    if (with_object) {
      budget.columns.insert(budget.columns.begin() + 4, {"objet", "Objet"});
    }
    if (with_etp) {
      budget.columns.push_back({"etp", "ETP"});
    }
    std::int64_t total = 0;
    for (const auto& line : action.budget) {
      const std::string nature_text = nature != nullptr && !line.nature.empty()
                                          ? forms::to_display_text(catalog, *nature, domain::Value{line.nature})
                                          : line.nature;
      // Counted as everywhere else (convention, recap, exports, dashboards): never « Pour info », and
      // for a dropped action only the years before the drop.
      const bool after_drop = action.dropped_year && line.year >= *action.dropped_year;
      budget.rows.push_back({static_cast<std::int64_t>(line.year), std::string(domain::to_label(line.financer)),
                             line.financer_name,
                             nature_text + (line.informational ? " (pour info)" : "") +
                                 (after_drop ? " (après l'abandon, non compté)" : ""),
                             line.amount_cents ? Cell{Money{*line.amount_cents}} : Cell{}});
      if (with_object) {
        budget.rows.back().insert(budget.rows.back().begin() + 4, Cell{std::string(store::budget_line_object(line))});
      }
      if (with_etp) {
        budget.rows.back().push_back(line.etp ? Cell{*line.etp} : Cell{});
      }
      total += line.informational || after_drop ? 0 : line.amount_cents.value_or(0);
    }
    out += "\nBudget prévisionnel\n" + render_text(budget) +
           fmt::format("Total : {}{}\n", util::format_money_fr(total),
                       action.dropped_year ? fmt::format(" (années avant l'abandon en {})", *action.dropped_year)
                                           : std::string());
  }
  if (!action.indicators.empty()) {
    Table indicators;
    indicators.columns = {{"type", "Type"},           {"libelle", "Indicateur"}, {"unite", "Unité"},
                          {"reference", "Référence"}, {"annee", "Année"},        {"cible", "Cible"},
                          {"realise", "Réalisé"}};
    for (const auto& indicator : action.indicators) {
      for (const auto& year : indicator.years) {
        indicators.rows.push_back({std::string(domain::to_label(indicator.kind)),
                                   indicator.code.empty() ? indicator.label : indicator.code + " " + indicator.label,
                                   indicator.unit, optional_number(indicator.baseline),
                                   static_cast<std::int64_t>(year.year), optional_number(year.target),
                                   optional_number(year.realised)});
      }
    }
    out += "\nIndicateurs\n" + render_text(indicators);
    if (realised_from_bilans) {
      out += "Réalisé : valeur déclarée dans le bilan de l'année quand il y en a un, sinon celle du plan.\n";
    }
  }
  if (!validations.empty()) {
    out += "\nValidations\n";
    for (const auto& validation : validations) {
      out += fmt::format(
          "  {} par {} ({}) le {}{}{}\n", validation.side == domain::Side::etat ? "État" : "Collectivité",
          validation.user, validation.form_id + " v" + std::to_string(validation.form_version),
          util::format_timestamp_fr(validation.at),
          validation.comment.empty() ? "" : " — « " + validation.comment + " »",
          validation.revoked_at
              ? fmt::format(" — annulée le {} par {} : {}", util::format_timestamp_fr(*validation.revoked_at),
                            validation.revoked_by.value_or(""), validation.revoked_why.value_or(""))
              : std::string());
    }
  }
  // Control characters (stored before pilot refused them, or by another tool) are shown by their
  // code rather than sent to the terminal.
  return util::find_control_character(out) ? util::show_invisible(out) : out;
}

util::Json action_detail_json(const forms::Catalog& catalog, const forms::Form& form,
                              const domain::Convention& convention, const store::StoredAction& stored,
                              const domain::Answers& answers, const std::vector<store::Validation>& validations,
                              const std::vector<store::BilanRealised>& realised) {
  util::Json json = store::action_content_json(stored.action, stored.answers);
  // The stored content writes a multiple choice of one option as that option (its hash is kept
  // as it is); a script reads the form's type instead: always a list.
  if (const util::Json* stored_answers = json.find("reponses")) {
    util::Json typed = *stored_answers;
    for (const auto& field : form.fields) {
      if (field.type != forms::FieldType::multiple_choice) {
        continue;
      }
      if (const util::Json* value = typed.find(field.key); value != nullptr && !value->is_array()) {
        typed.set(field.key, util::Json(util::Json::Array{*value}));
      }
    }
    json.set("reponses", typed);
  }
  json.set("id", stored.action.id)
      .set("convention", convention.id)
      .set("statut", std::string(domain::to_code(stored.action.status)))
      .set("annee_abandon", stored.action.dropped_year ? util::Json(*stored.action.dropped_year) : util::Json());
  util::Json labels = util::Json::object();
  for (const auto& field : form.fields) {
    const auto found = answers.find(field.key);
    if (found != answers.end() && !domain::is_empty(found->second)) {
      labels.set(field.key, forms::to_display_text(catalog, field, found->second));
    }
  }
  json.set("reponses_lisibles", labels);
  util::Json list = util::Json::array();
  for (const auto& validation : validations) {
    util::Json item = util::Json::object();
    item.set("cote", std::string(domain::to_code(validation.side)))
        .set("utilisateur", validation.user)
        .set("date", validation.at)
        .set("empreinte", validation.content_hash)
        .set("annulee", validation.revoked_at ? util::Json(*validation.revoked_at) : util::Json());
    list.push(item);
  }
  json.set("validations", list);
  util::Json declared = util::Json::array();
  for (const auto& value : realised) {
    if (value.indicator >= stored.action.indicators.size()) {
      continue;
    }
    const domain::Indicator& indicator = stored.action.indicators[value.indicator];
    util::Json item = util::Json::object();
    item.set("type", std::string(domain::to_code(indicator.kind)))
        .set("code", indicator.code)
        .set("libelle", indicator.label)
        .set("annee", value.year)
        .set("realise", value.realised)
        .set("commentaire", value.comment)
        .set("bilan", value.bilan_id);
    declared.push(item);
  }
  json.set("realises_bilans", declared);
  return json;
}

namespace {

// The audit trail's operation codes (kept in CSV and JSON, which scripts read) as people say them.
std::string operation_label(const std::string& code) {
  static const std::map<std::string, std::string, std::less<>> k_labels = {
      {"insert", "création"},
      {"update", "modification"},
      {"delete", "suppression"},
      {"restore", "restauration"},
      {"validate", "validation"},
      {"unvalidate", "validation annulée"},
      {"status", "changement de statut"},
      {"drop", "abandon"},
      {"revision", "mise à jour annuelle ouverte"},
      {"migrate", "mise à jour du schéma"},
      {"load", "chargement"},
      {"send", "envoi"},
  };
  const auto found = k_labels.find(code);
  return found == k_labels.end() ? code : found->second;
}

}  // namespace

Table history_table(const std::vector<store::AuditEntry>& entries, HistoryValues values) {
  Table table;
  table.columns = {{"id", "N°"},       {"date", "Date"},           {"utilisateur", "Auteur"},
                   {"objet", "Objet"}, {"operation", "Opération"}, {"avant", "Avant"},
                   {"apres", "Après"}, {"commande", "Commande"}};
  for (const auto& entry : entries) {
    table.rows.push_back(
        {entry.id, values == HistoryValues::summarised ? util::format_timestamp_fr(entry.at) : entry.at, entry.user,
         entry.entity + (entry.entity_id ? " n° " + std::to_string(*entry.entity_id) : ""),
         values == HistoryValues::summarised ? operation_label(entry.operation) : entry.operation,
         values == HistoryValues::summarised ? summarise(entry.old_value) : entry.old_value,
         values == HistoryValues::summarised ? summarise(entry.new_value) : entry.new_value, entry.command});
  }
  return table;
}

}  // namespace pilot::report

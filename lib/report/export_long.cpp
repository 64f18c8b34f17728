// The long budget and indicator tables: one row per line, with the keys of the action.
#include <fmt/format.h>

#include <unordered_map>

#include "report/export_keys.hpp"
#include "report/export_tables.hpp"
#include "report/export_values.hpp"

namespace pilot::report {
namespace {

// The choice list behind a group field of a form (the « nature » of a budget line...), or null.
const forms::Field* group_field(const forms::Form* form, forms::GroupKind kind, std::string_view key) {
  if (form == nullptr) {
    return nullptr;
  }
  for (const auto& group : form->groups) {
    if (group.kind == kind) {
      if (const forms::Field* field = group.find_field(key)) {
        return field;
      }
    }
  }
  return nullptr;
}

}  // namespace

Result<ExportResult> export_budgets(ExportSource& source, RowSink& sink) {
  ExportTable table;
  table.key = "budgets";
  table.title = "Budgets";
  table.description = "Une ligne par ligne budgétaire prévisionnelle, puis une par dépense déclarée dans un bilan";
  detail::add_key_columns(table);
  table.columns.insert(
      table.columns.end(),
      {{"nature_montant", "Prévu ou réalisé", ColumnType::text,
        "Prévu : ligne du budget prévisionnel ; Réalisé : dépense déclarée dans le bilan de l'année", "",
        "prevu = Prévu ; realise = Réalisé"},
       {"annee", "Année", ColumnType::integer, "Exercice de la ligne (du bilan pour le réalisé)", "", ""},
       {"financeur", "Type de financeur", ColumnType::text, "", "",
        "etat = État ; collectivite = Collectivité ; autre = Autres co-financeurs"},
       {"financeur_nom", "Nom du financeur", ColumnType::text, "", "", ""},
       {"nature", "Nature de la dépense", ColumnType::text, "", "", ""},
       {"montant", "Montant", ColumnType::money, "", "€", ""},
       {"etp", "ETP", ColumnType::decimal, "Équivalents temps plein financés", "ETP", ""},
       {"pour_info", "Pour info", ColumnType::yes_no, "Ligne « Pour info » : montrée, jamais additionnée", "",
        "oui = Oui ; non = Non"},
       {"compte", "Compté dans les totaux", ColumnType::yes_no,
        "Oui si le montant entre dans les budgets totaux (prévu, hors « Pour info », avant l'abandon éventuel)", "",
        "oui = Oui ; non = Non"}});
  const Audience audience = sink.audience();
  store::BudgetCursor cursor(source.database, source.filter);
  std::unordered_map<std::string, const forms::Field*> nature_fields;  // per form id
  return detail::stream_table(std::move(table), sink, [&](std::vector<Cell>& cells, auto& emit) -> Result<void> {
    while (cursor.next()) {
      const auto& row = cursor.row();
      std::fill(cells.begin(), cells.end(), Cell{});
      detail::fill_key_cells(row.key, audience, cells);
      std::size_t i = detail::k_key_column_count;
      if (audience == Audience::people) {
        cells[i++] = std::string(row.realised ? "Réalisé" : "Prévu");
      } else {
        cells[i++] = std::string(row.realised ? "realise" : "prevu");
      }
      cells[i++] = static_cast<std::int64_t>(row.year);
      cells[i++] = detail::financer_text(row.financer, audience);
      cells[i++] = row.financer_name;
      auto found = nature_fields.find(row.key.form_id);
      if (found == nature_fields.end()) {
        found = nature_fields
                    .emplace(row.key.form_id,
                             group_field(source.catalog.find_form(row.key.form_id), forms::GroupKind::budget, "nature"))
                    .first;
      }
      const forms::Field* nature = found->second;
      cells[i++] = nature != nullptr && forms::is_choice(nature->type) && !row.nature.empty()
                       ? choice_text(*nature, row.nature, audience)
                       : row.nature;
      cells[i++] = row.cents ? Cell{Money{*row.cents}} : Cell{};
      if (row.etp) {
        cells[i] = *row.etp;
      }
      ++i;
      cells[i++] = std::string(yes_no_text(row.informational, audience));
      cells[i++] = std::string(yes_no_text(row.counted, audience));
      if (auto written = emit(); !written) {
        return written;
      }
    }
    return {};
  });
}

Result<ExportResult> export_indicators(ExportSource& source, RowSink& sink) {
  ExportTable table;
  table.key = "indicateurs";
  table.title = "Indicateurs";
  table.description = "Une ligne par indicateur et par année (cible et réalisé)";
  detail::add_key_columns(table);
  const forms::ChoiceList* units = source.catalog.find_choice_list("unites_indicateur");
  table.columns.insert(
      table.columns.end(),
      {{"indicateur_id", "N° indicateur", ColumnType::integer, "Numéro de l'indicateur dans pilot", "", ""},
       {"type_indicateur", "Type d'indicateur", ColumnType::text, "", "",
        "national = National ; local = Local ; impact = D'impact"},
       {"code", "Code (référentiel national)", ColumnType::text, "", "", ""},
       {"libelle", "Indicateur", ColumnType::text, "Libellé (celui du référentiel pour un indicateur national)", "",
        ""},
       {"unite", "Unité", ColumnType::text, "", "", ""},
       {"valeur_reference", "Valeur de référence", ColumnType::decimal, "Situation de départ", "", ""},
       {"annee", "Année", ColumnType::integer, "", "", ""},
       {"cible", "Cible", ColumnType::decimal, "Valeur visée pour l'année", "", ""},
       {"realise", "Réalisé", ColumnType::decimal, "Valeur atteinte, déclarée au bilan", "", ""},
       {"taux_realisation", "Taux de réalisation", ColumnType::percent, "Réalisé / cible × 100 (cible non nulle)", "%",
        ""},
       {"commentaire", "Commentaire", ColumnType::text, "", "", ""}});
  const Audience audience = sink.audience();
  store::IndicatorCursor cursor(source.database, source.filter);
  return detail::stream_table(std::move(table), sink, [&](std::vector<Cell>& cells, auto& emit) -> Result<void> {
    while (cursor.next()) {
      const auto& row = cursor.row();
      std::fill(cells.begin(), cells.end(), Cell{});
      detail::fill_key_cells(row.key, audience, cells);
      std::size_t i = detail::k_key_column_count;
      cells[i++] = row.indicator_id;
      cells[i++] = std::string(audience == Audience::people ? domain::to_label(row.kind) : domain::to_code(row.kind));
      cells[i++] = row.code;
      std::string label = row.label;
      if (label.empty() && !row.code.empty()) {
        if (const forms::IndicatorDef* def = source.catalog.find_indicator(row.code)) {
          label = def->label;
        }
      }
      cells[i++] = std::move(label);
      const forms::Choice* unit =
          units != nullptr && audience == Audience::people ? units->find_code(row.unit) : nullptr;
      cells[i++] = unit != nullptr ? unit->label : row.unit;
      if (row.baseline) {
        cells[i] = *row.baseline;
      }
      ++i;
      if (row.year) {
        cells[i] = static_cast<std::int64_t>(*row.year);
      }
      ++i;
      if (row.target) {
        cells[i] = *row.target;
      }
      ++i;
      if (row.realised) {
        cells[i] = *row.realised;
      }
      ++i;
      if (row.target && row.realised) {
        cells[i] = detail::share_of(*row.realised, *row.target);
      }
      ++i;
      cells[i++] = row.comment;
      if (auto written = emit(); !written) {
        return written;
      }
    }
    return {};
  });
}

}  // namespace pilot::report

#include "report/fiche.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "forms/values.hpp"
#include "report/export_values.hpp"
#include "store/action_store.hpp"
#include "util/date.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

std::span<const store::StoredAnswer> rows_of(const std::vector<store::StoredAnswer>& answers, std::string_view key) {
  auto first = std::find_if(answers.begin(), answers.end(), [&](const auto& a) { return a.field_key == key; });
  auto last = std::find_if(first, answers.end(), [&](const auto& a) { return a.field_key != key; });
  return {first, last};
}

std::string raw_text(std::span<const store::StoredAnswer> rows) {
  std::vector<std::string> parts;
  for (const auto& row : rows) {
    if (row.text) {
      parts.push_back(*row.text);
    } else if (row.number) {
      parts.push_back(util::format_decimal_fr(*row.number, 2));
    }
  }
  return util::join(parts, "; ");
}

FicheBlock convention_block(const domain::Convention& convention) {
  FicheBlock block;
  block.title = "Convention";
  block.fields = {
      {"Collectivité", convention.collectivite_name},
      {"Type de collectivité", std::string(domain::to_label(convention.collectivite_type))},
      {"Département", convention.departement_code + " " + convention.departement_name},
      {"Région", convention.region_name.empty() ? "—" : convention.region_name},
      {"Type de convention", std::string(domain::to_label(convention.type))},
      {"Date de signature", convention.signed_on.french()},
      {"Période", fmt::format("du {} au {}", convention.period.start.french(), convention.period.end.french())},
  };
  if (!convention.reference.empty()) {
    block.fields.push_back({"Référence", convention.reference});
  }
  return block;
}

std::string footer_of(const FicheContext& context) {
  return fmt::format(
      "Fiche éditée par pilot le {} — données au {}", util::format_timestamp_fr(context.printed_at),
      context.data_timestamp.empty() ? std::string("—") : util::format_timestamp_fr(context.data_timestamp));
}

const forms::Field* budget_field(const forms::Form* form, std::string_view key) {
  if (form == nullptr) {
    return nullptr;
  }
  for (const auto& group : form->groups) {
    if (group.kind == forms::GroupKind::budget) {
      return group.find_field(key);
    }
  }
  return nullptr;
}

FicheBlock budget_block(const store::StoredAction& stored, const forms::Form* form) {
  const auto& action = stored.action;
  FicheBlock block;
  block.title = "Budget prévisionnel";
  block.columns = {{"annee", "Année"},
                   {"etat", std::string(domain::to_label(domain::FinancerType::etat))},
                   {"collectivite", std::string(domain::to_label(domain::FinancerType::collectivite))},
                   {"autres", std::string(domain::to_label(domain::FinancerType::autre))},
                   {"total", "Total"}};
  std::map<int, std::array<std::int64_t, 3>> years;
  std::int64_t totals[3] = {0, 0, 0};
  bool details = false;
  for (const auto& line : action.budget) {
    details = details || line.informational || !line.nature.empty() || !line.financer_name.empty() || line.etp ||
              !store::budget_line_object(line).empty();
    // Same rule as every total: « Pour info » lines and years after a drop are not counted.
    if (line.informational || (action.dropped_year && line.year >= *action.dropped_year)) {
      continue;
    }
    auto& year = years.try_emplace(line.year, std::array<std::int64_t, 3>{0, 0, 0}).first->second;
    year[static_cast<int>(line.financer)] += line.amount_cents.value_or(0);
    totals[static_cast<int>(line.financer)] += line.amount_cents.value_or(0);
  }
  for (const auto& [year, cents] : years) {
    block.rows.push_back({std::to_string(year), Money{cents[0]}, Money{cents[1]}, Money{cents[2]},
                          Money{cents[0] + cents[1] + cents[2]}});
  }
  if (block.rows.empty()) {
    block.columns.clear();
    block.note = "Aucune ligne budgétaire.";
    return block;
  }
  block.total = {std::string("Total"), Money{totals[0]}, Money{totals[1]}, Money{totals[2]},
                 Money{totals[0] + totals[1] + totals[2]}};
  if (details) {
    std::vector<std::string> notes;
    const forms::Field* nature = budget_field(form, "nature");
    for (const auto& line : action.budget) {
      std::string text = fmt::format("{} — {}", line.year, domain::to_label(line.financer));
      if (!line.financer_name.empty()) {
        text += " (" + line.financer_name + ")";
      }
      if (!line.nature.empty()) {
        text += " — " + (nature != nullptr ? std::string(choice_label(*nature, line.nature)) : line.nature);
      }
      if (const std::string_view object = store::budget_line_object(line); !object.empty()) {
        text += fmt::format(" — objet : {}", object);
      }
      if (line.amount_cents) {
        text += " : " + util::format_money_fr(*line.amount_cents);
        if (line.etp) {
          text += " — " + util::format_decimal_fr(*line.etp, 2) + " ETP";
        }
      } else if (line.etp) {
        text += " : " + util::format_decimal_fr(*line.etp, 2) + " ETP";
      }
      if (line.informational) {
        text += " — pour info, non compté";
      }
      notes.push_back(text);
    }
    block.note = "Lignes : " + util::join(notes, " ; ");
  }
  return block;
}

FicheBlock indicators_block(const forms::Catalog& catalog, const store::StoredAction& stored) {
  FicheBlock block;
  block.title = "Indicateurs";
  const forms::ChoiceList* units = catalog.find_choice_list("unites_indicateur");
  block.columns = {
      {"type", "Type"},   {"indicateur", "Indicateur"}, {"unite", "Unité"},     {"reference", "Référence"},
      {"annee", "Année"}, {"cible", "Cible"},           {"realise", "Réalisé"}, {"commentaire", "Commentaire"}};
  for (const auto& indicator : stored.action.indicators) {
    std::string label = indicator.label;
    if (label.empty()) {
      if (const forms::IndicatorDef* def = catalog.find_indicator(indicator.code)) {
        label = def->label;
      }
    }
    if (!indicator.code.empty()) {
      label = indicator.code + " — " + label;
    }
    const forms::Choice* unit = units != nullptr ? units->find_code(indicator.unit) : nullptr;
    const std::string unit_text = unit != nullptr ? unit->label : indicator.unit;
    const Cell baseline = indicator.baseline ? Cell(*indicator.baseline) : Cell();
    const std::string kind(domain::to_label(indicator.kind));
    if (indicator.years.empty()) {
      block.rows.push_back({kind, label, unit_text, baseline, Cell(), Cell(), Cell(), Cell()});
    }
    for (const auto& year : indicator.years) {
      block.rows.push_back({kind, label, unit_text, baseline, std::to_string(year.year),
                            year.target ? Cell(*year.target) : Cell(), year.realised ? Cell(*year.realised) : Cell(),
                            year.comment});
    }
  }
  if (block.rows.empty()) {
    block.columns.clear();
    block.note = "Aucun indicateur.";
  }
  return block;
}

FicheBlock validations_block(const std::vector<store::Validation>& validations) {
  FicheBlock block;
  block.title = "Validations";
  block.columns = {{"cote", "Côté"}, {"par", "Validée par"}, {"le", "Le"}, {"etat", "État"}};
  for (const auto& validation : validations) {
    std::string state = "en vigueur";
    if (validation.revoked_at) {
      state = "révoquée le " + util::format_timestamp_fr(*validation.revoked_at);
      if (validation.revoked_why && !validation.revoked_why->empty()) {
        state += " : " + *validation.revoked_why;
      }
    }
    block.rows.push_back({std::string(validation.side == domain::Side::etat ? "État" : "Collectivité"), validation.user,
                          util::format_timestamp_fr(validation.at), state});
  }
  if (block.rows.empty()) {
    block.columns.clear();
    block.note = "Aucune validation : l'action est en brouillon.";
  }
  return block;
}

}  // namespace

Fiche action_fiche(const forms::Catalog& catalog, const store::StoredAction& stored, const forms::Form* form,
                   const domain::Convention& convention, const std::vector<store::Validation>& validations,
                   const FicheContext& context) {
  const auto& action = stored.action;
  Fiche fiche;
  fiche.title = fmt::format("Fiche action {} — {}", action.reference, action.title);
  std::string status(domain::to_label(action.status));
  if (action.dropped_year) {
    status += fmt::format(" — abandonnée en {}", *action.dropped_year);
  }
  fiche.subtitle = {fmt::format("{} — {} signée le {}", convention.collectivite_name,
                                domain::to_short_label(convention.type), convention.signed_on.french()),
                    fmt::format("Action n° {} — statut : {} — formulaire {} version {}", action.id, status,
                                action.form_id, action.form_version)};
  fiche.blocks.push_back(convention_block(convention));

  std::set<std::string> shown;
  if (form != nullptr) {
    auto add_fields = [&](FicheBlock& block, const std::vector<const forms::Field*>& fields) {
      for (const forms::Field* field : fields) {
        shown.insert(field->key);
        const auto rows = rows_of(stored.answers, field->key);
        if (rows.empty()) {
          continue;
        }
        block.fields.push_back({field->label, forms::to_display_text(catalog, *field, answer_value(*field, rows))});
      }
    };
    for (const auto& section : form->sections) {
      FicheBlock block;
      block.title = section.label;
      add_fields(block, form->fields_of_section(section.key));
      if (!block.fields.empty()) {
        fiche.blocks.push_back(std::move(block));
      }
    }
    FicheBlock others;
    others.title = "Autres réponses";
    std::vector<const forms::Field*> rest;
    for (const auto& field : form->fields) {
      if (!shown.contains(field.key)) {
        rest.push_back(&field);
      }
    }
    add_fields(others, rest);
    if (!others.fields.empty()) {
      fiche.blocks.push_back(std::move(others));
    }
  }
  FicheBlock unknown;
  unknown.title = form == nullptr ? "Réponses (formulaire absent du catalogue)" : "Réponses hors formulaire";
  for (std::size_t i = 0; i < stored.answers.size();) {
    const std::string& key = stored.answers[i].field_key;
    const auto rows = rows_of(stored.answers, key);
    if (!shown.contains(key)) {
      unknown.fields.push_back({key, raw_text(rows)});
    }
    i += std::max<std::size_t>(rows.size(), 1);
  }
  if (!unknown.fields.empty()) {
    fiche.blocks.push_back(std::move(unknown));
  }
  fiche.blocks.push_back(budget_block(stored, form));
  fiche.blocks.push_back(indicators_block(catalog, stored));
  fiche.blocks.push_back(validations_block(validations));
  fiche.footer = footer_of(context);
  return fiche;
}

Fiche convention_fiche(const Recap& recap, const FicheContext& context) {
  const auto& convention = recap.convention;
  Fiche fiche;
  fiche.title =
      fmt::format("Fiche convention — {} — {}", convention.collectivite_name, domain::to_short_label(convention.type));
  fiche.subtitle = {fmt::format("Convention n° {} — {} — signée le {}", convention.id,
                                domain::to_label(convention.type), convention.signed_on.french())};
  FicheBlock details = convention_block(convention);
  details.fields.push_back(
      {"Convention signée", convention.document ? convention.document->file_name : std::string("non jointe")});
  fiche.blocks.push_back(std::move(details));
  for (const auto& tab : recap.tabs) {
    if (tab.key == "budgets") {
      // The « Ensemble » section: one line per axe / volet and the convention's total.
      FicheBlock block;
      block.title = "Budget par axe / volet";
      block.columns = std::vector<Column>(tab.columns.begin() + 1, tab.columns.end());
      block.columns.front().label = "Axe / volet";
      if (!tab.sections.empty() && tab.sections.back().heading == "Ensemble de la convention") {
        for (const auto& row : tab.sections.back().rows) {
          block.rows.emplace_back(row.begin() + 1, row.end());
        }
        const auto& total = tab.sections.back().total;
        block.total = {std::string("Total")};
        block.total.insert(block.total.end(), total.begin() + 2, total.end());
      } else {
        block.columns.clear();
        block.note = tab.empty_note;
      }
      fiche.blocks.push_back(std::move(block));
    }
  }
  for (const auto& tab : recap.tabs) {
    if (tab.key != "actions") {
      continue;
    }
    FicheBlock block;
    block.title = "Actions";
    block.columns = {{"axe", "Axe / volet"},
                     {"reference", "Réf."},
                     {"intitule", "Intitulé"},
                     {"statut", "Statut"},
                     {"budget_total", "Budget total"}};
    for (const auto& section : tab.sections) {
      for (const auto& row : section.rows) {
        block.rows.push_back({section.heading, row[0], row[1], row[5], row[6]});
      }
    }
    if (block.rows.empty()) {
      block.columns.clear();
      block.note = tab.empty_note;
    }
    fiche.blocks.push_back(std::move(block));
  }
  FicheBlock indicators;
  indicators.title = "Indicateurs";
  for (const auto& tab : recap.tabs) {
    if (tab.key == "nationaux" || tab.key == "locaux" || tab.key == "impact") {
      std::size_t count = 0;
      for (const auto& section : tab.sections) {
        count += section.rows.size();
      }
      indicators.fields.push_back({tab.title, std::to_string(count)});
    }
  }
  indicators.note = "Détail : pilot recap --convention " + std::to_string(convention.id);
  fiche.blocks.push_back(std::move(indicators));
  fiche.footer = footer_of(context);
  return fiche;
}

}  // namespace pilot::report

// The long bilan and validation tables: what was declared each year and who validated what.
#include <fmt/format.h>

#include <unordered_map>

#include "forms/values.hpp"
#include "report/export_keys.hpp"
#include "report/export_tables.hpp"
#include "report/export_values.hpp"

namespace pilot::report {
namespace {

Cell day_cell(const std::string& timestamp) {
  if (timestamp.size() >= 10) {
    if (auto date = util::parse_date(std::string_view(timestamp).substr(0, 10))) {
      return *date;
    }
  }
  return timestamp.empty() ? Cell() : Cell(timestamp);
}

}  // namespace

Result<ExportResult> export_bilans(ExportSource& source, RowSink& sink) {
  ExportTable table;
  table.key = "bilans";
  table.title = "Bilans";
  table.description = "Une ligne par réponse d'un bilan annuel (une par option cochée d'un choix multiple)";
  detail::add_key_columns(table);
  table.columns.insert(
      table.columns.end(),
      {{"bilan_id", "N° bilan", ColumnType::integer, "Numéro du bilan dans pilot", "", ""},
       {"annee", "Année du bilan", ColumnType::integer, "Année sur laquelle porte le bilan", "", ""},
       {"formulaire", "Formulaire du bilan", ColumnType::text, "", "", ""},
       {"question", "Question (clé)", ColumnType::text, "Clé stable du champ dans le formulaire", "", ""},
       {"question_libelle", "Question", ColumnType::text, "Libellé de la question dans le formulaire", "", ""},
       {"rang", "Rang", ColumnType::integer, "Rang de l'option dans un choix multiple (0, 1...)", "", ""},
       {"reponse", "Réponse", ColumnType::text, "Réponse lisible (libellé du choix, date JJ/MM/AAAA...)", "", ""},
       {"valeur", "Valeur numérique", ColumnType::decimal,
        "La réponse quand elle est un nombre (montant en euros, 1 = oui / 0 = non)", "", ""},
       {"date", "Date", ColumnType::date, "La réponse quand elle est une date", "", ""}});
  const Audience audience = sink.audience();
  store::BilanCursor cursor(source.database, source.filter);
  std::unordered_map<std::string, const forms::Form*> forms;
  return detail::stream_table(std::move(table), sink, [&](std::vector<Cell>& cells, auto& emit) -> Result<void> {
    while (cursor.next()) {
      const auto& row = cursor.row();
      std::fill(cells.begin(), cells.end(), Cell{});
      detail::fill_key_cells(row.key, audience, cells);
      auto found = forms.find(row.form_id);
      if (found == forms.end()) {
        found = forms.emplace(row.form_id, source.catalog.find_form(row.form_id)).first;
      }
      const forms::Field* field = found->second != nullptr ? found->second->find_field(row.answer.field_key) : nullptr;
      std::size_t i = detail::k_key_column_count;
      cells[i++] = row.bilan_id;
      cells[i++] = static_cast<std::int64_t>(row.year);
      cells[i++] = row.form_id;
      cells[i++] = row.answer.field_key;
      cells[i++] = field != nullptr ? field->label : std::string();
      cells[i++] = static_cast<std::int64_t>(row.answer.ord);
      if (field != nullptr) {
        const domain::Value value = answer_value(*field, {&row.answer, 1});
        cells[i++] = audience == Audience::people ? forms::to_display_text(source.catalog, *field, value)
                                                  : forms::to_storage_text(*field, value);
        const Cell typed = answer_cell(*field, row.answer, Audience::machines);
        if (const auto* money = std::get_if<Money>(&typed)) {
          cells[i] = static_cast<double>(money->cents) / 100.0;
        } else if (field->type == forms::FieldType::yes_no && row.answer.number) {
          cells[i] = *row.answer.number;
        } else if (forms::is_numeric(field->type) && row.answer.number) {
          cells[i] = *row.answer.number;
        }
        ++i;
        if (const auto* date = std::get_if<util::Date>(&typed)) {
          cells[i] = *date;
        }
      } else {
        cells[i++] = row.answer.text ? *row.answer.text : std::string();
        if (row.answer.number) {
          cells[i] = *row.answer.number;
        }
      }
      if (auto written = emit(); !written) {
        return written;
      }
    }
    return {};
  });
}

Result<ExportResult> export_validations(ExportSource& source, RowSink& sink) {
  ExportTable table;
  table.key = "validations";
  table.title = "Validations";
  table.description = "Une ligne par validation d'une action (y compris les validations révoquées)";
  detail::add_key_columns(table);
  table.columns.insert(
      table.columns.end(),
      {{"validation_id", "N° validation", ColumnType::integer, "", "", ""},
       {"cote", "Validée par (côté)", ColumnType::text, "", "", "collectivite = Collectivité ; etat = État"},
       {"utilisateur", "Utilisateur", ColumnType::text, "Personne qui a validé", "", ""},
       {"date", "Date de validation", ColumnType::date, "", "", ""},
       {"horodatage", "Horodatage (UTC)", ColumnType::text, "Date et heure ISO 8601", "", ""},
       {"formulaire", "Formulaire", ColumnType::text, "", "", ""},
       {"formulaire_version", "Version du formulaire", ColumnType::integer, "", "", ""},
       {"empreinte", "Empreinte du contenu validé", ColumnType::text, "SHA-256 de ce que l'action disait", "", ""},
       {"contenu_inchange", "Contenu inchangé depuis la validation", ColumnType::yes_no,
        "Oui si l'action dit encore exactement ce qui a été validé", "", "oui = Oui ; non = Non"},
       {"commentaire", "Commentaire", ColumnType::text, "", "", ""},
       {"revoquee_le", "Révoquée le", ColumnType::date, "", "", ""},
       {"revoquee_par", "Révoquée par", ColumnType::text, "", "", ""},
       {"motif_revocation", "Motif de la révocation", ColumnType::text, "", "", ""}});
  const Audience audience = sink.audience();
  store::ValidationCursor cursor(source.database, source.filter);
  return detail::stream_table(std::move(table), sink, [&](std::vector<Cell>& cells, auto& emit) -> Result<void> {
    while (cursor.next()) {
      const auto& row = cursor.row();
      std::fill(cells.begin(), cells.end(), Cell{});
      detail::fill_key_cells(row.key, audience, cells);
      std::size_t i = detail::k_key_column_count;
      cells[i++] = row.validation_id;
      if (audience == Audience::people) {
        cells[i++] = std::string(row.side == domain::Side::etat ? "État" : "Collectivité");
      } else {
        cells[i++] = std::string(domain::to_code(row.side));
      }
      cells[i++] = row.user;
      cells[i++] = day_cell(row.at);
      cells[i++] = row.at;
      cells[i++] = row.form_id;
      cells[i++] = static_cast<std::int64_t>(row.form_version);
      cells[i++] = row.content_hash;
      cells[i++] = std::string(yes_no_text(row.matches_current_content, audience));
      cells[i++] = row.comment;
      if (row.revoked_at) {
        cells[i] = day_cell(*row.revoked_at);
      }
      ++i;
      cells[i++] = row.revoked_by;
      cells[i++] = row.revoked_why;
      if (auto written = emit(); !written) {
        return written;
      }
    }
    return {};
  });
}

}  // namespace pilot::report

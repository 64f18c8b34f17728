#include "report/template.hpp"

#include <fmt/format.h>

#include <map>

#include "io/csv/writer.hpp"
#include "io/xlsx/writer.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

std::string record_sheet_name(const forms::Form& form) {
  switch (form.record) {
    case forms::RecordKind::action: return "Actions";
    case forms::RecordKind::bilan: return "Bilans";
    case forms::RecordKind::convention: return "Conventions";
  }
  return "Données";
}

// Excel caps sheet names at 31 characters: the group's label, else its first sheet alias that fits.
std::string group_sheet_name(const forms::Group& group) {
  if (util::display_width(group.label) <= io::xlsx::k_max_sheet_name_chars) {
    return group.label;
  }
  for (const auto& alias : group.sheet_aliases) {
    if (util::display_width(alias) <= io::xlsx::k_max_sheet_name_chars) {
      return alias;
    }
  }
  return group.key;
}

std::string bounds_text(const forms::Field& field) {
  std::vector<std::string> parts;
  const bool money = field.type == forms::FieldType::money;
  auto number = [&](double value) {
    return money ? util::format_money_fr(static_cast<std::int64_t>(value * 100))
                 : util::format_decimal_fr(value, value == static_cast<double>(static_cast<long long>(value)) ? 0 : 2);
  };
  if (field.min) {
    parts.push_back("minimum " + number(*field.min));
  }
  if (field.max) {
    parts.push_back("maximum " + number(*field.max));
  }
  if (field.max_length) {
    parts.push_back(fmt::format("{} caractères au plus", *field.max_length));
  }
  return util::join(parts, ", ");
}

std::string header_comment(const forms::Field& field) {
  std::vector<std::string> lines;
  lines.push_back(field.label);
  if (!field.help.empty()) {
    lines.push_back(field.help);
  }
  std::string kind(forms::to_label(field.type));
  if (!field.unit.empty()) {
    kind += " (" + field.unit + ")";
  }
  lines.push_back("Type : " + kind);
  if (field.type == forms::FieldType::date) {
    lines.push_back("Format : JJ/MM/AAAA");
  }
  if (field.type == forms::FieldType::multiple_choice) {
    lines.push_back("Plusieurs choix possibles, séparés par « ; »");
  }
  if (const std::string bounds = bounds_text(field); !bounds.empty()) {
    lines.push_back("Bornes : " + bounds);
  }
  if (field.required) {
    lines.push_back("Réponse obligatoire");
  }
  if (!field.relevant.empty()) {
    lines.push_back("Seulement si : " + field.relevant.source());
  }
  if (!field.required_if.empty()) {
    lines.push_back("Obligatoire si : " + field.required_if.source());
  }
  if (!field.constraint_message.empty()) {
    lines.push_back("Règle : " + field.constraint_message);
  }
  return util::join(lines, "\n");
}

double column_width(const forms::Field& field) {
  switch (field.type) {
    case forms::FieldType::date: return 13;
    case forms::FieldType::money: return 16;
    case forms::FieldType::yes_no: return 10;
    case forms::FieldType::integer:
    case forms::FieldType::decimal:
    case forms::FieldType::percent:
    case forms::FieldType::etp: return 12;
    default: break;
  }
  return std::clamp(static_cast<double>(util::display_width(field.label)) * 0.6, 14.0, 40.0);
}

struct ListColumns {
  io::xlsx::SheetWriter* sheet = nullptr;
  std::map<std::string, std::string> range_of;  // list id (+ offered subset) → "='Listes'!$A$2:$A$9"
  std::uint16_t next_column = 0;
};

// Writes the labels a field offers on the lists sheet once, returns the validation source.
Result<std::string> list_source(ListColumns& lists, const forms::Field& field) {
  std::vector<std::string> labels;
  if (field.type == forms::FieldType::yes_no) {
    labels = {"Oui", "Non"};
  } else {
    for (const forms::Choice* choice : field.offered_choices()) {
      labels.push_back(choice->label);
    }
  }
  std::string key = field.type == forms::FieldType::yes_no ? "oui_non" : field.choices;
  for (const auto& label : labels) {
    key += "|" + label;
  }
  if (const auto found = lists.range_of.find(key); found != lists.range_of.end()) {
    return found->second;
  }
  const std::uint16_t column = lists.next_column++;
  const std::string title =
      field.type == forms::FieldType::yes_no
          ? std::string("Oui / Non")
          : (field.choice_list != nullptr && !field.choice_list->label.empty() ? field.choice_list->label
                                                                               : field.choices);
  if (auto written = lists.sheet->write_text(0, column, title); !written) {
    return std::unexpected(written.error());
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (auto written = lists.sheet->write_text(static_cast<std::uint32_t>(i + 1), column, labels[i]); !written) {
      return std::unexpected(written.error());
    }
  }
  const std::string source =
      "=" + io::xlsx::range_reference(
                lists.sheet->name(), io::xlsx::CellRange{1, column, static_cast<std::uint32_t>(labels.size()), column});
  lists.range_of.emplace(key, source);
  return source;
}

std::optional<io::xlsx::Validation> validation_for(ListColumns& lists, const forms::Field& field, Error& error) {
  std::optional<io::xlsx::Validation> validation;
  switch (field.type) {
    case forms::FieldType::single_choice:
    case forms::FieldType::multiple_choice:
    case forms::FieldType::yes_no: {
      auto source = list_source(lists, field);
      if (!source) {
        error = source.error();
        return std::nullopt;
      }
      validation = io::xlsx::Validation::list_from_range(*source);
      if (field.type == forms::FieldType::multiple_choice) {
        // Several choices joined by « ; » are not one list item: warn, do not block.
        validation->error_style = io::xlsx::Validation::ErrorStyle::information;
        validation->error_title = "Plusieurs choix ?";
        validation->error_message = "Séparez plusieurs choix par « ; ». Chaque choix doit être un libellé de la liste.";
      } else {
        validation->error_title = "Choix invalide";
        validation->error_message = "Choisissez une valeur dans la liste déroulante.";
      }
      break;
    }
    case forms::FieldType::integer:
      validation = io::xlsx::Validation::whole_number(field.min, field.max);
      validation->error_title = "Nombre entier attendu";
      validation->error_message = "Saisissez un nombre entier" +
                                  (bounds_text(field).empty() ? std::string() : " (" + bounds_text(field) + ")") + ".";
      break;
    case forms::FieldType::decimal:
    case forms::FieldType::money:
    case forms::FieldType::percent:
    case forms::FieldType::etp:
      validation = io::xlsx::Validation::decimal(field.min, field.max);
      validation->error_title = "Nombre attendu";
      validation->error_message =
          "Saisissez un nombre" + (bounds_text(field).empty() ? std::string() : " (" + bounds_text(field) + ")") + ".";
      break;
    case forms::FieldType::date:
      validation = io::xlsx::Validation::date_between(util::Date{1990, 1, 1}, util::Date{2100, 12, 31});
      validation->error_title = "Date attendue";
      validation->error_message = "Saisissez une date JJ/MM/AAAA.";
      break;
    case forms::FieldType::text:
      if (field.max_length) {
        validation = io::xlsx::Validation::max_length(*field.max_length);
        validation->error_title = "Texte trop long";
        validation->error_message = fmt::format("{} caractères au plus.", *field.max_length);
      }
      break;
  }
  if (validation) {
    validation->input_title = util::display_width(field.label) <= 32 ? field.label : std::string();
    if (!field.help.empty() && util::display_width(field.help) <= 250) {
      validation->input_message = field.help;
    }
  }
  return validation;
}

std::vector<const forms::Field*> group_columns(const forms::Form& form, const forms::Group& group) {
  std::vector<const forms::Field*> fields;
  // Group rows name the record they belong to by its reference.
  if (const forms::Field* reference = form.find_field("reference")) {
    fields.push_back(reference);
  }
  for (const auto& field : group.fields) {
    fields.push_back(&field);
  }
  return fields;
}

}  // namespace

std::string template_header(const forms::Field& field) {
  return field.required ? field.label + " *" : field.label;
}

Result<void> write_xlsx_template(const forms::Form& form, const std::filesystem::path& path) {
  auto workbook = io::xlsx::WorkbookWriter::create(path);
  if (!workbook) {
    return std::unexpected(workbook.error());
  }
  io::xlsx::DocumentProperties properties;
  properties.title = form.title;
  properties.subject = fmt::format("Modèle d'import pilot — formulaire {} version {}", form.id, form.version);
  properties.author = "pilot";
  properties.comments =
      "Remplissez une ligne par enregistrement ; les lignes budgétaires et les indicateurs "
      "renvoient à leur fiche par la colonne Référence.";
  if (auto set = workbook->set_properties(properties); !set) {
    return set;
  }
  // Sheets appear in creation order: the record first, its groups next, the lists last.
  std::vector<const forms::Field*> record_fields;
  for (const auto& field : form.fields) {
    record_fields.push_back(&field);
  }
  ListColumns lists;
  std::vector<std::pair<std::string, std::vector<const forms::Field*>>> tables;
  tables.emplace_back(record_sheet_name(form), record_fields);
  for (const auto& group : form.groups) {
    tables.emplace_back(group_sheet_name(group), group_columns(form, group));
  }
  for (const auto& [name, fields] : tables) {
    if (auto sheet = workbook->add_sheet(name); !sheet) {
      return std::unexpected(sheet.error());
    }
  }
  auto list_sheet = workbook->add_sheet("Listes");
  if (!list_sheet) {
    return std::unexpected(list_sheet.error());
  }
  lists.sheet = *list_sheet;
  for (const auto& [name, fields] : tables) {
    io::xlsx::SheetWriter* sheet = workbook->find_sheet(name);
    const auto header = workbook->format(io::xlsx::Style::header);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const forms::Field& field = *fields[i];
      const auto column = static_cast<std::uint16_t>(i);
      if (auto written = sheet->write_text(0, column, template_header(field), header); !written) {
        return written;
      }
      io::xlsx::CommentOptions comment;
      comment.author = "pilot";
      comment.width = 320;
      comment.height = 160;
      if (auto added = sheet->add_comment(0, column, header_comment(field), comment); !added) {
        return added;
      }
      io::xlsx::CellFormat format;
      if (field.type == forms::FieldType::money) {
        format = workbook->format(io::xlsx::Style::money);
      } else if (field.type == forms::FieldType::date) {
        format = workbook->format(io::xlsx::Style::date);
      }
      if (auto width = sheet->set_column_width(column, column, column_width(field), format); !width) {
        return width;
      }
      Error error;
      if (auto validation = validation_for(lists, field, error)) {
        if (auto added = sheet->add_validation(io::xlsx::CellRange{1, column, k_template_rows, column}, *validation);
            !added) {
          return added;
        }
      } else if (!error.message.empty()) {
        return std::unexpected(error);
      }
    }
    sheet->freeze(1);
    if (auto filtered = sheet->autofilter(io::xlsx::CellRange{0, 0, 0, static_cast<std::uint16_t>(fields.size() - 1)});
        !filtered) {
      return filtered;
    }
  }
  lists.sheet->hide();
  workbook->find_sheet(tables.front().first)->activate();
  return workbook->close();
}

Result<std::vector<std::filesystem::path>> write_csv_template(const forms::Form& form,
                                                              const std::filesystem::path& path) {
  std::vector<std::pair<std::filesystem::path, std::vector<const forms::Field*>>> files;
  std::vector<const forms::Field*> record_fields;
  for (const auto& field : form.fields) {
    record_fields.push_back(&field);
  }
  files.emplace_back(path, record_fields);
  for (const auto& group : form.groups) {
    std::filesystem::path group_path = path;
    group_path.replace_filename(path.stem().string() + "-" + group.key + path.extension().string());
    files.emplace_back(group_path, group_columns(form, group));
  }
  std::vector<std::filesystem::path> written;
  for (const auto& [file, fields] : files) {
    auto writer = io::csv::Writer::open(file.string(), io::csv::Flavor::fr);
    if (!writer) {
      return std::unexpected(writer.error());
    }
    std::vector<std::string> headers;
    for (const auto* field : fields) {
      headers.push_back(template_header(*field));
    }
    if (auto row = writer->write_row(headers); !row) {
      return std::unexpected(row.error());
    }
    if (auto closed = writer->close(); !closed) {
      return std::unexpected(closed.error());
    }
    written.push_back(file);
  }
  return written;
}

}  // namespace pilot::report

#include "report/bilan_tables.hpp"

#include <fmt/format.h>

#include "forms/values.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

std::string field_text(const forms::Catalog& catalog, const forms::Field& field, const domain::Answers& answers) {
  const auto found = answers.find(field.key);
  return found == answers.end() || domain::is_empty(found->second)
             ? std::string("—")
             : forms::to_display_text(catalog, field, found->second);
}

util::Json warnings_json(const std::vector<store::BilanWarning>& warnings) {
  util::Json out = util::Json::array();
  for (const auto& warning : warnings) {
    util::Json entry = util::Json::object();
    entry.set("convention", warning.convention_id)
        .set("action", warning.action_id == 0 ? util::Json() : util::Json(warning.action_id))
        .set("reference", warning.reference)
        .set("code", warning.code)
        .set("message", warning.message);
    out.push(entry);
  }
  return out;
}

util::Json lacks_json(const store::BilanCompleteness& completeness) {
  util::Json lacks = util::Json::array();
  for (const auto& lack : completeness.lacks) {
    lacks.push(lack);
  }
  return lacks;
}

}  // namespace

Table bilan_summary_table(const std::vector<store::ConventionBilanSummary>& conventions) {
  Table table;
  table.columns = {{"convention", "N°"},         {"collectivite", "Collectivité"},  {"type", "Type"},
                   {"actions", "Actions"},       {"complets", "Complets"},          {"incomplets", "Incomplets"},
                   {"non_saisis", "Non saisis"}, {"part_complete", "Part complète"}};
  for (const auto& convention : conventions) {
    table.rows.push_back({convention.convention_id, convention.collectivite,
                          std::string(domain::to_short_label(convention.convention_type)), convention.actions,
                          convention.complete, convention.incomplete, convention.missing,
                          // No action due: no share (empty, null in JSON), not « 100 % » read as a campaign done.
                          convention.actions == 0 ? Cell{} : Cell{Percent{convention.complete_percent()}}});
  }
  return table;
}

Table bilan_lines_table(const std::vector<store::BilanStatusLine>& lines) {
  Table table;
  table.columns = {{"convention", "Convention"}, {"collectivite", "Collectivité"}, {"action", "Action"},
                   {"reference", "Référence"},   {"intitule", "Intitulé"},         {"etat", "État"},
                   {"manque", "Ce qui manque"}};
  for (const auto& line : lines) {
    table.rows.push_back({line.convention_id, line.collectivite, line.action_id, line.reference, line.title,
                          std::string(store::to_label(line.completeness.state)),
                          util::join(line.completeness.lacks, " ; ")});
  }
  return table;
}

Table bilan_warnings_table(const std::vector<store::BilanWarning>& warnings) {
  Table table;
  table.columns = {{"convention", "Convention"},
                   {"action", "Action"},
                   {"reference", "Référence"},
                   {"code", "Code"},
                   {"message", "Avertissement"}};
  for (const auto& warning : warnings) {
    table.rows.push_back({warning.convention_id, warning.action_id == 0 ? Cell{} : Cell{warning.action_id},
                          warning.reference, warning.code, warning.message});
  }
  return table;
}

std::string bilan_status_text(int year, const std::string& scope,
                              const std::vector<store::ConventionBilanSummary>& conventions,
                              const std::vector<store::BilanStatusLine>& lines,
                              const std::vector<store::BilanWarning>& warnings) {
  std::string out = fmt::format("Bilans {} — périmètre : {}\n\n", year, scope);
  if (conventions.empty()) {
    return out + fmt::format("Aucune convention de ce périmètre ne couvre {}.\n", year);
  }
  out += render_text(bilan_summary_table(conventions));
  std::vector<store::BilanStatusLine> pending;
  std::int64_t actions = 0;
  std::int64_t complete = 0;
  for (const auto& convention : conventions) {
    actions += convention.actions;
    complete += convention.complete;
  }
  for (const auto& line : lines) {
    if (line.completeness.state != store::BilanState::complete) {
      pending.push_back(line);
    }
  }
  if (!pending.empty()) {
    out += fmt::format("\nBilans incomplets ou non saisis ({}) :\n", pending.size());
    out += render_text(bilan_lines_table(pending));
  }
  if (!warnings.empty()) {
    out += fmt::format("\nAvertissements ({}) :\n", warnings.size());
    for (const auto& warning : warnings) {
      out += warning.action_id == 0 ? fmt::format("  [{}] {}\n", warning.code, warning.message)
                                    : fmt::format("  [{}] action n° {} ({}) : {}\n", warning.code, warning.action_id,
                                                  warning.reference, warning.message);
    }
  }
  const double share = actions == 0 ? 100.0 : 100.0 * static_cast<double>(complete) / static_cast<double>(actions);
  out += fmt::format("\n{} bilan{} complet{} sur {} action{} ({}), {} convention{}\n", complete,
                     complete > 1 ? "s" : "", complete > 1 ? "s" : "", actions, actions > 1 ? "s" : "",
                     util::format_percent_fr(share), conventions.size(), conventions.size() > 1 ? "s" : "");
  return out;
}

util::Json bilan_status_json(int year, const std::string& scope,
                             const std::vector<store::ConventionBilanSummary>& conventions,
                             const std::vector<store::BilanStatusLine>& lines,
                             const std::vector<store::BilanWarning>& warnings) {
  util::Json json = util::Json::object();
  json.set("annee", year).set("perimetre", scope);
  json.set("conventions", to_json(bilan_summary_table(conventions)));
  util::Json actions = util::Json::array();
  for (const auto& line : lines) {
    util::Json entry = util::Json::object();
    entry.set("convention", line.convention_id)
        .set("collectivite", line.collectivite)
        .set("action", line.action_id)
        .set("reference", line.reference)
        .set("intitule", line.title)
        .set("etat", std::string(store::to_code(line.completeness.state)))
        .set("manque", lacks_json(line.completeness));
    actions.push(entry);
  }
  json.set("actions", actions);
  json.set("avertissements", warnings_json(warnings));
  return json;
}

std::string bilan_detail_text(const forms::Catalog& catalog, const forms::Form& form, const std::string& heading,
                              const domain::Answers& answers,
                              const std::map<std::string, std::vector<domain::GroupRow>>& groups,
                              const store::BilanCompleteness& completeness,
                              const std::vector<store::BilanWarning>& warnings, const std::vector<int>& years) {
  std::string out = heading + "\n";
  for (const auto& section : form.sections) {
    const auto fields = form.fields_of_section(section.key);
    bool has_group = false;
    for (const auto& group : form.groups) {
      has_group = has_group || group.section == section.key;
    }
    if (fields.empty() && !has_group) {
      continue;
    }
    out += fmt::format("\n{}\n", section.label);
    for (const auto* field : fields) {
      if (field->key == "reference" || field->key == "annee_bilan") {
        continue;
      }
      out += fmt::format("  {} : {}\n", field->label, field_text(catalog, *field, answers));
    }
    for (const auto& group : form.groups) {
      if (group.section != section.key) {
        continue;
      }
      const auto rows = groups.find(group.key);
      if (rows == groups.end() || rows->second.empty()) {
        out += fmt::format("  {} : aucune ligne\n", group.label);
        continue;
      }
      Table table;
      for (const auto& field : group.fields) {
        if (field.key == "annee") {
          continue;
        }
        bool used = false;
        for (const auto& row : rows->second) {
          const auto found = row.values.find(field.key);
          used = used || (found != row.values.end() && !domain::is_empty(found->second));
        }
        if (used) {
          table.columns.push_back({field.key, field.label});
        }
      }
      for (const auto& row : rows->second) {
        std::vector<Cell> cells;
        for (const auto& column : table.columns) {
          const forms::Field* field = group.find_field(column.key);
          const auto found = row.values.find(column.key);
          cells.emplace_back(found == row.values.end() || domain::is_empty(found->second)
                                 ? std::string()
                                 : forms::to_display_text(catalog, *field, found->second));
        }
        table.rows.push_back(std::move(cells));
      }
      out += fmt::format("  {} :\n", group.label);
      for (const auto& line : util::split_list(render_text(table), "\n")) {
        out += "    " + line + "\n";
      }
    }
  }
  out += fmt::format("\nÉtat du bilan : {}\n", store::to_label(completeness.state));
  for (const auto& lack : completeness.lacks) {
    out += "  manque : " + lack + "\n";
  }
  for (const auto& warning : warnings) {
    out += fmt::format("  [{}] {}\n", warning.code, warning.message);
  }
  if (!years.empty()) {
    std::vector<std::string> texts;
    for (const int year : years) {
      texts.push_back(std::to_string(year));
    }
    out += "Bilans saisis pour cette action : " + util::join(texts, ", ") + "\n";
  }
  return out;
}

util::Json bilan_detail_json(const forms::Form& form, std::int64_t action_id, const std::string& reference, int year,
                             const domain::Answers& answers,
                             const std::map<std::string, std::vector<domain::GroupRow>>& groups,
                             const store::BilanCompleteness& completeness,
                             const std::vector<store::BilanWarning>& warnings) {
  util::Json json = util::Json::object();
  json.set("action", action_id).set("reference", reference).set("annee", year).set("formulaire", form.id);
  util::Json fields = util::Json::object();
  for (const auto& field : form.fields) {
    const auto found = answers.find(field.key);
    if (found != answers.end() && !domain::is_empty(found->second) && field.key != "reference") {
      fields.set(field.key, forms::to_storage_text(field, found->second));
    }
  }
  json.set("reponses", fields);
  for (const auto& group : form.groups) {
    util::Json rows = util::Json::array();
    if (const auto found = groups.find(group.key); found != groups.end()) {
      for (const auto& row : found->second) {
        util::Json entry = util::Json::object();
        for (const auto& field : group.fields) {
          const auto value = row.values.find(field.key);
          if (value != row.values.end() && !domain::is_empty(value->second)) {
            entry.set(field.key, forms::to_storage_text(field, value->second));
          }
        }
        rows.push(entry);
      }
    }
    json.set(group.key, rows);
  }
  json.set("etat", std::string(store::to_code(completeness.state))).set("manque", lacks_json(completeness));
  json.set("avertissements", warnings_json(warnings));
  return json;
}

}  // namespace pilot::report

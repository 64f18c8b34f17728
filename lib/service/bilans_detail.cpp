#include "service/bilans_detail.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "forms/values.hpp"
#include "util/text.hpp"

namespace pilot::service::bilans_detail {
namespace {

bool same_value(const domain::Value& a, const domain::Value& b) {
  if (domain::is_empty(a) && domain::is_empty(b)) {
    return true;
  }
  const auto* text_a = std::get_if<std::string>(&a);
  const auto* text_b = std::get_if<std::string>(&b);
  if (text_a != nullptr && text_b != nullptr) {
    return util::fold(*text_a) == util::fold(*text_b);
  }
  return a == b;
}

const domain::Value& value_or_none(const domain::Answers& row, const std::string& key) {
  static const domain::Value k_none;
  const auto found = row.find(key);
  return found == row.end() ? k_none : found->second;
}

std::string group_position(const forms::Form& form, const forms::Problem& problem) {
  const forms::Group* group = form.find_group(problem.group);
  return fmt::format("{}, ligne {}", group == nullptr ? problem.group : group->label, problem.group_row);
}

}  // namespace

bool is_incompleteness(const forms::Problem& problem) {
  static const std::set<std::string, std::less<>> k_codes = {"E201", "E202", "E204", "E404"};
  return k_codes.contains(problem.code);
}

const forms::Field* find_field_loosely(const std::vector<forms::Field>& fields, std::string_view name) {
  const std::string wanted = util::fold_key(name);
  if (wanted.empty()) {
    return nullptr;
  }
  for (const auto& field : fields) {
    if (util::fold_key(field.key) == wanted || util::fold_key(field.label) == wanted) {
      return &field;
    }
    for (const auto& alias : field.aliases) {
      if (util::fold_key(alias) == wanted) {
        return &field;
      }
    }
  }
  return nullptr;
}

const forms::Group* find_group_loosely(const forms::Form& form, std::string_view name) {
  if (const forms::Group* group = form.match_group(name)) {
    return group;
  }
  const std::string wanted = util::fold_key(name);
  for (const auto& group : form.groups) {
    if (util::fold_key(group.key) == wanted) {
      return &group;
    }
  }
  return nullptr;
}

Error unknown_field(std::string_view name, const std::vector<forms::Field>& fields, std::string_view where) {
  std::vector<std::string> keys;
  for (const auto& field : fields) {
    keys.push_back(field.key);
  }
  const auto close = util::closest_matches(name, keys, 3);
  return Error{ErrorKind::usage,
               fmt::format("champ inconnu « {} » {}{}", name, where,
                           close.empty() ? fmt::format(" (champs possibles : {})", util::join(keys, ", "))
                                         : " ; vouliez-vous dire " + util::quoted_list(close) + " ?")};
}

Result<domain::GroupRow> parse_row(const forms::Group& group, std::string_view text, std::size_t position,
                                   std::vector<forms::Problem>& problems, std::set<std::string>* named) {
  domain::GroupRow row;
  row.source_row = position;
  for (const auto& piece : util::split_list(text, ";")) {
    const std::size_t equal = piece.find('=');
    if (equal == std::string::npos || equal == 0) {
      return fail(ErrorKind::usage,
                  fmt::format("« {} » : attendu champ=valeur;champ=valeur, pas « {} »", group.label, piece));
    }
    const std::string name(util::trim(std::string_view(piece).substr(0, equal)));
    const std::string raw(util::trim(std::string_view(piece).substr(equal + 1)));
    const forms::Field* field = find_field_loosely(group.fields, name);
    if (field == nullptr) {
      return std::unexpected(unknown_field(name, group.fields, fmt::format("dans « {} »", group.label)));
    }
    if (named != nullptr) {
      named->insert(field->key);
    }
    auto parsed = forms::parse_field_value(*field, raw);
    if (parsed.problem) {
      forms::Problem problem = *parsed.problem;
      problem.group = group.key;
      problem.group_row = position;
      problem.field = field->key;
      problems.push_back(std::move(problem));
      continue;
    }
    if (!domain::is_empty(parsed.value)) {
      row.values[field->key] = std::move(parsed.value);
    }
  }
  if (row.values.empty() && problems.empty()) {
    return fail(ErrorKind::usage, fmt::format("« {} » : ligne vide ; attendu champ=valeur;champ=valeur", group.label));
  }
  return row;
}

bool put_row(std::vector<domain::GroupRow>& rows, domain::GroupRow row, const std::vector<std::string>& keys) {
  for (auto& existing : rows) {
    const bool same = std::all_of(keys.begin(), keys.end(), [&](const std::string& key) {
      return same_value(value_or_none(existing.values, key), value_or_none(row.values, key));
    });
    if (same) {
      row.source_row = existing.source_row;
      existing = std::move(row);
      return true;
    }
  }
  row.source_row = rows.size() + 1;
  rows.push_back(std::move(row));
  return false;
}

Result<void> merge_row(std::vector<domain::GroupRow>& rows, domain::GroupRow row, const std::set<std::string>& named,
                       const forms::Catalog& catalog, const forms::Group& group, const std::vector<std::string>& keys,
                       std::string_view text, std::string_view option, MergedRows& merged) {
  auto constrained = [&](const std::string& key) { return row.values.contains(key) || named.contains(key); };
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool same = std::all_of(keys.begin(), keys.end(), [&](const std::string& key) {
      return !constrained(key) || same_value(value_or_none(rows[i].values, key), value_or_none(row.values, key));
    });
    if (same) {
      candidates.push_back(i);
    }
  }
  // A line as its keys show it, in their order: « Volet 2 … — Garage — État ».
  auto describe = [&](const domain::GroupRow& line) {
    std::vector<std::string> parts;
    for (const auto& key : keys) {
      const forms::Field* field = group.find_field(key);
      const domain::Value& value = value_or_none(line.values, key);
      if (field != nullptr && key != "annee" && !domain::is_empty(value)) {
        parts.push_back(forms::to_display_text(catalog, *field, value));
      }
    }
    return parts.empty() ? std::string("sans précision") : util::join(parts, " — ");
  };
  if (candidates.size() > 1) {
    std::vector<std::string> lines;
    std::vector<std::string> unnamed;
    for (const std::size_t i : candidates) {
      lines.push_back("« " + describe(rows[i]) + " »");
    }
    for (const auto& key : keys) {  // the keys left out that tell the candidates apart
      const forms::Field* field = group.find_field(key);
      const bool differ = std::any_of(candidates.begin(), candidates.end(), [&](std::size_t i) {
        return !same_value(value_or_none(rows[i].values, key), value_or_none(rows[candidates.front()].values, key));
      });
      if (!constrained(key) && field != nullptr && differ) {
        unnamed.push_back(field->label);
      }
    }
    return fail(ErrorKind::usage,
                fmt::format("{} « {} » : {} lignes y répondent ({}) : précisez {}", option, text, candidates.size(),
                            util::join(lines, ", "), util::quoted_list(unnamed, "ou")));
  }
  if (candidates.empty()) {
    row.source_row = rows.size() + 1;
    rows.push_back(std::move(row));
    merged.reached.push_back(rows.size() - 1);
    return {};
  }
  const std::size_t target = candidates.front();
  if (std::find(merged.reached.begin(), merged.reached.end(), target) != merged.reached.end()) {
    return fail(ErrorKind::usage,
                fmt::format("{} « {} » : désigne la ligne « {} », qu'une autre ligne de la même commande modifie "
                            "déjà ; réunissez-les en une ligne",
                            option, text, describe(rows[target])));
  }
  merged.reached.push_back(target);
  domain::GroupRow& line = rows[target];
  for (const auto& key : named) {
    if (!row.values.contains(key)) {
      line.values.erase(key);  // named empty: cleared
    }
  }
  for (auto& [key, value] : row.values) {
    line.values[key] = std::move(value);
  }
  return {};
}

Result<void> refuse_twin(GivenRows& given, const forms::Group& group, const domain::GroupRow& row,
                         std::string_view text, std::string_view option, const std::vector<std::string>& keys) {
  for (const auto& [earlier, earlier_text] : given.rows) {
    const bool same = std::all_of(keys.begin(), keys.end(), [&](const std::string& key) {
      return same_value(value_or_none(earlier.values, key), value_or_none(row.values, key));
    });
    if (!same) {
      continue;
    }
    std::vector<std::string> labels;
    for (const auto& key : keys) {
      const forms::Field* field = group.find_field(key);
      labels.push_back(field != nullptr ? field->label : key);
    }
    return fail(ErrorKind::usage,
                fmt::format("{} « {} » : même {} que « {} », donnée dans la même commande ; une seule ligne est "
                            "gardée par clé : réunissez-les en une ligne",
                            option, text, util::quoted_list(labels, "et"), earlier_text));
  }
  given.rows.emplace_back(row, std::string(text));
  return {};
}

const domain::Indicator* planned_indicator(const domain::Action& action, const domain::Answers& row) {
  const std::string code = text_of(row, "code");
  const std::string label = util::fold(text_of(row, "libelle"));
  const std::string type = text_of(row, "type_indicateur");
  for (const auto& indicator : action.indicators) {
    if (!type.empty() && type != domain::to_code(indicator.kind)) {
      continue;
    }
    if (indicator.kind == domain::IndicatorKind::national ? (!code.empty() && indicator.code == code)
                                                          : (!label.empty() && util::fold(indicator.label) == label)) {
      return &indicator;
    }
  }
  return nullptr;
}

void complete_indicator_row(const domain::Action& action, domain::Answers& row, int year, bool with_target) {
  if (!text_of(row, "code").empty() && text_of(row, "type_indicateur").empty()) {
    row["type_indicateur"] = std::string(domain::to_code(domain::IndicatorKind::national));
  }
  const domain::Indicator* planned = planned_indicator(action, row);
  if (planned == nullptr) {
    return;
  }
  row["type_indicateur"] = std::string(domain::to_code(planned->kind));
  if (planned->kind == domain::IndicatorKind::national) {
    row["code"] = planned->code;
    row.erase("libelle");
  } else {
    row["libelle"] = planned->label;  // the plan's spelling, so that both match exactly
  }
  if (text_of(row, "unite").empty() && !planned->unit.empty()) {
    row["unite"] = planned->unit;
  }
  if (with_target && !number_of(row, "cible")) {
    for (const auto& planned_year : planned->years) {
      if (planned_year.year == year && planned_year.target) {
        row["cible"] = *planned_year.target;
      }
    }
  }
}

std::string lack_text(const forms::Form& form, const forms::Problem& problem) {
  std::string label = problem.field;
  if (problem.group.empty()) {
    if (const forms::Field* field = form.find_field(problem.field)) {
      label = field->label;
    }
    return "« " + label + " »";
  }
  if (const forms::Group* group = form.find_group(problem.group)) {
    if (const forms::Field* field = group->find_field(problem.field)) {
      label = field->label;
    }
  }
  return fmt::format("« {} » ({})", label, group_position(form, problem));
}

std::string problems_text(const forms::Form& form, const std::vector<forms::Problem>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    text += problem.group.empty()
                ? fmt::format("\n  [{}] {}", problem.code, problem.message)
                : fmt::format("\n  [{}] {} : {}", problem.code, group_position(form, problem), problem.message);
  }
  return text;
}

std::vector<std::pair<std::string, std::string>> record_changes(const forms::Catalog& catalog, const forms::Form& form,
                                                                const FormRecord& before, const FormRecord& after) {
  std::vector<std::pair<std::string, std::string>> changes;
  auto shown = [&](const forms::Field& field, const domain::Answers& answers) {
    const auto found = answers.find(field.key);
    return found == answers.end() || domain::is_empty(found->second)
               ? std::string("(vide)")
               : forms::to_display_text(catalog, field, found->second);
  };
  for (const auto& field : form.fields) {
    const std::string old_text = shown(field, before.answers);
    const std::string new_text = shown(field, after.answers);
    if (old_text != new_text) {
      changes.emplace_back(field.label, old_text + " → " + new_text);
    }
  }
  for (const auto& group : form.groups) {
    const auto old_rows = before.groups.find(group.key);
    const auto new_rows = after.groups.find(group.key);
    const std::size_t old_count = old_rows == before.groups.end() ? 0 : old_rows->second.size();
    const std::size_t new_count = new_rows == after.groups.end() ? 0 : new_rows->second.size();
    bool same = old_count == new_count;
    for (std::size_t i = 0; same && i < old_count; ++i) {
      same = old_rows->second[i].values == new_rows->second[i].values;
    }
    if (!same) {
      changes.emplace_back(group.label,
                           fmt::format("{} ligne{} → {} ligne{}{}", old_count, old_count > 1 ? "s" : "", new_count,
                                       new_count > 1 ? "s" : "", old_count == new_count ? " (modifiées)" : ""));
    }
  }
  return changes;
}

}  // namespace pilot::service::bilans_detail

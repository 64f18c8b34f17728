// Header binding of an import: which record kind a file or sheet holds, which field each column
// feeds for every candidate form, and which columns are unknown, doubled or missing. Also stages rows.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "forms/headers.hpp"
#include "service/import_detail.hpp"
#include "util/text.hpp"

namespace pilot::service::import_detail {
namespace {

bool is_form_header(std::string_view header) {
  const std::string key = util::fold_key(header);
  return key == "formulaire" || key == "typedeformulaire" || key == "formulairedelaction";
}

bool is_errors_header(std::string_view header) {
  return util::fold_key(header) == util::fold_key(report::k_errors_column);
}

std::vector<std::string> short_names_of(const forms::Form& form) {
  std::vector<std::string> names{form.id, form.title};
  if (form.id.starts_with("action-")) {
    names.push_back(form.id.substr(7));
  }
  for (const auto type : form.applies_to.convention_types) {
    if (type == domain::ConventionType::unique) {
      continue;
    }
    names.emplace_back(domain::to_code(type));
    names.emplace_back(domain::to_short_label(type));
    names.emplace_back(domain::to_label(type));
  }
  return names;
}

}  // namespace

int FormSet::index_of(std::string_view form_id) const {
  for (std::size_t i = 0; i < forms.size(); ++i) {
    if (forms[i]->id == form_id) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int FormSet::match(std::string_view name) const {
  const std::string wanted = util::fold_key(name);
  if (wanted.empty()) {
    return -1;
  }
  for (std::size_t i = 0; i < forms.size(); ++i) {
    for (const auto& candidate : short_names_of(*forms[i])) {
      if (util::fold_key(candidate) == wanted) {
        return static_cast<int>(i);
      }
    }
  }
  return -1;
}

std::string FormSet::short_name(int index) const {
  const forms::Form& form = *forms[static_cast<std::size_t>(index)];
  for (const auto type : form.applies_to.convention_types) {
    if (type != domain::ConventionType::unique) {
      return std::string(domain::to_short_label(type));
    }
  }
  return form.id;
}

std::vector<std::string> FormSet::short_names() const {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < forms.size(); ++i) {
    names.push_back(short_name(static_cast<int>(i)));
  }
  return names;
}

KindTable KindTable::of(const FormSet& forms) {
  KindTable table;
  for (const auto* form : forms.forms) {
    for (const auto& group : form->groups) {
      if (std::find(table.group_keys.begin(), table.group_keys.end(), group.key) == table.group_keys.end()) {
        table.group_keys.push_back(group.key);
      }
    }
  }
  return table;
}

std::string KindTable::label(int kind, const FormSet& forms) const {
  if (kind == 0) {
    return forms.record_label;
  }
  if (kind < 0 || kind > static_cast<int>(group_keys.size())) {
    return "non reconnu";
  }
  const std::string& key = group_keys[static_cast<std::size_t>(kind - 1)];
  for (const auto* form : forms.forms) {
    if (const auto* group = form->find_group(key)) {
      return group->label;
    }
  }
  return key;
}

bool KindTable::is_budget(int kind, const FormSet& forms) const {
  if (kind <= 0 || kind > static_cast<int>(group_keys.size())) {
    return false;
  }
  for (const auto* form : forms.forms) {
    const forms::Group* group = form->find_group(group_keys[static_cast<std::size_t>(kind - 1)]);
    if (group != nullptr && group->kind == forms::GroupKind::budget) {
      return true;
    }
  }
  return false;
}

std::vector<const forms::Field*> KindTable::fields(int kind, const forms::Form& form) const {
  if (kind == 0) {
    return form.field_pointers();
  }
  const forms::Group* group = form.find_group(group_keys[static_cast<std::size_t>(kind - 1)]);
  if (group == nullptr) {
    return {};
  }
  auto out = group->field_pointers();
  if (const forms::Field* reference = form.find_field("reference")) {
    out.insert(out.begin(), reference);
  }
  return out;
}

const forms::Field* Source::field(int form, std::size_t column) const {
  const auto& bound = columns[static_cast<std::size_t>(form)];
  return column < bound.size() ? bound[column] : nullptr;
}

int Source::column_of(int form, std::string_view key) const {
  const auto& bound = columns[static_cast<std::size_t>(form)];
  for (std::size_t c = 0; c < bound.size(); ++c) {
    if (bound[c] != nullptr && bound[c]->key == key) {
      return static_cast<int>(c);
    }
  }
  return -1;
}

bool Source::bound_elsewhere(std::size_t column) const {
  return std::any_of(columns.begin(), columns.end(),
                     [&](const auto& bound) { return column < bound.size() && bound[column] != nullptr; });
}

bool has_reference_column(const ImportRun& run, int kind, const std::vector<std::string>& headers) {
  for (const auto* form : run.forms.forms) {
    const auto fields = run.kinds.fields(kind, *form);
    if (fields.empty()) {
      continue;
    }
    const auto binding = forms::bind_headers(fields, headers);
    for (const forms::Field* field : binding.column_fields) {
      if (field != nullptr && (kind == 0 ? field->key == "reference" : field == fields.front())) {
        return true;
      }
    }
  }
  return false;
}

HeaderGuess guess_kind(const ImportRun& run, const std::vector<std::string>& headers, std::string_view name) {
  std::vector<std::string> cleaned = headers;
  for (auto& header : cleaned) {
    if (is_form_header(header) || is_errors_header(header)) {
      header.clear();
    }
  }
  std::vector<std::size_t> scores(static_cast<std::size_t>(run.kinds.count()), 0);
  for (int kind = 0; kind < run.kinds.count(); ++kind) {
    std::vector<bool> bound(cleaned.size(), false);
    for (const auto* form : run.forms.forms) {
      const auto fields = run.kinds.fields(kind, *form);
      if (fields.empty()) {
        continue;
      }
      const auto binding = forms::bind_headers(fields, cleaned);
      for (std::size_t c = 0; c < cleaned.size(); ++c) {
        bound[c] = bound[c] || binding.column_fields[c] != nullptr;
      }
    }
    scores[static_cast<std::size_t>(kind)] = static_cast<std::size_t>(std::count(bound.begin(), bound.end(), true));
  }
  const std::size_t best = *std::max_element(scores.begin(), scores.end());
  std::vector<int> tied;
  for (int kind = 0; kind < run.kinds.count(); ++kind) {
    if (scores[static_cast<std::size_t>(kind)] == best) {
      tied.push_back(kind);
    }
  }
  int chosen = tied.front();
  if (tied.size() > 1) {
    // The file or sheet name breaks a tie: « Budget », « Indicateurs », « Fiches actions ».
    for (const auto* form : run.forms.forms) {
      if (const auto* group = form->match_group(name)) {
        const auto at = std::find(run.kinds.group_keys.begin(), run.kinds.group_keys.end(), group->key);
        const int kind = static_cast<int>(at - run.kinds.group_keys.begin()) + 1;
        if (std::find(tied.begin(), tied.end(), kind) != tied.end()) {
          chosen = kind;
        }
      }
    }
  }
  return HeaderGuess{chosen, best};
}

void bind_source(ImportRun& run, int source_index) {
  Source& source = run.sources[static_cast<std::size_t>(source_index)];
  const auto& headers = source.info.headers;
  const std::size_t width = headers.size();
  std::vector<std::string> cleaned = headers;
  source.ignored.assign(width, false);
  source.headerless.assign(width, false);
  for (std::size_t c = 0; c < width; ++c) {
    source.headerless[c] = util::fold_key(headers[c]).empty();
    if (source.headerless[c] || is_errors_header(headers[c]) || (source.kind == 0 && is_form_header(headers[c]))) {
      source.ignored[c] = true;
      if (source.kind == 0 && is_form_header(headers[c]) && source.form_column < 0) {
        source.form_column = static_cast<int>(c);
      }
      cleaned[c].clear();
    }
  }
  const std::size_t form_count = run.forms.forms.size();
  source.budget = run.kinds.is_budget(source.kind, run.forms);
  source.columns.assign(form_count, std::vector<const forms::Field*>(width, nullptr));
  std::vector<std::vector<const forms::Field*>> fields(form_count);
  std::vector<std::set<std::string>> missing(form_count);
  bool any_form = false;
  for (std::size_t f = 0; f < form_count; ++f) {
    fields[f] = run.kinds.fields(source.kind, *run.forms.forms[f]);
    if (fields[f].empty()) {
      continue;
    }
    any_form = true;
    const auto binding = forms::bind_headers(fields[f], cleaned);
    source.columns[f] = binding.column_fields;
    for (std::size_t c = 0; c < width && source.budget && source.year_column < 0; ++c) {
      if (binding.column_fields[c] != nullptr && binding.column_fields[c]->key == "annee") {
        source.year_column = static_cast<int>(c);
      }
    }
    for (const auto* field : binding.missing_required) {
      if (!run.forms.implied_fields.contains(field->key)) {
        missing[f].insert(field->key);
      }
    }
    if (source.kind != 0 && std::find(binding.column_fields.begin(), binding.column_fields.end(), fields[f].front()) ==
                                binding.column_fields.end()) {
      missing[f].insert("reference");
    }
  }
  auto where = [&](int column) { return Where{source_index, source.header_line, column, std::nullopt, {}}; };
  for (std::size_t c = 0; c < width; ++c) {
    if (source.ignored[c]) {
      continue;
    }
    if (source.bound_elsewhere(c)) {
      for (std::size_t f = 0; f < form_count; ++f) {
        const auto* field = source.columns[f][c];
        if (field != nullptr && field->key == "reference" && field->group.empty() && source.reference_column < 0) {
          source.reference_column = static_cast<int>(c);
        }
      }
      continue;
    }
    const std::string header(util::trim(headers[c]));
    // Not bound: a second column for a field already bound, or a header naming no field.
    std::string duplicate_of;
    std::string suggestion;
    for (std::size_t f = 0; f < form_count && duplicate_of.empty(); ++f) {
      if (fields[f].empty()) {
        continue;
      }
      const auto alone = forms::bind_headers(fields[f], {header});
      if (alone.column_fields.front() != nullptr) {
        const int first = source.column_of(static_cast<int>(f), alone.column_fields.front()->key);
        duplicate_of =
            fmt::format("« {} » est déjà donné par la colonne {} (« {} »)", alone.column_fields.front()->label,
                        first + 1, util::trim(headers[static_cast<std::size_t>(first)]));
      } else if (suggestion.empty() && !alone.suggestions.empty()) {
        suggestion = alone.suggestions.front();
      }
    }
    if (!duplicate_of.empty()) {
      run.ledger.add(where(static_cast<int>(c) + 1), false, "E602", header, header,
                     fmt::format("colonne « {} » en double : {} ; supprimez l'une des deux", header, duplicate_of));
      continue;
    }
    const bool lenient = run.options.lenient == Lenient::yes;
    run.ledger.add(
        where(static_cast<int>(c) + 1), lenient, lenient ? "W601" : "E601", header, header,
        fmt::format("colonne inconnue « {} » : ce n'est pas un champ {}{}{}", header,
                    source.kind == 0 ? "des " + run.forms.record_label
                                     : fmt::format("de « {} »", run.kinds.label(source.kind, run.forms)),
                    suggestion.empty() ? std::string() : fmt::format(" ; vouliez-vous dire « {} » ?", suggestion),
                    lenient ? " (ignorée)" : " (--lenient pour l'ignorer)"));
  }
  if (!any_form) {
    return;
  }
  // Required columns: those every candidate form needs (a CLS-only column is not missing from the
  // file of a contrat unique that holds only CIE actions; rows needing it report it themselves).
  std::set<std::string> common;
  bool first = true;
  for (std::size_t f = 0; f < form_count; ++f) {
    if (fields[f].empty()) {
      continue;
    }
    if (first) {
      common = missing[f];
      first = false;
    } else {
      std::set<std::string> kept;
      std::set_intersection(common.begin(), common.end(), missing[f].begin(), missing[f].end(),
                            std::inserter(kept, kept.begin()));
      common = std::move(kept);
    }
  }
  source.missing = common;
  // Missing columns of an action file matter only for new actions (an update keeps the stored
  // answers): the assembler reports them when one comes (report_missing_columns). Without a
  // reference, or in a group file, no row can be used: say so now.
  for (const auto& key : common) {
    if (source.kind == 0 && key != "reference") {
      continue;
    }
    report_missing_column(run, source_index, key);
  }
}

void report_missing_columns(ImportRun& run, int source_index) {
  Source& source = run.sources[static_cast<std::size_t>(source_index)];
  if (source.missing_reported) {
    return;
  }
  source.missing_reported = true;
  for (const auto& key : source.missing) {
    if (key != "reference") {
      report_missing_column(run, source_index, key);
    }
  }
}

void report_missing_column(ImportRun& run, int source_index, const std::string& key) {
  const Source& source = run.sources[static_cast<std::size_t>(source_index)];
  const forms::Field* field = nullptr;
  for (const auto* form : run.forms.forms) {
    for (const auto* candidate : run.kinds.fields(source.kind, *form)) {
      if (field == nullptr && candidate->key == key) {
        field = candidate;
      }
    }
  }
  const std::string label = field == nullptr ? key : field->label;
  run.ledger.add(Where{source_index, source.header_line, 0, std::nullopt, {}}, false, "E603", label, "",
                 key == "reference"
                     ? fmt::format("colonne obligatoire absente : « {} » ; sans elle, aucune ligne ne peut être "
                                   "rattachée à son action",
                                   label)
                     : fmt::format("colonne obligatoire absente : « {} »", label));
}

void stage_row(ImportRun& run, int source_index, std::int64_t line, std::vector<store::RawCell>& cells) {
  if (std::all_of(cells.begin(), cells.end(), [](const store::RawCell& cell) { return is_blank(cell); })) {
    return;
  }
  Source& source = run.sources[static_cast<std::size_t>(source_index)];
  std::string reference;
  std::string error_text;  // #N/A, or « = » and a formula never computed: no action can be named
  if (source.reference_column >= 0 && static_cast<std::size_t>(source.reference_column) < cells.size()) {
    const store::RawCell& cell = cells[static_cast<std::size_t>(source.reference_column)];
    (cell.kind == store::CellKind::error ? error_text : reference) = std::string(util::trim(cell.text));
  }
  if (source.budget && error_text.empty() && total_row_level(source, cells)) {
    // Staged without a reference: no action gets it; check_total_rows looks at it once all is read.
    run.staging.add_row(source_index, "", source.kind, line, cells);
    ++source.rows;
    ++source.total_rows;
    ++run.counts.rows_read;
    return;
  }
  const std::int64_t id = run.staging.add_row(source_index, reference, source.kind, line, cells);
  ++source.rows;
  ++run.counts.rows_read;
  if (!reference.empty()) {
    return;
  }
  if (!error_text.empty()) {
    run.ledger.add(Where{source_index, line, source.reference_column + 1, id, {}}, false, "E612", "référence",
                   error_text,
                   error_text.starts_with('=')
                       ? fmt::format("la référence est la formule « {} », sans valeur calculée (classeur écrit par un "
                                     "programme qui ne calcule pas les formules) : ouvrez-le dans Excel ou LibreOffice "
                                     "et enregistrez-le, ou remplacez la formule par sa valeur",
                                     error_text)
                       : fmt::format("la référence contient l'erreur Excel « {} » : la ligne ne peut être rattachée à "
                                     "aucune action",
                                     error_text));
    run.staging.reject_row(id);
    ++run.counts.rows_rejected;
    return;
  }
  if (source.reference_column >= 0) {
    const forms::Field* field = source.field(0, static_cast<std::size_t>(source.reference_column));
    for (std::size_t f = 0; field == nullptr && f < source.columns.size(); ++f) {
      field = source.field(static_cast<int>(f), static_cast<std::size_t>(source.reference_column));
    }
    run.ledger.add(Where{source_index, line, source.reference_column + 1, id, {}}, false, "E605",
                   field == nullptr ? std::string("référence") : field->label, "",
                   "référence de la fiche action manquante : la ligne ne peut être rattachée à aucune action");
  }
  run.staging.reject_row(id);
  ++run.counts.rows_rejected;
}

}  // namespace pilot::service::import_detail

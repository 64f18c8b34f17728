// Record assembly: the staged rows are walked in reference order, so each action comes with all its
// rows (its action row, budget lines and indicators, whichever file they were in) and only one action
// is in memory at a time. Each is parsed with its form, merged with the stored action when it is an
// update, checked with forms::check_record, and handed to the write plan (import_write.cpp).
#include <fmt/format.h>

#include <span>
#include <unordered_map>

#include "forms/check.hpp"
#include "forms/values.hpp"
#include "service/action_codec.hpp"
#include "service/import_detail.hpp"
#include "service/import_write.hpp"
#include "util/text.hpp"

namespace pilot::service::import_detail {
namespace {

constexpr std::size_t k_progress_every = 10'000;
constexpr std::size_t k_max_cached_per_field = 512;
constexpr std::size_t k_max_cached_text = 200;

std::string unreadable_key(const std::string& group, std::size_t row, const std::string& field) {
  return group + '\x1f' + std::to_string(row) + '\x1f' + field;
}

class Assembler {
 public:
  Assembler(ImportRun& run, store::WriteTransaction& transaction, bool write)
      : m_run(run),
        m_plan(run, transaction, write),
        m_existing(transaction.connection(), run.convention_id),
        m_connection(transaction.connection()) {}

  void process(const std::string& reference, std::span<const store::StagedRow> rows);
  // Every action written (or the write failure thrown): before indexes are rebuilt and the commit.
  void complete() { m_plan.complete(); }

 private:
  const Source& source_of(const store::StagedRow& row) const {
    return m_run.sources[static_cast<std::size_t>(row.source)];
  }
  Where where(const store::StagedRow& row, int column) const {
    return Where{row.source, row.line, column, row.id, m_reference};
  }
  int column_of(const store::StagedRow& row, std::string_view key) const {
    const int column = source_of(row).column_of(m_form, key);
    return column < 0 ? 0 : column + 1;
  }
  void problem(const Where& at, bool warning, std::string code, std::string field, std::string value,
               std::string message) {
    if (!warning && m_first_error.empty()) {
      m_first_error = message;
    }
    m_run.ledger.add(at, warning, std::move(code), std::move(field), std::move(value), std::move(message));
  }
  void parse_row(const store::StagedRow& row, const forms::Group* group, domain::Answers& answers,
                 std::set<std::string>* provided);
  forms::ParsedValue parse(const forms::Field& field, const store::RawCell& cell, bool date1904);
  void report_checks(const FormRecord& record);
  void report_frozen(const PlanInput& input);
  void report_years_outside(const FormRecord& record);
  Where locate(const forms::Problem& found, std::string& label) const;

  ImportRun& m_run;
  WritePlan m_plan;
  store::ExistingActions m_existing;
  SQLite::Database& m_connection;
  // The action being assembled.
  std::string m_reference;
  int m_form = -1;
  const store::StagedRow* m_action_row = nullptr;
  const store::StagedRow* m_first_row = nullptr;
  std::map<std::string, std::vector<const store::StagedRow*>> m_group_rows;
  std::string m_first_error;
  std::set<std::string> m_unreadable;  // values that failed to parse (group, row, field)
  // The fields and groups of those values (and of values refused for their unit): the form's rules
  // reading them are not checked (forms::check_record).
  std::set<std::string, std::less<>> m_unreadable_names;
  // References of the files and of the convention by their loose spelling (case, dashes, spaces
  // ignored), built at the first budget or indicator row whose action is found nowhere.
  std::optional<std::unordered_map<std::string, std::string>> m_references_by_key;
  std::string close_reference(const std::string& reference);
  // Choice and oui/non answers repeat across a file (« Axe 3 », « État », « Non »): matching them
  // folds text every time, so the parse of each distinct text is kept, up to a bound per field.
  std::unordered_map<const forms::Field*, std::unordered_map<std::string, forms::ParsedValue>> m_parsed;
};

forms::ParsedValue Assembler::parse(const forms::Field& field, const store::RawCell& cell, bool date1904) {
  const bool cacheable = cell.kind == store::CellKind::text &&
                         (forms::is_choice(field.type) || field.type == forms::FieldType::yes_no) &&
                         cell.text.size() <= k_max_cached_text;
  if (!cacheable) {
    return parse_cell(m_run.catalog, field, cell, date1904);
  }
  auto& cache = m_parsed[&field];
  if (const auto found = cache.find(cell.text); found != cache.end()) {
    return found->second;
  }
  auto parsed = parse_cell(m_run.catalog, field, cell, date1904);
  if (cache.size() < k_max_cached_per_field) {
    cache.emplace(cell.text, parsed);
  }
  return parsed;
}

void Assembler::parse_row(const store::StagedRow& row, const forms::Group* group, domain::Answers& answers,
                          std::set<std::string>* provided) {
  const Source& source = source_of(row);
  const forms::Form& form = *m_run.forms.forms[static_cast<std::size_t>(m_form)];
  static const store::RawCell k_empty;
  if (auto stray = stray_cell(source, row.cells)) {
    problem(where(row, stray->column), stray->warning, stray->warning ? "W618" : "E618", "", stray->value,
            stray->message);
  }
  const std::size_t width = source.info.headers.size();
  // « 12 % » or « 1 000 € » typed for a decimal of an indicator row: accepted when the row's unit
  // is that one, refused otherwise (12 % of a count is not 12 people).
  struct UnitSymbol {
    std::size_t column = 0;
    const forms::Field* field = nullptr;
    std::string_view unit;  // the unit code the symbol stands for
  };
  std::vector<UnitSymbol> unit_symbols;
  // Looked up only when a symbol is typed: this loop runs for every cell of every row.
  auto has_unit = [group] { return group->find_field("unite") != nullptr; };
  for (std::size_t c = 0; c < width; ++c) {
    if (source.ignored[c] || (group != nullptr && static_cast<int>(c) == source.reference_column)) {
      continue;
    }
    const store::RawCell* cell_ptr = c < row.cells.size() ? &row.cells[c] : &k_empty;
    const forms::Field* field = source.field(m_form, c);
    store::RawCell without_euro;
    // A cell formatted as a percentage says « % » as plainly as a typed « 12 % ».
    if (group != nullptr && cell_ptr->kind == store::CellKind::percent && field != nullptr &&
        field->type == forms::FieldType::decimal && has_unit()) {
      unit_symbols.push_back({c, field, "pourcentage"});
    }
    if (group != nullptr && cell_ptr->kind == store::CellKind::text) {
      const std::string_view text = util::trim(cell_ptr->text);
      if (field != nullptr && field->type == forms::FieldType::decimal &&
          (text.ends_with('%') || text.ends_with("€")) && has_unit()) {
        if (text.ends_with('%')) {
          unit_symbols.push_back({c, field, "pourcentage"});
        } else if (text.ends_with("€")) {
          unit_symbols.push_back({c, field, "euros"});
          without_euro = *cell_ptr;
          without_euro.text = std::string(util::trim(text.substr(0, text.size() - std::string_view("€").size())));
          cell_ptr = &without_euro;
        }
      }
    }
    const store::RawCell& cell = *cell_ptr;
    if (field == nullptr) {
      // A column of the other form of a contrat unique (« Volet » on a CLS row) must stay empty.
      if (!is_blank(cell) && source.bound_elsewhere(c) && source.columns.size() > 1) {
        const std::string header(util::trim(source.info.headers[c]));
        problem(
            where(row, static_cast<int>(c) + 1), false, "E614", header, cell.text,
            fmt::format("« {} » : cette colonne ne s'applique pas au formulaire « {} » de cette action ; laissez-la "
                        "vide",
                        header, form.title));
      }
      continue;
    }
    if (provided != nullptr) {
      provided->insert(field->key);
    }
    if (is_blank(cell)) {
      continue;
    }
    auto parsed = parse(*field, cell, source.info.date1904);
    if (parsed.problem) {
      m_unreadable.insert(unreadable_key(group == nullptr ? std::string() : group->key,
                                         group == nullptr ? 0 : static_cast<std::size_t>(row.line), field->key));
      m_unreadable_names.insert(group == nullptr ? field->key : group->key);
      problem(where(row, static_cast<int>(c) + 1), false, parsed.problem->code, field->label, shown_text(cell),
              parsed.problem->message);
      continue;
    }
    if (!domain::is_empty(parsed.value)) {
      answers[field->key] = std::move(parsed.value);
    }
  }
  for (const UnitSymbol& symbol : unit_symbols) {
    const auto unit = answers.find("unite");
    const auto* code = unit == answers.end() ? nullptr : std::get_if<std::string>(&unit->second);
    if (code != nullptr && *code == symbol.unit) {
      continue;
    }
    const int unit_column = source.column_of(m_form, "unite");
    const std::string unit_text = unit_column >= 0 && static_cast<std::size_t>(unit_column) < row.cells.size()
                                      ? std::string(util::trim(row.cells[static_cast<std::size_t>(unit_column)].text))
                                      : std::string();
    const store::RawCell& shown = row.cells[symbol.column];
    const std::string value = shown_text(shown);
    m_unreadable_names.insert(group->key);
    problem(where(row, static_cast<int>(symbol.column) + 1), false, "E102", symbol.field->label, value,
            fmt::format("« {} » : {} ne correspond pas à l'unité de l'indicateur ({}) ; écrivez le nombre seul, ou "
                        "corrigez l'unité",
                        value, symbol.unit == "euros" ? "un montant en euros" : "un pourcentage",
                        unit_text.empty() ? std::string("non renseignée") : "« " + unit_text + " »"));
  }
}

Where Assembler::locate(const forms::Problem& found, std::string& label) const {
  const forms::Form& form = *m_run.forms.forms[static_cast<std::size_t>(m_form)];
  const store::StagedRow& fallback = m_action_row != nullptr ? *m_action_row : *m_first_row;
  if (found.group.empty()) {
    if (const auto* field = form.find_field(found.field)) {
      label = field->label;
    }
    if (m_action_row != nullptr && !found.field.empty()) {
      return where(*m_action_row, column_of(*m_action_row, found.field));
    }
    return where(fallback, 0);
  }
  if (const auto* group = form.find_group(found.group)) {
    const auto* field = group->find_field(found.field);
    label = field != nullptr ? field->label : group->label;
  }
  if (auto rows = m_group_rows.find(found.group); rows != m_group_rows.end()) {
    for (const auto* row : rows->second) {
      if (static_cast<std::size_t>(row->line) == found.group_row) {
        return where(*row, found.field.empty() ? 0 : column_of(*row, found.field));
      }
    }
  }
  return where(fallback, 0);
}

void Assembler::report_checks(const FormRecord& record) {
  const forms::Form& form = *m_run.forms.forms[static_cast<std::size_t>(m_form)];
  for (const auto& found :
       forms::check_record(m_run.catalog, form, record.answers, record.groups, m_unreadable_names)) {
    std::string label = found.field;
    const Where at = locate(found, label);
    // A required column missing from the file was reported once (E603), an unreadable value by its
    // own code: neither is « missing » again.
    const bool required = found.code == "E201" || found.code == "E202";
    if (required &&
        ((at.source >= 0 && m_run.sources[static_cast<std::size_t>(at.source)].missing.contains(found.field)) ||
         m_unreadable.contains(unreadable_key(found.group, found.group.empty() ? 0 : found.group_row, found.field)))) {
      if (m_first_error.empty()) {
        m_first_error = found.message;
      }
      continue;
    }
    problem(at, found.severity == forms::Severity::warning, found.code, label, found.value, found.message);
  }
}

// E301/E302 for a budget line or an indicator year outside the convention's period, as `update set`
// and `bilan` refuse them (the form only bounds years to those of the national programme). A year
// outside the form's own bounds was reported by the form's check.
void Assembler::report_years_outside(const FormRecord& record) {
  const forms::Form& form = *m_run.forms.forms[static_cast<std::size_t>(m_form)];
  const int first = m_run.period.start.year;
  const int last = m_run.period.end.year;
  for (const auto& [key, rows] : record.groups) {
    const forms::Group* group = form.find_group(key);
    const forms::Field* field = group == nullptr ? nullptr : group->find_field("annee");
    if (field == nullptr) {
      continue;
    }
    for (const auto& row : rows) {
      const auto found = row.values.find("annee");
      const auto* year = found == row.values.end() ? nullptr : std::get_if<std::int64_t>(&found->second);
      if (year == nullptr || (*year >= first && *year <= last) || (field->min && *year < *field->min) ||
          (field->max && *year > *field->max)) {
        continue;
      }
      forms::Problem found_problem;
      found_problem.group = key;
      found_problem.group_row = row.source_row;
      found_problem.field = "annee";
      std::string label;
      const Where at = locate(found_problem, label);
      problem(at, false, *year < first ? "E301" : "E302", label, std::to_string(*year),
              fmt::format("« {} » : {} est hors de la période de la convention n° {} (du {} au {})", label, *year,
                          m_run.convention_id, m_run.period.start.french(), m_run.period.end.french()));
    }
  }
}

// E617: an update that would change a year frozen by the convention's latest revision. Each change
// is shown on a row of the file for that year (the year's budget lines, the indicator's target),
// or, when the file no longer has any, on the first row of that group in the file.
void Assembler::report_frozen(const PlanInput& input) {
  const forms::Form& form = *input.form;
  const store::StagedRow& fallback = m_action_row != nullptr ? *m_action_row : *m_first_row;
  for (const FrozenChange& change : input.frozen) {
    const forms::Group* group =
        form.find_group_of_kind(change.budget ? forms::GroupKind::budget : forms::GroupKind::indicators);
    const store::StagedRow* at = nullptr;
    std::string field_key = "annee";
    std::string value = std::to_string(change.year);
    const auto staged = group == nullptr ? m_group_rows.end() : m_group_rows.find(group->key);
    const auto parsed = group == nullptr ? input.after.groups.end() : input.after.groups.find(group->key);
    if (staged != m_group_rows.end() && parsed != input.after.groups.end()) {
      for (const auto& row : parsed->second) {
        const auto year = row.values.find("annee");
        if (row.source_row == 0 || year == row.values.end() ||
            year->second != domain::Value{static_cast<std::int64_t>(change.year)}) {
          continue;
        }
        if (!change.budget && (change.kind == domain::IndicatorKind::national
                                   ? text_of(row.values, "code") != change.code
                                   : util::fold(text_of(row.values, "libelle")) != util::fold(change.label))) {
          continue;
        }
        for (const auto* candidate : staged->second) {
          if (static_cast<std::size_t>(candidate->line) == row.source_row) {
            at = candidate;
          }
        }
        if (at != nullptr && !change.budget) {
          field_key = "cible";
          const auto target = row.values.find("cible");
          const forms::Field* cible = group->find_field("cible");
          value = target == row.values.end() || cible == nullptr
                      ? std::string()
                      : forms::to_display_text(m_run.catalog, *cible, target->second);
        }
        if (at != nullptr) {
          break;
        }
      }
    }
    Where where_at = where(fallback, 0);
    std::string label = "Année";
    if (at == nullptr && staged != m_group_rows.end() && !staged->second.empty()) {
      at = staged->second.front();  // the file replaced the group without this year's rows
      field_key.clear();
    }
    if (at != nullptr) {
      where_at = where(*at, field_key.empty() ? 0 : column_of(*at, field_key));
      const forms::Field* field = field_key.empty() ? nullptr : group->find_field(field_key);
      label = field != nullptr ? field->label : group->label;
    }
    if (input.dropped_year) {
      problem(where_at, false, "E619", label, value,
              fmt::format("l'action « {} » (n° {}) : {} — l'action est abandonnée depuis {} (mise à jour de la "
                          "convention n° {}) : ses années {} et suivantes ne se modifient plus",
                          input.reference, input.existing->id, change.description, *input.dropped_year,
                          m_run.convention_id, *input.dropped_year));
      continue;
    }
    problem(where_at, false, "E617", label, value,
            fmt::format("l'action « {} » (n° {}) : {} — l'année {} est figée par la mise à jour {} de la convention "
                        "n° {} ; les lignes des années antérieures doivent rester celles enregistrées",
                        input.reference, input.existing->id, change.description, change.year,
                        m_plan.open_revision_year().value_or(change.year + 1), m_run.convention_id));
  }
}

namespace {

// « PJ-1 », « pj-1 », « PJ 1 » and « PJ‑1 » (non-breaking hyphen) give the same key.
std::string loose_reference_key(std::string_view reference) {
  std::string key;
  for (const char c : util::fold(reference)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      key += c;
    }
  }
  return key;
}

}  // namespace

std::string Assembler::close_reference(const std::string& reference) {
  // Enough for any file typed by hand; a larger import gets no hint rather than a large map.
  constexpr std::size_t k_max_references = 100'000;
  if (!m_references_by_key) {
    m_references_by_key.emplace();
    auto add = [&](const std::vector<std::string>& references) {
      for (const auto& known : references) {
        m_references_by_key->emplace(loose_reference_key(known), known);
      }
    };
    add(m_run.staging.action_references(k_max_references));
    add(store::action_references(m_connection, m_run.convention_id, k_max_references));
  }
  const std::string key = loose_reference_key(reference);
  const auto found = key.empty() ? m_references_by_key->end() : m_references_by_key->find(key);
  return found == m_references_by_key->end() || found->second == reference ? std::string() : found->second;
}

void Assembler::process(const std::string& reference, std::span<const store::StagedRow> rows) {
  m_reference = reference;
  m_action_row = nullptr;
  m_first_row = &rows.front();
  m_group_rows.clear();
  m_first_error.clear();
  m_unreadable.clear();
  m_unreadable_names.clear();
  m_form = -1;
  const std::size_t errors_before = m_run.ledger.errors();
  std::vector<const store::StagedRow*> group_rows;
  for (const auto& row : rows) {
    if (row.kind != 0) {
      group_rows.push_back(&row);
    } else if (m_action_row == nullptr) {
      m_action_row = &row;
    } else {
      const Source& first = source_of(*m_action_row);
      problem(where(row, source_of(row).reference_column + 1), false, "E606", "Référence", reference,
              fmt::format("référence « {} » en double : cette action est déjà donnée en {}", reference,
                          report::problem_location(first.info, m_action_row->line, 0)));
    }
  }
  PlanInput input;
  input.reference = reference;
  input.rows = rows;
  input.location = report::problem_location(source_of(*m_first_row).info, m_first_row->line, 0);
  if (m_action_row != nullptr) {
    input.location = report::problem_location(source_of(*m_action_row).info, m_action_row->line, 0);
    if (const int title = source_of(*m_action_row).column_of(0, "intitule");
        title >= 0 && static_cast<std::size_t>(title) < m_action_row->cells.size()) {
      input.title = std::string(util::trim(m_action_row->cells[static_cast<std::size_t>(title)].text));
    }
  }
  input.existing = m_existing.find(reference);
  auto reject = [&] {
    input.detail = m_first_error;
    m_plan.finish(input, report::ImportOutcome::rejected);
  };
  if (m_action_row == nullptr && !input.existing) {
    const std::string close = close_reference(reference);
    for (const auto* row : group_rows) {
      problem(where(*row, source_of(*row).reference_column + 1), false, "E607", "Référence", reference,
              fmt::format("aucune action de référence « {} » dans les fichiers importés ni dans la convention n° {}{}",
                          reference, m_run.convention_id,
                          close.empty() ? std::string() : fmt::format(" ; vouliez-vous dire « {} » ?", close)));
    }
    return reject();
  }
  if (input.existing && m_run.options.on_existing == OnExisting::skip) {
    return m_plan.finish(input, input.existing->status == domain::ActionStatus::brouillon
                                    ? report::ImportOutcome::skipped
                                    : report::ImportOutcome::locked);
  }
  // The form: the action row says it (contrat unique: « Formulaire », axe or volet); rows added to a
  // stored action use that action's form.
  if (m_action_row != nullptr) {
    const FormChoice choice = choose_form(m_run, source_of(*m_action_row), *m_action_row);
    if (choice.form < 0) {
      problem(where(*m_action_row, choice.column), false, choice.code, "Formulaire", "", choice.message);
      return reject();
    }
    m_form = choice.form;
  } else {
    m_form = m_run.forms.index_of(input.existing->form_id);
    if (m_form < 0) {
      problem(where(*m_first_row, 0), false, "E613", "Formulaire", input.existing->form_id,
              fmt::format("l'action « {} » a été saisie avec le formulaire « {} », qui ne s'applique pas à cette "
                          "convention",
                          reference, input.existing->form_id));
      return reject();
    }
  }
  const forms::Form& form = *m_run.forms.forms[static_cast<std::size_t>(m_form)];
  input.form = &form;
  FormRecord imported;
  std::set<std::string> provided;  // the columns given, which an update takes even when empty
  if (m_action_row != nullptr) {
    parse_row(*m_action_row, nullptr, imported.answers, input.existing ? &provided : nullptr);
  }
  for (const auto* row : group_rows) {
    const std::string& key = m_run.kinds.group_keys[static_cast<std::size_t>(row->kind - 1)];
    const forms::Group* group = form.find_group(key);
    if (group == nullptr) {
      problem(where(*row, 0), false, "E614", m_run.kinds.label(row->kind, m_run.forms), "",
              fmt::format("le formulaire « {} » de l'action « {} » n'a pas de « {} »", form.title, reference,
                          m_run.kinds.label(row->kind, m_run.forms)));
      continue;
    }
    domain::GroupRow parsed;
    parsed.source_row = static_cast<std::size_t>(row->line);
    parse_row(*row, group, parsed.values, nullptr);
    imported.groups[key].push_back(std::move(parsed));
    m_group_rows[key].push_back(row);
  }
  FormRecord record = std::move(imported);
  if (!input.existing && m_action_row != nullptr) {
    report_missing_columns(m_run, m_action_row->source);
  }
  if (input.existing) {
    if (m_run.options.on_existing == OnExisting::fail) {
      const store::StagedRow& at = m_action_row != nullptr ? *m_action_row : *m_first_row;
      problem(where(at, source_of(at).reference_column + 1), false, "E608", "Référence", reference,
              fmt::format("l'action « {} » existe déjà dans la convention (action n° {}) : --on-existing update pour "
                          "la mettre à jour, --on-existing skip pour l'ignorer",
                          reference, input.existing->id));
    }
    // Checked as the update would leave it, so that the other problems reported are the real ones.
    {
      input.stored = store::load_action(m_connection, input.existing->id);
      if (const forms::Form* stored_form = m_run.catalog.find_form(input.stored->action.form_id)) {
        input.before = record_from_action(*stored_form, *input.stored);
      }
      // Columns absent from the files keep their stored answers; groups absent keep their rows.
      if (input.stored->action.form_id == form.id) {
        FormRecord merged = input.before;
        for (const auto& key : provided) {
          merged.answers.erase(key);
        }
        for (auto& [key, value] : record.answers) {
          merged.answers[key] = std::move(value);
        }
        for (auto& [key, group] : record.groups) {
          merged.groups[key] = std::move(group);
        }
        // New budget lines with no « Budget total » column: the stored total follows them, as in
        // `update set`, rather than contradict them (E501).
        follow_declared_totals(form, input.before, merged, provided);
        record = std::move(merged);
      }
    }
  }
  // A validated action cannot be updated (E609): said with the other problems, so that one pass
  // shows everything to correct, not the lock only once the rest is fixed.
  auto report_locked = [&] {
    const store::StagedRow& at = m_action_row != nullptr ? *m_action_row : *m_first_row;
    problem(where(at, 0), false, "E609", "Statut", std::string(domain::to_label(input.stored->action.status)),
            fmt::format("l'action « {} » (n° {}) est « {} » : seules les actions en brouillon se modifient ; "
                        "rouvrez-la avec « pilot unvalidate » ou retirez-la du fichier",
                        reference, input.existing->id, domain::to_label(input.stored->action.status)));
  };
  report_checks(record);
  report_years_outside(record);
  if (m_run.ledger.errors() > errors_before) {
    if (input.stored && input.stored->action.status != domain::ActionStatus::brouillon &&
        m_run.options.on_existing == OnExisting::update) {
      report_locked();
    }
    return reject();
  }
  if (input.title.empty()) {
    if (auto found = record.answers.find("intitule"); found != record.answers.end()) {
      if (const auto* text = std::get_if<std::string>(&found->second)) {
        input.title = *text;
      }
    }
  }
  input.after = std::move(record);
  const report::ImportOutcome outcome = m_plan.apply(input);
  if (outcome == report::ImportOutcome::rejected && !input.frozen.empty()) {
    report_frozen(input);
    return reject();
  }
  if (outcome == report::ImportOutcome::rejected) {
    // Only a validated action with new content ends here: say so where its row is.
    report_locked();
    return reject();
  }
}

}  // namespace

void assemble(ImportRun& run, store::WriteTransaction& transaction, bool write) {
  Assembler assembler(run, transaction, write);
  const auto total = static_cast<std::size_t>(run.staging.row_count());
  auto cursor = run.staging.rows_by_reference();
  // rows[0, count) hold one reference's rows; the slots are reused so their cells keep their memory.
  std::vector<store::StagedRow> rows(1);
  bool more = cursor.next(rows[0]);
  std::size_t done = 0;
  std::size_t reported = 0;
  while (more) {
    std::size_t count = 1;
    for (;;) {
      if (rows.size() <= count) {
        rows.emplace_back();
      }
      more = cursor.next(rows[count]);
      if (!more || rows[count].reference != rows[0].reference) {
        break;
      }
      ++count;
    }
    assembler.process(rows[0].reference, std::span<const store::StagedRow>(rows.data(), count));
    done += count;
    if (more) {
      std::swap(rows[0], rows[count]);
    }
    if (done - reported >= k_progress_every) {
      reported = done;
      run.progress("vérification", done, total);
    }
  }
  assembler.complete();
}

}  // namespace pilot::service::import_detail

// `pilot bilan import`: the action import's pipeline (sources read once and staged, headers bound to the
// bilan form, problems in the ledger, --errors reports), with its own assembly: one action's bilan of the
// year at a time, merged with what is stored, checked, written, all or nothing.
#include <fmt/format.h>

#include <map>

#include "forms/check.hpp"
#include "service/bilan_codec.hpp"
#include "service/bilans.hpp"
#include "service/bilans_detail.hpp"
#include "service/catalog_access.hpp"
#include "service/import_detail.hpp"
#include "store/convention_store.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace {

using namespace import_detail;

// The actions a reference may name: in one convention, or anywhere when no --convention was given.
std::vector<std::int64_t> actions_named(SQLite::Database& db, const std::string& reference,
                                        std::optional<std::int64_t> convention_id) {
  std::vector<std::int64_t> ids;
  if (convention_id) {
    if (auto id = store::find_action_id(db, *convention_id, reference)) {
      ids.push_back(*id);
    }
    return ids;
  }
  SQLite::Statement query(db, "SELECT id FROM actions WHERE reference = ? ORDER BY id");
  query.bind(1, reference);
  while (query.executeStep()) {
    ids.push_back(query.getColumn(0).getInt64());
  }
  return ids;
}

class BilanAssembler {
 public:
  BilanAssembler(ImportRun& run, store::Database& database, store::WriteTransaction& transaction,
                 const BilanImportOptions& options, const forms::BilanThresholds& thresholds, const util::Date& today,
                 bool write)
      : m_run(run),
        m_database(database),
        m_transaction(transaction),
        m_options(options),
        m_thresholds(thresholds),
        m_today(today),
        m_write(write),
        m_writer(transaction) {}

  void process(const std::string& reference, const std::vector<store::StagedRow>& rows);

 private:
  [[nodiscard]] const forms::Form& form() const { return *m_run.forms.forms.front(); }
  const Source& source_of(const store::StagedRow& row) const {
    return m_run.sources[static_cast<std::size_t>(row.source)];
  }
  Where where(const store::StagedRow& row, int column) const {
    return Where{row.source, row.line, column, row.id, m_reference};
  }
  int column_of(const store::StagedRow& row, std::string_view key) const {
    const int column = source_of(row).column_of(0, key);
    return column < 0 ? 0 : column + 1;
  }
  void problem(const Where& at, bool warning, std::string code, std::string field, std::string value,
               std::string message) {
    if (!warning && m_first_error.empty()) {
      m_first_error = message;
    }
    m_run.ledger.add(at, warning, std::move(code), std::move(field), std::move(value), std::move(message));
  }
  const store::StagedRow& anchor() const { return m_main_row != nullptr ? *m_main_row : *m_first_row; }
  void parse_row(const store::StagedRow& row, domain::Answers& answers, std::set<std::string>* provided);
  Where locate(const forms::Problem& found, std::string& label) const;
  std::optional<store::StoredAction> action_for();
  void finish(const std::vector<store::StagedRow>& rows, report::ImportOutcome outcome, std::int64_t action_id,
              const std::string& title, std::vector<report::FieldChange> changes = {});

  ImportRun& m_run;
  store::Database& m_database;
  store::WriteTransaction& m_transaction;
  const BilanImportOptions& m_options;
  const forms::BilanThresholds& m_thresholds;
  util::Date m_today;
  bool m_write = false;
  store::BilanWriter m_writer;
  std::map<std::int64_t, domain::Convention> m_conventions;
  // The bilan being assembled.
  std::string m_reference;
  const store::StagedRow* m_main_row = nullptr;
  const store::StagedRow* m_first_row = nullptr;
  std::map<std::string, std::vector<const store::StagedRow*>> m_group_rows;
  std::string m_first_error;
  // Fields and groups with a value that could not be read: the rules reading them are not checked.
  std::set<std::string, std::less<>> m_unreadable_names;
};

void BilanAssembler::parse_row(const store::StagedRow& row, domain::Answers& answers, std::set<std::string>* provided) {
  const Source& source = source_of(row);
  if (auto stray = stray_cell(source, row.cells)) {
    problem(where(row, stray->column), stray->warning, stray->warning ? "W618" : "E618", "", stray->value,
            stray->message);
  }
  static const store::RawCell k_empty;
  for (std::size_t c = 0; c < source.info.headers.size(); ++c) {
    if (source.ignored[c] || static_cast<int>(c) == source.reference_column) {
      continue;
    }
    const forms::Field* field = source.field(0, c);
    if (field == nullptr) {
      continue;
    }
    if (provided != nullptr) {
      provided->insert(field->key);
    }
    const store::RawCell& cell = c < row.cells.size() ? row.cells[c] : k_empty;
    if (is_blank(cell)) {
      continue;
    }
    auto parsed = parse_cell(m_run.catalog, *field, cell, source.info.date1904);
    if (parsed.problem) {
      m_unreadable_names.insert(field->group.empty() ? field->key : field->group);
      problem(where(row, static_cast<int>(c) + 1), false, parsed.problem->code, field->label, shown_text(cell),
              parsed.problem->message);
    } else if (!domain::is_empty(parsed.value)) {
      answers[field->key] = std::move(parsed.value);
    }
  }
}

Where BilanAssembler::locate(const forms::Problem& found, std::string& label) const {
  if (found.group.empty()) {
    if (const auto* field = form().find_field(found.field)) {
      label = field->label;
    }
    return m_main_row != nullptr && !found.field.empty() ? where(*m_main_row, column_of(*m_main_row, found.field))
                                                         : where(anchor(), 0);
  }
  if (const auto* group = form().find_group(found.group)) {
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
  return where(anchor(), 0);
}

std::optional<store::StoredAction> BilanAssembler::action_for() {
  auto& db = m_transaction.connection();
  const auto ids = actions_named(db, m_reference, m_options.convention_id);
  const Source& source = source_of(anchor());
  const Where at = where(anchor(), source.reference_column + 1);
  if (ids.empty()) {
    problem(at, false, "E607", "Référence", m_reference,
            m_options.convention_id ? fmt::format("aucune action de référence « {} » dans la convention n° {}",
                                                  m_reference, *m_options.convention_id)
                                    : fmt::format("aucune action de référence « {} »", m_reference));
    return std::nullopt;
  }
  if (ids.size() > 1) {
    std::vector<std::string> conventions;
    for (const auto id : ids) {
      if (auto stored = store::load_action(db, id)) {
        conventions.push_back(fmt::format("n° {}", stored->action.convention_id));
      }
    }
    problem(at, false, "E616", "Référence", m_reference,
            fmt::format("référence « {} » ambiguë : des actions la portent dans les conventions {} ; précisez "
                        "--convention",
                        m_reference, util::join(conventions, ", ")));
    return std::nullopt;
  }
  return store::load_action(db, ids.front());
}

void BilanAssembler::finish(const std::vector<store::StagedRow>& rows, report::ImportOutcome outcome,
                            std::int64_t action_id, const std::string& title,
                            std::vector<report::FieldChange> changes) {
  auto& counts = m_run.counts;
  if (outcome == report::ImportOutcome::rejected) {
    ++counts.rejected;
    counts.rows_rejected += rows.size();
    for (const auto& row : rows) {
      m_run.staging.reject_row(row.id);
    }
  } else {
    counts.rows_accepted += rows.size();
    ++(outcome == report::ImportOutcome::created   ? counts.created
       : outcome == report::ImportOutcome::updated ? counts.updated
                                                   : counts.unchanged);
  }
  if (m_run.observer != nullptr) {
    report::PlanEntry entry;
    entry.outcome = outcome;
    entry.reference = m_reference;
    entry.title = title;
    entry.location = report::problem_location(source_of(anchor()).info, anchor().line, 0);
    entry.action_id = action_id;
    entry.form_id = form().id;
    entry.detail = outcome == report::ImportOutcome::rejected ? m_first_error : std::string();
    entry.changes = std::move(changes);
    m_run.observer->planned(entry);
  }
}

void BilanAssembler::process(const std::string& reference, const std::vector<store::StagedRow>& rows) {
  m_reference = reference;
  m_main_row = nullptr;
  m_first_row = &rows.front();
  m_group_rows.clear();
  m_first_error.clear();
  m_unreadable_names.clear();
  const std::size_t errors_before = m_run.ledger.errors();
  std::vector<const store::StagedRow*> group_rows;
  for (const auto& row : rows) {
    if (row.kind != 0) {
      group_rows.push_back(&row);
    } else if (m_main_row == nullptr) {
      m_main_row = &row;
    } else {
      problem(where(row, source_of(row).reference_column + 1), false, "E606", "Référence", reference,
              fmt::format("référence « {} » en double : son bilan est déjà donné en {}", reference,
                          report::problem_location(source_of(*m_main_row).info, m_main_row->line, 0)));
    }
  }
  const auto action = action_for();
  if (!action) {
    return finish(rows, report::ImportOutcome::rejected, 0, "");
  }
  const std::string& title = action->action.title;
  auto convention = m_conventions.find(action->action.convention_id);
  if (convention == m_conventions.end()) {
    convention =
        m_conventions
            .emplace(action->action.convention_id, *store::find_convention(m_database, action->action.convention_id))
            .first;
  }
  if (auto allowed = check_bilan_year(convention->second, action->action, m_options.year, m_today); !allowed) {
    problem(where(anchor(), 0), false, "E620", "Année du bilan", std::to_string(m_options.year),
            allowed.error().message);
    return finish(rows, report::ImportOutcome::rejected, action->action.id, title);
  }
  FormRecord imported;
  std::set<std::string> provided;
  if (m_main_row != nullptr) {
    parse_row(*m_main_row, imported.answers, &provided);
    if (auto year = imported.answers.find("annee_bilan");
        year != imported.answers.end() && year->second != domain::Value{std::int64_t{m_options.year}}) {
      problem(where(*m_main_row, column_of(*m_main_row, "annee_bilan")), false, "E621", "Année du bilan",
              forms::to_storage_text(*form().find_field("annee_bilan"), year->second),
              fmt::format("le bilan porte sur l'année {} et non sur {} (--year) : importez chaque année à part",
                          forms::to_storage_text(*form().find_field("annee_bilan"), year->second), m_options.year));
    }
  }
  for (const auto* row : group_rows) {
    const std::string& key = m_run.kinds.group_keys[static_cast<std::size_t>(row->kind - 1)];
    const forms::Group* group = form().find_group(key);
    domain::GroupRow parsed;
    parsed.source_row = static_cast<std::size_t>(row->line);
    parse_row(*row, parsed.values, nullptr);
    if (!parsed.values.contains("annee")) {
      parsed.values["annee"] = std::int64_t{m_options.year};
    }
    if (group != nullptr && group->kind == forms::GroupKind::indicators) {
      bilans_detail::complete_indicator_row(action->action, parsed.values, m_options.year, true);
    }
    imported.groups[key].push_back(std::move(parsed));
    m_group_rows[key].push_back(row);
  }
  // Columns absent from the files keep the stored answers; groups absent keep their rows.
  const auto before = store::load_bilan(m_transaction.connection(), action->action.id, m_options.year);
  FormRecord stored;
  if (before) {
    stored = record_from_bilan(form(), *before, reference);
  } else {
    stored.answers["reference"] = reference;
    stored.answers["annee_bilan"] = std::int64_t{m_options.year};
  }
  FormRecord record = stored;
  for (const auto& key : provided) {
    record.answers.erase(key);
  }
  for (auto& [key, value] : imported.answers) {
    record.answers[key] = std::move(value);
  }
  for (auto& [key, group] : imported.groups) {
    record.groups[key] = std::move(group);
  }
  record.answers["reference"] = reference;
  record.answers["annee_bilan"] = std::int64_t{m_options.year};
  for (const auto& found :
       forms::check_record(m_run.catalog, form(), record.answers, record.groups, m_unreadable_names)) {
    if (found.severity != forms::Severity::error || bilans_detail::is_incompleteness(found)) {
      continue;  // warnings and what is missing come below, once, with the plan's
    }
    std::string label = found.field;
    const Where at = locate(found, label);
    problem(at, false, found.code, label, found.value, found.message);
  }
  if (m_run.ledger.errors() > errors_before) {
    return finish(rows, report::ImportOutcome::rejected, action->action.id, title);
  }
  store::Bilan bilan = bilan_from_record(m_run.catalog, form(), record, action->action.id, m_options.year);
  const auto completeness = assess_bilan(m_run.catalog, form(), *action, bilan, m_options.year);
  if (completeness.state != store::BilanState::complete) {
    problem(where(anchor(), 0), true, "W620", "", "",
            fmt::format("bilan {} de « {} » incomplet : manque {}", m_options.year, reference,
                        util::join(completeness.lacks, ", ")));
  }
  for (const auto& warning : bilan_warnings(m_run.catalog, form(), m_thresholds, *action, bilan, 0)) {
    problem(where(anchor(), 0), true, warning.code, "", "", warning.message);
  }
  if (before && store::bilan_content_json(*before).dump() == store::bilan_content_json(bilan).dump()) {
    return finish(rows, report::ImportOutcome::unchanged, action->action.id, title);
  }
  std::vector<report::FieldChange> changes;
  for (const auto& [label, change] : bilans_detail::record_changes(m_run.catalog, form(), stored, record)) {
    const std::size_t arrow = change.find(" → ");
    changes.push_back({label, change.substr(0, arrow), arrow == std::string::npos ? "" : change.substr(arrow + 5)});
  }
  if (m_write && m_run.ledger.errors() == 0) {
    m_writer.save(bilan, before);
  }
  finish(rows, before ? report::ImportOutcome::updated : report::ImportOutcome::created, action->action.id, title,
         std::move(changes));
}

}  // namespace

Result<report::ImportSummary> import_bilans(const Context& context, const BilanImportOptions& options,
                                            ImportObserver* observer) {
  if (auto paths =
          import_detail::check_import_paths(options.files, options.sheet, options.errors_path, context.db_path);
      !paths) {
    return std::unexpected(paths.error());
  }
  if (options.year >= context.today.year) {
    return fail(ErrorKind::usage, fmt::format("--year {} : un bilan porte sur une année écoulée ; en {}, le dernier "
                                              "bilan possible est celui de {}",
                                              options.year, context.today.year, context.today.year - 1));
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto thresholds = bilan_thresholds(context);
  if (!thresholds) {
    return std::unexpected(thresholds.error());
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  FormSet form_set;
  form_set.record_label = "bilans";
  form_set.implied_fields = {"annee_bilan", "annee"};
  std::optional<domain::Convention> convention;
  if (options.convention_id) {
    convention = store::find_convention(*database, *options.convention_id);
    if (!convention) {
      return fail(ErrorKind::not_found,
                  fmt::format("convention n° {} introuvable (voir « pilot convention list »)", *options.convention_id));
    }
    auto form = bilan_form_for(**forms, *convention);
    if (!form) {
      return std::unexpected(form.error());
    }
    form_set.forms.push_back(*form);
  } else {
    for (const auto* form : (*forms)->forms()) {
      if (form->record == forms::RecordKind::bilan) {
        form_set.forms.push_back(form);
      }
    }
    if (form_set.forms.size() != 1) {
      return fail(ErrorKind::usage, fmt::format("{} formulaires de bilan : précisez la convention (--convention)",
                                                form_set.forms.size()));
    }
  }
  // The action import's options, for the stages shared with it (sources, headers, ledger).
  ImportOptions shared;
  shared.files = options.files;
  shared.convention_id = options.convention_id.value_or(0);
  shared.sheet = options.sheet;
  shared.dry_run = options.dry_run;
  shared.lenient = options.lenient;
  shared.errors_path = options.errors_path;
  shared.shown_problems = options.shown_problems;
  store::use_bulk_write_cache(database->connection());
  store::ImportStaging staging;
  store::WriteTransaction transaction(*database, context.actor());
  ImportRun run(**forms, shared, observer, std::move(form_set), staging);
  run.convention_id = shared.convention_id;
  read_sources(run);
  staging.index_rows();
  {
    BilanAssembler assembler(run, *database, transaction, options, *thresholds, context.today,
                             options.dry_run == DryRun::no);
    auto cursor = staging.rows_by_reference();
    std::vector<store::StagedRow> rows;
    store::StagedRow next;
    bool more = cursor.next(next);
    std::size_t done = 0;
    while (more) {
      rows.clear();
      const std::string reference = next.reference;
      while (more && next.reference == reference) {
        rows.push_back(std::move(next));
        more = cursor.next(next);
      }
      assembler.process(reference, rows);
      done += rows.size();
      run.progress("vérification", done, static_cast<std::size_t>(staging.row_count()));
    }
  }
  report::ImportSummary summary;
  summary.convention = convention ? fmt::format("n° {} — {} ({})", convention->id, convention->collectivite_name,
                                                domain::to_short_label(convention->type))
                                  : std::string("toutes conventions");
  summary.dry_run = options.dry_run == DryRun::yes;
  summary.counts = run.counts;
  summary.errors = run.ledger.errors();
  summary.warnings = run.ledger.warnings();
  summary.by_code = run.ledger.by_code();
  summary.shown = run.ledger.first(options.shown_problems);
  std::vector<report::ImportSourceInfo> infos;
  for (const auto& source : run.sources) {
    summary.sources.push_back({report::problem_location(source.info, 0, 0), source.info.kind, source.rows});
    infos.push_back(source.info);
  }
  if (!options.errors_path.empty()) {
    if (auto written = report::write_import_errors(options.errors_path, staging, infos); !written) {
      return std::unexpected(written.error());
    }
    summary.errors_report = options.errors_path;
  }
  if (options.dry_run == DryRun::no && summary.errors == 0) {
    transaction.commit();
    summary.written = true;
  }
  return summary;
}

}  // namespace pilot::service

// The import pipeline from end to end: options → sources staged → actions assembled, checked and
// written → summary and errors report → commit only when nothing was wrong (and not a dry run).
#include "service/import.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "service/catalog_access.hpp"
#include "service/import_detail.hpp"
#include "store/convention_store.hpp"
#include "util/text.hpp"

namespace pilot::service {

Result<OnExisting> parse_on_existing(std::string_view text) {
  const std::string key = util::fold_key(text);
  if (key == "fail" || key == "echec" || key == "erreur") {
    return OnExisting::fail;
  }
  if (key == "skip" || key == "ignorer") {
    return OnExisting::skip;
  }
  if (key == "update" || key == "mettreajour" || key == "maj") {
    return OnExisting::update;
  }
  return fail(ErrorKind::usage,
              fmt::format("--on-existing « {} » inconnu : attendu « fail », « skip » ou « update »", text));
}

Result<report::ImportSummary> import_actions(const Context& context, const ImportOptions& options,
                                             ImportObserver* observer) {
  using namespace import_detail;
  if (auto paths =
          import_detail::check_import_paths(options.files, options.sheet, options.errors_path, context.db_path);
      !paths) {
    return std::unexpected(paths.error());
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  const auto convention = store::find_convention(*database, options.convention_id);
  if (!convention) {
    return fail(ErrorKind::not_found,
                fmt::format("convention n° {} introuvable (voir « pilot convention list »)", options.convention_id));
  }
  FormSet form_set;
  form_set.forms = (*forms)->action_forms_for(convention->type, convention->collectivite_type);
  if (form_set.forms.empty()) {
    return fail(ErrorKind::data,
                fmt::format("aucun formulaire d'action ne s'applique à la convention n° {} ({}, {})", convention->id,
                            domain::to_short_label(convention->type), convention->collectivite_name));
  }
  if (!options.form.empty()) {
    form_set.forced = form_set.match(options.form);
    if (form_set.forced < 0) {
      return fail(ErrorKind::usage, fmt::format("--form « {} » : formulaire inconnu pour cette convention (attendu {})",
                                                options.form, util::quoted_list(form_set.short_names())));
    }
  }
  // Before the transaction: where SQLite keeps temporary data cannot change inside one.
  store::use_bulk_write_cache(database->connection());
  store::ImportStaging staging;
  store::WriteTransaction transaction(*database, context.actor());
  ImportRun run(**forms, options, observer, std::move(form_set), staging);
  run.convention_id = convention->id;
  run.period = convention->period;

  read_sources(run);
  staging.index_rows();
  const bool write = options.dry_run == DryRun::no;
  std::int64_t incoming_actions = 0;
  for (const auto& source : run.sources) {
    incoming_actions += source.kind == 0 ? static_cast<std::int64_t>(source.rows) : 0;
  }
  store::DeferredIndexes deferred;
  if (write && run.ledger.errors() == 0 &&
      store::DeferredIndexes::worth_it(transaction.connection(), incoming_actions)) {
    deferred.drop(transaction.connection());
  }
  assemble(run, transaction, write);
  if (write && run.ledger.errors() == 0) {
    deferred.restore(transaction.connection());
  }

  report::ImportSummary summary;
  summary.convention = fmt::format("n° {} — {} ({})", convention->id, convention->collectivite_name,
                                   domain::to_short_label(convention->type));
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

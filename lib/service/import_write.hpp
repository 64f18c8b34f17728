// Private to the import pipeline: the write plan. For each assembled action it decides what happens
// (created, updated, unchanged, skipped, locked, rejected), writes it through store::ActionWriter while
// the import is still free of errors (the transaction is rolled back otherwise), counts rows and
// tells the observer, which prints the dry-run plan.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "service/action_codec.hpp"
#include "service/bilans.hpp"
#include "service/import_detail.hpp"
#include "store/action_queue.hpp"
#include "store/action_store.hpp"

namespace pilot::service::import_detail {

struct PlanInput {
  std::string reference;
  std::string title;
  std::string location;
  std::string detail;
  std::span<const store::StagedRow> rows;
  const forms::Form* form = nullptr;
  std::optional<store::ExistingAction> existing;
  std::optional<store::StoredAction> stored;  // loaded for --on-existing update
  FormRecord before;                          // the stored action as a record
  FormRecord after;                           // what the import makes of it
  std::vector<FrozenChange> frozen;           // set when rejected for changing a year a revision froze
  std::optional<int> dropped_year;            // with `frozen`: the years changed are those of a drop
};

class WritePlan {
 public:
  WritePlan(ImportRun& run, store::WriteTransaction& transaction, bool write);

  // Created, updated or unchanged, written when allowed; `rejected` for a validated action whose
  // content would change, or for an update that would change a year the convention's latest
  // revision froze or a year from which the action is dropped (`input.frozen` says what,
  // `input.dropped_year` which; the caller reports why, then calls finish).
  report::ImportOutcome apply(PlanInput& input);
  // Counts the action and its rows, marks rejected rows for the report, tells the observer.
  void finish(const PlanInput& input, report::ImportOutcome outcome, std::int64_t action_id = 0,
              std::vector<report::FieldChange> changes = {});
  // The convention's latest revision year (years before it are frozen), read once per import.
  std::optional<int> open_revision_year();
  // Waits for the actions still being inserted in the background; rethrows a failure to write them.
  void complete();

 private:
  [[nodiscard]] bool writing() const { return m_write && m_run.ledger.errors() == 0; }

  ImportRun& m_run;
  store::WriteTransaction& m_transaction;
  bool m_write = false;
  std::unique_ptr<store::ActionWriter> m_writer;
  // New actions are inserted by a second thread while the next ones are parsed and checked.
  std::unique_ptr<store::ActionInsertQueue> m_queue;
  std::optional<std::optional<int>> m_open_year;
};

// Field by field (label, old → new in French display), and group by group (« 8 lignes → 9 lignes »).
std::vector<report::FieldChange> diff_records(const forms::Catalog& catalog, const forms::Form& form,
                                              const FormRecord& before, const FormRecord& after);

}  // namespace pilot::service::import_detail

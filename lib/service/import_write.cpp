#include "service/import_write.hpp"

#include <fmt/format.h>

#include "forms/values.hpp"
#include "store/campaign_store.hpp"

namespace pilot::service::import_detail {
namespace {

// One group row as comparable text: its answers in key order, as stored.
std::string row_text(const forms::Group& group, const domain::GroupRow& row) {
  std::string text;
  for (const auto& [key, value] : row.values) {
    if (domain::is_empty(value)) {
      continue;
    }
    const forms::Field* field = group.find_field(key);
    text += key + '=' + (field == nullptr ? std::string() : forms::to_storage_text(*field, value)) + '\x1f';
  }
  return text;
}

std::string lines(std::size_t count) {
  return fmt::format("{} ligne{}", count, count > 1 ? "s" : "");
}

}  // namespace

std::vector<report::FieldChange> diff_records(const forms::Catalog& catalog, const forms::Form& form,
                                              const FormRecord& before, const FormRecord& after) {
  std::vector<report::FieldChange> changes;
  auto shown = [&](const forms::Field& field, const domain::Answers& answers) {
    const auto found = answers.find(field.key);
    return found == answers.end() || domain::is_empty(found->second)
               ? std::string()
               : forms::to_display_text(catalog, field, found->second);
  };
  for (const auto& field : form.fields) {
    std::string old_text = shown(field, before.answers);
    std::string new_text = shown(field, after.answers);
    if (old_text != new_text) {
      changes.push_back({field.label, std::move(old_text), std::move(new_text)});
    }
  }
  static const std::vector<domain::GroupRow> k_none;
  for (const auto& group : form.groups) {
    const auto old_rows = before.groups.find(group.key);
    const auto new_rows = after.groups.find(group.key);
    const auto& old_list = old_rows == before.groups.end() ? k_none : old_rows->second;
    const auto& new_list = new_rows == after.groups.end() ? k_none : new_rows->second;
    std::vector<std::string> old_texts;
    std::vector<std::string> new_texts;
    for (const auto& row : old_list) {
      old_texts.push_back(row_text(group, row));
    }
    for (const auto& row : new_list) {
      new_texts.push_back(row_text(group, row));
    }
    if (old_texts != new_texts) {
      changes.push_back(
          {group.label, lines(old_list.size()),
           old_list.size() == new_list.size() ? lines(new_list.size()) + " (modifiées)" : lines(new_list.size())});
    }
  }
  return changes;
}

WritePlan::WritePlan(ImportRun& run, store::WriteTransaction& transaction, bool write)
    : m_run(run), m_transaction(transaction), m_write(write) {}

report::ImportOutcome WritePlan::apply(PlanInput& input) {
  if (!input.existing && !writing()) {
    // A new action that will not be written (dry run, or an error elsewhere): nothing to build.
    finish(input, report::ImportOutcome::created);
    return report::ImportOutcome::created;
  }
  if (input.existing) {
    const domain::Action action = action_from_record(m_run.catalog, *input.form, input.after, m_run.convention_id);
    const std::string new_hash = store::action_content_hash(action, store::encode_answers(action.answers));
    const std::string old_hash = store::action_content_hash(input.stored->action, input.stored->answers);
    if (new_hash == old_hash) {
      finish(input, report::ImportOutcome::unchanged, input.existing->id);
      return report::ImportOutcome::unchanged;
    }
    if (input.stored->action.status != domain::ActionStatus::brouillon) {
      return report::ImportOutcome::rejected;
    }
    // Under a revision, the years before it are frozen: the import is refused rather than rewrite them.
    if (const auto open_year = open_revision_year()) {
      input.frozen = frozen_changes(input.stored->action, action, *open_year);
      if (!input.frozen.empty()) {
        return report::ImportOutcome::rejected;
      }
    }
    // Dropped from year N by an update: N and after are no longer planned, as `update set` says.
    if (const auto dropped = input.stored->action.dropped_year) {
      input.frozen = year_changes(input.stored->action, action, [from = *dropped](int year) { return year >= from; });
      if (!input.frozen.empty()) {
        input.dropped_year = dropped;
        return report::ImportOutcome::rejected;
      }
    }
    auto changes = diff_records(m_run.catalog, *input.form, input.before, input.after);
    if (writing()) {
      complete();  // one writer at a time: the audit trail is a chain
      if (!m_writer) {
        m_writer = std::make_unique<store::ActionWriter>(m_transaction);
      }
      m_writer->replace(input.existing->id, action, *input.stored);
    }
    finish(input, report::ImportOutcome::updated, input.existing->id, std::move(changes));
    return report::ImportOutcome::updated;
  }
  std::int64_t id = 0;
  if (writing()) {
    if (store::ActionInsertQueue::available()) {
      if (!m_queue) {
        m_queue = std::make_unique<store::ActionInsertQueue>(m_transaction);
      }
      id = m_queue->push(action_from_record(m_run.catalog, *input.form, input.after, m_run.convention_id));
    } else {
      if (!m_writer) {
        m_writer = std::make_unique<store::ActionWriter>(m_transaction);
      }
      id = m_writer->insert(action_from_record(m_run.catalog, *input.form, input.after, m_run.convention_id));
    }
  }
  finish(input, report::ImportOutcome::created, id);
  return report::ImportOutcome::created;
}

void WritePlan::complete() {
  if (m_queue) {
    m_queue->drain();
  }
}

std::optional<int> WritePlan::open_revision_year() {
  if (!m_open_year) {
    m_open_year = store::latest_revision_year(m_transaction.connection(), m_run.convention_id);
  }
  return *m_open_year;
}

void WritePlan::finish(const PlanInput& input, report::ImportOutcome outcome, std::int64_t action_id,
                       std::vector<report::FieldChange> changes) {
  report::ImportCounts& counts = m_run.counts;
  const std::size_t rows = input.rows.size();
  switch (outcome) {
    case report::ImportOutcome::created: ++counts.created; break;
    case report::ImportOutcome::updated: ++counts.updated; break;
    case report::ImportOutcome::unchanged: ++counts.unchanged; break;
    case report::ImportOutcome::skipped: ++counts.skipped; break;
    case report::ImportOutcome::locked: ++counts.locked; break;
    case report::ImportOutcome::rejected: ++counts.rejected; break;
  }
  if (outcome == report::ImportOutcome::rejected) {
    counts.rows_rejected += rows;
    for (const auto& row : input.rows) {
      m_run.staging.reject_row(row.id);
    }
  } else if (outcome == report::ImportOutcome::skipped || outcome == report::ImportOutcome::locked) {
    counts.rows_ignored += rows;
  } else {
    counts.rows_accepted += rows;
  }
  if (m_run.observer == nullptr) {
    return;
  }
  report::PlanEntry entry;
  entry.outcome = outcome;
  entry.reference = input.reference;
  entry.title = input.title;
  entry.location = input.location;
  entry.action_id = action_id != 0 ? action_id : (input.existing ? input.existing->id : 0);
  entry.form_id = input.form == nullptr ? std::string() : input.form->id;
  entry.detail = input.detail;
  if (outcome == report::ImportOutcome::locked && input.existing) {
    entry.detail = fmt::format("statut « {} »", domain::to_label(input.existing->status));
  }
  entry.changes = std::move(changes);
  m_run.observer->planned(entry);
}

}  // namespace pilot::service::import_detail

// Actions in the database: the fixed columns, the typed answers (one row per value), budget
// lines and indicators. ActionWriter keeps its prepared statements for bulk imports.
#pragma once

#include <SQLiteCpp/Statement.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/action.hpp"
#include "store/action_content.hpp"
#include "store/database.hpp"
#include "store/scope.hpp"

namespace pilot::store {

// An action as read back: fixed columns, raw answers, budget, indicators.
struct StoredAction {
  domain::Action action;  // answers left empty: see `answers`
  std::vector<StoredAnswer> answers;
};

// What writing a new action needs that depends on the action alone: its answers as rows, its content
// hash and the `extra` JSON of its budget lines and indicators. No database: an import makes it on
// whichever of its two threads is free (ActionInsertQueue), since it is a third of the writing.
struct EncodedAction {
  std::vector<StoredAnswer> answers;
  std::string content_hash;
  std::vector<std::optional<std::string>> budget_extras;     // one per budget line
  std::vector<std::optional<std::string>> indicator_extras;  // one per indicator
};
EncodedAction encode_action(const domain::Action& action);

class ActionWriter {
 public:
  explicit ActionWriter(WriteTransaction& transaction);
  ~ActionWriter();
  ActionWriter(const ActionWriter&) = delete;
  ActionWriter& operator=(const ActionWriter&) = delete;

  // Inserts a new action (status and id in `action` are ignored; brouillon) with the given id, or
  // when none the next number never given (store/numbering.hpp). Returns its id.
  std::int64_t insert(const domain::Action& action, std::optional<std::int64_t> id = std::nullopt);
  // The same, with `encoded` = encode_action(action).
  std::int64_t insert(const domain::Action& action, const EncodedAction& encoded,
                      std::optional<std::int64_t> id = std::nullopt);

  // Replaces everything an action says (answers, budget, indicators, title, form) keeping its id,
  // status and creation time; records old → new in the audit trail. The caller checks the status.
  void replace(std::int64_t id, const domain::Action& action, const StoredAction& before);

 private:
  struct Statements;

  void write_children(std::int64_t id, const domain::Action& action, const EncodedAction& encoded);
  void delete_children(std::int64_t id);

  WriteTransaction& m_transaction;
  std::unique_ptr<Statements> m_statements;
};

// The « objet » answer of a budget line ('' when none): with its year, financer and nature, what
// tells two lines of one action apart (budget_lines' unique key; several objects of one nature in
// a CIE financing plan).
std::string_view budget_line_object(const domain::BudgetLine& line);

// The audit trail's new value for an inserted action: {"convention": id, "empreinte": hash}. The
// content itself is not copied: it is in the action, and the first later change of the action keeps
// it in full (an update's « avant », a deletion's snapshot), each provable by this hash. A national
// import would otherwise double the base (every action's whole content a second time, ~4 KB) for
// text nobody reads until the action changes. The history readers put the content back
// (complete_insert_contents in audit_store).
std::string action_insert_audit_text(std::int64_t convention_id, std::string_view content_hash);

// Id of the action with this reference in this convention.
std::optional<std::int64_t> find_action_id(Database& database, std::int64_t convention_id,
                                           const std::string& reference);
std::optional<std::int64_t> find_action_id(SQLite::Database& db, std::int64_t convention_id,
                                           const std::string& reference);

std::optional<StoredAction> load_action(SQLite::Database& db, std::int64_t id);

// The same for many actions, one after another, with the statements prepared once (preparing them
// again took most of the time of `pilot check` or a convention's history on 100 000 actions).
class ActionLoader {
 public:
  explicit ActionLoader(SQLite::Database& db);
  ~ActionLoader();
  ActionLoader(const ActionLoader&) = delete;
  ActionLoader& operator=(const ActionLoader&) = delete;

  std::optional<StoredAction> load(std::int64_t id);

 private:
  struct Statements;
  std::unique_ptr<Statements> m_statements;
};

// Status of an action, and sets it (with an audit entry) — the validation workflow's primitive.
void set_action_status(WriteTransaction& transaction, std::int64_t id, domain::ActionStatus status,
                       std::string_view reason);

// Records the recomputed content hash (after content was changed outside pilot).
void set_content_hash(WriteTransaction& transaction, std::int64_t id, const std::string& hash);

// Changes the reference of an action (unique within its convention: the caller checks).
void set_action_reference(WriteTransaction& transaction, std::int64_t id, const std::string& reference);

// Deletes an action and everything that hangs off it; the audit entry keeps a full snapshot for
// `pilot restore`.
// Returns the id of the deletion's audit entry (what restores it).
std::int64_t delete_action(WriteTransaction& transaction, const StoredAction& stored);

// The same for many actions, one after another (a convention's deletion, action by action), with the
// statements prepared once.
class ActionDeleter {
 public:
  explicit ActionDeleter(WriteTransaction& transaction);
  ~ActionDeleter();
  ActionDeleter(const ActionDeleter&) = delete;
  ActionDeleter& operator=(const ActionDeleter&) = delete;

  std::int64_t remove(const StoredAction& stored);

 private:
  struct Statements;
  WriteTransaction& m_transaction;
  std::unique_ptr<Statements> m_statements;
};

// Every action id, in order (for `pilot check`).
std::vector<std::int64_t> all_action_ids(SQLite::Database& db);

// The guide's action table: one row per action in scope.
struct ActionSummary {
  std::int64_t id = 0;
  std::int64_t convention_id = 0;
  std::string reference;
  std::string title;
  domain::ConventionType convention_type = domain::ConventionType::cls;
  std::string collectivite;
  std::string axe;                  // choice code of `axe` or `volet`
  std::vector<std::string> champs;  // choice codes of `champs`
  domain::ActionStatus status = domain::ActionStatus::brouillon;
  std::int64_t budget_cents = 0;  // a dropped action: the years before its drop, as the convention counts it
  std::string form_id;
  std::optional<int> dropped_year;  // dropped from that year by an annual update
};

struct ActionFilter {
  std::optional<domain::ActionStatus> status;
  std::vector<std::string> axes;  // codes of axe or volet
  std::string search;             // in reference or title, case-insensitive
  bool include_dropped = false;
};

std::vector<ActionSummary> list_actions(Database& database, const Scope& scope, const ActionFilter& filter);

// Actions of the scope: per status (all four present, zero included) those still planned, and apart
// those dropped by an annual update (left out of list_actions by default).
struct ActionCounts {
  std::vector<std::pair<domain::ActionStatus, std::int64_t>> by_status;
  std::int64_t dropped = 0;
};
ActionCounts count_actions(Database& database, const Scope& scope);

}  // namespace pilot::store

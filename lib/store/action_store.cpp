#include "store/action_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "store/bulk_insert.hpp"
#include "store/column_values.hpp"
#include "store/numbering.hpp"
#include "store/snapshot.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace pilot::store {

// Children are inserted in batches (bulk_insert.hpp) and in primary-key order, so that each
// B-tree grows at its right edge. Indicators get their ids here, one past the largest, as SQLite
// would give them, so their yearly values can go in the same batch without reading each id back.
struct ActionWriter::Statements {
  explicit Statements(SQLite::Database& db)
      : insert_action(db,
                      "INSERT INTO actions (id, convention_id, reference, title, form_id, form_version, status, "
                      "content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'brouillon', ?, ?, ?)"),
        update_action(db,
                      "UPDATE actions SET title = ?, form_id = ?, form_version = ?, content_hash = ?, updated_at = ? "
                      "WHERE id = ?"),
        numbers(db, Numbered::action),
        last_indicator(db, "SELECT coalesce(max(id), 0) FROM indicators"),
        answers(db, "INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num) VALUES ", 5),
        budget(db,
               "INSERT INTO budget_lines (action_id, year, financer_type, financer_name, nature, amount_cents, etp, "
               "informational, extra, object) VALUES ",
               10),
        indicators(db, "INSERT INTO indicators (id, action_id, kind, code, label, unit, baseline, extra) VALUES ", 8),
        indicator_years(db, "INSERT INTO indicator_values (indicator_id, year, target, realised, comment) VALUES ", 5),
        answer_key(db, "INSERT OR IGNORE INTO answer_keys (field_key) VALUES (?)") {
    for (const char* sql :
         {"DELETE FROM action_answers WHERE action_id = ?", "DELETE FROM budget_lines WHERE action_id = ?",
          "DELETE FROM indicators WHERE action_id = ?"}) {
      delete_children.push_back(std::make_unique<BulkStatement>(db, sql));
    }
  }

  BulkStatement insert_action;
  BulkStatement update_action;
  NumberSource numbers;
  SQLite::Statement last_indicator;
  MultiRowInsert answers;
  MultiRowInsert budget;
  MultiRowInsert indicators;
  MultiRowInsert indicator_years;
  BulkStatement answer_key;
  // The keys this writer has put in answer_keys (or found there): a few dozen, each written once.
  std::set<std::string, std::less<>> registered_keys;
  std::vector<std::unique_ptr<BulkStatement>> delete_children;
  // Reused between actions: the yearly values in key order.
  std::vector<std::pair<std::int64_t, const domain::IndicatorYear*>> years;
};

ActionWriter::ActionWriter(WriteTransaction& transaction)
    : m_transaction(transaction), m_statements(std::make_unique<Statements>(transaction.connection())) {}

ActionWriter::~ActionWriter() = default;

std::string action_insert_audit_text(std::int64_t convention_id, std::string_view content_hash) {
  std::string text = R"({"convention":)";
  text += std::to_string(convention_id);
  text += R"(,"empreinte":")";
  text += content_hash;
  text += "\"}";
  return text;
}

std::string_view budget_line_object(const domain::BudgetLine& line) {
  for (const auto& [key, value] : line.extra) {
    if (key == "objet") {
      return value;
    }
  }
  return {};
}

namespace {

std::optional<std::string> extra_text(const ExtraColumns& extra) {
  return extra.empty() ? std::nullopt : std::optional<std::string>(extra_json(extra).dump());
}

// encode_action, leaving the content text in `content_text` for a caller that records it too.
EncodedAction encode_keeping_text(const domain::Action& action, std::string& content_text) {
  EncodedAction encoded;
  encoded.answers = encode_answers(action.answers);
  content_text = action_content_text(action, encoded.answers);
  encoded.content_hash = util::sha256_hex(content_text);
  encoded.budget_extras.reserve(action.budget.size());
  for (const auto& line : action.budget) {
    encoded.budget_extras.push_back(extra_text(line.extra));
  }
  encoded.indicator_extras.reserve(action.indicators.size());
  for (const auto& indicator : action.indicators) {
    encoded.indicator_extras.push_back(extra_text(indicator.extra));
  }
  return encoded;
}

}  // namespace

EncodedAction encode_action(const domain::Action& action) {
  std::string content_text;
  return encode_keeping_text(action, content_text);
}

void ActionWriter::write_children(std::int64_t id, const domain::Action& action, const EncodedAction& encoded) {
  Statements& s = *m_statements;
  // encode_answers gives them by field key then option: the primary key's order.
  insert_rows(s.answers, encoded.answers, [&](BulkStatement& row, const StoredAnswer& answer) {
    row.integer(id).text(answer.field_key).integer(answer.ord).optional_text(answer.text).real(answer.number);
  });
  for (const auto& answer : encoded.answers) {
    if (!s.registered_keys.contains(answer.field_key)) {
      s.answer_key.text(answer.field_key).run();
      s.registered_keys.insert(answer.field_key);
    }
  }
  std::size_t index = 0;
  insert_rows(s.budget, action.budget, [&](BulkStatement& row, const domain::BudgetLine& line) {
    row.integer(id).integer(line.year).text(domain::to_code(line.financer)).text(line.financer_name);
    row.text(line.nature).integer(line.amount_cents).real(line.etp).integer(line.informational ? 1 : 0);
    row.optional_text(encoded.budget_extras[index++]).text(budget_line_object(line));
  });
  if (action.indicators.empty()) {
    return;
  }
  s.last_indicator.reset();
  s.last_indicator.executeStep();
  const std::int64_t first_id = s.last_indicator.getColumn(0).getInt64() + 1;
  s.last_indicator.reset();
  s.years.clear();
  for (std::size_t i = 0; i < action.indicators.size(); ++i) {
    const std::size_t from = s.years.size();
    for (const auto& year : action.indicators[i].years) {
      s.years.emplace_back(first_id + static_cast<std::int64_t>(i), &year);
    }
    std::stable_sort(s.years.begin() + static_cast<std::ptrdiff_t>(from), s.years.end(),
                     [](const auto& a, const auto& b) { return a.second->year < b.second->year; });
  }
  index = 0;
  insert_rows(s.indicators, action.indicators, [&](BulkStatement& row, const domain::Indicator& indicator) {
    row.integer(first_id + static_cast<std::int64_t>(index)).integer(id).text(domain::to_code(indicator.kind));
    row.text(indicator.code).text(indicator.label).text(indicator.unit).real(indicator.baseline);
    row.optional_text(encoded.indicator_extras[index++]);
  });
  insert_rows(s.indicator_years, s.years, [&](BulkStatement& row, const auto& entry) {
    const domain::IndicatorYear& year = *entry.second;
    row.integer(entry.first).integer(year.year).real(year.target).real(year.realised).text(year.comment);
  });
}

void ActionWriter::delete_children(std::int64_t id) {
  for (auto& statement : m_statements->delete_children) {
    statement->integer(id).run();
  }
}

std::int64_t ActionWriter::insert(const domain::Action& action, std::optional<std::int64_t> id) {
  return insert(action, encode_action(action), id);
}

std::int64_t ActionWriter::insert(const domain::Action& action, const EncodedAction& encoded,
                                  std::optional<std::int64_t> id) {
  const std::string& hash = encoded.content_hash;
  const std::string& now = m_transaction.actor().now;
  // Not SQLite's number (one past the largest row left): a deleted action's number stays its own.
  const std::int64_t action_id = id ? *id : m_statements->numbers.next();
  m_statements->insert_action.integer(action_id)
      .integer(action.convention_id)
      .text(action.reference)
      .text(action.title)
      .text(action.form_id)
      .integer(action.form_version)
      .text(hash)
      .text(now)
      .text(now)
      .run();
  write_children(action_id, action, encoded);
  m_transaction.audit_text("action", action_id, "insert", std::nullopt,
                           action_insert_audit_text(action.convention_id, hash));
  return action_id;
}

void ActionWriter::replace(std::int64_t id, const domain::Action& action, const StoredAction& before) {
  std::string content;
  const EncodedAction encoded = encode_keeping_text(action, content);
  m_statements->update_action.text(action.title)
      .text(action.form_id)
      .integer(action.form_version)
      .text(encoded.content_hash)
      .text(m_transaction.actor().now)
      .integer(id)
      .run();
  delete_children(id);
  write_children(id, action, encoded);
  m_transaction.audit_text("action", id, "update", action_content_text(before.action, before.answers), content);
}

std::optional<std::int64_t> find_action_id(SQLite::Database& db, std::int64_t convention_id,
                                           const std::string& reference) {
  SQLite::Statement query(db, "SELECT id FROM actions WHERE convention_id = ? AND reference = ?");
  query.bind(1, convention_id);
  query.bind(2, reference);
  if (!query.executeStep()) {
    return std::nullopt;
  }
  return query.getColumn(0).getInt64();
}

std::optional<std::int64_t> find_action_id(Database& database, std::int64_t convention_id,
                                           const std::string& reference) {
  return find_action_id(database.connection(), convention_id, reference);
}

struct ActionLoader::Statements {
  explicit Statements(SQLite::Database& db)
      : row(db,
            "SELECT id, convention_id, reference, title, form_id, form_version, status, content_hash, "
            "dropped_year, created_at, updated_at FROM actions WHERE id = ?"),
        answers(db,
                "SELECT field_key, ord, value_text, value_num FROM action_answers WHERE action_id = ? "
                "ORDER BY field_key, ord"),
        budget(db,
               "SELECT year, financer_type, financer_name, nature, amount_cents, etp, informational, extra "
               "FROM budget_lines WHERE action_id = ? ORDER BY id"),
        indicators(db,
                   "SELECT id, kind, code, label, unit, baseline, extra FROM indicators WHERE action_id = ? "
                   "ORDER BY id"),
        years(db,
              "SELECT year, target, realised, comment FROM indicator_values WHERE indicator_id = ? "
              "ORDER BY year") {}

  SQLite::Statement row;
  SQLite::Statement answers;
  SQLite::Statement budget;
  SQLite::Statement indicators;
  SQLite::Statement years;
};

ActionLoader::ActionLoader(SQLite::Database& db) : m_statements(std::make_unique<Statements>(db)) {}

ActionLoader::~ActionLoader() = default;

std::optional<StoredAction> ActionLoader::load(std::int64_t id) {
  Statements& s = *m_statements;
  for (SQLite::Statement* statement : {&s.row, &s.answers, &s.budget, &s.indicators}) {
    statement->reset();
    statement->bind(1, id);
  }
  SQLite::Statement& row = s.row;
  if (!row.executeStep()) {
    return std::nullopt;
  }
  StoredAction stored;
  auto& action = stored.action;
  action.id = row.getColumn(0).getInt64();
  action.convention_id = row.getColumn(1).getInt64();
  action.reference = row.getColumn(2).getString();
  action.title = row.getColumn(3).getString();
  action.form_id = row.getColumn(4).getString();
  action.form_version = row.getColumn(5).getInt();
  action.status = status_from_code(row.getColumn(6).getString());
  action.content_hash = row.getColumn(7).getString();
  if (!row.getColumn(8).isNull()) {
    action.dropped_year = row.getColumn(8).getInt();
  }
  action.created_at = row.getColumn(9).getString();
  action.updated_at = row.getColumn(10).getString();
  row.reset();  // no read left open between two loads (the caller may write in between)

  SQLite::Statement& answers = s.answers;
  while (answers.executeStep()) {
    StoredAnswer answer{answers.getColumn(0).getString(), answers.getColumn(1).getInt(), std::nullopt,
                        optional_double(answers.getColumn(3))};
    if (!answers.getColumn(2).isNull()) {
      answer.text = answers.getColumn(2).getString();
    }
    stored.answers.push_back(std::move(answer));
  }
  SQLite::Statement& budget = s.budget;
  while (budget.executeStep()) {
    action.budget.push_back({budget.getColumn(0).getInt(), financer_from_code(budget.getColumn(1).getString()),
                             budget.getColumn(2).getString(), budget.getColumn(3).getString(),
                             optional_integer(budget.getColumn(4)), optional_double(budget.getColumn(5)),
                             budget.getColumn(6).getInt() != 0, read_extra(budget.getColumn(7))});
  }
  SQLite::Statement& indicators = s.indicators;
  SQLite::Statement& years = s.years;
  while (indicators.executeStep()) {
    domain::Indicator indicator{kind_from_code(indicators.getColumn(1).getString()),
                                indicators.getColumn(2).getString(),
                                indicators.getColumn(3).getString(),
                                indicators.getColumn(4).getString(),
                                optional_double(indicators.getColumn(5)),
                                {},
                                read_extra(indicators.getColumn(6))};
    years.reset();
    years.bind(1, indicators.getColumn(0).getInt64());
    while (years.executeStep()) {
      indicator.years.push_back({years.getColumn(0).getInt(), optional_double(years.getColumn(1)),
                                 optional_double(years.getColumn(2)), years.getColumn(3).getString()});
    }
    action.indicators.push_back(std::move(indicator));
  }
  return stored;
}

std::optional<StoredAction> load_action(SQLite::Database& db, std::int64_t id) {
  return ActionLoader(db).load(id);
}

void set_action_status(WriteTransaction& transaction, std::int64_t id, domain::ActionStatus status,
                       std::string_view reason) {
  SQLite::Statement current(transaction.connection(), "SELECT status FROM actions WHERE id = ?");
  current.bind(1, id);
  const std::string before = current.executeStep() ? current.getColumn(0).getString() : std::string();
  SQLite::Statement update(transaction.connection(), "UPDATE actions SET status = ?, updated_at = ? WHERE id = ?");
  update.bind(1, std::string(domain::to_code(status)));
  update.bind(2, transaction.actor().now);
  update.bind(3, id);
  update.exec();
  util::Json old_value = util::Json::object();
  old_value.set("statut", before);
  util::Json new_value = util::Json::object();
  new_value.set("statut", std::string(domain::to_code(status))).set("motif", std::string(reason));
  transaction.audit("action", id, "status", old_value, new_value);
}

void set_content_hash(WriteTransaction& transaction, std::int64_t id, const std::string& hash) {
  SQLite::Statement update(transaction.connection(), "UPDATE actions SET content_hash = ? WHERE id = ?");
  update.bind(1, hash);
  update.bind(2, id);
  update.exec();
}

void set_action_reference(WriteTransaction& transaction, std::int64_t id, const std::string& reference) {
  SQLite::Statement update(transaction.connection(), "UPDATE actions SET reference = ? WHERE id = ?");
  update.bind(1, reference);
  update.bind(2, id);
  update.exec();
}

struct ActionDeleter::Statements {
  explicit Statements(SQLite::Database& db) : snapshots(db), remove(db, "DELETE FROM actions WHERE id = ?") {}

  ActionSnapshotter snapshots;
  SQLite::Statement remove;
};

ActionDeleter::ActionDeleter(WriteTransaction& transaction)
    : m_transaction(transaction), m_statements(std::make_unique<Statements>(transaction.connection())) {}

ActionDeleter::~ActionDeleter() = default;

std::int64_t ActionDeleter::remove(const StoredAction& stored) {
  util::Json old_value = util::Json::object();
  old_value.set("convention", stored.action.convention_id)
      .set("contenu", action_content_json(stored.action, stored.answers))
      .set("snapshot", m_statements->snapshots.take(stored.action.id));
  SQLite::Statement& remove = m_statements->remove;
  remove.reset();
  remove.bind(1, stored.action.id);
  remove.exec();
  m_transaction.audit("action", stored.action.id, "delete", old_value, util::Json());
  return m_transaction.connection().getLastInsertRowid();  // the audit entry: nothing else runs in between
}

std::int64_t delete_action(WriteTransaction& transaction, const StoredAction& stored) {
  return ActionDeleter(transaction).remove(stored);
}

std::vector<std::int64_t> all_action_ids(SQLite::Database& db) {
  SQLite::Statement query(db, "SELECT id FROM actions ORDER BY id");
  std::vector<std::int64_t> ids;
  while (query.executeStep()) {
    ids.push_back(query.getColumn(0).getInt64());
  }
  return ids;
}

std::vector<ActionSummary> list_actions(Database& database, const Scope& scope, const ActionFilter& filter) {
  const SqlFilter scope_sql = scope_filter(scope);
  std::string sql = R"sql(
SELECT a.id, a.convention_id, a.reference, a.title, conv.type, c.name,
       coalesce((SELECT value_text FROM action_answers x WHERE x.action_id = a.id AND x.field_key IN ('axe', 'volet')
                 ORDER BY x.field_key LIMIT 1), ''),
       coalesce((SELECT group_concat(value_text, ';') FROM action_answers x WHERE x.action_id = a.id
                 AND x.field_key = 'champs'), ''),
       a.status,
       coalesce((SELECT sum(amount_cents) FROM budget_lines b WHERE b.action_id = a.id AND b.informational = 0
                 AND (a.dropped_year IS NULL OR b.year < a.dropped_year)), 0),
       a.form_id, a.dropped_year
FROM actions a
JOIN conventions conv ON conv.id = a.convention_id
JOIN collectivites c ON c.id = conv.collectivite_id
WHERE )sql" + scope_sql.condition;
  std::vector<std::string> values = scope_sql.text_values;
  if (!filter.include_dropped) {
    sql += " AND a.dropped_year IS NULL";
  }
  if (filter.status) {
    sql += " AND a.status = ?";
    values.emplace_back(domain::to_code(*filter.status));
  }
  if (!filter.axes.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM action_answers x WHERE x.action_id = a.id AND x.field_key IN ('axe', 'volet') "
        "AND x.value_text IN (";
    for (std::size_t i = 0; i < filter.axes.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      values.push_back(filter.axes[i]);
    }
    sql += "))";
  }
  if (!filter.search.empty()) {
    // Accents and case ignored on both sides (pilot_fold, registered on every connection).
    sql += " AND (pilot_fold(a.reference) LIKE ? ESCAPE '\\' OR pilot_fold(a.title) LIKE ? ESCAPE '\\')";
    std::string pattern;
    for (const char c : util::fold(filter.search)) {
      if (c == '%' || c == '_' || c == '\\') {
        pattern += '\\';
      }
      pattern += c;
    }
    values.push_back("%" + pattern + "%");
    values.push_back("%" + pattern + "%");
  }
  sql += " ORDER BY c.name, a.convention_id, a.reference";
  SQLite::Statement query(database.connection(), sql);
  for (std::size_t i = 0; i < values.size(); ++i) {
    query.bind(static_cast<int>(i + 1), values[i]);
  }
  std::vector<ActionSummary> rows;
  while (query.executeStep()) {
    ActionSummary row;
    row.id = query.getColumn(0).getInt64();
    row.convention_id = query.getColumn(1).getInt64();
    row.reference = query.getColumn(2).getString();
    row.title = query.getColumn(3).getString();
    auto type = domain::parse_convention_type(query.getColumn(4).getString());
    row.convention_type = type ? *type : domain::ConventionType::cls;
    row.collectivite = query.getColumn(5).getString();
    row.axe = query.getColumn(6).getString();
    row.champs = util::split_list(query.getColumn(7).getString(), ";");
    row.status = status_from_code(query.getColumn(8).getString());
    row.budget_cents = query.getColumn(9).getInt64();
    row.form_id = query.getColumn(10).getString();
    if (!query.getColumn(11).isNull()) {
      row.dropped_year = query.getColumn(11).getInt();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

ActionCounts count_actions(Database& database, const Scope& scope) {
  const SqlFilter scope_sql = scope_filter(scope);
  // One pass over the scope: dropped actions counted apart (NULL status group).
  SQLite::Statement query(database.connection(),
                          "SELECT CASE WHEN a.dropped_year IS NULL THEN a.status END, count(*) FROM actions a "
                          "JOIN conventions conv ON conv.id = a.convention_id WHERE " +
                              scope_sql.condition + " GROUP BY 1");
  for (std::size_t i = 0; i < scope_sql.text_values.size(); ++i) {
    query.bind(static_cast<int>(i + 1), scope_sql.text_values[i]);
  }
  ActionCounts out;
  std::map<std::string, std::int64_t> counts;
  while (query.executeStep()) {
    if (query.getColumn(0).isNull()) {
      out.dropped = query.getColumn(1).getInt64();
    } else {
      counts[query.getColumn(0).getString()] = query.getColumn(1).getInt64();
    }
  }
  for (const auto status : {domain::ActionStatus::brouillon, domain::ActionStatus::validee_collectivite,
                            domain::ActionStatus::validee_etat, domain::ActionStatus::double_validee}) {
    out.by_status.emplace_back(status, counts[std::string(domain::to_code(status))]);
  }
  return out;
}

}  // namespace pilot::store

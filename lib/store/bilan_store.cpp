#include "store/bilan_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "store/column_values.hpp"

namespace pilot::store {
namespace {

void bind_extra(SQLite::Statement& statement, int index, const ExtraColumns& extra) {
  if (extra.empty()) {
    statement.bind(index);
  } else {
    statement.bind(index, extra_json(extra).dump());
  }
}

void bind_optional(SQLite::Statement& statement, int index, const std::optional<double>& value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bind(index);
  }
}

}  // namespace

std::string_view to_code(BilanState state) {
  switch (state) {
    case BilanState::missing: return "manquant";
    case BilanState::incomplete: return "incomplet";
    case BilanState::complete: return "complet";
  }
  return "manquant";
}

std::string_view to_label(BilanState state) {
  switch (state) {
    case BilanState::missing: return "Non saisi";
    case BilanState::incomplete: return "Incomplet";
    case BilanState::complete: return "Complet";
  }
  return "Non saisi";
}

double ConventionBilanSummary::complete_percent() const {
  return actions == 0 ? 100.0 : 100.0 * static_cast<double>(complete) / static_cast<double>(actions);
}

util::Json bilan_content_json(const Bilan& bilan) {
  util::Json json = util::Json::object();
  json.set("action", bilan.action_id).set("annee", bilan.year).set("formulaire", bilan.form_id);
  json.set("version_formulaire", bilan.form_version);
  util::Json answers = util::Json::object();
  for (const auto& answer : bilan.answers) {
    util::Json value = answer.text ? util::Json(*answer.text) : optional_json(answer.number);
    if (answer.ord == 0) {
      answers.set(answer.field_key, value);
    } else {
      const util::Json* first = answers.find(answer.field_key);
      util::Json list = first != nullptr && first->is_array() ? *first : util::Json(util::Json::Array{*first});
      list.push(value);
      answers.set(answer.field_key, list);
    }
  }
  json.set("reponses", answers);
  util::Json expenses = util::Json::array();
  for (const auto& expense : bilan.expenses) {
    util::Json row = util::Json::object();
    row.set("financeur", std::string(domain::to_code(expense.financer)))
        .set("financeur_nom", expense.financer_name)
        .set("nature", expense.nature)
        .set("objet", expense.object)
        .set("montant_centimes", expense.amount_cents)
        .set("etp", optional_json(expense.etp))
        .set("pour_info", expense.informational)
        .set("autres", extra_json(expense.extra));
    expenses.push(row);
  }
  json.set("depenses", expenses);
  util::Json indicators = util::Json::array();
  for (const auto& indicator : bilan.indicators) {
    util::Json row = util::Json::object();
    row.set("type", std::string(domain::to_code(indicator.kind)))
        .set("code", indicator.code)
        .set("libelle", indicator.label)
        .set("unite", indicator.unit)
        .set("cible", optional_json(indicator.target))
        .set("realise", indicator.realised)
        .set("commentaire", indicator.comment)
        .set("autres", extra_json(indicator.extra));
    indicators.push(row);
  }
  json.set("indicateurs", indicators);
  return json;
}

BilanWriter::BilanWriter(WriteTransaction& transaction)
    : m_transaction(transaction),
      m_insert(transaction.connection(),
               "INSERT INTO bilans (id, action_id, year, form_id, form_version, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)"),
      m_numbers(transaction.connection(), Numbered::bilan),
      m_update(transaction.connection(),
               "UPDATE bilans SET form_id = ?, form_version = ?, updated_at = ? WHERE id = ?"),
      m_delete_answers(transaction.connection(), "DELETE FROM bilan_answers WHERE bilan_id = ?"),
      m_delete_expenses(transaction.connection(), "DELETE FROM bilan_expenses WHERE bilan_id = ?"),
      m_delete_indicators(transaction.connection(), "DELETE FROM bilan_indicators WHERE bilan_id = ?"),
      m_insert_answer(
          transaction.connection(),
          "INSERT INTO bilan_answers (bilan_id, field_key, ord, value_text, value_num) VALUES (?, ?, ?, ?, ?)"),
      m_insert_expense(transaction.connection(),
                       "INSERT INTO bilan_expenses (bilan_id, financer_type, financer_name, nature, object, "
                       "amount_cents, etp, informational, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      m_insert_indicator(transaction.connection(),
                         "INSERT INTO bilan_indicators (bilan_id, kind, code, label, unit, target, realised, comment, "
                         "extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

void BilanWriter::write_children(std::int64_t id, const Bilan& bilan) {
  for (const auto& answer : bilan.answers) {
    m_insert_answer.reset();
    m_insert_answer.bind(1, id);
    m_insert_answer.bind(2, answer.field_key);
    m_insert_answer.bind(3, answer.ord);
    if (answer.text) {
      m_insert_answer.bind(4, *answer.text);
    } else {
      m_insert_answer.bind(4);
    }
    bind_optional(m_insert_answer, 5, answer.number);
    m_insert_answer.exec();
  }
  for (const auto& expense : bilan.expenses) {
    m_insert_expense.reset();
    m_insert_expense.bind(1, id);
    m_insert_expense.bind(2, std::string(domain::to_code(expense.financer)));
    m_insert_expense.bind(3, expense.financer_name);
    m_insert_expense.bind(4, expense.nature);
    m_insert_expense.bind(5, expense.object);
    m_insert_expense.bind(6, expense.amount_cents);
    bind_optional(m_insert_expense, 7, expense.etp);
    m_insert_expense.bind(8, expense.informational ? 1 : 0);
    bind_extra(m_insert_expense, 9, expense.extra);
    m_insert_expense.exec();
  }
  for (const auto& indicator : bilan.indicators) {
    m_insert_indicator.reset();
    m_insert_indicator.bind(1, id);
    m_insert_indicator.bind(2, std::string(domain::to_code(indicator.kind)));
    m_insert_indicator.bind(3, indicator.code);
    m_insert_indicator.bind(4, indicator.label);
    m_insert_indicator.bind(5, indicator.unit);
    bind_optional(m_insert_indicator, 6, indicator.target);
    m_insert_indicator.bind(7, indicator.realised);
    m_insert_indicator.bind(8, indicator.comment);
    bind_extra(m_insert_indicator, 9, indicator.extra);
    m_insert_indicator.exec();
  }
}

std::int64_t BilanWriter::save(const Bilan& bilan, const std::optional<Bilan>& before) {
  const std::string& now = m_transaction.actor().now;
  std::int64_t id = 0;
  if (before) {
    id = before->id;
    m_update.reset();
    m_update.bind(1, bilan.form_id);
    m_update.bind(2, bilan.form_version);
    m_update.bind(3, now);
    m_update.bind(4, id);
    m_update.exec();
    for (auto* statement : {&m_delete_answers, &m_delete_expenses, &m_delete_indicators}) {
      statement->reset();
      statement->bind(1, id);
      statement->exec();
    }
  } else {
    id = m_numbers.next();
    m_insert.reset();
    m_insert.bind(1, id);
    m_insert.bind(2, bilan.action_id);
    m_insert.bind(3, bilan.year);
    m_insert.bind(4, bilan.form_id);
    m_insert.bind(5, bilan.form_version);
    m_insert.bind(6, now);
    m_insert.bind(7, now);
    m_insert.exec();
  }
  write_children(id, bilan);
  m_transaction.audit("bilan", id, before ? "update" : "insert", before ? bilan_content_json(*before) : util::Json(),
                      bilan_content_json(bilan));
  return id;
}

std::optional<Bilan> load_bilan(SQLite::Database& db, std::int64_t action_id, int year) {
  SQLite::Statement row(db,
                        "SELECT id, form_id, form_version, created_at, updated_at FROM bilans WHERE action_id = ? AND "
                        "year = ?");
  row.bind(1, action_id);
  row.bind(2, year);
  if (!row.executeStep()) {
    return std::nullopt;
  }
  Bilan bilan;
  bilan.id = row.getColumn(0).getInt64();
  bilan.action_id = action_id;
  bilan.year = year;
  bilan.form_id = row.getColumn(1).getString();
  bilan.form_version = row.getColumn(2).getInt();
  bilan.created_at = row.getColumn(3).getString();
  bilan.updated_at = row.getColumn(4).getString();
  SQLite::Statement answers(db,
                            "SELECT field_key, ord, value_text, value_num FROM bilan_answers WHERE bilan_id = ? "
                            "ORDER BY field_key, ord");
  answers.bind(1, bilan.id);
  while (answers.executeStep()) {
    StoredAnswer answer{answers.getColumn(0).getString(), answers.getColumn(1).getInt(), std::nullopt,
                        optional_double(answers.getColumn(3))};
    if (!answers.getColumn(2).isNull()) {
      answer.text = answers.getColumn(2).getString();
    }
    bilan.answers.push_back(std::move(answer));
  }
  SQLite::Statement expenses(db,
                             "SELECT financer_type, financer_name, nature, object, amount_cents, etp, informational, "
                             "extra FROM bilan_expenses WHERE bilan_id = ? ORDER BY id");
  expenses.bind(1, bilan.id);
  while (expenses.executeStep()) {
    bilan.expenses.push_back({financer_from_code(expenses.getColumn(0).getString()), expenses.getColumn(1).getString(),
                              expenses.getColumn(2).getString(), expenses.getColumn(3).getString(),
                              expenses.getColumn(4).getInt64(), optional_double(expenses.getColumn(5)),
                              expenses.getColumn(6).getInt() != 0, read_extra(expenses.getColumn(7))});
  }
  SQLite::Statement indicators(db,
                               "SELECT kind, code, label, unit, target, realised, comment, extra FROM bilan_indicators "
                               "WHERE bilan_id = ? ORDER BY id");
  indicators.bind(1, bilan.id);
  while (indicators.executeStep()) {
    bilan.indicators.push_back({kind_from_code(indicators.getColumn(0).getString()),
                                indicators.getColumn(1).getString(), indicators.getColumn(2).getString(),
                                indicators.getColumn(3).getString(), optional_double(indicators.getColumn(4)),
                                indicators.getColumn(5).getDouble(), indicators.getColumn(6).getString(),
                                read_extra(indicators.getColumn(7))});
  }
  return bilan;
}

std::vector<int> bilan_years(SQLite::Database& db, std::int64_t action_id) {
  SQLite::Statement query(db, "SELECT year FROM bilans WHERE action_id = ? ORDER BY year");
  query.bind(1, action_id);
  std::vector<int> years;
  while (query.executeStep()) {
    years.push_back(query.getColumn(0).getInt());
  }
  return years;
}

std::int64_t count_bilans(SQLite::Database& db, std::int64_t action_id) {
  SQLite::Statement query(db, "SELECT count(*) FROM bilans WHERE action_id = ?");
  query.bind(1, action_id);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::vector<BilanRealised> bilan_realised_of_action(SQLite::Database& db, std::int64_t action_id) {
  SQLite::Statement query(db, R"sql(
SELECT (SELECT count(*) FROM indicators j WHERE j.action_id = i.action_id AND j.id < i.id),
       ir.year, ir.realised, ir.comment, ir.bilan_id
FROM indicators i CROSS JOIN indicator_realised ir ON ir.indicator_id = i.id
WHERE i.action_id = ?
ORDER BY i.id, ir.year, ir.bilan_id)sql");
  query.bind(1, action_id);
  std::vector<BilanRealised> out;
  while (query.executeStep()) {
    out.push_back({static_cast<std::size_t>(query.getColumn(0).getInt64()), query.getColumn(1).getInt(),
                   query.getColumn(2).getDouble(), query.getColumn(3).getString(), query.getColumn(4).getInt64()});
  }
  return out;
}

void apply_bilan_realised(domain::Action& action, const std::vector<BilanRealised>& declared) {
  for (std::size_t i = 0; i < declared.size(); ++i) {
    const BilanRealised& value = declared[i];
    if (value.indicator >= action.indicators.size() ||
        (i > 0 && declared[i - 1].indicator == value.indicator && declared[i - 1].year == value.year)) {
      continue;  // one value per indicator and year, the first bilan's, as exports take it
    }
    auto& years = action.indicators[value.indicator].years;
    auto year = std::find_if(years.begin(), years.end(), [&](const auto& y) { return y.year == value.year; });
    if (year == years.end()) {
      year = years.insert(std::find_if(years.begin(), years.end(), [&](const auto& y) { return y.year > value.year; }),
                          domain::IndicatorYear{value.year, std::nullopt, std::nullopt, {}});
    }
    year->realised = value.realised;
    if (!value.comment.empty()) {
      year->comment = value.comment;
    }
  }
}

}  // namespace pilot::store

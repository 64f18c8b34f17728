#include "store/numbering.hpp"

#include <fmt/format.h>

namespace pilot::store {
namespace {

std::string next_number_sql(Numbered kind) {
  const auto [table, entity] = [kind]() -> std::pair<const char*, const char*> {
    switch (kind) {
      case Numbered::convention: return {"conventions", "convention"};
      case Numbered::action: return {"actions", "action"};
      case Numbered::bilan: return {"bilans", "bilan"};
    }
    return {"actions", "action"};
  }();
  // Each max() reads one end of an index (SQLite's min/max optimisation): the rowid of the table,
  // audit_log_by_entity for the trail.
  return fmt::format(
      "SELECT max(coalesce((SELECT max(id) FROM {}), 0), "
      "coalesce((SELECT max(entity_id) FROM audit_log WHERE entity = '{}'), 0)) + 1",
      table, entity);
}

}  // namespace

NumberSource::NumberSource(SQLite::Database& db, Numbered kind) : m_query(db, next_number_sql(kind)) {}

std::int64_t NumberSource::next() {
  m_query.reset();
  m_query.executeStep();
  const std::int64_t next = m_query.getColumn(0).getInt64();
  m_query.reset();
  return next;
}

}  // namespace pilot::store

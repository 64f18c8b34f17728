// Numbers users see — conventions, actions, bilans — are given once. SQLite numbers an INTEGER
// PRIMARY KEY one past the largest row left, so a deleted record's number went to the next one
// created: `pilot restore` then found its place taken and `pilot history` told two records as one.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>

namespace pilot::store {

enum class Numbered { convention, action, bilan };

// The next number of one kind, for a transaction that creates records of it. Every creation is
// audited under its number (entity, entity_id, indexed), so the largest number ever given is the
// largest of the table and of the audit trail: deleted records keep theirs, those deleted before
// this rule included, without any state to keep in step. Two index seeks, statement prepared once.
class NumberSource {
 public:
  NumberSource(SQLite::Database& db, Numbered kind);

  // One past the largest number the table or the audit trail has; the caller inserts with it
  // before asking again.
  std::int64_t next();

 private:
  SQLite::Statement m_query;
};

}  // namespace pilot::store

#include "store/action_queue.hpp"

#include <sqlite3.h>

namespace pilot::store {
namespace {

std::int64_t next_action_id(SQLite::Database& connection) {
  SQLite::Statement last(connection, "SELECT coalesce(max(id), 0) FROM actions");
  last.executeStep();
  return last.getColumn(0).getInt64() + 1;
}

}  // namespace

ActionInsertQueue::ActionInsertQueue(WriteTransaction& transaction)
    : m_writer(transaction),
      m_next_id(next_action_id(transaction.connection())),
      m_queue("pilot-writer", k_capacity, [this](Item& item) { m_writer.insert(item.action, item.id); }) {}

bool ActionInsertQueue::available() {
  return sqlite3_threadsafe() != 0;
}

std::int64_t ActionInsertQueue::push(domain::Action action) {
  const std::int64_t id = m_next_id;
  m_queue.push(Item{id, std::move(action)});
  ++m_next_id;  // only once queued: after a failure, the next push throws again
  return id;
}

void ActionInsertQueue::drain() {
  m_queue.drain();
}

}  // namespace pilot::store

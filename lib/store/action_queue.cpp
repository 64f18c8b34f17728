#include "store/action_queue.hpp"

#include <sqlite3.h>

#include "store/numbering.hpp"

namespace pilot::store {

ActionInsertQueue::ActionInsertQueue(WriteTransaction& transaction)
    : m_writer(transaction),
      m_next_id(NumberSource(transaction.connection(), Numbered::action).next()),
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

#include "store/action_queue.hpp"

#include <sqlite3.h>

#include "store/numbering.hpp"

namespace pilot::store {

ActionInsertQueue::ActionInsertQueue(WriteTransaction& transaction, std::size_t caller_encodes_above)
    : m_writer(transaction),
      m_next_id(NumberSource(transaction.connection(), Numbered::action).next()),
      m_caller_encodes_above(caller_encodes_above),
      m_queue("pilot-writer", k_capacity, [this](Item& item) {
        if (!item.encoded) {
          item.encoded = encode_action(item.action);
        }
        m_writer.insert(item.action, *item.encoded, item.id);
      }) {}

bool ActionInsertQueue::available() {
  return sqlite3_threadsafe() != 0;
}

std::int64_t ActionInsertQueue::push(domain::Action action) {
  const std::int64_t id = m_next_id;
  Item item{id, std::move(action), std::nullopt};
  if (m_waiting >= m_caller_encodes_above) {
    item.encoded = encode_action(item.action);
  }
  m_waiting = m_queue.push(std::move(item));
  ++m_next_id;  // only once queued: after a failure, the next push throws again
  return id;
}

void ActionInsertQueue::drain() {
  m_queue.drain();
}

}  // namespace pilot::store

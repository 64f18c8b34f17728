#include "store/action_queue.hpp"

#include <pthread.h>
#include <sqlite3.h>

namespace pilot::store {

ActionInsertQueue::ActionInsertQueue(WriteTransaction& transaction)
    : m_writer(transaction), m_connection(transaction.connection()) {
  SQLite::Statement last(m_connection, "SELECT coalesce(max(id), 0) FROM actions");
  last.executeStep();
  m_next_id = last.getColumn(0).getInt64() + 1;
  m_thread = std::thread([this] {
    pthread_setname_np(pthread_self(), "pilot-writer");  // as top -H, perf and gdb show it
    run();
  });
}

ActionInsertQueue::~ActionInsertQueue() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  m_thread.join();
}

bool ActionInsertQueue::available() {
  return sqlite3_threadsafe() != 0;
}

void ActionInsertQueue::rethrow_failure() {
  if (m_failure) {
    std::rethrow_exception(m_failure);
  }
}

std::int64_t ActionInsertQueue::push(domain::Action action) {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [this] { return m_failure || m_items.size() < k_capacity; });
  rethrow_failure();
  const std::int64_t id = m_next_id++;
  m_items.push_back(Item{id, std::move(action)});
  lock.unlock();
  m_changed.notify_all();
  return id;
}

void ActionInsertQueue::drain() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [this] { return m_failure || (m_items.empty() && !m_busy); });
  rethrow_failure();
}

void ActionInsertQueue::run() {
  for (;;) {
    Item item;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return m_stop || !m_items.empty(); });
      if (m_stop || m_failure) {
        return;
      }
      item = std::move(m_items.front());
      m_items.pop_front();
      m_busy = true;
    }
    m_changed.notify_all();  // room in the queue
    std::exception_ptr failure;
    try {
      m_writer.insert(item.action, item.id);
    } catch (...) {
      failure = std::current_exception();
    }
    {
      std::lock_guard lock(m_mutex);
      m_busy = false;
      if (failure) {
        m_failure = failure;
        m_items.clear();
      }
    }
    m_changed.notify_all();
  }
}

}  // namespace pilot::store

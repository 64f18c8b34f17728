// A bounded queue served by one worker thread: the caller pushes work items and goes on with its own
// work while the worker processes them in order. Used where a bulk command's two halves can overlap
// on two cores (an import checks the next actions while the previous ones are written).
//
// A failure of the worker (an exception thrown by the work function) stops it: the items still
// queued are dropped and the exception is rethrown to the caller by its next push() or drain().
// Destroying the queue stops the worker after the item it is processing; items still queued are
// dropped (the caller is abandoning the work, e.g. a transaction that rolls back).
#pragma once

#include <pthread.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace pilot::util {

template <typename Item>
class WorkerQueue {
 public:
  // `name` (15 characters at most) is the thread's name, as top -H, perf and gdb show it.
  WorkerQueue(std::string name, std::size_t capacity, std::function<void(Item&)> work)
      : m_capacity(capacity), m_work(std::move(work)) {
    m_thread = std::thread([this, name = std::move(name)] {
      pthread_setname_np(pthread_self(), name.c_str());
      run();
    });
  }
  ~WorkerQueue() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
  }
  WorkerQueue(const WorkerQueue&) = delete;
  WorkerQueue& operator=(const WorkerQueue&) = delete;

  // Queues the item, waiting while the queue is full, and returns how many items wait now (this one
  // included): a caller can tell whether the worker keeps up. Rethrows the worker's failure, if any.
  std::size_t push(Item item) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_failure || m_items.size() < m_capacity; });
    rethrow_failure();
    m_items.push_back(std::move(item));
    const std::size_t waiting = m_items.size();
    lock.unlock();
    m_changed.notify_all();
    return waiting;
  }

  // Returns once every queued item is processed. Rethrows the worker's failure, if any.
  void drain() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_failure || (m_items.empty() && !m_busy); });
    rethrow_failure();
  }

 private:
  void rethrow_failure() {
    if (m_failure) {
      std::rethrow_exception(m_failure);
    }
  }

  void run() {
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
        m_work(item);
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

  const std::size_t m_capacity;
  const std::function<void(Item&)> m_work;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Item> m_items;
  bool m_busy = false;
  bool m_stop = false;
  std::exception_ptr m_failure;
  std::thread m_thread;  // last: started once everything it uses is constructed
};

}  // namespace pilot::util

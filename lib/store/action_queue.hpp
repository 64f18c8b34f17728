// Inserting actions on a second thread: `pilot action import` parses and checks the next actions
// while SQLite writes the previous ones (on a 2-core machine, the two halves of the work overlap).
// Both threads use the transaction's one connection; SQLite serialises calls on it (connections are
// opened FULLMUTEX), and nothing else may write actions, their children or the audit trail while
// actions are queued: callers drain() first.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "domain/action.hpp"
#include "store/action_store.hpp"
#include "store/database.hpp"
#include "util/worker_queue.hpp"

namespace pilot::store {

class ActionInsertQueue {
 public:
  static constexpr std::size_t k_capacity = 64;
  // Above this many waiting actions, the writer is behind: the caller encodes the next actions
  // itself (encode_action, a third of the writer's work per action), which slows it down until the
  // queue shortens again. The two threads so share that work in whatever proportion keeps both
  // busy: at 100 000 actions checking is the slower half and the writer encodes everything; at a
  // million, SQLite's B-trees are deeper and the caller takes part of it.
  static constexpr std::size_t k_behind = k_capacity / 2;

  // `caller_encodes_above`: how many actions must wait for push() to encode the next one itself
  // (see k_behind; 0: always, as tests check that both threads encode alike).
  explicit ActionInsertQueue(WriteTransaction& transaction, std::size_t caller_encodes_above = k_behind);
  // Stops the thread; actions still queued are not written (the caller is abandoning the
  // transaction, which rolls back).
  ~ActionInsertQueue() = default;
  ActionInsertQueue(const ActionInsertQueue&) = delete;
  ActionInsertQueue& operator=(const ActionInsertQueue&) = delete;

  // Whether this SQLite build allows a connection to be used from two threads.
  static bool available();

  // Queues the action (waits while the queue is full) and returns the id it will have: the next
  // number never given when the queue was made (store/numbering.hpp), then one more per action.
  // Rethrows the writer's failure, if any.
  std::int64_t push(domain::Action action);
  // Returns once every queued action is written; rethrows the writer's failure, if any.
  void drain();

 private:
  struct Item {
    std::int64_t id = 0;
    domain::Action action;
    std::optional<EncodedAction> encoded;
  };

  ActionWriter m_writer;
  std::int64_t m_next_id = 0;
  std::size_t m_caller_encodes_above = k_behind;
  std::size_t m_waiting = 0;        // as the last push() left the queue
  util::WorkerQueue<Item> m_queue;  // last: its thread uses m_writer
};

}  // namespace pilot::store

#include "io/csv/read_ahead.hpp"

#include <pthread.h>

#include <exception>

namespace pilot::io::csv {

ReadAhead::ReadAhead(Reader reader) : m_reader(std::move(reader)) {
  m_thread = std::thread([this] {
    pthread_setname_np(pthread_self(), "pilot-csv-read");
    run();
  });
}

ReadAhead::~ReadAhead() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  m_thread.join();
}

void ReadAhead::run() {
  for (;;) {
    Batch batch;
    batch.rows.reserve(k_batch_rows);
    std::size_t bytes = 0;
    try {
      while (batch.rows.size() < k_batch_rows && bytes < k_batch_bytes) {
        auto row = m_reader.next();
        if (!row) {
          batch.error = std::move(row.error());
          break;
        }
        if (!*row) {
          batch.end = true;
          break;
        }
        for (const auto& field : (*row)->fields) {
          bytes += field.size();
        }
        batch.rows.push_back(std::move(**row));
      }
    } catch (const std::exception& failure) {
      // Out of memory or a failed thread primitive: told to the caller as a read error.
      batch.error = Error{ErrorKind::io, m_reader.display_name() + ": " + failure.what()};
    }
    const bool last = batch.end || batch.error.has_value();
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return m_stop || m_ready.size() < k_batches; });
      if (m_stop) {
        return;
      }
      m_ready.push_back(std::move(batch));
    }
    m_changed.notify_all();
    if (last) {
      return;
    }
  }
}

Result<std::optional<Row>> ReadAhead::next() {
  while (m_taken == m_current.rows.size()) {
    if (m_current.error) {
      return std::unexpected(*m_current.error);
    }
    if (m_current.end) {
      return std::nullopt;
    }
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return !m_ready.empty(); });
      m_current = std::move(m_ready.front());
      m_ready.pop_front();
    }
    m_changed.notify_all();  // room for the next batch
    m_taken = 0;
  }
  return std::optional<Row>(std::move(m_current.rows[m_taken++]));
}

}  // namespace pilot::io::csv

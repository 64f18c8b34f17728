#include "report/export_pipeline.hpp"

#include <algorithm>
#include <new>

namespace pilot::report {

PipelinedSink::PipelinedSink(RowSink& inner, std::size_t batch_rows, std::size_t max_batches)
    : m_inner(inner),
      m_batch_rows(std::max<std::size_t>(batch_rows, 1)),
      m_max_batches(std::max<std::size_t>(max_batches, 1)) {
  m_worker = std::thread([this] { run(); });
}

PipelinedSink::~PipelinedSink() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_changed.notify_all();
  m_worker.join();
}

void PipelinedSink::run() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_changed.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
    if (m_queue.empty()) {
      return;  // stopping, nothing left
    }
    Batch batch = std::move(m_queue.front());
    m_queue.pop_front();
    m_busy = true;
    // After an error, or when the producer gave up, queued rows are dropped unwritten.
    const bool failed = m_error.has_value() || m_stopping;
    lock.unlock();
    m_changed.notify_all();  // room in the queue
    std::optional<Error> error;
    if (!failed) {
      try {
        for (const auto& row : batch) {
          if (auto written = m_inner.write(row); !written) {
            error = written.error();
            break;
          }
        }
      } catch (const std::bad_alloc&) {
        error = Error{ErrorKind::io, "mémoire insuffisante pendant l'écriture de l'export"};
      } catch (const std::exception& exception) {
        error = Error{ErrorKind::io, std::string("écriture de l'export interrompue : ") + exception.what()};
      }
    }
    lock.lock();
    if (error && !m_error) {
      m_error = std::move(error);
    }
    m_spare.push_back(std::move(batch));
    m_busy = false;
    m_changed.notify_all();
  }
}

Result<void> PipelinedSink::flush_current() {
  if (m_current_rows == 0) {
    return {};
  }
  m_current.resize(m_current_rows);
  Batch next;
  {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queue.size() < m_max_batches || m_error.has_value(); });
    if (m_error) {
      return std::unexpected(*m_error);
    }
    m_queue.push_back(std::move(m_current));
    if (!m_spare.empty()) {
      next = std::move(m_spare.back());
      m_spare.pop_back();
    }
  }
  m_changed.notify_all();
  m_current = std::move(next);
  m_current_rows = 0;
  return {};
}

Result<void> PipelinedSink::drain() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [this] { return m_queue.empty() && !m_busy; });
  if (m_error) {
    return std::unexpected(*m_error);
  }
  return {};
}

Result<void> PipelinedSink::begin(const ExportTable& table) {
  if (auto drained = drain(); !drained) {
    return drained;
  }
  return m_inner.begin(table);
}

Result<void> PipelinedSink::write(const std::vector<Cell>& cells) {
  if (m_current.size() <= m_current_rows) {
    m_current.resize(m_current_rows + 1);
  }
  // Copy-assigning into a recycled row reuses its cells' string buffers.
  m_current[m_current_rows++] = cells;
  if (m_current_rows < m_batch_rows) {
    return {};
  }
  return flush_current();
}

Result<void> PipelinedSink::end() {
  auto flushed = flush_current();
  auto drained = drain();
  if (!flushed) {
    return flushed;
  }
  if (!drained) {
    return drained;
  }
  return m_inner.end();
}

}  // namespace pilot::report

// Exports read the database and write a file: two jobs of about the same weight. PipelinedSink runs
// the writing (CSV formatting, XLSX cells and their compression) on a worker thread while the
// caller's thread keeps reading SQLite and building rows, so an export takes about the time of the
// slower of the two instead of their sum. Rows travel in batches through a bounded queue: memory
// stays flat whatever the size of the table.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "report/export_sink.hpp"

namespace pilot::report {

class PipelinedSink final : public RowSink {
 public:
  // `inner` must outlive this sink; it is only used by one thread at a time (begin and end run on
  // the caller's thread once the worker is idle).
  explicit PipelinedSink(RowSink& inner, std::size_t batch_rows = 256, std::size_t max_batches = 8);
  PipelinedSink(const PipelinedSink&) = delete;
  PipelinedSink& operator=(const PipelinedSink&) = delete;
  ~PipelinedSink() override;

  [[nodiscard]] Audience audience() const override { return m_inner.audience(); }
  Result<void> begin(const ExportTable& table) override;
  // Queues the row; returns the first error of the inner sink as soon as it is known, so that the
  // producer stops reading.
  Result<void> write(const std::vector<Cell>& cells) override;
  // Waits until every queued row is written, then ends the inner sink; returns the first error.
  Result<void> end() override;

 private:
  using Batch = std::vector<std::vector<Cell>>;
  void run();
  Result<void> flush_current();
  Result<void> drain();

  RowSink& m_inner;
  std::size_t m_batch_rows;
  std::size_t m_max_batches;
  Batch m_current;
  std::size_t m_current_rows = 0;

  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Batch> m_queue;   // full batches waiting for the worker
  std::vector<Batch> m_spare;  // written batches, kept to reuse their cells' memory
  bool m_busy = false;         // the worker holds a batch
  bool m_stopping = false;
  std::optional<Error> m_error;  // first error of the inner sink (sticky)
  std::thread m_worker;
};

}  // namespace pilot::report

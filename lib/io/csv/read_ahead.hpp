// Reading a CSV file on a second thread: while the caller stages or checks the rows it has, the
// next ones are read, decoded and split into fields. On a 2-core machine the two halves of reading
// a large file overlap (`pilot action import` of 100 000 actions: the reading is about 40 % of the
// time spent before the first check).
//
// The rows come in the order and with the errors Reader::next gives, through a bounded queue of
// batches: memory stays a few batches whatever the file's size.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "io/csv/reader.hpp"

namespace pilot::io::csv {

class ReadAhead {
 public:
  // Starts reading `reader` from where it is.
  explicit ReadAhead(Reader reader);
  // Stops the reading thread (rows not yet taken are dropped).
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // As Reader::next: the next record, std::nullopt at the end, or the reader's error (then the same
  // error on every later call).
  Result<std::optional<Row>> next();

 private:
  // A batch ends after this many rows or bytes of fields, whichever comes first: a queue of
  // k_batches batches holds about 1 MB of rows at most (plus one row, which the reader's limits bound).
  static constexpr std::size_t k_batch_rows = 512;
  static constexpr std::size_t k_batch_bytes = 256 * 1024;
  static constexpr std::size_t k_batches = 4;

  struct Batch {
    std::vector<Row> rows;
    std::optional<Error> error;  // after the rows
    bool end = false;            // after the rows: no more input
  };

  void run();

  Reader m_reader;  // used by the reading thread only, once started
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Batch> m_ready;
  bool m_stop = false;
  // The caller's side.
  Batch m_current;
  std::size_t m_taken = 0;
  std::thread m_thread;  // last: started once everything it uses is constructed
};

}  // namespace pilot::io::csv

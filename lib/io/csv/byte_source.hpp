// Private to pilot::io::csv: the raw bytes of a CSV input (a file, standard input or a string),
// handed out in chunks so the reader never holds more than a chunk of an arbitrarily large file.
#pragma once

#include <cstddef>
#include <string>

#include "io/csv/file.hpp"
#include "util/error.hpp"

namespace pilot::io::csv::detail {

class ByteSource {
 public:
  // "-" is standard input. Fails (kind io) naming the path when the file cannot be opened.
  static Result<ByteSource> open(const std::string& path);
  static ByteSource from_string(std::string data);

  // Appends up to `max_bytes` to `out`: fewer only at the end of input, 0 once it is reached.
  // Fails (kind io) naming `display_name` when reading fails.
  Result<std::size_t> read(std::string& out, std::size_t max_bytes, const std::string& display_name);

 private:
  FilePtr m_owned;              // null for standard input and strings
  std::FILE* m_file = nullptr;  // null for strings
  std::string m_data;
  std::size_t m_offset = 0;
};

}  // namespace pilot::io::csv::detail

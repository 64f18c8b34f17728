// Private to pilot::io::csv: owning std::FILE handles and French wording of system errors, shared
// by the reader's byte source and the writer.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

namespace pilot::io::csv::detail {

struct FileCloser {
  void operator()(std::FILE* file) const {
    if (file != nullptr) {
      std::fclose(file);
    }
  }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// "disque plein", "permission refusée"… for the errno values users can act on; strerror otherwise.
std::string describe_errno(int error_number);

}  // namespace pilot::io::csv::detail

// Private to pilot::io::csv: owning std::FILE handles, shared by the reader's byte source and the
// writer.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "util/system_error.hpp"

namespace pilot::io::csv::detail {

struct FileCloser {
  void operator()(std::FILE* file) const {
    if (file != nullptr) {
      std::fclose(file);
    }
  }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

using util::describe_errno;

}  // namespace pilot::io::csv::detail

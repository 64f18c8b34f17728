// libFuzzer target: the XLSX reader (zip container, workbook, shared strings, styles, sheet
// XML streamed through expat) on arbitrary bytes. The reader works on files, so each input is
// written to one private temporary file, reused for the whole run.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "io/xlsx/workbook.hpp"

namespace {

const std::string& scratch_path() {
  static const std::string path = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string name = std::string(tmp != nullptr ? tmp : "/tmp") + "/pilot-fuzz-xlsx-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
      std::abort();
    }
    ::close(fd);
    std::atexit([] { std::remove(scratch_path().c_str()); });
    return name;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = scratch_path();
  if (std::FILE* file = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, file);
    std::fclose(file);
  } else {
    std::abort();
  }

  // Tight limits: a few-kilobyte input may declare gigabytes (zip bombs); the reader must
  // stop at the limit, and the fuzzer must not run out of memory before it does.
  pilot::io::xlsx::Limits limits;
  limits.max_part_bytes = 4u << 20;
  limits.max_shared_strings_bytes = 4u << 20;
  limits.max_cell_bytes = 64u << 10;
  limits.max_rows = 5000;
  limits.max_columns = 1000;

  auto workbook = pilot::io::xlsx::Workbook::open(path, limits);
  if (!workbook) {
    return 0;
  }
  for (const auto& name : workbook->sheet_names()) {
    auto sheet = workbook->open_sheet(name);
    if (!sheet) {
      continue;
    }
    for (int rows = 0; rows < 10'000; ++rows) {
      auto row = sheet->next();
      if (!row || !*row) {
        break;
      }
      (void)sheet->reference((*row)->cells.size(), (*row)->number);
    }
  }
  return 0;
}

// libFuzzer target: the CSV reader (dialect and encoding detection, quoting, limits) on
// arbitrary bytes. The first byte picks a forced separator and tighter limits, so the
// fuzzer also reaches the limit checks without megabyte inputs.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "io/csv/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::uint8_t control = data[0];
  std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);

  pilot::io::csv::Limits limits;
  if ((control & 0x01) != 0) {
    limits.max_field_bytes = 64;
    limits.max_fields = 8;
    limits.max_record_bytes = 256;
  }
  std::optional<char> separator;
  switch ((control >> 1) & 0x07) {
    case 1: separator = ';'; break;
    case 2: separator = ','; break;
    case 3: separator = '\t'; break;
    case 4: separator = '"'; break;  // refused with a usage error, must not crash
    default: break;
  }

  auto reader = pilot::io::csv::Reader::from_string(std::move(input), "fuzz.csv", limits, separator);
  if (!reader) {
    return 0;
  }
  // Bounded: every call consumes input or ends in a sticky error, so this always terminates.
  for (int records = 0; records < 100'000; ++records) {
    auto row = reader->next();
    if (!row || !*row) {
      break;
    }
    if ((*row)->fields.empty() || (*row)->line == 0) {
      __builtin_trap();  // a record always has at least one field and a line
    }
  }
  return 0;
}

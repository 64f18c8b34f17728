// CSV output for exports of up to a million rows: rows are encoded straight into one 256 KiB
// buffer (no per-field allocation) and written when it fills. Fields must be UTF-8.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv/file.hpp"
#include "util/error.hpp"

namespace pilot::io::csv {

enum class Flavor {
  fr,       // ';' separator, UTF-8 with BOM, CRLF: what French Excel opens correctly on double-click
  rfc4180,  // ',' separator, UTF-8 without BOM, CRLF (RFC 4180)
};

// Buffered size that triggers a write to the file.
inline constexpr std::size_t k_writer_buffer_bytes = 256 * 1024;

class Writer {
 public:
  // "-" is standard output. Fails (kind io) naming the path when the file cannot be created.
  static Result<Writer> open(const std::string& path, Flavor flavor);

  Writer(Writer&& other) noexcept;
  Writer& operator=(Writer&& other) noexcept;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // Flushes what close() was not called for, ignoring errors: call close() to learn about them.
  ~Writer();

  // Quotes a field holding the separator, a quote, CR or LF, or starting or ending with a space or
  // TAB; a row made of one empty field is written "" so it does not read back as an empty line.
  // Fails (kind io) when a write fails; every later call then returns the same error.
  Result<void> write_row(const std::vector<std::string>& fields);
  Result<void> write_row(std::span<const std::string_view> fields);

  // Writes what is buffered and closes the file; reports write errors (disk full…) as kind io.
  Result<void> close();

  [[nodiscard]] const std::string& display_name() const { return m_name; }

 private:
  Writer(detail::FilePtr owned, std::FILE* file, std::string name, Flavor flavor);
  template <class Fields>
  Result<void> write_fields(const Fields& fields);
  void append_field(std::string_view field);
  Result<void> flush_buffer();
  Error write_error(int error_number) const;
  void release();

  detail::FilePtr m_owned;      // null for standard output
  std::FILE* m_file = nullptr;  // null once closed or moved from
  std::string m_name;
  char m_separator = ';';
  std::array<bool, 256> m_needs_quotes{};
  std::string m_buffer;
  std::optional<Error> m_error;
};

// Spreadsheet formula-injection guard (OWASP): text beginning with = + - @ TAB or CR gets a leading
// apostrophe so Excel and LibreOffice show it instead of evaluating it. A plain number ("-12,5",
// "+3.25") is left as is; anything else ("+33 1 23", "-5 %", "=1+1") is neutralized. For exported
// user text; not applied by Writer, so data written for machines round-trips unchanged.
std::string neutralize_formula(std::string_view text);

}  // namespace pilot::io::csv

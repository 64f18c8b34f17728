// pilot::io::csv — streaming CSV input and output for the files French data officers exchange:
// French Excel (';', Windows-1252 or UTF-8 with BOM, CRLF; « Texte Unicode »: UTF-16LE with BOM and
// tabs), LibreOffice (UTF-8, ',' or ';') and scripts (RFC 4180). Files of a million rows are read and written in
// fixed-size chunks so memory stays flat; every row comes back in UTF-8 with the physical line it starts on, so callers
// can say `actions.csv:14:3: …`. This header is the reader; Writer.hpp is the writer.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace pilot::io::csv {

// Input is read and decoded this many bytes at a time; detection looks at the first chunk only.
inline constexpr std::size_t k_chunk_bytes = 64 * 1024;

enum class Encoding { utf8, utf8_bom, windows1252, utf16le, utf16be };

struct Dialect {
  char separator = ';';
  Encoding encoding = Encoding::utf8;
};

// Guards against files that are not really CSV (a binary, a missing closing quote) eating memory.
struct Limits {
  std::size_t max_field_bytes = 1 << 20;
  std::size_t max_fields = 2000;
  std::size_t max_record_bytes = 8 << 20;
};

struct Row {
  std::size_t line = 0;             // 1-based physical line where the record starts (what an editor shows)
  std::size_t record = 0;           // 1-based record number, header = 1
  std::vector<std::string> fields;  // always UTF-8
};

// Reads one record at a time. Encoding: a UTF-8 BOM means UTF-8; a UTF-16 BOM (FF FE or FE FF, as
// Excel's « Texte Unicode » starts) means UTF-16, converted by iconv chunk by chunk; otherwise the file is UTF-8 as
// long as its bytes are valid UTF-8, and Windows-1252 when the first non-ASCII bytes are not
// (a file that is pure ASCII so far is compatible with both, so no text is ever misdecoded).
// Once UTF-8 text has been seen, a later non-UTF-8 byte is an error, never silent mojibake.
// Separator: the most frequent of ';' ',' TAB outside quotes on the first non-empty line
// (ties: ';' then ',' then TAB; none: ';'), unless forced.
// Records: RFC 4180 quoting; CRLF, LF or lone CR endings; a quote inside an unquoted field is
// literal (as Excel does). An empty line before a record is a record of one empty field;
// empty lines at the end of the input are dropped.
class Reader {
 public:
  // Path "-" reads standard input. Fails (kind io) when the file cannot be opened or read;
  // (kind usage) when the forced separator is '"', CR, LF or NUL.
  static Result<Reader> open(const std::string& path, Limits limits = {},
                             std::optional<char> forced_separator = std::nullopt);
  static Result<Reader> from_string(std::string data, std::string display_name, Limits limits = {},
                                    std::optional<char> forced_separator = std::nullopt);

  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  ~Reader();

  // The encoding reads utf8 until the first non-ASCII bytes decide; it may then become windows1252.
  [[nodiscard]] const Dialect& dialect() const;
  [[nodiscard]] const std::string& display_name() const;  // file name used in messages ("<entrée standard>" for "-")

  // Next record, std::nullopt at end of input. Errors (kind data, or io for a read failure) are
  // prefixed "display_name:line:column: " with column the 1-based field index; after an error
  // every later call returns the same error.
  Result<std::optional<Row>> next();

 private:
  struct Impl;
  explicit Reader(std::unique_ptr<Impl> impl);
  static Result<Reader> start(std::unique_ptr<Impl> impl, std::optional<char> forced_separator);

  std::unique_ptr<Impl> m_impl;
};

}  // namespace pilot::io::csv

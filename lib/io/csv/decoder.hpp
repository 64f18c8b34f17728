// Private to pilot::io::csv: turns raw chunks into UTF-8 text, deciding the encoding on the way.
// A chunk may end inside a UTF-8 sequence, a UTF-16 code unit or a surrogate pair: those bytes are
// carried over to the next chunk.
#pragma once

#include <iconv.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "io/csv/reader.hpp"

namespace pilot::io::csv::detail {

// Why decoding stopped. The text decoded before the offending byte is valid and is kept, so the
// reader can parse up to it and report the line and column where the bad byte sits.
struct Fault {
  enum class Kind {
    invalid_utf8,      // the file was taken as UTF-8 and holds a non-UTF-8 byte
    truncated_utf8,    // the input ends inside a UTF-8 sequence
    undefined_cp1252,  // 0x81, 0x8D, 0x8F, 0x90 or 0x9D: no character in Windows-1252
    no_converter,      // iconv has no Windows-1252 converter on this system
    utf8_in_cp1252,    // the file was taken as Windows-1252 and holds UTF-8 text (two files joined)
    invalid_utf16,     // a UTF-16 surrogate without its other half
    truncated_utf16,   // the input ends inside a UTF-16 code unit or surrogate pair
  };
  Kind kind = Kind::invalid_utf8;
  unsigned char byte = 0;
  std::uint16_t code_unit = 0;         // invalid_utf16: the lone surrogate
  std::string character{};             // utf8_in_cp1252: the UTF-8 character found
  Encoding encoding = Encoding::utf8;  // no_converter: the encoding iconv cannot convert
};

class Decoder {
 public:
  Decoder() = default;
  Decoder(Decoder&& other) noexcept;
  Decoder& operator=(Decoder&& other) noexcept;
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  ~Decoder();

  // Appends the UTF-8 text of `raw` to `out`; `last` says no more input follows. The first call
  // strips a UTF-8 BOM, or a UTF-16 one (FF FE little-endian, FE FF big-endian: Excel's « Texte
  // Unicode ») which makes the whole input UTF-16. Returns the fault that stopped decoding, if any
  // (text before it is appended).
  std::optional<Fault> decode(std::string_view raw, bool last, std::string& out);

  // utf8 until the first non-ASCII bytes decide (pure ASCII is valid in every supported encoding).
  [[nodiscard]] Encoding encoding() const { return m_encoding; }

 private:
  std::optional<Fault> decode_utf8(std::string_view in, bool last, std::string& out);
  std::optional<Fault> decode_cp1252(std::string_view in, std::string& out);
  std::optional<Fault> decode_cp1252_run(std::string_view in, std::string& out);  // iconv, no UTF-8 check
  std::optional<Fault> decode_utf16(std::string_view in, bool last, std::string& out);
  bool open_iconv(const char* from);  // false when this system's iconv cannot convert from `from`

  Encoding m_encoding = Encoding::utf8;
  bool m_decided = false;
  bool m_first = true;
  std::string m_carry;  // an incomplete UTF-8 sequence or UTF-16 unit that ended the previous chunk
  iconv_t m_iconv = reinterpret_cast<iconv_t>(-1);
};

// How much of `text` is complete, well-formed UTF-8 (no overlongs, surrogates or code points past
// U+10FFFF), and what follows that prefix.
struct Utf8Scan {
  enum class Status { complete, invalid, incomplete };
  Status status = Status::complete;
  std::size_t valid_bytes = 0;  // the well-formed prefix
  bool saw_multibyte = false;   // the prefix holds at least one non-ASCII character
};
Utf8Scan scan_utf8(std::string_view text);

// Offset and length of the first well-formed UTF-8 sequence of `text` for a character from U+00A0
// on (« è » is C3 A8), if any. Windows-1252 French text never holds one (it would read « Ã¨ »): in a
// file taken as Windows-1252, it is UTF-8 text, e.g. from a second file appended to the first.
std::optional<std::pair<std::size_t, std::size_t>> find_utf8_character(std::string_view text);

}  // namespace pilot::io::csv::detail

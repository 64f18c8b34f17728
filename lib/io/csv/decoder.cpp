#include "io/csv/decoder.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

namespace pilot::io::csv::detail {

namespace {

const iconv_t k_no_iconv = reinterpret_cast<iconv_t>(-1);

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_utf16le_bom = "\xFF\xFE";
constexpr std::string_view k_utf16be_bom = "\xFE\xFF";

}  // namespace

Utf8Scan scan_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t size = text.size();
  std::size_t i = 0;
  bool saw_multibyte = false;
  while (i < size) {
    // CSV is mostly ASCII: skip it eight bytes at a time.
    if (i + 8 <= size) {
      std::uint64_t word = 0;
      std::memcpy(&word, bytes + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // Well-formed sequences per Unicode table 3-7: the second byte's range depends on the lead.
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3;
      low = 0xA0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      length = 3;
    } else if (lead == 0xED) {
      length = 3;
      high = 0x9F;
    } else if (lead == 0xF0) {
      length = 4;
      low = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4;
      high = 0x8F;
    } else {
      return {Utf8Scan::Status::invalid, i, saw_multibyte};
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= size) {
        return {Utf8Scan::Status::incomplete, i, saw_multibyte};
      }
      unsigned char byte = bytes[i + k];
      unsigned char min = k == 1 ? low : 0x80;
      unsigned char max = k == 1 ? high : 0xBF;
      if (byte < min || byte > max) {
        return {Utf8Scan::Status::invalid, i, saw_multibyte};
      }
    }
    saw_multibyte = true;
    i += length;
  }
  return {Utf8Scan::Status::complete, size, saw_multibyte};
}

Decoder::Decoder(Decoder&& other) noexcept
    : m_encoding(other.m_encoding),
      m_decided(other.m_decided),
      m_first(other.m_first),
      m_carry(std::move(other.m_carry)),
      m_iconv(std::exchange(other.m_iconv, k_no_iconv)) {}

Decoder& Decoder::operator=(Decoder&& other) noexcept {
  if (this != &other) {
    if (m_iconv != k_no_iconv) {
      iconv_close(m_iconv);
    }
    m_encoding = other.m_encoding;
    m_decided = other.m_decided;
    m_first = other.m_first;
    m_carry = std::move(other.m_carry);
    m_iconv = std::exchange(other.m_iconv, k_no_iconv);
  }
  return *this;
}

Decoder::~Decoder() {
  if (m_iconv != k_no_iconv) {
    iconv_close(m_iconv);
  }
}

std::optional<Fault> Decoder::decode(std::string_view raw, bool last, std::string& out) {
  if (m_first) {
    m_first = false;
    // The first chunk is a whole k_chunk_bytes unless the input is shorter: a BOM is never split.
    for (auto [bom, encoding] : {std::pair{k_utf8_bom, Encoding::utf8_bom}, std::pair{k_utf16le_bom, Encoding::utf16le},
                                 std::pair{k_utf16be_bom, Encoding::utf16be}}) {
      if (raw.starts_with(bom)) {
        raw.remove_prefix(bom.size());
        m_encoding = encoding;
        m_decided = true;
        break;
      }
    }
  }
  std::string joined;
  std::string_view in = raw;
  if (!m_carry.empty()) {
    joined = std::exchange(m_carry, std::string());
    joined.append(raw);
    in = joined;
  }
  if (m_decided) {
    switch (m_encoding) {
      case Encoding::windows1252: return decode_cp1252(in, out);
      case Encoding::utf16le:
      case Encoding::utf16be: return decode_utf16(in, last, out);
      case Encoding::utf8:
      case Encoding::utf8_bom: break;
    }
    return decode_utf8(in, last, out);
  }

  auto high = std::find_if(in.begin(), in.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (high == in.end()) {
    out.append(in);
    return std::nullopt;
  }
  auto first_high = static_cast<std::size_t>(high - in.begin());
  Utf8Scan scan = scan_utf8(in.substr(first_high));
  if (scan.saw_multibyte) {
    // Genuine UTF-8 text: from now on a non-UTF-8 byte is a mixed-encoding error (decode_utf8 stops there).
    m_decided = true;
    m_encoding = Encoding::utf8;
    return decode_utf8(in, last, out);
  }
  if (scan.status == Utf8Scan::Status::incomplete && !last) {
    // The chunk ends on the first bytes of what may be a UTF-8 character: decide with the next chunk.
    out.append(in.substr(0, first_high));
    m_carry.assign(in.substr(first_high));
    return std::nullopt;
  }
  m_decided = true;
  m_encoding = Encoding::windows1252;
  return decode_cp1252(in, out);
}

std::optional<Fault> Decoder::decode_utf8(std::string_view in, bool last, std::string& out) {
  Utf8Scan scan = scan_utf8(in);
  out.append(in.substr(0, scan.valid_bytes));
  unsigned char offending = scan.valid_bytes < in.size() ? static_cast<unsigned char>(in[scan.valid_bytes]) : 0;
  switch (scan.status) {
    case Utf8Scan::Status::complete: return std::nullopt;
    case Utf8Scan::Status::invalid: return Fault{Fault::Kind::invalid_utf8, offending};
    case Utf8Scan::Status::incomplete:
      if (last) {
        return Fault{Fault::Kind::truncated_utf8, offending};
      }
      m_carry.assign(in.substr(scan.valid_bytes));
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::pair<std::size_t, std::size_t>> find_utf8_character(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  auto continuation = [&](std::size_t i) { return i < text.size() && (byte(i) & 0xC0) == 0x80; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
    } else {
      continue;
    }
    bool complete = true;
    for (std::size_t k = 1; k < length; ++k) {
      complete = complete && continuation(i + k);
    }
    if (!complete) {
      continue;
    }
    // scan_utf8 rules out overlongs, surrogates and code points past U+10FFFF.
    const Utf8Scan scan = scan_utf8(text.substr(i, length));
    const bool control = lead == 0xC2 && byte(i + 1) < 0xA0;  // U+0080–U+009F
    if (scan.status == Utf8Scan::Status::complete && scan.valid_bytes == length && !control) {
      return std::pair{i, length};
    }
  }
  return std::nullopt;
}

std::optional<Fault> Decoder::decode_cp1252(std::string_view in, std::string& out) {
  if (const auto found = find_utf8_character(in)) {
    // Decode up to it, so that the reader reports the line where the UTF-8 text starts.
    if (auto fault = decode_cp1252_run(in.substr(0, found->first), out)) {
      return fault;
    }
    Fault fault{Fault::Kind::utf8_in_cp1252, static_cast<unsigned char>(in[found->first])};
    fault.character = std::string(in.substr(found->first, found->second));
    return fault;
  }
  return decode_cp1252_run(in, out);
}

bool Decoder::open_iconv(const char* from) {
  if (m_iconv == k_no_iconv) {
    m_iconv = iconv_open("UTF-8", from);
  }
  return m_iconv != k_no_iconv;
}

std::optional<Fault> Decoder::decode_cp1252_run(std::string_view in, std::string& out) {
  if (!open_iconv("WINDOWS-1252")) {
    return Fault{.kind = Fault::Kind::no_converter, .encoding = Encoding::windows1252};
  }
  // Every Windows-1252 character is in the BMP below U+2123: at most three UTF-8 bytes.
  std::size_t old_size = out.size();
  std::size_t capacity = in.size() * 3;
  out.resize(old_size + capacity);
  char* in_ptr = const_cast<char*>(in.data());  // iconv's signature predates const
  std::size_t in_left = in.size();
  char* out_ptr = out.data() + old_size;
  std::size_t out_left = capacity;
  std::size_t converted = iconv(m_iconv, &in_ptr, &in_left, &out_ptr, &out_left);
  out.resize(static_cast<std::size_t>(out_ptr - out.data()));
  if (converted == static_cast<std::size_t>(-1)) {
    // EILSEQ on the five bytes Windows-1252 leaves undefined; nothing else can fail here.
    unsigned char offending = in_left > 0 ? static_cast<unsigned char>(*in_ptr) : 0;
    return Fault{Fault::Kind::undefined_cp1252, offending};
  }
  return std::nullopt;
}

std::optional<Fault> Decoder::decode_utf16(std::string_view in, bool last, std::string& out) {
  const bool little_endian = m_encoding == Encoding::utf16le;
  if (!open_iconv(little_endian ? "UTF-16LE" : "UTF-16BE")) {
    return Fault{.kind = Fault::Kind::no_converter, .encoding = m_encoding};
  }
  // A BMP character takes two bytes and at most three in UTF-8; a surrogate pair four, and four.
  std::size_t old_size = out.size();
  std::size_t capacity = in.size() / 2 * 3 + 4;
  out.resize(old_size + capacity);
  char* in_ptr = const_cast<char*>(in.data());  // iconv's signature predates const
  std::size_t in_left = in.size();
  char* out_ptr = out.data() + old_size;
  std::size_t out_left = capacity;
  errno = 0;
  std::size_t converted = iconv(m_iconv, &in_ptr, &in_left, &out_ptr, &out_left);
  const int error = errno;
  out.resize(static_cast<std::size_t>(out_ptr - out.data()));
  if (converted != static_cast<std::size_t>(-1)) {
    return std::nullopt;
  }
  if (error == EINVAL) {
    // The chunk ends inside a code unit or between the two halves of a surrogate pair.
    if (!last) {
      m_carry.assign(in_ptr, in_left);
      return std::nullopt;
    }
    return Fault{.kind = Fault::Kind::truncated_utf16, .byte = static_cast<unsigned char>(*in_ptr)};
  }
  // EILSEQ: glibc refuses a low surrogate first, or a high one not followed by a low one.
  const auto first = static_cast<unsigned char>(in_ptr[0]);
  const auto second = in_left > 1 ? static_cast<unsigned char>(in_ptr[1]) : 0;
  const auto unit = static_cast<std::uint16_t>(little_endian ? first | second << 8 : first << 8 | second);
  return Fault{.kind = Fault::Kind::invalid_utf16, .byte = first, .code_unit = unit};
}

}  // namespace pilot::io::csv::detail

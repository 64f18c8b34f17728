#include "io/csv/reader.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "io/csv/byte_source.hpp"
#include "io/csv/decoder.hpp"
#include "io/csv/record_parser.hpp"

namespace pilot::io::csv {

namespace {

std::string hex_byte(unsigned char byte) {
  constexpr std::string_view k_digits = "0123456789ABCDEF";
  return std::string("0x") + k_digits[byte >> 4] + k_digits[byte & 0x0F];
}

std::string hex_unit(std::uint16_t unit) {
  return hex_byte(static_cast<unsigned char>(unit >> 8)) + hex_byte(static_cast<unsigned char>(unit & 0xFF)).substr(2);
}

std::string encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8:
    case Encoding::utf8_bom: return "UTF-8";
    case Encoding::windows1252: return "Windows-1252";
    case Encoding::utf16le: return "UTF-16LE";
    case Encoding::utf16be: return "UTF-16BE";
  }
  return {};
}

std::string fault_message(const detail::Fault& fault, std::size_t line) {
  std::string at_line = " à la ligne " + std::to_string(line);
  switch (fault.kind) {
    case detail::Fault::Kind::invalid_utf8:
      return "encodage incohérent : octets non UTF-8" + at_line + " (octet " + hex_byte(fault.byte) +
             ") ; enregistrez le fichier en UTF-8";
    case detail::Fault::Kind::truncated_utf8:
      return "le fichier se termine au milieu d'un caractère UTF-8 (octet " + hex_byte(fault.byte) +
             ") ; le fichier est-il tronqué ?";
    case detail::Fault::Kind::undefined_cp1252:
      return "octet " + hex_byte(fault.byte) + " sans caractère en Windows-1252" + at_line +
             " ; enregistrez le fichier en UTF-8";
    case detail::Fault::Kind::utf8_in_cp1252:
      return "encodage incohérent : caractère « " + fault.character + " » écrit en UTF-8" + at_line +
             " d'un fichier jusque-là en Windows-1252 (deux fichiers mis bout à bout ?) ; enregistrez le "
             "fichier en UTF-8";
    case detail::Fault::Kind::no_converter:
      return "conversion depuis " + encoding_name(fault.encoding) +
             " indisponible sur ce système (iconv) ; enregistrez le fichier en UTF-8";
    case detail::Fault::Kind::invalid_utf16:
      return "texte UTF-16 invalide" + at_line + " : demi-caractère " + hex_unit(fault.code_unit) +
             " sans son autre moitié (fichier endommagé ?) ; enregistrez le fichier en UTF-8";
    case detail::Fault::Kind::truncated_utf16:
      return "le fichier UTF-16 se termine au milieu d'un caractère ; le fichier est-il tronqué ?";
  }
  return {};
}

// ';', ',' or TAB, from the first lines of `text` (outside quotes): the separator is the one that
// splits the most lines into the same number of fields — the header and the rows under it — with
// more fields breaking a tie. A title line above the header (« Fiches actions, CLS Nord ») has
// few of them or none, so it does not decide, as it did when only the first line was looked at.
char detect_separator(std::string_view text) {
  constexpr std::array<char, 3> k_candidates = {';', ',', '\t'};  // in tie-break order
  constexpr std::size_t k_lines = 10;
  std::vector<std::array<std::size_t, 3>> lines;
  std::array<std::size_t, 3> counts{};
  bool in_quotes = false;
  bool blank = true;
  for (std::size_t pos = 0; pos < text.size() && lines.size() < k_lines; ++pos) {
    const char c = text[pos];
    if (c == '"') {
      in_quotes = !in_quotes;
      blank = false;
    } else if (!in_quotes && (c == '\r' || c == '\n')) {
      if (!blank) {
        lines.push_back(counts);
      }
      counts = {};
      blank = true;
    } else if (!in_quotes) {
      blank = blank && (c == ' ');
      for (std::size_t i = 0; i < k_candidates.size(); ++i) {
        counts[i] += c == k_candidates[i] ? 1 : 0;
      }
    }
  }
  if (!blank && lines.size() < k_lines) {
    lines.push_back(counts);
  }
  std::size_t best = 0;
  std::pair<std::size_t, std::size_t> best_score{0, 0};  // (lines with the usual count, that count)
  for (std::size_t i = 0; i < k_candidates.size(); ++i) {
    std::map<std::size_t, std::size_t> lines_by_count;
    for (const auto& line : lines) {
      if (line[i] > 0) {
        ++lines_by_count[line[i]];
      }
    }
    std::pair<std::size_t, std::size_t> score{0, 0};
    for (const auto& [count, number] : lines_by_count) {
      score = std::max(score, std::pair{number, count});
    }
    if (score > best_score) {
      best_score = score;
      best = i;
    }
  }
  return k_candidates[best];
}

}  // namespace

struct Reader::Impl {
  Impl(detail::ByteSource source_in, std::string name, Limits limits_in)
      : source(std::move(source_in)), display_name(std::move(name)), limits(limits_in) {}

  // Reads and decodes the next chunk into `text`. The raw bytes stay in `raw` until the next call.
  Result<void> refill() {
    text.clear();
    pos = 0;
    raw.clear();
    auto count = source.read(raw, k_chunk_bytes, display_name);
    if (!count) {
      return std::unexpected(count.error());
    }
    input_done = *count < k_chunk_bytes;
    fault = decoder.decode(raw, input_done, text);
    dialect.encoding = decoder.encoding();
    return {};
  }

  Result<std::optional<Row>> next() {
    for (;;) {
      if (pos < text.size()) {
        auto row = parser->parse(text, pos);
        if (!row || *row) {
          return row;
        }
        continue;
      }
      if (fault) {
        return std::unexpected(parser->error_here(fault_message(*fault, parser->line())));
      }
      if (input_done) {
        return parser->finish();
      }
      if (auto refilled = refill(); !refilled) {
        return std::unexpected(refilled.error());
      }
    }
  }

  detail::ByteSource source;
  detail::Decoder decoder;
  std::string display_name;
  Limits limits;
  Dialect dialect;
  std::optional<detail::RecordParser> parser;  // built once the separator is known
  std::string raw;
  std::string text;                    // the decoded current chunk
  std::size_t pos = 0;                 // next byte of `text` to parse
  bool input_done = false;             // the source is exhausted and its last bytes decoded
  std::optional<detail::Fault> fault;  // decoding stopped at the end of `text`
  std::optional<Error> error;          // returned again by every later call
  bool finished = false;
};

namespace {

// UTF-16 text without its byte order mark: in its first bytes, every other byte is a NUL (the high
// byte of ASCII characters) and the others are not. Only checked at the start, before the parser
// would stop at the first NUL with a message that does not say why.
bool looks_like_utf16_without_bom(std::string_view text) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    return false;  // with its BOM: the decoder reads it
  }
  const std::size_t size = std::min<std::size_t>(text.size(), 512) & ~std::size_t{1};
  if (size < 8) {
    return false;
  }
  std::array<std::size_t, 2> nuls{};
  for (std::size_t i = 0; i < size; ++i) {
    nuls[i % 2] += text[i] == '\0' ? 1 : 0;
  }
  const std::size_t half = size / 2;
  // One parity (almost) all NUL, the other (almost) none: accented letters or € have a non-NUL
  // high byte, so "almost".
  return (nuls[0] * 4 >= half * 3 && nuls[1] * 8 <= half) || (nuls[1] * 4 >= half * 3 && nuls[0] * 8 <= half);
}

}  // namespace

Reader::Reader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;
Reader::~Reader() = default;

Result<Reader> Reader::open(const std::string& path, Limits limits, std::optional<char> forced_separator) {
  auto source = detail::ByteSource::open(path);
  if (!source) {
    return std::unexpected(source.error());
  }
  std::string name = path == "-" ? "<entrée standard>" : path;
  return start(std::make_unique<Impl>(std::move(*source), std::move(name), limits), forced_separator);
}

Result<Reader> Reader::from_string(std::string data, std::string display_name, Limits limits,
                                   std::optional<char> forced_separator) {
  auto source = detail::ByteSource::from_string(std::move(data));
  return start(std::make_unique<Impl>(std::move(source), std::move(display_name), limits), forced_separator);
}

Result<Reader> Reader::start(std::unique_ptr<Impl> impl, std::optional<char> forced_separator) {
  if (forced_separator && (*forced_separator == '"' || *forced_separator == '\r' || *forced_separator == '\n' ||
                           *forced_separator == '\0')) {
    return fail(ErrorKind::usage,
                "séparateur impossible pour un CSV : le guillemet, le retour à la ligne "
                "et l'octet nul sont réservés");
  }
  if (auto refilled = impl->refill(); !refilled) {
    return std::unexpected(refilled.error());
  }
  // A workbook (.xlsx is a ZIP archive) given where a CSV is read: standard input, or a file named .csv.
  if (impl->raw.starts_with(std::string_view("PK\x03\x04", 4))) {
    return fail(ErrorKind::data, "« " + impl->display_name +
                                     " » est un classeur (archive ZIP, comme un .xlsx), pas un CSV : les classeurs se "
                                     "lisent depuis un fichier portant l'extension .xlsx, pas depuis l'entrée "
                                     "standard");
  }
  if (looks_like_utf16_without_bom(impl->raw)) {
    return fail(ErrorKind::data, "« " + impl->display_name +
                                     " » semble être du texte UTF-16 sans marque d'ordre des octets (un octet nul sur "
                                     "deux) : enregistrez-le depuis Excel en « CSV UTF-8 » ou en « Texte Unicode », "
                                     "qui porte cette marque");
  }
  impl->dialect.separator = forced_separator ? *forced_separator : detect_separator(impl->text);
  impl->parser.emplace(impl->dialect.separator, impl->limits, impl->display_name);
  return Reader(std::move(impl));
}

const Dialect& Reader::dialect() const {
  return m_impl->dialect;
}

const std::string& Reader::display_name() const {
  return m_impl->display_name;
}

Result<std::optional<Row>> Reader::next() {
  Impl& impl = *m_impl;
  if (impl.error) {
    return std::unexpected(*impl.error);
  }
  if (impl.finished) {
    return std::nullopt;
  }
  auto row = impl.next();
  if (!row) {
    impl.error = row.error();
  } else if (!*row) {
    impl.finished = true;
  }
  return row;
}

}  // namespace pilot::io::csv

#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <utility>

#include "util/number.hpp"

namespace pilot::util {
namespace {

// '!' to '~': neither a space nor the start of a multi-byte character.
bool is_ascii_graphic(char c) {
  return c > ' ' && c < 0x7F;
}

bool is_space_at(std::string_view text, std::size_t pos, std::size_t& length) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f' || byte == '\v') {
    length = 1;
    return true;
  }
  // U+00A0 (C2 A0) and U+202F (E2 80 AF): what French Excel puts in "2 560 000,00 €".
  if (byte == 0xC2 && pos + 1 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0xA0) {
    length = 2;
    return true;
  }
  if (byte == 0xE2 && pos + 2 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0x80 &&
      (static_cast<unsigned char>(text[pos + 2]) == 0xAF || static_cast<unsigned char>(text[pos + 2]) == 0x89)) {
    length = 3;
    return true;
  }
  return false;
}

// Decodes one UTF-8 code point at `pos`; returns U+FFFD and length 1 on a bad sequence.
char32_t decode(std::string_view text, std::size_t pos, std::size_t& length) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  auto continuation = [&](std::size_t i) -> int {
    if (pos + i >= text.size()) {
      return -1;
    }
    const auto b = static_cast<unsigned char>(text[pos + i]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 < 0x80) {
    length = 1;
    return b0;
  }
  if ((b0 & 0xE0) == 0xC0) {
    const int c1 = continuation(1);
    if (c1 >= 0 && b0 >= 0xC2) {
      length = 2;
      return static_cast<char32_t>(((b0 & 0x1F) << 6) | c1);
    }
  } else if ((b0 & 0xF0) == 0xE0) {
    const int c1 = continuation(1);
    const int c2 = continuation(2);
    if (c1 >= 0 && c2 >= 0) {
      const auto cp = static_cast<char32_t>(((b0 & 0x0F) << 12) | (c1 << 6) | c2);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
        length = 3;
        return cp;
      }
    }
  } else if ((b0 & 0xF8) == 0xF0) {
    const int c1 = continuation(1);
    const int c2 = continuation(2);
    const int c3 = continuation(3);
    if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
      const auto cp = static_cast<char32_t>(((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3);
      if (cp >= 0x10000 && cp <= 0x10FFFF) {
        length = 4;
        return cp;
      }
    }
  }
  length = 1;
  return 0xFFFD;
}

// Base letter of the accented Latin-1 / Latin Extended-A letters French uses; 0 if none.
const char* fold_code_point(char32_t cp) {
  switch (cp) {
    case U'à':
    case U'á':
    case U'â':
    case U'ã':
    case U'ä':
    case U'å':
    case U'À':
    case U'Á':
    case U'Â':
    case U'Ã':
    case U'Ä':
    case U'Å': return "a";
    case U'æ':
    case U'Æ': return "ae";
    case U'ç':
    case U'Ç': return "c";
    case U'è':
    case U'é':
    case U'ê':
    case U'ë':
    case U'È':
    case U'É':
    case U'Ê':
    case U'Ë': return "e";
    case U'ì':
    case U'í':
    case U'î':
    case U'ï':
    case U'Ì':
    case U'Í':
    case U'Î':
    case U'Ï': return "i";
    case U'ñ':
    case U'Ñ': return "n";
    case U'ò':
    case U'ó':
    case U'ô':
    case U'õ':
    case U'ö':
    case U'Ò':
    case U'Ó':
    case U'Ô':
    case U'Õ':
    case U'Ö': return "o";
    case U'œ':
    case U'Œ': return "oe";
    case U'ù':
    case U'ú':
    case U'û':
    case U'ü':
    case U'Ù':
    case U'Ú':
    case U'Û':
    case U'Ü': return "u";
    case U'ý':
    case U'ÿ':
    case U'Ý':
    case U'Ÿ': return "y";
    case U'’':
    case U'‘':
    case U'ʼ':
    case U'`':
    case U'´': return "'";
    case U'–':
    case U'—':
    case U'‐':
    case U'‑': return "-";
    case U'«':
    case U'»':
    case U'“':
    case U'”': return "\"";
    default: return nullptr;
  }
}

}  // namespace

std::string_view trim(std::string_view text) {
  // Most cells start and end with an ASCII letter or digit: nothing to look for.
  if (!text.empty() && is_ascii_graphic(text.front()) && is_ascii_graphic(text.back())) {
    return text;
  }
  std::size_t begin = 0;
  std::size_t length = 0;
  while (begin < text.size() && is_space_at(text, begin, length)) {
    begin += length;
  }
  std::size_t end = text.size();
  while (end > begin) {
    // Step back over one trailing space character of 1 to 3 bytes.
    bool found = false;
    for (std::size_t width = 1; width <= 3 && width <= end - begin; ++width) {
      if (is_space_at(text, end - width, length) && length == width) {
        end -= width;
        found = true;
        break;
      }
    }
    if (!found) {
      break;
    }
  }
  return text.substr(begin, end - begin);
}

namespace {

// Controls (C0, DEL, C1: a Windows-1252 byte read as Latin-1 gives U+0080 for €), format
// characters and a replacement character cannot be seen in a message: only their code is shown.
bool is_invisible(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0xFFFD;
}

}  // namespace

std::string describe_character(std::string_view text, std::size_t pos) {
  std::size_t length = 0;
  const char32_t cp = decode(text, pos, length);
  const std::string code = fmt::format("U+{:04X}", static_cast<std::uint32_t>(cp));
  if (is_invisible(cp)) {
    return fmt::format("{} (invisible)", code);
  }
  return cp < 0x80 ? fmt::format("« {} »", text.substr(pos, length))
                   : fmt::format("« {} » ({})", text.substr(pos, length), code);
}

std::string show_invisible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t length = 0;
    const char32_t cp = decode(text, pos, length);
    length = std::max<std::size_t>(length, 1);
    if (cp != '\n' && cp != '\t' && is_invisible(cp)) {
      out += fmt::format("⟨U+{:04X}⟩", static_cast<std::uint32_t>(cp));
    } else {
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
  return out;
}

std::optional<std::size_t> find_control_character(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) {
      return pos;
    }
    // C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8.
    if (byte == 0xC2 && pos + 1 < text.size() && static_cast<unsigned char>(text[pos + 1]) <= 0x9F) {
      return pos;
    }
  }
  return std::nullopt;
}

std::size_t utf8_prefix_bytes(std::string_view text, std::size_t count) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (seen == count) {
        return i;
      }
      ++seen;
    }
  }
  return text.size();
}

std::string shorten_quoted_values(std::string_view message, std::size_t max_chars) {
  constexpr std::string_view k_open = "«";
  constexpr std::string_view k_close = "»";
  std::string out;
  std::size_t at = 0;
  for (;;) {
    const std::size_t open = message.find(k_open, at);
    const std::size_t close =
        open == std::string_view::npos ? std::string_view::npos : message.find(k_close, open + k_open.size());
    if (close == std::string_view::npos) {
      out.append(message.substr(at));
      return out;
    }
    const std::string_view inner = message.substr(open + k_open.size(), close - open - k_open.size());
    // The spaces inside the quotes belong to the typography, not to the value.
    const std::string_view value = trim(inner);
    const std::size_t lead = value.empty() ? inner.size() : static_cast<std::size_t>(value.data() - inner.data());
    const std::size_t width = display_width(value);
    out.append(message.substr(at, open + k_open.size() - at));
    if (width <= max_chars) {
      out.append(inner);
      out.append(k_close);
    } else {
      out.append(inner.substr(0, lead));
      out.append(value.substr(0, utf8_prefix_bytes(value, max_chars)));
      out.append("…");
      out.append(inner.substr(lead + value.size()));
      out.append(k_close);
      out.append(fmt::format(" ({} caractères)", format_integer_fr(static_cast<std::int64_t>(width))));
    }
    at = close + k_close.size();
  }
}

void append_fold(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size());
  const std::size_t start = out.size();
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    // A run of ASCII letters, digits and punctuation (most of any French text) needs no decoding.
    if (is_ascii_graphic(text[pos])) {
      if (pending_space) {
        out += ' ';
        pending_space = false;
      }
      do {
        const char c = text[pos++];
        out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      } while (pos < text.size() && is_ascii_graphic(text[pos]));
      continue;
    }
    std::size_t length = 0;
    if (is_space_at(text, pos, length)) {
      pending_space = out.size() > start;
      pos += length;
      continue;
    }
    const char32_t cp = decode(text, pos, length);
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    } else if (const char* base = fold_code_point(cp)) {
      out += base;
    } else {
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
}

std::string fold(std::string_view text) {
  std::string out;
  append_fold(out, text);
  return out;
}

std::string fold_key(std::string_view text) {
  std::string folded = fold(text);
  std::string out;
  out.reserve(folded.size());
  for (const char c : folded) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || byte >= 0x80) {
      out += c;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t length = 0;
    const char32_t cp = decode(text, pos, length);
    if (cp == 0xFFFD && !(length == 3 && text.substr(pos, 3) == "\xEF\xBF\xBD")) {
      return false;
    }
    pos += length;
  }
  return true;
}

std::size_t display_width(std::string_view utf8) {
  std::size_t count = 0;
  for (const char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: a swap of two neighbours ("Nrod" for "Nord") costs one edit,
  // as it is the commonest typo.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = i;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    d[0][j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::vector<std::string> closest_matches(std::string_view query, const std::vector<std::string>& candidates,
                                         std::size_t limit) {
  const std::string folded_query = fold(query);
  std::vector<std::pair<std::size_t, const std::string*>> scored;
  for (const auto& candidate : candidates) {
    const std::string folded = fold(candidate);
    std::size_t score = 0;
    if (!folded_query.empty() && folded.starts_with(folded_query)) {
      score = 0;
    } else if (!folded_query.empty() && folded.find(folded_query) != std::string::npos) {
      score = 1;
    } else {
      const std::size_t distance = edit_distance(folded_query, folded);
      // Tolerate about one typo per three letters; beyond that a suggestion is noise.
      const std::size_t tolerance = std::max<std::size_t>(2, folded_query.size() / 3);
      if (distance > tolerance) {
        continue;
      }
      score = 2 + distance;
    }
    scored.emplace_back(score, &candidate);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [score, candidate] : scored) {
    // Only the best guesses: one more edit than the best is still a fair suggestion, more is noise.
    if (out.size() >= limit || score > scored.front().first + 1) {
      break;
    }
    if (std::find(out.begin(), out.end(), *candidate) == out.end()) {
      out.push_back(*candidate);
    }
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& values, std::string_view last_joiner) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      out += (i + 1 == values.size()) ? " " + std::string(last_joiner) + " " : ", ";
    }
    out += "« " + values[i] + " »";
  }
  return out;
}

std::vector<std::string> split_list(std::string_view text, std::string_view separators) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find_first_of(separators, start);
    const std::string_view piece =
        trim(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!piece.empty()) {
      parts.emplace_back(piece);
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += parts[i];
  }
  return out;
}

std::string pad_right(std::string_view text, std::size_t width) {
  std::string out(text);
  const std::size_t shown = display_width(text);
  if (shown < width) {
    out.append(width - shown, ' ');
  }
  return out;
}

std::string pad_left(std::string_view text, std::size_t width) {
  const std::size_t shown = display_width(text);
  std::string out;
  if (shown < width) {
    out.append(width - shown, ' ');
  }
  out += text;
  return out;
}

std::string shell_quote(std::string_view argument) {
  const bool plain = !argument.empty() && std::ranges::all_of(argument, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || std::isalnum(byte) != 0 || std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
  });
  if (plain) {
    return std::string(argument);
  }
  std::string quoted = "'";
  for (const char c : argument) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

}  // namespace pilot::util

#include "campaign/mail.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>

#include "util/date.hpp"
#include "util/text.hpp"

namespace pilot::campaign {
namespace {

constexpr std::size_t k_header_width = 78;
constexpr std::size_t k_qp_width = 76;
// Input bytes per encoded-word: 42 bytes → 56 base64 characters → a 68-character word, so that
// "Subject: " and the first word still fit in 78 columns.
constexpr std::size_t k_word_bytes = 42;

constexpr std::array<std::string_view, 7> k_days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_atext(char c) {
  const auto u = static_cast<unsigned char>(c);
  if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')) {
    return true;
  }
  return std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool is_plain_ascii(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) {
      return false;
    }
  }
  return true;
}

std::string base64(std::string_view bytes) {
  static constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<std::uint8_t>(bytes[i]) << 16) |
                            (static_cast<std::uint8_t>(bytes[i + 1]) << 8) | static_cast<std::uint8_t>(bytes[i + 2]);
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
    out += k_alphabet[(n >> 6) & 63];
    out += k_alphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const std::uint32_t n = static_cast<std::uint8_t>(bytes[i]) << 16;
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const std::uint32_t n =
        (static_cast<std::uint8_t>(bytes[i]) << 16) | (static_cast<std::uint8_t>(bytes[i + 1]) << 8);
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
    out += k_alphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

// Length of the UTF-8 sequence starting with `lead` (1 for a stray byte: never split further).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) {
    return 4;
  }
  if (lead >= 0xE0) {
    return 3;
  }
  if (lead >= 0xC0) {
    return 2;
  }
  return 1;
}

// "Name: value" folded at spaces so that no line exceeds 78 columns (a longer word stays whole).
std::string fold_header(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ':';
  std::size_t column = out.size();
  for (const auto& word : util::split_list(value, " ")) {
    if (column + 1 + word.size() > k_header_width && column > name.size() + 1) {
      out += "\n";
      column = 0;
    }
    out += ' ';
    out += word;
    column += 1 + word.size();
  }
  return out + "\n";
}

}  // namespace

Result<void> check_email(std::string_view email) {
  const std::size_t at = email.rfind('@');
  if (email.empty()) {
    return fail(ErrorKind::data, "adresse électronique vide");
  }
  if (email.size() > 254) {
    return fail(ErrorKind::data,
                fmt::format("adresse électronique trop longue ({} caractères, maximum 254)", email.size()));
  }
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) {
    return fail(ErrorKind::data, fmt::format("adresse électronique invalide « {} » : attendu nom@domaine", email));
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  for (std::size_t i = 0; i < local.size(); ++i) {
    if (!is_atext(local[i]) && local[i] != '.') {
      // The whole character, not its first byte: « é » is two bytes in UTF-8.
      return fail(ErrorKind::data, fmt::format("adresse électronique invalide « {} » : caractère {} interdit avant "
                                               "le @ (lettres sans accent, chiffres et signes comme . _ - +)",
                                               email, util::describe_character(local, i)));
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return fail(ErrorKind::data,
                fmt::format("adresse électronique invalide « {} » : point mal placé avant le @", email));
  }
  for (const auto& label : util::split_list(domain, ".")) {
    if (label.front() == '-' || label.back() == '-') {
      return fail(ErrorKind::data,
                  fmt::format("adresse électronique invalide « {} » : domaine « {} » mal formé", email, domain));
    }
  }
  for (const char c : domain) {
    const auto u = static_cast<unsigned char>(c);
    const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' || c == '.';
    if (!ok) {
      return fail(ErrorKind::data, fmt::format("adresse électronique invalide « {} » : domaine « {} » mal formé "
                                               "(lettres, chiffres, points et tirets)",
                                               email, domain));
    }
  }
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return fail(ErrorKind::data,
                fmt::format("adresse électronique invalide « {} » : domaine « {} » mal formé", email, domain));
  }
  return {};
}

Result<void> check_display_name(std::string_view name) {
  if (!util::is_valid_utf8(name)) {
    return fail(ErrorKind::data, "nom invalide : texte qui n'est pas en UTF-8");
  }
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return fail(ErrorKind::data, "nom invalide : caractère de contrôle (retour à la ligne, tabulation…) interdit");
    }
  }
  if (name.size() > 200) {
    return fail(ErrorKind::data, fmt::format("nom trop long ({} octets, maximum 200)", name.size()));
  }
  return {};
}

Result<std::string> rfc5322_date(std::string_view iso_utc) {
  // "AAAA-MM-JJTHH:MM:SSZ"
  if (iso_utc.size() != 20 || iso_utc[10] != 'T' || iso_utc[13] != ':' || iso_utc[16] != ':' || iso_utc[19] != 'Z') {
    return fail(ErrorKind::data, fmt::format("horodatage invalide « {} » : attendu AAAA-MM-JJTHH:MM:SSZ", iso_utc));
  }
  auto date = util::parse_date(iso_utc.substr(0, 10));
  if (!date) {
    return std::unexpected(date.error());
  }
  const std::string_view time = iso_utc.substr(11, 8);
  for (const std::size_t i : {0, 1, 3, 4, 6, 7}) {
    if (time[i] < '0' || time[i] > '9') {
      return fail(ErrorKind::data, fmt::format("horodatage invalide « {} »", iso_utc));
    }
  }
  const std::int64_t days = date->days_since_epoch();
  const auto weekday = static_cast<std::size_t>(((days % 7) + 7 + 4) % 7);  // 01/01/1970 was a Thursday
  return fmt::format("{}, {:02} {} {} {} +0000", k_days[weekday], date->day,
                     k_months[static_cast<std::size_t>(date->month - 1)], date->year, time);
}

std::string encode_header_text(std::string_view utf8) {
  if (is_plain_ascii(utf8) && utf8.find("=?") == std::string_view::npos) {
    return std::string(utf8);
  }
  std::string out;
  std::size_t start = 0;
  while (start < utf8.size()) {
    std::size_t end = start;
    while (end < utf8.size()) {
      const std::size_t length = sequence_length(static_cast<unsigned char>(utf8[end]));
      if (end + length - start > k_word_bytes) {
        break;
      }
      end += std::min(length, utf8.size() - end);
    }
    if (end == start) {  // cannot happen with k_word_bytes ≥ 4; guards the loop anyway
      end = start + 1;
    }
    out += out.empty() ? "" : " ";
    out += "=?UTF-8?B?" + base64(utf8.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string format_address(const MailAddress& address) {
  if (address.name.empty()) {
    return "<" + address.email + ">";
  }
  if (!is_plain_ascii(address.name)) {
    return encode_header_text(address.name) + " <" + address.email + ">";
  }
  bool atoms_only = true;
  for (const char c : address.name) {
    atoms_only = atoms_only && (is_atext(c) || c == ' ');
  }
  if (atoms_only) {
    return address.name + " <" + address.email + ">";
  }
  std::string quoted = "\"";
  for (const char c : address.name) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
    }
    quoted += c;
  }
  return quoted + "\" <" + address.email + ">";
}

std::string display_address(const MailAddress& address) {
  return address.name.empty() ? address.email : address.name + " <" + address.email + ">";
}

std::string quoted_printable(std::string_view text) {
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    const std::string_view line = text.substr(start, end - start);
    std::size_t column = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool last = i + 1 == line.size();
      std::string token;
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
        token = std::string(1, static_cast<char>(c));
      } else {
        token = {'=', k_hex[c >> 4], k_hex[c & 15]};
      }
      // Keep room for the "=" of a soft break, unless this token ends the line.
      const std::size_t limit = last ? k_qp_width : k_qp_width - 1;
      if (column + token.size() > limit) {
        out += "=\n";
        column = 0;
      }
      out += token;
      column += token.size();
    }
    if (newline == std::string_view::npos) {
      break;
    }
    out += '\n';
    start = newline + 1;
  }
  return out;
}

std::string decode_quoted_printable(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

std::string render_message(const MailMessage& message) {
  std::string out;
  out += fold_header("From", format_address(message.from));
  out += fold_header("To", format_address(message.to));
  out += fold_header("Subject", encode_header_text(message.subject));
  out += fold_header("Date", message.date);
  out += fold_header("Message-ID", "<" + message.message_id + ">");
  out += "MIME-Version: 1.0\n";
  out += "Content-Type: text/plain; charset=UTF-8\n";
  out += "Content-Transfer-Encoding: quoted-printable\n";
  // RFC 3834: automatic messages, so that vacation responders do not answer them.
  out += "Auto-Submitted: auto-generated\n";
  for (const auto& [name, value] : message.extra_headers) {
    out += fold_header(name, value);
  }
  out += "\n";
  out += quoted_printable(message.body);
  if (!out.ends_with("\n")) {
    out += "\n";
  }
  return out;
}

std::string to_mbox(const std::vector<std::string>& messages, std::string_view sender, std::string_view iso_utc) {
  std::string stamp = "Thu Jan  1 00:00:00 1970";
  if (auto date = util::parse_date(iso_utc.substr(0, std::min<std::size_t>(10, iso_utc.size())));
      date && iso_utc.size() >= 19) {
    const auto weekday = static_cast<std::size_t>(((date->days_since_epoch() % 7) + 7 + 4) % 7);
    stamp = fmt::format("{} {} {:>2} {} {}", k_days[weekday], k_months[static_cast<std::size_t>(date->month - 1)],
                        date->day, iso_utc.substr(11, 8), date->year);
  }
  std::string out;
  for (const auto& message : messages) {
    out += fmt::format("From {} {}\n", sender, stamp);
    std::size_t start = 0;
    while (start < message.size()) {
      const std::size_t end = std::min(message.find('\n', start), message.size());
      std::string_view line(message.data() + start, end - start);
      if (line.find_first_not_of('>') != std::string_view::npos &&
          line.substr(line.find_first_not_of('>')).starts_with("From ")) {
        out += '>';
      }
      out += line;
      out += '\n';
      start = end + 1;
    }
    out += '\n';
  }
  return out;
}

}  // namespace pilot::campaign

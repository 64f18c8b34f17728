#include "io/csv/writer.hpp"

#include <cerrno>
#include <optional>
#include <utility>

namespace pilot::io::csv {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Optional sign, digits, optionally one decimal mark ('.' or ',') followed by digits.
bool is_plain_number(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    ++i;
  }
  std::size_t digits_start = i;
  while (i < text.size() && is_digit(text[i])) {
    ++i;
  }
  if (i == digits_start) {
    return false;
  }
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    ++i;
    std::size_t decimals_start = i;
    while (i < text.size() && is_digit(text[i])) {
      ++i;
    }
    if (i == decimals_start) {
      return false;
    }
  }
  return i == text.size();
}

}  // namespace

std::string neutralize_formula(std::string_view text) {
  if (text.empty()) {
    return std::string();
  }
  char first = text.front();
  bool risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
  if (!risky || is_plain_number(text)) {
    return std::string(text);
  }
  std::string neutralized;
  neutralized.reserve(text.size() + 1);
  neutralized.push_back('\'');
  neutralized.append(text);
  return neutralized;
}

Writer::Writer(detail::FilePtr owned, std::FILE* file, std::string name, Flavor flavor)
    : m_owned(std::move(owned)), m_file(file), m_name(std::move(name)), m_separator(flavor == Flavor::fr ? ';' : ',') {
  for (unsigned char c : {static_cast<unsigned char>(m_separator), static_cast<unsigned char>('"'),
                          static_cast<unsigned char>('\r'), static_cast<unsigned char>('\n')}) {
    m_needs_quotes[c] = true;
  }
  m_buffer.reserve(k_writer_buffer_bytes + 4096);
  if (flavor == Flavor::fr) {
    m_buffer.append(k_utf8_bom);
  }
}

Writer::Writer(Writer&& other) noexcept
    : m_owned(std::move(other.m_owned)),
      m_file(std::exchange(other.m_file, nullptr)),
      m_name(std::move(other.m_name)),
      m_separator(other.m_separator),
      m_needs_quotes(other.m_needs_quotes),
      m_buffer(std::move(other.m_buffer)),
      m_error(std::move(other.m_error)) {}

Writer& Writer::operator=(Writer&& other) noexcept {
  if (this != &other) {
    release();
    m_owned = std::move(other.m_owned);
    m_file = std::exchange(other.m_file, nullptr);
    m_name = std::move(other.m_name);
    m_separator = other.m_separator;
    m_needs_quotes = other.m_needs_quotes;
    m_buffer = std::move(other.m_buffer);
    m_error = std::move(other.m_error);
  }
  return *this;
}

Writer::~Writer() {
  release();
}

void Writer::release() {
  if (m_file != nullptr) {
    (void)close();
  }
}

Result<Writer> Writer::open(const std::string& path, Flavor flavor) {
  if (path == "-") {
    return Writer(nullptr, stdout, "<sortie standard>", flavor);
  }
  errno = 0;
  detail::FilePtr file(std::fopen(path.c_str(), "wb"));
  if (!file) {
    return fail(ErrorKind::io, "impossible de créer « " + path + " » : " + detail::describe_errno(errno));
  }
  std::FILE* raw = file.get();
  return Writer(std::move(file), raw, path, flavor);
}

Error Writer::write_error(int error_number) const {
  return Error{ErrorKind::io, "erreur d'écriture dans « " + m_name + " » : " + detail::describe_errno(error_number)};
}

void Writer::append_field(std::string_view field) {
  bool quote =
      !field.empty() && (field.front() == ' ' || field.front() == '\t' || field.back() == ' ' || field.back() == '\t');
  for (std::size_t i = 0; !quote && i < field.size(); ++i) {
    quote = m_needs_quotes[static_cast<unsigned char>(field[i])];
  }
  if (!quote) {
    m_buffer.append(field);
    return;
  }
  m_buffer.push_back('"');
  for (std::size_t start = 0;;) {
    std::size_t quote_pos = field.find('"', start);
    if (quote_pos == std::string_view::npos) {
      m_buffer.append(field.substr(start));
      break;
    }
    m_buffer.append(field.substr(start, quote_pos + 1 - start));
    m_buffer.push_back('"');
    start = quote_pos + 1;
  }
  m_buffer.push_back('"');
}

template <class Fields>
Result<void> Writer::write_fields(const Fields& fields) {
  if (m_error) {
    return std::unexpected(*m_error);
  }
  if (m_file == nullptr) {
    return fail(ErrorKind::usage, "écriture dans « " + m_name + " » après sa fermeture");
  }
  if (fields.size() == 1 && std::string_view(fields[0]).empty()) {
    m_buffer.append("\"\"");
  } else {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) {
        m_buffer.push_back(m_separator);
      }
      append_field(fields[i]);
    }
  }
  m_buffer.append("\r\n");
  if (m_buffer.size() >= k_writer_buffer_bytes) {
    return flush_buffer();
  }
  return {};
}

Result<void> Writer::write_row(const std::vector<std::string>& fields) {
  return write_fields(fields);
}

Result<void> Writer::write_row(std::span<const std::string_view> fields) {
  return write_fields(fields);
}

Result<void> Writer::flush_buffer() {
  if (m_buffer.empty()) {
    return {};
  }
  errno = 0;
  std::size_t written = std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file);
  if (written < m_buffer.size()) {
    m_error = write_error(errno);
    return std::unexpected(*m_error);
  }
  m_buffer.clear();
  return {};
}

Result<void> Writer::close() {
  if (m_file == nullptr) {
    return m_error ? Result<void>(std::unexpected(*m_error)) : Result<void>();
  }
  Result<void> flushed = m_error ? Result<void>(std::unexpected(*m_error)) : flush_buffer();
  errno = 0;
  // fflush/fclose report what the C library still held: the last block is where a full disk shows.
  bool failed = std::fflush(m_file) != 0;
  int error_number = errno;
  if (m_owned) {
    errno = 0;
    if (std::fclose(m_owned.release()) != 0 && !failed) {
      failed = true;
      error_number = errno;
    }
  }
  m_file = nullptr;
  if (!flushed) {
    return flushed;
  }
  if (failed) {
    m_error = write_error(error_number);
    return std::unexpected(*m_error);
  }
  return {};
}

}  // namespace pilot::io::csv

#include "io/csv/record_parser.hpp"

#include <utility>

namespace pilot::io::csv::detail {

namespace {

// The whole UTF-8 character starting at `pos` (as much of it as this chunk holds), for messages.
std::string_view character_at(std::string_view text, std::size_t pos) {
  auto lead = static_cast<unsigned char>(text[pos]);
  std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return text.substr(pos, length);
}

std::string separator_name(char separator) {
  return separator == '\t' ? std::string("tabulation") : "« " + std::string(1, separator) + " »";
}

}  // namespace

RecordParser::RecordParser(char separator, Limits limits, std::string display_name)
    : m_separator(separator), m_limits(limits), m_name(std::move(display_name)) {
  for (unsigned char stop : {static_cast<unsigned char>(separator), static_cast<unsigned char>('\r'),
                             static_cast<unsigned char>('\n'), static_cast<unsigned char>('\0')}) {
    m_unquoted_stop[stop] = true;
  }
  for (unsigned char stop : {'"', '\r', '\n', '\0'}) {
    m_quoted_stop[stop] = true;
  }
}

Error RecordParser::error_at(std::size_t line, std::size_t column, const std::string& message) const {
  return Error{ErrorKind::data, m_name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message};
}

Error RecordParser::error_here(const std::string& message) const {
  return error_at(m_line, column(), message);
}

Result<void> RecordParser::check_field_size() const {
  if (m_field.size() <= m_limits.max_field_bytes) {
    return {};
  }
  std::string limit = std::to_string(m_limits.max_field_bytes);
  std::string message = "champ de plus de " + limit + " octets (limite " + limit + ")";
  if (m_state == State::quoted || m_state == State::quote_in_quoted) {
    // The usual cause of a giant quoted field is a quote that was never closed.
    message += " ; le guillemet ouvert à la ligne " + std::to_string(m_field_line) + " est-il bien fermé ?";
  }
  return std::unexpected(error_at(m_field_line, column(), message));
}

Result<void> RecordParser::end_field() {
  if (m_fields.size() >= m_limits.max_fields) {
    std::string limit = std::to_string(m_limits.max_fields);
    return std::unexpected(error_at(m_record_line, column(),
                                    "plus de " + limit + " champs dans l'enregistrement (limite " + limit +
                                        ") ; le séparateur " + separator_name(m_separator) + " est-il le bon ?"));
  }
  m_record_bytes += m_field.size();
  if (m_record_bytes > m_limits.max_record_bytes) {
    std::string limit = std::to_string(m_limits.max_record_bytes);
    return std::unexpected(
        error_at(m_record_line, column(), "enregistrement de plus de " + limit + " octets (limite " + limit + ")"));
  }
  m_fields.push_back(std::move(m_field));
  m_field.clear();
  return {};
}

Row RecordParser::end_record() {
  Row row{m_record_line, ++m_record, std::move(m_fields)};
  m_fields.clear();
  m_fields.reserve(row.fields.size());
  m_record_bytes = 0;
  m_state = State::record_start;
  return row;
}

Row RecordParser::blank_row() {
  Row row{m_first_blank_line, ++m_record, {std::string()}};
  ++m_first_blank_line;
  --m_blank_lines;
  return row;
}

Result<std::optional<Row>> RecordParser::parse(std::string_view text, std::size_t& pos) {
  const char* data = text.data();
  const std::size_t size = text.size();
  while (pos < size) {
    char c = data[pos];
    switch (m_state) {
      case State::record_start: {
        if (c == '\n' && m_after_cr) {
          m_after_cr = false;
          ++pos;
          continue;
        }
        m_after_cr = false;
        if (c == '\r' || c == '\n') {
          if (m_blank_lines == 0) {
            m_first_blank_line = m_line;
          }
          ++m_blank_lines;
          ++m_line;
          m_after_cr = c == '\r';
          ++pos;
          continue;
        }
        // Content follows the empty lines, so they were not trailing: return them first.
        if (m_blank_lines > 0) {
          return blank_row();
        }
        m_record_line = m_line;
        m_state = State::field_start;
        continue;
      }
      case State::field_start: {
        m_field_line = m_line;
        if (c == '"') {
          m_state = State::quoted;
          ++pos;
        } else {
          m_state = State::unquoted;
        }
        continue;
      }
      case State::unquoted: {
        std::size_t end = pos;
        while (end < size && !m_unquoted_stop[static_cast<unsigned char>(data[end])]) {
          ++end;
        }
        if (end > pos) {
          m_field.append(data + pos, end - pos);
          pos = end;
          if (auto checked = check_field_size(); !checked) {
            return std::unexpected(checked.error());
          }
        }
        if (pos == size) {
          return std::nullopt;
        }
        c = data[pos];
        if (c == '\0') {
          return std::unexpected(error_here("octet nul (0x00) : ce fichier n'est pas un CSV texte"));
        }
        if (auto ended = end_field(); !ended) {
          return std::unexpected(ended.error());
        }
        ++pos;
        if (c == m_separator) {
          m_state = State::field_start;
          continue;
        }
        ++m_line;
        m_after_cr = c == '\r';
        return end_record();
      }
      case State::quoted: {
        std::size_t end = pos;
        while (end < size && !m_quoted_stop[static_cast<unsigned char>(data[end])]) {
          ++end;
        }
        if (end > pos) {
          m_field.append(data + pos, end - pos);
          m_after_cr = false;
          pos = end;
          if (auto checked = check_field_size(); !checked) {
            return std::unexpected(checked.error());
          }
        }
        if (pos == size) {
          return std::nullopt;
        }
        c = data[pos];
        if (c == '\0') {
          return std::unexpected(error_here("octet nul (0x00) : ce fichier n'est pas un CSV texte"));
        }
        ++pos;
        if (c == '"') {
          m_after_cr = false;
          m_state = State::quote_in_quoted;
          continue;
        }
        // A line end inside quotes belongs to the field, as written.
        m_field.push_back(c);
        if (c == '\r' || !m_after_cr) {
          ++m_line;
        }
        m_after_cr = c == '\r';
        if (auto checked = check_field_size(); !checked) {
          return std::unexpected(checked.error());
        }
        continue;
      }
      case State::quote_in_quoted: {
        if (c == '"') {
          m_field.push_back('"');
          ++pos;
          m_state = State::quoted;
          if (auto checked = check_field_size(); !checked) {
            return std::unexpected(checked.error());
          }
          continue;
        }
        if (c != m_separator && c != '\r' && c != '\n') {
          return std::unexpected(error_here("texte « " + std::string(character_at(text, pos)) +
                                            " » après le guillemet fermant du champ « " + m_field +
                                            " » ; dans un champ entre guillemets, un guillemet s'écrit \"\""));
        }
        if (auto ended = end_field(); !ended) {
          return std::unexpected(ended.error());
        }
        ++pos;
        if (c == m_separator) {
          m_state = State::field_start;
          continue;
        }
        ++m_line;
        m_after_cr = c == '\r';
        return end_record();
      }
    }
  }
  return std::nullopt;
}

Result<std::optional<Row>> RecordParser::finish() {
  switch (m_state) {
    case State::record_start: m_blank_lines = 0; return std::nullopt;
    case State::quoted:
      return std::unexpected(error_at(m_field_line, column(),
                                      "guillemet non fermé : le champ ouvert par un guillemet à la ligne " +
                                          std::to_string(m_field_line) + " n'est jamais fermé"));
    case State::field_start:
    case State::unquoted:
    case State::quote_in_quoted: break;
  }
  if (auto ended = end_field(); !ended) {
    return std::unexpected(ended.error());
  }
  return end_record();
}

}  // namespace pilot::io::csv::detail

// Private to pilot::io::csv: the RFC 4180 state machine. It is fed decoded text chunk by chunk and
// keeps its state between chunks, so a record, a field, a CRLF or a quoted newline may straddle a
// chunk boundary. It counts physical lines (CRLF, LF and lone CR each end one) for messages.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv/reader.hpp"

namespace pilot::io::csv::detail {

class RecordParser {
 public:
  RecordParser(char separator, Limits limits, std::string display_name);

  // Parses `text` from `pos` until a record is complete (returned, `pos` just past it) or the
  // text is used up (std::nullopt, `pos` == text.size()). Errors name display_name:line:column.
  Result<std::optional<Row>> parse(std::string_view text, std::size_t& pos);

  // End of input: the last record when it had no line ending, std::nullopt otherwise (empty lines
  // at the end are dropped). Fails when a quoted field is still open.
  Result<std::optional<Row>> finish();

  // An error at the current position, for problems found below the parser (encoding faults).
  [[nodiscard]] Error error_here(const std::string& message) const;
  [[nodiscard]] std::size_t line() const { return m_line; }

 private:
  enum class State { record_start, field_start, unquoted, quoted, quote_in_quoted };

  [[nodiscard]] Error error_at(std::size_t line, std::size_t column, const std::string& message) const;
  [[nodiscard]] std::size_t column() const { return m_fields.size() + 1; }
  Result<void> check_field_size() const;
  Result<void> end_field();
  Row end_record();
  Row blank_row();

  char m_separator;
  Limits m_limits;
  std::string m_name;
  std::array<bool, 256> m_unquoted_stop{};
  std::array<bool, 256> m_quoted_stop{};

  State m_state = State::record_start;
  bool m_after_cr = false;   // the last byte consumed was CR: a following LF is the same line end
  std::size_t m_line = 1;    // physical line of the next byte
  std::size_t m_record = 0;  // records returned so far
  std::size_t m_record_line = 1;
  std::size_t m_field_line = 1;
  std::size_t m_record_bytes = 0;
  std::size_t m_blank_lines = 0;  // empty lines seen but not yet returned: dropped if nothing follows
  std::size_t m_first_blank_line = 0;
  std::string m_field;
  std::vector<std::string> m_fields;
};

}  // namespace pilot::io::csv::detail

// Helpers shared by the io::csv tests: read a whole input into a printable form so a failing
// CHECK shows the rows that were actually read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/csv/reader.hpp"

namespace pilot::io::csv::test {

struct ReadAll {
  std::vector<Row> rows;
  std::optional<Error> error;  // set when next() failed (rows holds what came before)
  Dialect dialect;
};

inline ReadAll read_all(Reader& reader) {
  ReadAll result;
  for (;;) {
    auto row = reader.next();
    if (!row) {
      result.error = row.error();
      break;
    }
    if (!*row) {
      break;
    }
    result.rows.push_back(std::move(**row));
  }
  result.dialect = reader.dialect();
  return result;
}

inline ReadAll read_string(std::string data, Limits limits = {}, std::optional<char> separator = std::nullopt) {
  auto reader = Reader::from_string(std::move(data), "t.csv", limits, separator);
  if (!reader) {
    ReadAll result;
    result.error = reader.error();
    return result;
  }
  return read_all(*reader);
}

// "[a][b]" per row, rows separated by '\n'; CR and LF inside fields shown as \r and \n.
inline std::string render(const std::vector<Row>& rows) {
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) {
      out += '\n';
    }
    for (const std::string& field : rows[r].fields) {
      out += '[';
      for (char c : field) {
        if (c == '\r') {
          out += "\\r";
        } else if (c == '\n') {
          out += "\\n";
        } else {
          out += c;
        }
      }
      out += ']';
    }
  }
  return out;
}

// "line/record" of each row, space separated: "1/1 2/2 4/3".
inline std::string positions(const std::vector<Row>& rows) {
  std::string out;
  for (const Row& row : rows) {
    if (!out.empty()) {
      out += ' ';
    }
    out += std::to_string(row.line) + "/" + std::to_string(row.record);
  }
  return out;
}

inline std::string error_text(const ReadAll& result) {
  return result.error ? result.error->message : "(aucune erreur)";
}

}  // namespace pilot::io::csv::test

#include "report/table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

std::string text_of(const Cell& cell) {
  return std::visit(
      [](const auto& value) -> std::string {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return value;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return util::format_integer_fr(value);
        } else if constexpr (std::is_same_v<T, double>) {
          return util::format_decimal_fr(value, 2);
        } else if constexpr (std::is_same_v<T, Money>) {
          return util::format_money_fr(value.cents);
        } else if constexpr (std::is_same_v<T, Percent>) {
          return util::format_percent_fr(value.value, 1);
        } else {
          return value.french();
        }
      },
      cell);
}

// Years are labels, not quantities: « 2024 », never « 2 024 ». A column keyed `annee` (or
// `annee_…`) holds years in every table of pilot.
bool is_year_column(const Column& column) {
  return column.key == "annee" || column.key.starts_with("annee_");
}

std::string plain_decimal(double value, bool french) {
  std::string text = fmt::format("{}", value);
  if (french) {
    std::replace(text.begin(), text.end(), '.', ',');
  }
  return text;
}

}  // namespace

bool is_numeric(const Cell& cell) {
  return std::holds_alternative<std::int64_t>(cell) || std::holds_alternative<double>(cell) ||
         std::holds_alternative<Money>(cell) || std::holds_alternative<Percent>(cell);
}

std::string document_text(const Cell& cell) {
  if (const auto* value = std::get_if<double>(&cell)) {
    // Indicator values are counts as often as rates: no forced decimals.
    return *value == static_cast<double>(static_cast<std::int64_t>(*value))
               ? util::format_integer_fr(static_cast<std::int64_t>(*value))
               : util::format_decimal_fr(*value, 2);
  }
  return text_of(cell);
}

std::string markdown_text(std::string_view text, bool in_table) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\r') {
      continue;
    }
    if (c == '\n') {
      out += in_table ? "<br>" : "  \n";
    } else if (c == '|' && in_table) {
      out += "\\|";
    } else if (c == '*' || c == '_' || c == '`' || c == '<' || c == '[' || c == ']') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_text(const Table& table) {
  std::vector<std::size_t> widths;
  std::vector<bool> right_aligned;
  for (const auto& column : table.columns) {
    widths.push_back(util::display_width(column.label));
    right_aligned.push_back(false);
  }
  std::vector<std::vector<std::string>> texts;
  texts.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    std::vector<std::string> line;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const Cell& cell = i < row.size() ? row[i] : Cell{};
      const auto* integer = std::get_if<std::int64_t>(&cell);
      line.push_back(integer != nullptr && is_year_column(table.columns[i]) ? std::to_string(*integer) : text_of(cell));
      // Keep a table on one line per row: embedded line breaks and tabs become spaces. Other control
      // characters (stored before pilot refused them, or written by another tool) are shown by their
      // code rather than sent to the terminal.
      std::replace_if(
          line.back().begin(), line.back().end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
      if (util::find_control_character(line.back())) {
        line.back() = util::show_invisible(line.back());
      }
      widths[i] = std::max(widths[i], util::display_width(line.back()));
      if (is_numeric(cell)) {
        right_aligned[i] = true;
      }
    }
    texts.push_back(std::move(line));
  }
  auto render_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) {
        line += "  ";
      }
      const bool last = i + 1 == cells.size();
      line += right_aligned[i] ? util::pad_left(cells[i], widths[i])
                               : (last ? cells[i] : util::pad_right(cells[i], widths[i]));
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    return line + "\n";
  };
  std::vector<std::string> header;
  for (const auto& column : table.columns) {
    header.push_back(column.label);
  }
  std::string out = render_line(header);
  std::vector<std::string> rule;
  for (const auto width : widths) {
    std::string dashes;
    for (std::size_t i = 0; i < width; ++i) {
      dashes += "─";
    }
    rule.push_back(dashes);
  }
  out += render_line(rule);
  for (const auto& line : texts) {
    out += render_line(line);
  }
  return out;
}

util::Json to_json(const Table& table) {
  util::Json rows = util::Json::array();
  for (const auto& row : table.rows) {
    util::Json object = util::Json::object();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const Cell& cell = i < row.size() ? row[i] : Cell{};
      util::Json value = std::visit(
          [](const auto& v) -> util::Json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              return util::Json();
            } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::int64_t> ||
                                 std::is_same_v<T, double>) {
              return util::Json(v);
            } else if constexpr (std::is_same_v<T, Money>) {
              return util::Json(static_cast<double>(v.cents) / 100.0);
            } else if constexpr (std::is_same_v<T, Percent>) {
              return util::Json(v.value);
            } else {
              return util::Json(v.iso());
            }
          },
          cell);
      object.set(table.columns[i].key, std::move(value));
    }
    rows.push(std::move(object));
  }
  return rows;
}

std::vector<std::string> csv_header(const Table& table, io::csv::Flavor flavor) {
  std::vector<std::string> header;
  for (const auto& column : table.columns) {
    header.push_back(flavor == io::csv::Flavor::fr ? column.label : column.key);
  }
  return header;
}

std::vector<std::string> csv_cells(const std::vector<Cell>& row, io::csv::Flavor flavor) {
  const bool french = flavor == io::csv::Flavor::fr;
  std::vector<std::string> cells;
  cells.reserve(row.size());
  for (const Cell& cell : row) {
    cells.push_back(std::visit(
        [&](const auto& v) -> std::string {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return "";
          } else if constexpr (std::is_same_v<T, std::string>) {
            return io::csv::neutralize_formula(v);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            return std::to_string(v);
          } else if constexpr (std::is_same_v<T, double>) {
            return plain_decimal(v, french);
          } else if constexpr (std::is_same_v<T, Money>) {
            std::string text = util::format_cents_plain(v.cents);
            if (french) {
              std::replace(text.begin(), text.end(), '.', ',');
            }
            return text;
          } else if constexpr (std::is_same_v<T, Percent>) {
            return plain_decimal(v.value, french);
          } else {
            return french ? v.french() : v.iso();
          }
        },
        cell));
  }
  return cells;
}

Result<void> write_csv(const Table& table, const std::string& path, io::csv::Flavor flavor) {
  auto writer = io::csv::Writer::open(path, flavor);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  if (auto written = writer->write_row(csv_header(table, flavor)); !written) {
    return written;
  }
  for (const auto& row : table.rows) {
    if (auto written = writer->write_row(csv_cells(row, flavor)); !written) {
      return written;
    }
  }
  return writer->close();
}

}  // namespace pilot::report

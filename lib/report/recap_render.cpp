// Rendering a Recap: text, Markdown, CSV and XLSX.
#include <fmt/format.h>

#include <algorithm>

#include "io/xlsx/writer.hpp"
#include "report/recap.hpp"
#include "util/date.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

std::string heading_line(const Recap& recap) {
  const auto& c = recap.convention;
  return fmt::format("{} — {} — signée le {} — du {} au {}", c.collectivite_name, domain::to_label(c.type),
                     c.signed_on.french(), c.period.start.french(), c.period.end.french());
}

std::string data_line(const Recap& recap) {
  return recap.data_timestamp.empty()
             ? std::string("Données : base vide")
             : "Données au " + util::format_timestamp_fr(recap.data_timestamp) + " (dernière modification)";
}

bool has_rows(const RecapTab& tab) {
  return std::any_of(tab.sections.begin(), tab.sections.end(), [](const auto& s) { return !s.rows.empty(); });
}

const RecapTab* find_tab(const Recap& recap, const std::string& key) {
  for (const auto& tab : recap.tabs) {
    if (tab.key == key) {
      return &tab;
    }
  }
  return nullptr;
}

}  // namespace

std::string render_recap_text(const Recap& recap) {
  std::string out = fmt::format("Récapitulatif de la convention n° {}\n{}\n{}\n", recap.convention.id,
                                heading_line(recap), data_line(recap));
  for (const auto& tab : recap.tabs) {
    out += fmt::format("\n══ {} ══\n", tab.title);
    if (!has_rows(tab)) {
      out += tab.empty_note + "\n";
      continue;
    }
    for (const auto& section : tab.sections) {
      if (!section.heading.empty()) {
        out += "\n" + section.heading + "\n";
      }
      Table table{tab.columns, section.rows};
      if (!section.total.empty()) {
        table.rows.push_back(section.total);
      }
      out += render_text(table);
    }
  }
  return out;
}

std::string render_recap_markdown(const Recap& recap) {
  std::string out = fmt::format("# Récapitulatif de la convention n° {}\n\n{}\n\n*{}*\n", recap.convention.id,
                                markdown_text(heading_line(recap), false), data_line(recap));
  for (const auto& tab : recap.tabs) {
    out += fmt::format("\n## {}\n", tab.title);
    if (!has_rows(tab)) {
      out += "\n" + tab.empty_note + "\n";
      continue;
    }
    for (const auto& section : tab.sections) {
      if (!section.heading.empty()) {
        out += fmt::format("\n### {}\n", markdown_text(section.heading, false));
      }
      out += "\n|";
      for (const auto& column : tab.columns) {
        out += " " + markdown_text(column.label, true) + " |";
      }
      out += "\n|";
      for (std::size_t i = 0; i < tab.columns.size(); ++i) {
        out += " --- |";
      }
      out += "\n";
      auto line = [&](const std::vector<Cell>& row, bool bold) {
        out += "|";
        for (std::size_t i = 0; i < tab.columns.size(); ++i) {
          std::string text = i < row.size() ? markdown_text(document_text(row[i]), true) : std::string();
          out += " " + (bold && !text.empty() ? "**" + text + "**" : text) + " |";
        }
        out += "\n";
      };
      for (const auto& row : section.rows) {
        line(row, false);
      }
      if (!section.total.empty()) {
        line(section.total, true);
      }
    }
  }
  return out;
}

Result<void> write_recap_csv(const Recap& recap, const std::string& path, io::csv::Flavor flavor,
                             const std::string& tab_key) {
  std::vector<const RecapTab*> tabs;
  if (tab_key.empty()) {
    for (const auto& tab : recap.tabs) {
      tabs.push_back(&tab);
    }
  } else if (const RecapTab* tab = find_tab(recap, tab_key)) {
    tabs.push_back(tab);
  } else {
    return fail(ErrorKind::usage,
                fmt::format("onglet inconnu « {} » : {}", tab_key, util::join(recap_tab_keys(), ", ")));
  }
  auto writer = io::csv::Writer::open(path, flavor);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  for (std::size_t t = 0; t < tabs.size(); ++t) {
    const RecapTab& tab = *tabs[t];
    if (tabs.size() > 1) {
      if (t > 0) {
        if (auto written = writer->write_row(std::vector<std::string>{}); !written) {
          return written;
        }
      }
      if (auto written = writer->write_row(std::vector<std::string>{tab.title}); !written) {
        return written;
      }
    }
    Table table;
    table.columns.push_back({"axe_volet", "Axe / volet"});
    table.columns.insert(table.columns.end(), tab.columns.begin(), tab.columns.end());
    if (auto written = writer->write_row(csv_header(table, flavor)); !written) {
      return written;
    }
    for (const auto& section : tab.sections) {
      auto write = [&](const std::vector<Cell>& row) {
        std::vector<Cell> cells{section.heading};
        cells.insert(cells.end(), row.begin(), row.end());
        return writer->write_row(csv_cells(cells, flavor));
      };
      for (const auto& row : section.rows) {
        if (auto written = write(row); !written) {
          return written;
        }
      }
      // Its total, as the text, Markdown and XLSX recaps show it.
      if (!section.total.empty()) {
        if (auto written = write(section.total); !written) {
          return written;
        }
      }
    }
  }
  return writer->close();
}

Result<void> write_recap_xlsx(const Recap& recap, const std::string& path) {
  auto workbook = io::xlsx::WorkbookWriter::create(path);
  if (!workbook) {
    return std::unexpected(workbook.error());
  }
  using io::xlsx::Style;
  io::xlsx::FormatSpec total_spec;
  total_spec.bold = true;
  total_spec.number_format = "#,##0.00\\ \"€\"";
  const auto bold_money = workbook->add_format(total_spec);
  total_spec.number_format = "0.0\\ \"%\"";
  const auto bold_percent = workbook->add_format(total_spec);
  const auto bold = workbook->format(Style::bold);
  for (const auto& tab : recap.tabs) {
    auto sheet_result = workbook->add_sheet(workbook->sheet_name(tab.title));
    if (!sheet_result) {
      return std::unexpected(sheet_result.error());
    }
    auto& sheet = **sheet_result;
    std::vector<double> widths(tab.columns.size(), 10);
    auto measure = [&](std::size_t column, const std::string& text) {
      widths[column] =
          std::clamp(std::max(widths[column], static_cast<double>(util::display_width(text)) + 2), 8.0, 60.0);
    };
    if (auto written = sheet.write_text(0, 0, tab.title + " — " + heading_line(recap), workbook->format(Style::title));
        !written) {
      return written;
    }
    std::uint32_t row = 2;
    if (!has_rows(tab)) {
      if (auto written = sheet.write_text(row, 0, tab.empty_note); !written) {
        return written;
      }
    }
    auto write_cells = [&](const std::vector<Cell>& cells, bool total) -> Result<void> {
      for (std::size_t i = 0; i < cells.size() && i < tab.columns.size(); ++i) {
        const auto column = static_cast<std::uint16_t>(i);
        const Cell& cell = cells[i];
        Result<void> written;
        if (const auto* text = std::get_if<std::string>(&cell)) {
          written =
              sheet.write_text(row, column, io::csv::neutralize_formula(*text), total ? bold : io::xlsx::CellFormat{});
          measure(i, *text);
        } else if (const auto* money = std::get_if<Money>(&cell)) {
          written = sheet.write_number(row, column, static_cast<double>(money->cents) / 100.0,
                                       total ? bold_money : workbook->format(Style::money));
          measure(i, util::format_money_fr(money->cents));
        } else if (const auto* percent = std::get_if<Percent>(&cell)) {
          written = sheet.write_number(row, column, percent->value,
                                       total ? bold_percent : workbook->format(Style::percent_points));
        } else if (const auto* number = std::get_if<double>(&cell)) {
          written = sheet.write_number(row, column, *number);
        } else if (const auto* integer = std::get_if<std::int64_t>(&cell)) {
          written = sheet.write_number(row, column, static_cast<double>(*integer));
        } else if (const auto* date = std::get_if<util::Date>(&cell)) {
          written = sheet.write_date(row, column, *date);
        }
        if (!written) {
          return written;
        }
      }
      return {};
    };
    for (const auto& section : tab.sections) {
      if (section.rows.empty()) {
        continue;
      }
      if (!section.heading.empty()) {
        if (auto written = sheet.write_text(row++, 0, section.heading, bold); !written) {
          return written;
        }
      }
      std::vector<std::string> labels;
      for (std::size_t i = 0; i < tab.columns.size(); ++i) {
        labels.push_back(tab.columns[i].label);
        measure(i, tab.columns[i].label);
      }
      if (auto written = sheet.write_row_texts(row++, 0, labels, workbook->format(Style::header)); !written) {
        return written;
      }
      for (const auto& cells : section.rows) {
        if (auto written = write_cells(cells, false); !written) {
          return written;
        }
        ++row;
      }
      if (!section.total.empty()) {
        if (auto written = write_cells(section.total, true); !written) {
          return written;
        }
        ++row;
      }
      ++row;
    }
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const auto column = static_cast<std::uint16_t>(i);
      if (auto set = sheet.set_column_width(column, column, widths[i]); !set) {
        return set;
      }
    }
  }
  return workbook->close();
}

}  // namespace pilot::report

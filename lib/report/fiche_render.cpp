// Rendering a Fiche: HTML with print CSS (A4, blocks kept whole) and Markdown.
#include <fmt/format.h>

#include "report/fiche.hpp"
#include "util/number.hpp"

namespace pilot::report {
namespace {

constexpr std::string_view k_css = R"css(
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #111;
       max-width: 190mm; margin: 8mm auto; line-height: 1.3; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
p.subtitle { margin: 0; color: #333; }
h2 { font-size: 11pt; margin: 5mm 0 2mm; padding-bottom: 0.5mm; border-bottom: 1.5px solid #1f3c88; color: #1f3c88; }
section { break-inside: avoid; page-break-inside: avoid; }
dl { display: grid; grid-template-columns: 40% 60%; gap: 1mm 3mm; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border: 1px solid #b8b8b8; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #e8ecf5; }
td.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f2f2f2; }
p.note { font-size: 8.5pt; color: #444; margin: 1mm 0 0; }
footer { margin-top: 6mm; font-size: 8pt; color: #666; border-top: 1px solid #ccc; padding-top: 1mm; }
@media print { body { margin: 0 auto; } }
)css";

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

void html_row(std::string& out, const std::vector<Cell>& row, std::size_t columns, bool total) {
  out += total ? "<tr class=\"total\">" : "<tr>";
  for (std::size_t i = 0; i < columns; ++i) {
    const Cell cell = i < row.size() ? row[i] : Cell();
    out += is_numeric(cell) ? "<td class=\"num\">" : "<td>";
    out += escape_html(document_text(cell)) + "</td>";
  }
  out += "</tr>\n";
}

void markdown_row(std::string& out, const std::vector<Cell>& row, std::size_t columns, bool total) {
  out += "|";
  for (std::size_t i = 0; i < columns; ++i) {
    std::string text = i < row.size() ? markdown_text(document_text(row[i]), true) : std::string();
    out += " " + (total && !text.empty() ? "**" + text + "**" : text) + " |";
  }
  out += "\n";
}

}  // namespace

std::string render_fiche_html(const Fiche& fiche) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                    escape_html(fiche.title) + "</title>\n<style>" + std::string(k_css) + "</style>\n</head>\n<body>\n";
  out += "<header>\n<h1>" + escape_html(fiche.title) + "</h1>\n";
  for (const auto& line : fiche.subtitle) {
    out += "<p class=\"subtitle\">" + escape_html(line) + "</p>\n";
  }
  out += "</header>\n";
  for (const auto& block : fiche.blocks) {
    out += "<section>\n<h2>" + escape_html(block.title) + "</h2>\n";
    if (!block.fields.empty()) {
      out += "<dl>\n";
      for (const auto& field : block.fields) {
        out += "<dt>" + escape_html(field.label) + "</dt><dd>" + escape_html(field.value) + "</dd>\n";
      }
      out += "</dl>\n";
    }
    if (!block.columns.empty()) {
      out += "<table>\n<thead><tr>";
      for (const auto& column : block.columns) {
        out += "<th>" + escape_html(column.label) + "</th>";
      }
      out += "</tr></thead>\n<tbody>\n";
      for (const auto& row : block.rows) {
        html_row(out, row, block.columns.size(), false);
      }
      if (!block.total.empty()) {
        html_row(out, block.total, block.columns.size(), true);
      }
      out += "</tbody>\n</table>\n";
    }
    if (!block.note.empty()) {
      out += "<p class=\"note\">" + escape_html(block.note) + "</p>\n";
    }
    out += "</section>\n";
  }
  out += "<footer>" + escape_html(fiche.footer) + "</footer>\n</body>\n</html>\n";
  return out;
}

std::string render_fiche_markdown(const Fiche& fiche) {
  std::string out = "# " + markdown_text(fiche.title, false) + "\n\n";
  for (const auto& line : fiche.subtitle) {
    out += "*" + markdown_text(line, false) + "*  \n";
  }
  for (const auto& block : fiche.blocks) {
    out += "\n## " + markdown_text(block.title, false) + "\n\n";
    for (const auto& field : block.fields) {
      out += "- **" + markdown_text(field.label, false) + "** : " + markdown_text(field.value, false) + "\n";
    }
    if (!block.columns.empty()) {
      if (!block.fields.empty()) {
        out += "\n";
      }
      out += "|";
      for (const auto& column : block.columns) {
        out += " " + markdown_text(column.label, true) + " |";
      }
      out += "\n|";
      for (std::size_t i = 0; i < block.columns.size(); ++i) {
        out += " --- |";
      }
      out += "\n";
      for (const auto& row : block.rows) {
        markdown_row(out, row, block.columns.size(), false);
      }
      if (!block.total.empty()) {
        markdown_row(out, block.total, block.columns.size(), true);
      }
    }
    if (!block.note.empty()) {
      out += "\n" + markdown_text(block.note, false) + "\n";
    }
  }
  out += "\n---\n" + markdown_text(fiche.footer, false) + "\n";
  return out;
}

}  // namespace pilot::report

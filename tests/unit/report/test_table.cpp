// The aligned text table every listing ends in (report/table.cpp).
#include <doctest/doctest.h>

#include "report/table.hpp"

using namespace pilot;

TEST_SUITE("report::table") {
  TEST_CASE("a text cell never sends a control character to the terminal") {
    report::Table table;
    table.columns = {{"reference", "Référence"}, {"intitule", "Intitulé"}};
    table.rows.push_back({report::Cell(std::string("FA-1")), report::Cell(std::string("Titre\x1b[2J effacé"))});
    table.rows.push_back({report::Cell(std::string("FA-2")), report::Cell(std::string("ligne 1\r\nligne\t2"))});
    const std::string text = report::render_text(table);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("Titre⟨U+001B⟩[2J effacé") != std::string::npos);
    // Line breaks and tabs become spaces: one line per row.
    CHECK(text.find("ligne 1  ligne 2") != std::string::npos);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find('\t') == std::string::npos);
  }
}

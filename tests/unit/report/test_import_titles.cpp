#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "report/import_report.hpp"

using namespace pilot;

TEST_SUITE("report::problem_title") {
  TEST_CASE("every code man pilot-action-import documents has a title in the import summary") {
    std::ifstream page(std::string(PILOT_TEST_DATA) + "/../../man/pilot-action-import.1");
    REQUIRE(page.good());
    std::stringstream text;
    text << page.rdbuf();
    const std::string content = text.str();
    std::set<std::string> codes;
    const std::regex code(R"(\b[EW][1-6][0-9]{2}\b)");
    for (auto it = std::sregex_iterator(content.begin(), content.end(), code); it != std::sregex_iterator(); ++it) {
      codes.insert(it->str());
    }
    CHECK(codes.size() > 40);
    for (const auto& found : codes) {
      INFO(found);
      CHECK_FALSE(report::problem_title(found).empty());
    }
    CHECK(report::problem_title("W503") == "part du département inférieure à 50 %");
  }

  TEST_CASE("so has every code of man pilot-bilan's import; a warning keeps its own meaning") {
    std::ifstream page(std::string(PILOT_TEST_DATA) + "/../../man/pilot-bilan.1");
    REQUIRE(page.good());
    std::stringstream text;
    text << page.rdbuf();
    const std::string content = text.str();
    const std::regex code(R"(\b[EW][1-6][0-9]{2}\b)");
    for (auto it = std::sregex_iterator(content.begin(), content.end(), code); it != std::sregex_iterator(); ++it) {
      INFO(it->str());
      CHECK_FALSE(report::problem_title(it->str()).empty());
    }
    CHECK(report::problem_title("W620") == "bilan incomplet");
    CHECK(report::problem_title("E620") == "année refusée pour cette action");
    CHECK(report::problem_title("W601") == "colonne inconnue");
    CHECK(report::problem_title("E999").empty());
  }
}

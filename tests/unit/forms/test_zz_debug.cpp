#include <doctest/doctest.h>
#include <iostream>
#include "test_support.hpp"
using namespace pilot::forms;
TEST_CASE("debug lint") {
  const auto& c = test::shipped_catalog();
  for (const char* f : {"syntax_error", "wrong_type", "unknown_key", "alias_bomb", "latin1", "problems"}) {
    std::cout << "== " << f << "\n";
    for (auto& m : lint_form_file(c, std::string(PILOT_TEST_DATA) + "/forms/" + f + ".yaml")) std::cout << m << "\n";
  }
}

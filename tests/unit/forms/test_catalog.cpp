#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace pilot;
using namespace pilot::forms;
using namespace pilot::forms::test;

TEST_SUITE("forms::Catalog") {
  TEST_CASE("the shipped catalog") {
    const Catalog& catalog = shipped_catalog();
    SUBCASE("holds the five forms") {
      std::vector<std::string> ids;
      for (const Form* form : catalog.forms()) {
        ids.push_back(form->id);
      }
      CHECK(ids == std::vector<std::string>{"action-cie", "action-cls-departement", "action-cls-metropole", "bilan",
                                            "convention"});
    }
  }
}

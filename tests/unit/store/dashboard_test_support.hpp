// Reading the dashboard facts in store tests: one answer's tally, or its action counts.
#pragma once

#include <string_view>

#include "store/dashboard_store.hpp"

namespace pilot::test {

inline const store::AnswerTally* answer(const store::DashboardFacts& facts, std::string_view field,
                                        std::string_view value) {
  for (const auto& tally : facts.answers) {
    if (tally.field_key == field && tally.value == value) {
      return &tally;
    }
  }
  return nullptr;
}

inline store::Figure answer_actions(const store::DashboardFacts& facts, std::string_view field,
                                    std::string_view value) {
  const auto* tally = answer(facts, field, value);
  return tally == nullptr ? store::Figure{} : tally->actions;
}

}  // namespace pilot::test

// « vouliez-vous dire … ? » for schema and data messages (private to lib/forms): util's closest
// matches, minus those so far from a short word that they would only confuse ("zz" → "a").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/text.hpp"

namespace pilot::forms::detail {

inline std::optional<std::string> suggest(std::string_view query, const std::vector<std::string>& candidates) {
  const std::string folded = util::fold(query);
  for (const auto& candidate : util::closest_matches(query, candidates, 3)) {
    const std::string other = util::fold(candidate);
    if (other.find(folded) != std::string::npos || util::edit_distance(folded, other) < folded.size()) {
      return candidate;
    }
  }
  // A header that adds words to a name (« Formes (plusieurs) »): the longest name it contains.
  const std::string key = util::fold_key(query);
  const std::string* best = nullptr;
  std::size_t best_size = 0;
  for (const auto& candidate : candidates) {
    const std::string candidate_key = util::fold_key(candidate);
    if (candidate_key.size() >= 4 && candidate_key.size() > best_size && key.find(candidate_key) != std::string::npos) {
      best = &candidate;
      best_size = candidate_key.size();
    }
  }
  if (best != nullptr) {
    return *best;
  }
  return std::nullopt;
}

// " ; vouliez-vous dire « x » ?" or "".
inline std::string did_you_mean(std::string_view query, const std::vector<std::string>& candidates) {
  const auto found = suggest(query, candidates);
  return found ? " ; vouliez-vous dire « " + *found + " » ?" : std::string();
}

}  // namespace pilot::forms::detail

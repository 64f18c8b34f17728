// What an action says, in the two forms the store keeps it: its answers as typed rows
// (action_answers) and its canonical content text — the JSON that validations hash and the audit
// trail records as old and new values. The text's bytes are a contract: the hashes stored in
// validations and audit entries are checked against it (`pilot check`), so a change of format
// would need those hashes migrated.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/action.hpp"
#include "util/json.hpp"

namespace pilot::store {

// An answer as stored: multiple choices have one row per option (ord 0, 1, ...). Reading
// back into a typed domain::Value needs the form (service layer).
struct StoredAnswer {
  std::string field_key;
  int ord = 0;
  std::optional<std::string> text;
  std::optional<double> number;
};

// By field key, then option: the order of action_answers' primary key.
std::vector<StoredAnswer> encode_answers(const domain::Answers& answers);

// Canonical JSON of what an action says (answers, budget, indicators).
util::Json action_content_json(const domain::Action& action, const std::vector<StoredAnswer>& answers);
// The same text as action_content_json(...).dump(), written directly: an import hashes a million.
std::string action_content_text(const domain::Action& action, const std::vector<StoredAnswer>& answers);
std::string action_content_hash(const domain::Action& action, const std::vector<StoredAnswer>& answers);

}  // namespace pilot::store
